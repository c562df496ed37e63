//===- VerifyObject.cpp - The checks that precede compilation -------------===//
//
// verifyObject runs the verifier over every program of an object and turns
// its diagnostics into located llvm::Errors, one per rejected program, so
// that tools and the pipeline report them the same way. It also checks that
// every helper a program calls exists for its program type, as the kernel's
// verifier does ("unknown func"), so that --verify-only accepts exactly
// what the compiler compiles.
//
//===----------------------------------------------------------------------===//

#include "InsnError.h"
#include "Pipeline.h"

#include "ebpfc/Verifier.h"
#include "ebpfc/runtime.h"

using namespace llvm;

namespace ebpfc {

namespace {

/// The first call of a helper that PROG's type does not have.
std::optional<VerifierDiagnostic> checkHelperCalls(const Program &Prog) {
  auto Type = static_cast<ebpf_prog_type>(Prog.Type);
  for (size_t Pc = 0; Pc < Prog.Insns.size(); ++Pc) {
    ebpf_decoded D;
    if (ebpf_decode(Prog.Insns.data(), Prog.Insns.size(), Pc, &D))
      continue; // checkStructure has rejected it already
    if (D.kind == EBPF_KIND_CALL_HELPER &&
        !ebpf_find_helper(Type, static_cast<uint32_t>(D.imm)))
      return VerifierDiagnostic{
          Pc, "unknown helper " + std::to_string(D.imm) + " for program type " +
                  std::string(programTypeName(Prog.Type))};
    Pc += D.slots - 1;
  }
  return std::nullopt;
}

} // namespace

Error verifyProgram(const BpfObject &Obj, Program &Prog) {
  std::optional<VerifierDiagnostic> Diag = checkStructure(Prog);
  if (!Diag)
    Diag = checkHelperCalls(Prog);
  if (Diag)
    return locateErrors(
        Obj, Prog,
        insnError(static_cast<uint32_t>(Diag->InsnIndex), Diag->Message));
  return Error::success();
}

Error verifyObject(BpfObject &Obj) {
  Error Errors = Error::success();
  for (Program &Prog : Obj.Programs)
    Errors = joinErrors(std::move(Errors), verifyProgram(Obj, Prog));
  return Errors;
}

} // namespace ebpfc
