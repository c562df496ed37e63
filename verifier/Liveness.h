//===- verifier/Liveness.h - Registers a path may still read ----*- C++ -*-===//
//
// Which registers may be read, on some path from an instruction, before
// they are written: a backward dataflow over each function's control flow
// graph. The analyzer forgets the other registers in the states it stores
// for pruning (the kernel's clean_live_states), since no continuation can
// tell their values apart.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_VERIFIER_LIVENESS_H
#define EBPFC_VERIFIER_LIVENESS_H

#include "ebpfc/Program.h"

#include <cstdint>
#include <vector>

namespace ebpfc {

/// Bit R set: register R may be read before it is written. Indexed by
/// instruction; P.Functions must be filled and every instruction decode.
std::vector<uint16_t> computeLiveRegisters(const Program &P);

} // namespace ebpfc

#endif // EBPFC_VERIFIER_LIVENESS_H
