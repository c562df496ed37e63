//===- verifier/Tnum.h - Tristate numbers ------------------------*- C++
//-*-===//
//
// A tristate number knows each bit of a 64-bit value as 0, 1 or unknown:
// Value holds the known ones, Mask the unknown bits (a bit is never set in
// both). It is the bit-level half of the verifier's scalar domain, as in the
// kernel's tnum.c; the operations are the standard sound transfer functions
// (Vishwanathan et al., "Sound, Precise, and Fast Abstract Interpretation
// with Tristate Numbers", CGO 2022), exact modulo 2^64.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_VERIFIER_TNUM_H
#define EBPFC_VERIFIER_TNUM_H

#include <cstdint>
#include <string>

namespace ebpfc {

struct Tnum {
  uint64_t Value = 0;
  uint64_t Mask = ~uint64_t(0);

  static Tnum constant(uint64_t V) { return {V, 0}; }
  static Tnum unknown() { return {0, ~uint64_t(0)}; }
  /// The smallest tnum holding every value of [Min, Max] (unsigned).
  static Tnum range(uint64_t Min, uint64_t Max) {
    uint64_t Differ = Min ^ Max;
    if (Differ == 0)
      return constant(Min);
    unsigned Bits = 64 - __builtin_clzll(Differ);
    if (Bits >= 64)
      return unknown();
    uint64_t Low = (uint64_t(1) << Bits) - 1;
    return {Min & ~Low, Low};
  }

  bool isConstant() const { return Mask == 0; }
  uint64_t min() const { return Value; }
  uint64_t max() const { return Value | Mask; }
  bool operator==(const Tnum &O) const {
    return Value == O.Value && Mask == O.Mask;
  }
  bool operator!=(const Tnum &O) const { return !(*this == O); }

  /// True if every value this tnum allows, O allows too.
  bool isSubsetOf(const Tnum &O) const {
    return (Mask & ~O.Mask) == 0 && (Value & ~O.Mask) == O.Value;
  }
  /// True if some value is allowed by both.
  bool intersects(const Tnum &O) const {
    return ((Value ^ O.Value) & ~(Mask | O.Mask)) == 0;
  }
  /// The values both allow; callers check intersects() first.
  Tnum intersect(const Tnum &O) const {
    uint64_t V = Value | O.Value;
    uint64_t M = Mask & O.Mask;
    return {V & ~M, M};
  }
  /// The smallest tnum holding the values of both.
  Tnum join(const Tnum &O) const {
    uint64_t M = Mask | O.Mask | (Value ^ O.Value);
    return {Value & ~M, M};
  }

  Tnum add(const Tnum &O) const {
    uint64_t SumMask = Mask + O.Mask;
    uint64_t SumValue = Value + O.Value;
    uint64_t Carries = (SumMask + SumValue) ^ SumValue;
    uint64_t M = Carries | Mask | O.Mask;
    return {SumValue & ~M, M};
  }
  Tnum sub(const Tnum &O) const {
    uint64_t Diff = Value - O.Value;
    uint64_t Borrows = (Diff + Mask) ^ (Diff - O.Mask);
    uint64_t M = Borrows | Mask | O.Mask;
    return {Diff & ~M, M};
  }
  Tnum bitAnd(const Tnum &O) const {
    uint64_t V = Value & O.Value;
    return {V, (Value | Mask) & (O.Value | O.Mask) & ~V};
  }
  Tnum bitOr(const Tnum &O) const {
    uint64_t V = Value | O.Value;
    return {V, (Mask | O.Mask) & ~V};
  }
  Tnum bitXor(const Tnum &O) const {
    uint64_t M = Mask | O.Mask;
    return {(Value ^ O.Value) & ~M, M};
  }
  Tnum shl(unsigned Shift) const { return {Value << Shift, Mask << Shift}; }
  Tnum lshr(unsigned Shift) const { return {Value >> Shift, Mask >> Shift}; }
  Tnum ashr(unsigned Shift) const {
    return {uint64_t(int64_t(Value) >> Shift),
            uint64_t(int64_t(Mask) >> Shift)};
  }
  /// Multiplication as shift-and-add: each bit of this that is certainly 1
  /// adds O's unknown bits, each unknown bit adds all of O's possible bits.
  Tnum mul(Tnum O) const {
    Tnum A = *this;
    uint64_t KnownProduct = A.Value * O.Value;
    Tnum Uncertainty = constant(0);
    while (A.Value || A.Mask) {
      if (A.Value & 1)
        Uncertainty = Uncertainty.add({0, O.Mask});
      else if (A.Mask & 1)
        Uncertainty = Uncertainty.add({0, O.Value | O.Mask});
      A = A.lshr(1);
      O = O.shl(1);
    }
    return constant(KnownProduct).add(Uncertainty);
  }
  /// The low Bytes bytes, zero-extended.
  Tnum truncate(unsigned Bytes) const {
    if (Bytes >= 8)
      return *this;
    uint64_t Keep = (uint64_t(1) << (Bytes * 8)) - 1;
    return {Value & Keep, Mask & Keep};
  }
  /// The low Bits bits, sign-extended.
  Tnum signExtend(unsigned Bits) const {
    if (Bits >= 64)
      return *this;
    unsigned Up = 64 - Bits;
    return {uint64_t(int64_t(Value << Up) >> Up),
            uint64_t(int64_t(Mask << Up) >> Up)};
  }
  /// The low Bytes bytes in reverse order (zero-extended), as bswap.
  Tnum byteSwap(unsigned Bytes) const {
    auto Swap = [Bytes](uint64_t V) {
      uint64_t R = 0;
      for (unsigned I = 0; I < Bytes; ++I)
        R |= ((V >> (8 * I)) & 0xff) << (8 * (Bytes - 1 - I));
      return R;
    };
    return {Swap(Value), Swap(Mask)};
  }

  /// "(0x3; 0xf0)" or "0x5" for a constant, as the kernel prints var_off.
  std::string str() const;
};

} // namespace ebpfc

#endif // EBPFC_VERIFIER_TNUM_H
