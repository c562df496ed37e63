//===- Targets.h - The architectures ebpfc compiles for ---------*- C++ -*-===//
//
// Everything that depends on the target architecture: which triples are
// accepted, which LLVM backends get registered, which CPU code is tuned for.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_COMPILER_TARGETS_H
#define EBPFC_COMPILER_TARGETS_H

#include "llvm/ADT/StringRef.h"

namespace llvm {
class Triple;
} // namespace llvm

namespace ebpfc {

/// Registers the x86-64 and AArch64 backends with LLVM (once per process).
void initializeTargets();

/// The CPU to compile for on \p T: the architecture's baseline, so compiled
/// code runs on every machine of that architecture.
llvm::StringRef baselineCPU(const llvm::Triple &T);

} // namespace ebpfc

#endif // EBPFC_COMPILER_TARGETS_H
