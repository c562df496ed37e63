//===- VerifyObject.cpp - The verifier, for every program of an object ----===//
//
// verifyProgram runs the verifier (verifier/) over one program of an object
// with the object's maps and turns its diagnostic into a located
// llvm::Error, so that --verify-only, the compiler and the interpreter's
// driver reject exactly the same programs with the same words.
//
//===----------------------------------------------------------------------===//

#include "InsnError.h"
#include "Pipeline.h"

#include "ebpfc/Verifier.h"

using namespace llvm;

namespace ebpfc {

Expected<VerifiedProgram> verifyProgram(const BpfObject &Obj, Program &Prog,
                                        uint64_t MemSize, VerifierStats *Stats,
                                        bool VerifierLog) {
  VerifyOptions Options;
  Options.Maps = &Obj.Maps;
  Options.MemSize = MemSize;
  VerifyResult Result = verify(Prog, Options);
  if (Stats)
    *Stats = Result.Stats;
  if (Result.Error) {
    std::string Message = Result.Error->Message;
    if (VerifierLog && !Result.Error->State.empty())
      Message += "\nverifier state at the instruction:\n" +
                 StringRef(Result.Error->State).rtrim().str();
    return locateErrors(
        Obj, Prog,
        insnError(static_cast<uint32_t>(Result.Error->InsnIndex), Message));
  }
  Prog.Functions = Result.Verified.Functions;
  return std::move(Result.Verified);
}

Error verifyObject(BpfObject &Obj, uint64_t MemSize,
                   std::vector<VerifierStats> *Stats, bool VerifierLog) {
  Error Errors = Error::success();
  if (Stats)
    Stats->assign(Obj.Programs.size(), VerifierStats());
  for (size_t I = 0; I < Obj.Programs.size(); ++I) {
    Expected<VerifiedProgram> V =
        verifyProgram(Obj, Obj.Programs[I], MemSize,
                      Stats ? &(*Stats)[I] : nullptr, VerifierLog);
    if (!V)
      Errors = joinErrors(std::move(Errors), V.takeError());
  }
  return Errors;
}

} // namespace ebpfc
