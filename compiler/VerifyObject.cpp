//===- VerifyObject.cpp - The checks that precede compilation -------------===//
//
// verifyObject runs the verifier over every program of an object and turns
// its diagnostics into located llvm::Errors, one per rejected program, so
// that tools and the pipeline report them the same way.
//
//===----------------------------------------------------------------------===//

#include "Pipeline.h"

#include "ebpfc/Verifier.h"

using namespace llvm;

namespace ebpfc {

Error verifyObject(BpfObject &Obj) {
  Error Errors = Error::success();
  for (Program &Prog : Obj.Programs)
    if (std::optional<VerifierDiagnostic> Diag = checkStructure(Prog))
      Errors = joinErrors(std::move(Errors),
                          locatedError(Obj, Prog, formatDiagnostic(*Diag)));
  return Errors;
}

} // namespace ebpfc
