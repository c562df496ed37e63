//===- StackFacts.h - Which memory accesses hit the stack frame -*- C++ -*-===//
//
// A small forward dataflow analysis over one BPF function that finds the
// memory instructions whose address is provably r10 + a constant, so the
// lifter can address the function's stack alloca directly (and SROA can turn
// the frame into SSA values) instead of going through inttoptr.
//
// This is a stand-in for the verifier's per-instruction register facts: once
// the verifier hands those to the lifter, they replace this analysis.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_COMPILER_STACKFACTS_H
#define EBPFC_COMPILER_STACKFACTS_H

#include "ebpfc/Program.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace ebpfc {

/// The instructions of \p Fn that start a basic block: the first one, every
/// jump target inside the function, and every instruction following a jump
/// or an exit. Indexed by Pc - Fn.Start.
std::vector<bool> findBlockStarts(const Program &Prog, const BpfFunction &Fn);

class StackFacts {
public:
  /// Analyzes \p Fn. Instructions that do not decode are skipped; the lifter
  /// reports them.
  StackFacts(const Program &Prog, const BpfFunction &Fn);

  /// For a load, store or atomic at \p Pc: the address it accesses (base
  /// register + offset) relative to r10, if it is the same constant on every
  /// path that reaches the instruction.
  std::optional<int64_t> accessOffset(uint32_t Pc) const {
    return AccessOffsets[Pc - Start];
  }

private:
  uint32_t Start;
  std::vector<std::optional<int64_t>> AccessOffsets;
};

} // namespace ebpfc

#endif // EBPFC_COMPILER_STACKFACTS_H
