//===- verifier/Liveness.h - What a path reads, and needs exact -*- C++ -*-===//
//
// Per instruction, which registers a continuation may read before writing
// them (live), and which of those it may need exactly (precise): whose
// value may flow into a check whose outcome depends on it. The analyzer
// forgets dead registers and the values of imprecise scalars in the states
// it stores for pruning, as the kernel's liveness and precision marks let
// it, so that two paths that differ only in what no check looks at end in
// one.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_VERIFIER_LIVENESS_H
#define EBPFC_VERIFIER_LIVENESS_H

#include "ebpfc/Program.h"

#include <cstdint>
#include <vector>

namespace ebpfc {

/// Bit R stands for register R.
struct RegisterMasks {
  uint16_t Live = 0;
  uint16_t Precise = 0; ///< a subset of Live
};

/// By instruction; P.Functions must be filled.
std::vector<RegisterMasks> analyzeRegisters(const Program &P);

} // namespace ebpfc

#endif // EBPFC_VERIFIER_LIVENESS_H
