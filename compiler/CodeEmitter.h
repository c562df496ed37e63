//===- CodeEmitter.h - Native code and LLVM files from a module -*- C++ -*-===//
//
// The last stage: a TargetMachine for a supported triple, and the writer
// that turns an optimized module into an object file, assembly, textual IR
// or bitcode.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_COMPILER_CODEEMITTER_H
#define EBPFC_COMPILER_CODEEMITTER_H

#include "ebpfc/Compiler.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace llvm {
class Module;
class TargetMachine;
class raw_pwrite_stream;
} // namespace llvm

namespace ebpfc {

/// A TargetMachine for \p Triple (as normalizeTargetTriple returns it) that
/// emits position-independent code for the architecture's baseline CPU, so
/// the output never depends on the machine ebpfc runs on.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(llvm::StringRef Triple, unsigned OptLevel);

/// Writes \p M in the form \p Kind asks for.
llvm::Error emitModule(llvm::Module &M, llvm::TargetMachine &TM,
                       OutputKind Kind, llvm::raw_pwrite_stream &Out);

} // namespace ebpfc

#endif // EBPFC_COMPILER_CODEEMITTER_H
