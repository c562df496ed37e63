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

#include "ebpfc/Disassembler.h"
#include "ebpfc/Verifier.h"

using namespace llvm;

namespace ebpfc {

/// The failing path as the kernel's log shows it: each instruction with what
/// it changed, "from J to T:" where a branch explored later starts. A loop
/// can make the path long; the steps before the last MaxSteps are counted,
/// not shown.
static std::string describePath(const Program &Prog, ArrayRef<PathStep> Steps) {
  constexpr size_t MaxSteps = 400;
  std::string Out;
  raw_string_ostream OS(Out);
  OS << "path to the instruction:";
  if (Steps.size() > MaxSteps) {
    OS << "\n(" << Steps.size() - MaxSteps << " earlier steps not shown)";
    Steps = Steps.take_back(MaxSteps);
  }
  for (const PathStep &Step : Steps) {
    OS << "\n";
    if (Step.BranchFrom) {
      OS << "from " << *Step.BranchFrom << " to " << Step.InsnIndex << ": "
         << Step.Changes;
      continue;
    }
    std::string Insn =
        disassembleInsn(Prog.Insns.data(), Prog.Insns.size(), Step.InsnIndex);
    OS << Step.InsnIndex << ": " << Insn;
    if (!Step.Changes.empty())
      OS.indent(Insn.size() < 32 ? 32 - Insn.size() : 1)
          << "; " << Step.Changes;
  }
  return Out;
}

Expected<VerifiedProgram> verifyProgram(const BpfObject &Obj, Program &Prog,
                                        uint64_t MemSize, VerifierStats *Stats,
                                        bool VerifierLog) {
  VerifyOptions Options;
  Options.Maps = &Obj.Maps;
  Options.MemSize = MemSize;
  Options.RecordPath = VerifierLog;
  VerifyResult Result = verify(Prog, Options);
  if (Stats)
    *Stats = Result.Stats;
  if (Result.Error) {
    std::string Message = Result.Error->Message;
    if (VerifierLog && !Result.Error->Path.empty())
      Message += "\n" + describePath(Prog, Result.Error->Path);
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
