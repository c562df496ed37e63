//===- FoldBaseAddresses.h - Addresses as offsets from a base --*- C++ -*-===//
//
// A function pass that turns memory accesses through
// inttoptr(ptrtoint(P) + S), where P is a pointer argument or a stack
// alloca and S is an integer computed without any pointer, into accesses
// through getelementptr i8, P, S, so LLVM's loop optimizations can see how
// consecutive accesses relate. See FoldBaseAddresses.cpp for the rules.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_COMPILER_FOLDBASEADDRESSES_H
#define EBPFC_COMPILER_FOLDBASEADDRESSES_H

#include "llvm/IR/PassManager.h"

namespace ebpfc {

struct FoldBaseAddresses : llvm::PassInfoMixin<FoldBaseAddresses> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &FAM);
};

} // namespace ebpfc

#endif // EBPFC_COMPILER_FOLDBASEADDRESSES_H
