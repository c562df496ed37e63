//===- verifier/Scalar.h - What the verifier knows of an integer -*- C++
//-*-===//
//
// The scalar domain: a tristate number for the bits, and signed and unsigned
// ranges of the whole 64-bit value and of its low 32 bits, kept consistent
// with each other (normalize). ALU instructions and conditional jumps have
// transfer functions here; the analyzer applies them to registers. Every
// function is sound: the concrete result of the operation on any values the
// operands allow is allowed by the result. Tests check that against the
// reference interpreter on random values.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_VERIFIER_SCALAR_H
#define EBPFC_VERIFIER_SCALAR_H

#include "Tnum.h"

#include <cstdint>
#include <limits>
#include <string>

namespace ebpfc {

struct Scalar {
  Tnum Bits = Tnum::unknown();
  uint64_t UMin = 0, UMax = std::numeric_limits<uint64_t>::max();
  int64_t SMin = std::numeric_limits<int64_t>::min();
  int64_t SMax = std::numeric_limits<int64_t>::max();
  uint32_t U32Min = 0, U32Max = std::numeric_limits<uint32_t>::max();
  int32_t S32Min = std::numeric_limits<int32_t>::min();
  int32_t S32Max = std::numeric_limits<int32_t>::max();

  static Scalar unknown() { return Scalar(); }
  static Scalar constant(uint64_t V);
  /// Any value in [Min, Max], unsigned.
  static Scalar unsignedRange(uint64_t Min, uint64_t Max);
  /// A value loaded zero-extended from Bytes bytes of unknown memory.
  static Scalar ofSize(unsigned Bytes);

  bool isConstant() const { return Bits.isConstant(); }
  uint64_t value() const { return Bits.Value; }
  bool mayBeZero() const { return UMin == 0; }

  /// Tightens every component from the others (the kernel's
  /// reg_bounds_sync). Returns false if no value satisfies them all: the
  /// path that led here cannot happen.
  bool normalize();

  /// True if every value this allows, O allows too.
  bool isSubsetOf(const Scalar &O) const;
  bool operator==(const Scalar &O) const;
  bool operator!=(const Scalar &O) const { return !(*this == O); }

  /// The kernel's notation: "0x2a" for a constant, otherwise the ranges
  /// that say something, e.g. "umax=255,var_off=(0x0; 0xff)".
  std::string str() const;
};

/// dst OP= src for an ALU or ALU64 instruction (EBPF_ALU_*, not END); Offset
/// is the instruction's offset field (1 selects signed div/mod, 8/16/32
/// movsx). 32-bit operations zero-extend their result.
Scalar scalarAlu(unsigned Op, const Scalar &Dst, const Scalar &Src, bool Is64,
                 int16_t Offset);

/// le/be/bswap of Width bits (16, 32, 64); Swap for be and bswap.
Scalar scalarEndian(const Scalar &Dst, unsigned Width, bool Swap);

/// The value's low 32 bits, zero-extended (a 32-bit mov).
Scalar scalarZeroExtend32(const Scalar &V);

/// Narrows Dst and Src to the values for which the conditional jump JmpOp
/// (EBPF_JMP_*; 32-bit compares if !Is64) is taken, or not taken. Returns
/// false if no such values exist: that branch is never followed.
bool refineScalars(unsigned JmpOp, bool Is64, bool Taken, Scalar &Dst,
                   Scalar &Src);

/// The concrete result of an ALU instruction, as RFC 9669 defines it; what
/// scalarAlu computes when both operands are constants.
uint64_t evaluateAlu(unsigned Op, uint64_t Dst, uint64_t Src, bool Is64,
                     int16_t Offset);

} // namespace ebpfc

#endif // EBPFC_VERIFIER_SCALAR_H
