//===- Pipeline.h - The compiler's stages up to code generation -*- C++ -*-===//
//
// Shared by the ahead-of-time path (compileObject) and the JIT: everything
// that turns a BpfObject into an optimized module for a target machine.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_COMPILER_PIPELINE_H
#define EBPFC_COMPILER_PIPELINE_H

#include "ebpfc/Compiler.h"
#include "ebpfc/Verifier.h"

#include <memory>

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
} // namespace llvm

namespace ebpfc {

/// Checks every program of \p Obj, lifts them all into one module for
/// \p TM's target and optimizes it at Opts.OptLevel. Reports every program
/// that fails, each as "FILE:SECTION/PROGRAM: MESSAGE".
llvm::Expected<std::unique_ptr<llvm::Module>>
buildModule(BpfObject &Obj, const CompileOptions &Opts, llvm::TargetMachine &TM,
            llvm::LLVMContext &Ctx);

/// "FILE:SECTION/PROGRAM: MESSAGE": the location every diagnostic about a
/// program carries.
llvm::Error locatedError(const BpfObject &Obj, const Program &Prog,
                         const llvm::Twine &Message);

/// Locates every error in \p E with locatedError; an InsnError also gets
/// the instruction's source line when \p Prog has line information:
/// "FILE:SEC/PROG: insn 7 (line 12 of f.c): MESSAGE\n>>> SOURCE".
llvm::Error locateErrors(const BpfObject &Obj, const Program &Prog,
                         llvm::Error E);

} // namespace ebpfc

#endif // EBPFC_COMPILER_PIPELINE_H
