//===- Optimizer.h - LLVM's optimization pipeline over lifted IR -*- C++
//-*-===//
//
// Runs the new pass manager's standard pipeline for -O0..-O3 over a lifted
// module, tuned by the target machine that will emit it.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_COMPILER_OPTIMIZER_H
#define EBPFC_COMPILER_OPTIMIZER_H

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace ebpfc {

/// Optimizes \p M in place at \p OptLevel (0..3; larger values mean 3).
void optimizeModule(llvm::Module &M, unsigned OptLevel,
                    llvm::TargetMachine &TM);

} // namespace ebpfc

#endif // EBPFC_COMPILER_OPTIMIZER_H
