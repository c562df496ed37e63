//===- verifier/Scalar.cpp - Transfer functions of the scalar domain ------===//
//
// 64-bit operations are computed on the 64-bit components. A 32-bit
// operation is computed as a 64-bit one on a view of its operands' low
// halves (zero-extended, or sign-extended for the signed operations), and
// the result truncated back to 32 bits: the tnum operations are exact
// modulo 2^64, and a range survives truncation only if it does not wrap.
// When both operands are constants the result is the constant the ISA
// defines, so straight-line arithmetic is tracked exactly.
//
//===----------------------------------------------------------------------===//
#include "Scalar.h"

#include "ebpfc/isa.h"

#include <algorithm>
#include <cstdio>

using namespace ebpfc;

namespace {

constexpr uint64_t U64Max = std::numeric_limits<uint64_t>::max();
constexpr int64_t S64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t S64Max = std::numeric_limits<int64_t>::max();
constexpr uint64_t SignBit = uint64_t(1) << 63;
constexpr uint64_t Low32 = 0xffffffffu;

/// Forgets the 32-bit components so normalize() derives them again.
void forget32(Scalar &S) {
  S.U32Min = 0;
  S.U32Max = std::numeric_limits<uint32_t>::max();
  S.S32Min = std::numeric_limits<int32_t>::min();
  S.S32Max = std::numeric_limits<int32_t>::max();
}

Scalar fromBits(Tnum Bits) {
  Scalar S;
  S.Bits = Bits;
  S.normalize();
  return S;
}

/// The low 32 bits of V as a 64-bit value: zero-extended, or for the signed
/// operations sign-extended.
Scalar view32(const Scalar &V, bool Signed) {
  Scalar S;
  if (Signed) {
    S.Bits = V.Bits.truncate(4).signExtend(32);
    S.SMin = V.S32Min;
    S.SMax = V.S32Max;
  } else {
    S.Bits = V.Bits.truncate(4);
    S.UMin = V.U32Min;
    S.UMax = V.U32Max;
  }
  S.normalize();
  return S;
}

} // namespace

Scalar Scalar::constant(uint64_t V) {
  Scalar S;
  S.Bits = Tnum::constant(V);
  S.UMin = S.UMax = V;
  S.SMin = S.SMax = int64_t(V);
  S.U32Min = S.U32Max = uint32_t(V);
  S.S32Min = S.S32Max = int32_t(uint32_t(V));
  return S;
}

Scalar Scalar::unsignedRange(uint64_t Min, uint64_t Max) {
  Scalar S;
  S.UMin = Min;
  S.UMax = Max;
  S.normalize();
  return S;
}

Scalar Scalar::ofSize(unsigned Bytes) {
  if (Bytes >= 8)
    return unknown();
  return unsignedRange(0, (uint64_t(1) << (8 * Bytes)) - 1);
}

bool Scalar::normalize() {
  for (int Round = 0; Round < 3; ++Round) {
    // The bits bound the ranges.
    UMin = std::max(UMin, Bits.min());
    UMax = std::min(UMax, Bits.max());
    SMin = std::max(SMin, int64_t(Bits.Value | (Bits.Mask & SignBit)));
    SMax = std::min(SMax, int64_t(Bits.Value | (Bits.Mask & ~SignBit)));
    Tnum B32 = Bits.truncate(4);
    U32Min = std::max(U32Min, uint32_t(B32.min()));
    U32Max = std::min(U32Max, uint32_t(B32.max()));
    S32Min = std::max(S32Min,
                      int32_t(uint32_t(B32.Value | (B32.Mask & 0x80000000u))));
    S32Max = std::min(S32Max,
                      int32_t(uint32_t(B32.Value | (B32.Mask & 0x7fffffffu))));

    // Signed and unsigned ranges agree where they do not cross a sign
    // boundary.
    if ((UMin >> 63) == (UMax >> 63)) {
      SMin = std::max(SMin, int64_t(UMin));
      SMax = std::min(SMax, int64_t(UMax));
    }
    if ((SMin < 0) == (SMax < 0)) {
      UMin = std::max(UMin, uint64_t(SMin));
      UMax = std::min(UMax, uint64_t(SMax));
    }
    if ((U32Min >> 31) == (U32Max >> 31)) {
      S32Min = std::max(S32Min, int32_t(U32Min));
      S32Max = std::min(S32Max, int32_t(U32Max));
    }
    if ((S32Min < 0) == (S32Max < 0)) {
      U32Min = std::max(U32Min, uint32_t(S32Min));
      U32Max = std::min(U32Max, uint32_t(S32Max));
    }

    // Where the upper halves of a 64-bit range are one value, its low
    // halves form a range too, and the other way round.
    if ((UMin >> 32) == (UMax >> 32)) {
      if (uint32_t(UMin) <= uint32_t(UMax)) {
        U32Min = std::max(U32Min, uint32_t(UMin));
        U32Max = std::min(U32Max, uint32_t(UMax));
      }
      uint64_t High = UMin & ~Low32;
      UMin = std::max(UMin, High | U32Min);
      UMax = std::min(UMax, High | U32Max);
    }
    if ((SMin >> 32) == (SMax >> 32)) {
      if (uint32_t(SMin) <= uint32_t(SMax)) {
        U32Min = std::max(U32Min, uint32_t(SMin));
        U32Max = std::min(U32Max, uint32_t(SMax));
      }
    }

    if (UMin > UMax || SMin > SMax || U32Min > U32Max || S32Min > S32Max)
      return false;
    // The ranges bound the bits.
    Tnum FromRange = Tnum::range(UMin, UMax);
    if (!Bits.intersects(FromRange))
      return false;
    Bits = Bits.intersect(FromRange);
    Tnum From32 = Tnum::range(U32Min, U32Max);
    From32.Mask |= ~Low32;
    if (!Bits.intersects(From32))
      return false;
    Bits = Bits.intersect(From32);
    if (Bits.min() > UMax || Bits.max() < UMin)
      return false;
  }
  return true;
}

bool Scalar::isSubsetOf(const Scalar &O) const {
  return UMin >= O.UMin && UMax <= O.UMax && SMin >= O.SMin && SMax <= O.SMax &&
         U32Min >= O.U32Min && U32Max <= O.U32Max && S32Min >= O.S32Min &&
         S32Max <= O.S32Max && Bits.isSubsetOf(O.Bits);
}

bool Scalar::operator==(const Scalar &O) const {
  return Bits == O.Bits && UMin == O.UMin && UMax == O.UMax && SMin == O.SMin &&
         SMax == O.SMax && U32Min == O.U32Min && U32Max == O.U32Max &&
         S32Min == O.S32Min && S32Max == O.S32Max;
}

std::string Tnum::str() const {
  char Buf[64];
  if (isConstant())
    std::snprintf(Buf, sizeof(Buf), "0x%llx", (unsigned long long)Value);
  else
    std::snprintf(Buf, sizeof(Buf), "(0x%llx; 0x%llx)",
                  (unsigned long long)Value, (unsigned long long)Mask);
  return Buf;
}

std::string Scalar::str() const {
  if (isConstant())
    return Bits.str();
  std::string Out;
  auto Add = [&](const char *Name, long long V, bool Signed) {
    char Buf[48];
    std::snprintf(Buf, sizeof(Buf), Signed ? "%s=%lld" : "%s=%llu", Name, V);
    if (!Out.empty())
      Out += ',';
    Out += Buf;
  };
  if (SMin != S64Min)
    Add("smin", SMin, true);
  if (SMax != S64Max)
    Add("smax", SMax, true);
  if (UMin != 0)
    Add("umin", (long long)UMin, false);
  if (UMax != U64Max)
    Add("umax", (long long)UMax, false);
  if (!(Bits == Tnum::unknown())) {
    if (!Out.empty())
      Out += ',';
    Out += "var_off=" + Bits.str();
  }
  return Out.empty() ? "unknown" : Out;
}

//===-- Concrete semantics ------------------------------------------------===//

uint64_t ebpfc::evaluateAlu(unsigned Op, uint64_t Dst, uint64_t Src, bool Is64,
                            int16_t Offset) {
  if (!Is64) {
    uint32_t A = uint32_t(Dst), B = uint32_t(Src), R;
    switch (Op) {
    case EBPF_ALU_ADD:
      R = A + B;
      break;
    case EBPF_ALU_SUB:
      R = A - B;
      break;
    case EBPF_ALU_MUL:
      R = A * B;
      break;
    case EBPF_ALU_OR:
      R = A | B;
      break;
    case EBPF_ALU_AND:
      R = A & B;
      break;
    case EBPF_ALU_XOR:
      R = A ^ B;
      break;
    case EBPF_ALU_LSH:
      R = A << (B & 31);
      break;
    case EBPF_ALU_RSH:
      R = A >> (B & 31);
      break;
    case EBPF_ALU_ARSH:
      R = uint32_t(int32_t(A) >> (B & 31));
      break;
    case EBPF_ALU_NEG:
      R = 0u - A;
      break;
    case EBPF_ALU_MOV:
      R = Offset == 8    ? uint32_t(int32_t(int8_t(B)))
          : Offset == 16 ? uint32_t(int32_t(int16_t(B)))
                         : B;
      break;
    case EBPF_ALU_DIV:
      if (Offset == 1)
        R = B == 0 ? 0
            : (int32_t(A) == std::numeric_limits<int32_t>::min() &&
               int32_t(B) == -1)
                ? A
                : uint32_t(int32_t(A) / int32_t(B));
      else
        R = B == 0 ? 0 : A / B;
      break;
    case EBPF_ALU_MOD:
      if (Offset == 1)
        R = B == 0             ? A
            : int32_t(B) == -1 ? 0
                               : uint32_t(int32_t(A) % int32_t(B));
      else
        R = B == 0 ? A : A % B;
      break;
    default:
      R = 0;
      break;
    }
    return R;
  }
  switch (Op) {
  case EBPF_ALU_ADD:
    return Dst + Src;
  case EBPF_ALU_SUB:
    return Dst - Src;
  case EBPF_ALU_MUL:
    return Dst * Src;
  case EBPF_ALU_OR:
    return Dst | Src;
  case EBPF_ALU_AND:
    return Dst & Src;
  case EBPF_ALU_XOR:
    return Dst ^ Src;
  case EBPF_ALU_LSH:
    return Dst << (Src & 63);
  case EBPF_ALU_RSH:
    return Dst >> (Src & 63);
  case EBPF_ALU_ARSH:
    return uint64_t(int64_t(Dst) >> (Src & 63));
  case EBPF_ALU_NEG:
    return 0 - Dst;
  case EBPF_ALU_MOV:
    switch (Offset) {
    case 8:
      return uint64_t(int64_t(int8_t(Src)));
    case 16:
      return uint64_t(int64_t(int16_t(Src)));
    case 32:
      return uint64_t(int64_t(int32_t(Src)));
    default:
      return Src;
    }
  case EBPF_ALU_DIV:
    if (Offset == 1)
      return Src == 0 ? 0
             : (int64_t(Dst) == S64Min && int64_t(Src) == -1)
                 ? Dst
                 : uint64_t(int64_t(Dst) / int64_t(Src));
    return Src == 0 ? 0 : Dst / Src;
  case EBPF_ALU_MOD:
    if (Offset == 1)
      return Src == 0             ? Dst
             : int64_t(Src) == -1 ? 0
                                  : uint64_t(int64_t(Dst) % int64_t(Src));
    return Src == 0 ? Dst : Dst % Src;
  default:
    return 0;
  }
}

//===-- Abstract arithmetic -----------------------------------------------===//

namespace {

/// The shift amounts Src allows after masking with Width - 1, if they form
/// a range no wider than the mask.
bool shiftRange(const Scalar &Src, unsigned Width, uint64_t &Lo, uint64_t &Hi) {
  if (Src.UMax >= Width)
    return false;
  Lo = Src.UMin;
  Hi = Src.UMax;
  return true;
}

Scalar add64(const Scalar &A, const Scalar &B) {
  Scalar R;
  R.Bits = A.Bits.add(B.Bits);
  int64_t Lo, Hi;
  if (!__builtin_add_overflow(A.SMin, B.SMin, &Lo) &&
      !__builtin_add_overflow(A.SMax, B.SMax, &Hi)) {
    R.SMin = Lo;
    R.SMax = Hi;
  }
  uint64_t ULo, UHi;
  if (!__builtin_add_overflow(A.UMax, B.UMax, &UHi)) {
    ULo = A.UMin + B.UMin;
    R.UMin = ULo;
    R.UMax = UHi;
  }
  return R;
}

Scalar sub64(const Scalar &A, const Scalar &B) {
  Scalar R;
  R.Bits = A.Bits.sub(B.Bits);
  int64_t Lo, Hi;
  if (!__builtin_sub_overflow(A.SMin, B.SMax, &Lo) &&
      !__builtin_sub_overflow(A.SMax, B.SMin, &Hi)) {
    R.SMin = Lo;
    R.SMax = Hi;
  }
  if (A.UMin >= B.UMax) {
    R.UMin = A.UMin - B.UMax;
    R.UMax = A.UMax - B.UMin;
  }
  return R;
}

Scalar signExtendFrom(const Scalar &Src, unsigned Bits) {
  uint64_t Half = uint64_t(1) << (Bits - 1), Full = uint64_t(1) << Bits;
  Scalar R;
  R.Bits = Src.Bits.truncate(Bits / 8).signExtend(Bits);
  if (Src.UMax < Half)
    return Src;
  if (Src.UMax < Full && Src.UMin >= Half) {
    R.SMin = int64_t(Src.UMin - Full);
    R.SMax = int64_t(Src.UMax - Full);
  } else {
    R.SMin = -int64_t(Half);
    R.SMax = int64_t(Half - 1);
  }
  return R;
}

/// The 64-bit transfer function of OP; Width is the shift mask's width.
Scalar alu64(unsigned Op, const Scalar &A, const Scalar &B, int16_t Offset,
             unsigned Width) {
  Scalar R;
  uint64_t Lo, Hi;
  switch (Op) {
  case EBPF_ALU_ADD:
    R = add64(A, B);
    break;
  case EBPF_ALU_SUB:
    R = sub64(A, B);
    break;
  case EBPF_ALU_NEG:
    R = sub64(Scalar::constant(0), A);
    break;
  case EBPF_ALU_MUL:
    R.Bits = A.Bits.mul(B.Bits);
    if (A.UMax <= Low32 && B.UMax <= Low32) {
      R.UMin = A.UMin * B.UMin;
      R.UMax = A.UMax * B.UMax;
    }
    break;
  case EBPF_ALU_AND:
    R.Bits = A.Bits.bitAnd(B.Bits);
    R.UMax = std::min(A.UMax, B.UMax);
    break;
  case EBPF_ALU_OR:
    R.Bits = A.Bits.bitOr(B.Bits);
    R.UMin = std::max(A.UMin, B.UMin);
    break;
  case EBPF_ALU_XOR:
    R.Bits = A.Bits.bitXor(B.Bits);
    break;
  case EBPF_ALU_LSH:
    if (B.isConstant()) {
      unsigned S = B.value() & (Width - 1);
      R.Bits = A.Bits.shl(S);
      if (A.UMax <= (U64Max >> S)) {
        R.UMin = A.UMin << S;
        R.UMax = A.UMax << S;
      }
    }
    break;
  case EBPF_ALU_RSH:
    if (B.isConstant()) {
      unsigned S = B.value() & (Width - 1);
      R.Bits = A.Bits.lshr(S);
      R.UMin = A.UMin >> S;
      R.UMax = A.UMax >> S;
    } else if (shiftRange(B, Width, Lo, Hi)) {
      R.UMin = A.UMin >> Hi;
      R.UMax = A.UMax >> Lo;
    } else {
      R.UMax = A.UMax;
    }
    break;
  case EBPF_ALU_ARSH:
    if (B.isConstant()) {
      unsigned S = B.value() & (Width - 1);
      R.Bits = A.Bits.ashr(S);
      R.SMin = A.SMin >> S;
      R.SMax = A.SMax >> S;
    }
    break;
  case EBPF_ALU_DIV:
    if (Offset == 1)
      break; // signed division of unknowns: anything
    if (B.isConstant()) {
      if (B.value() == 0)
        return Scalar::constant(0);
      R.UMin = A.UMin / B.value();
      R.UMax = A.UMax / B.value();
    } else if (B.UMin > 0) {
      R.UMin = A.UMin / B.UMax;
      R.UMax = A.UMax / B.UMin;
    } else {
      R.UMax = A.UMax;
    }
    break;
  case EBPF_ALU_MOD:
    if (Offset == 1)
      break;
    if (B.UMin > A.UMax)
      return A; // the dividend is already smaller than every divisor
    if (B.UMin > 0)
      R.UMax = std::min(A.UMax, B.UMax - 1);
    else
      R.UMax = A.UMax; // x % 0 is x
    break;
  case EBPF_ALU_MOV:
    if (Offset != 8 && Offset != 16 && Offset != 32)
      return B;
    R = signExtendFrom(B, unsigned(Offset));
    break;
  default:
    break;
  }
  forget32(R);
  R.normalize();
  return R;
}

} // namespace

Scalar ebpfc::scalarZeroExtend32(const Scalar &V) {
  Scalar R;
  R.Bits = V.Bits.truncate(4);
  if ((V.UMin >> 32) == (V.UMax >> 32) &&
      uint32_t(V.UMin) <= uint32_t(V.UMax)) {
    R.U32Min = std::max(V.U32Min, uint32_t(V.UMin));
    R.U32Max = std::min(V.U32Max, uint32_t(V.UMax));
  } else {
    R.U32Min = V.U32Min;
    R.U32Max = V.U32Max;
  }
  R.S32Min = V.S32Min;
  R.S32Max = V.S32Max;
  if (V.SMin >= std::numeric_limits<int32_t>::min() &&
      V.SMax <= std::numeric_limits<int32_t>::max()) {
    R.S32Min = std::max(R.S32Min, int32_t(V.SMin));
    R.S32Max = std::min(R.S32Max, int32_t(V.SMax));
  }
  R.UMin = R.U32Min;
  R.UMax = R.U32Max;
  if (!R.normalize()) {
    // Cannot happen for a satisfiable V; stay sound regardless.
    R = Scalar();
    R.Bits = V.Bits.truncate(4);
    R.UMax = Low32;
    R.normalize();
  }
  return R;
}

/// A 64-bit result truncated to 32 bits, without trusting V's 32-bit fields
/// (they describe the 64-bit view, not the truncation).
static Scalar truncateResult(const Scalar &V) {
  Scalar Fresh = V;
  forget32(Fresh);
  Fresh.normalize();
  return scalarZeroExtend32(Fresh);
}

Scalar ebpfc::scalarAlu(unsigned Op, const Scalar &Dst, const Scalar &Src,
                        bool Is64, int16_t Offset) {
  bool Unary = Op == EBPF_ALU_NEG;
  bool ReadsDst = Op != EBPF_ALU_MOV;
  if ((!ReadsDst || Dst.isConstant()) && (Unary || Src.isConstant()))
    return Scalar::constant(
        evaluateAlu(Op, Dst.value(), Src.value(), Is64, Offset));
  if (Is64)
    return alu64(Op, Dst, Src, Offset, 64);
  bool Signed = Op == EBPF_ALU_ARSH ||
                ((Op == EBPF_ALU_DIV || Op == EBPF_ALU_MOD) && Offset == 1);
  return truncateResult(
      alu64(Op, view32(Dst, Signed), view32(Src, false), Offset, 32));
}

Scalar ebpfc::scalarEndian(const Scalar &Dst, unsigned Width, bool Swap) {
  if (Dst.isConstant()) {
    uint64_t V = Dst.value();
    if (Width < 64)
      V &= (uint64_t(1) << Width) - 1;
    if (Swap)
      V = Tnum::constant(V).byteSwap(Width / 8).Value;
    return Scalar::constant(V);
  }
  if (!Swap) {
    if (Width == 64)
      return Dst;
    if (Dst.UMax < (uint64_t(1) << Width))
      return Dst;
    return fromBits(Dst.Bits.truncate(Width / 8));
  }
  return fromBits(Dst.Bits.byteSwap(Width / 8));
}

//===-- Conditional jumps -------------------------------------------------===//

namespace {

unsigned negate(unsigned Op) {
  switch (Op) {
  case EBPF_JMP_JEQ:
    return EBPF_JMP_JNE;
  case EBPF_JMP_JNE:
    return EBPF_JMP_JEQ;
  case EBPF_JMP_JGT:
    return EBPF_JMP_JLE;
  case EBPF_JMP_JLE:
    return EBPF_JMP_JGT;
  case EBPF_JMP_JGE:
    return EBPF_JMP_JLT;
  case EBPF_JMP_JLT:
    return EBPF_JMP_JGE;
  case EBPF_JMP_JSGT:
    return EBPF_JMP_JSLE;
  case EBPF_JMP_JSLE:
    return EBPF_JMP_JSGT;
  case EBPF_JMP_JSGE:
    return EBPF_JMP_JSLT;
  case EBPF_JMP_JSLT:
    return EBPF_JMP_JSGE;
  default:
    return Op; // JSET: handled by the caller
  }
}

/// Ordered ranges [Lo, Hi] of one signedness and width, for the relational
/// refinements.
template <typename T> struct RangeRef { T &Lo, &Hi; };

/// A OP B for the orderings, on ranges of type T. False if impossible.
template <typename T>
bool refineOrder(unsigned Op, RangeRef<T> A, RangeRef<T> B, bool Signed) {
  // Bring every ordering to A > B or A >= B by swapping.
  bool Strict;
  switch (Op) {
  case EBPF_JMP_JGT:
  case EBPF_JMP_JSGT:
    Strict = true;
    break;
  case EBPF_JMP_JGE:
  case EBPF_JMP_JSGE:
    Strict = false;
    break;
  case EBPF_JMP_JLT:
  case EBPF_JMP_JSLT:
    return refineOrder<T>(Signed ? EBPF_JMP_JSGT : EBPF_JMP_JGT, B, A, Signed);
  default: // JLE, JSLE
    return refineOrder<T>(Signed ? EBPF_JMP_JSGE : EBPF_JMP_JGE, B, A, Signed);
  }
  if (Strict) {
    if (B.Lo == std::numeric_limits<T>::max() ||
        A.Hi == std::numeric_limits<T>::min())
      return false;
    A.Lo = std::max<T>(A.Lo, B.Lo + 1);
    B.Hi = std::min<T>(B.Hi, A.Hi - 1);
  } else {
    A.Lo = std::max<T>(A.Lo, B.Lo);
    B.Hi = std::min<T>(B.Hi, A.Hi);
  }
  return A.Lo <= A.Hi && B.Lo <= B.Hi;
}

/// Removes C from the ends of [Lo, Hi] (A != C).
template <typename T> bool excludeEnd(T &Lo, T &Hi, T C) {
  if (Lo == Hi && Lo == C)
    return false;
  if (Lo == C)
    ++Lo;
  else if (Hi == C)
    --Hi;
  return true;
}

bool refineTaken(unsigned Op, bool Is64, Scalar &A, Scalar &B) {
  uint64_t Keep = Is64 ? U64Max : Low32;
  switch (Op) {
  case EBPF_JMP_JEQ: {
    Tnum TA = Is64 ? A.Bits : A.Bits.truncate(4);
    Tnum TB = Is64 ? B.Bits : B.Bits.truncate(4);
    if (!TA.intersects(TB))
      return false;
    Tnum Both = TA.intersect(TB);
    if (Is64) {
      A.Bits = B.Bits = Both;
      A.UMin = B.UMin = std::max(A.UMin, B.UMin);
      A.UMax = B.UMax = std::min(A.UMax, B.UMax);
      A.SMin = B.SMin = std::max(A.SMin, B.SMin);
      A.SMax = B.SMax = std::min(A.SMax, B.SMax);
    } else {
      A.Bits = {(A.Bits.Value & ~Low32) | Both.Value,
                (A.Bits.Mask & ~Low32) | Both.Mask};
      B.Bits = {(B.Bits.Value & ~Low32) | Both.Value,
                (B.Bits.Mask & ~Low32) | Both.Mask};
    }
    A.U32Min = B.U32Min = std::max(A.U32Min, B.U32Min);
    A.U32Max = B.U32Max = std::min(A.U32Max, B.U32Max);
    A.S32Min = B.S32Min = std::max(A.S32Min, B.S32Min);
    A.S32Max = B.S32Max = std::min(A.S32Max, B.S32Max);
    return true;
  }
  case EBPF_JMP_JNE: {
    Scalar *Var = &A, *Const = &B;
    if (!B.isConstant() && !(!Is64 && B.Bits.truncate(4).isConstant())) {
      Var = &B;
      Const = &A;
    }
    bool ConstKnown =
        Is64 ? Const->isConstant() : Const->Bits.truncate(4).isConstant();
    if (!ConstKnown)
      return true;
    uint64_t C = Const->value() & Keep;
    if (Is64) {
      return excludeEnd<uint64_t>(Var->UMin, Var->UMax, C) &&
             excludeEnd<int64_t>(Var->SMin, Var->SMax, int64_t(C));
    }
    return excludeEnd<uint32_t>(Var->U32Min, Var->U32Max, uint32_t(C)) &&
           excludeEnd<int32_t>(Var->S32Min, Var->S32Max, int32_t(uint32_t(C)));
  }
  case EBPF_JMP_JSET: {
    // Taken: dst & src != 0. With a constant single-bit src the bit is 1.
    Tnum TB = B.Bits.truncate(Is64 ? 8 : 4);
    Tnum TA = A.Bits.truncate(Is64 ? 8 : 4);
    if (((TA.Value | TA.Mask) & (TB.Value | TB.Mask)) == 0)
      return false;
    if (TB.isConstant() && TB.Value && (TB.Value & (TB.Value - 1)) == 0) {
      A.Bits.Value |= TB.Value;
      A.Bits.Mask &= ~TB.Value;
    }
    return true;
  }
  default:
    break;
  }
  bool Signed = Op == EBPF_JMP_JSGT || Op == EBPF_JMP_JSGE ||
                Op == EBPF_JMP_JSLT || Op == EBPF_JMP_JSLE;
  if (Is64) {
    if (Signed)
      return refineOrder<int64_t>(Op, {A.SMin, A.SMax}, {B.SMin, B.SMax}, true);
    return refineOrder<uint64_t>(Op, {A.UMin, A.UMax}, {B.UMin, B.UMax}, false);
  }
  if (Signed)
    return refineOrder<int32_t>(Op, {A.S32Min, A.S32Max}, {B.S32Min, B.S32Max},
                                true);
  return refineOrder<uint32_t>(Op, {A.U32Min, A.U32Max}, {B.U32Min, B.U32Max},
                               false);
}

/// Not taken for JSET: dst & src == 0; a constant src's bits are 0 in dst.
bool refineJsetNotTaken(bool Is64, Scalar &A, const Scalar &B) {
  Tnum TB = B.Bits.truncate(Is64 ? 8 : 4);
  if (!TB.isConstant())
    return !(A.Bits.truncate(Is64 ? 8 : 4).Value &
             B.Bits.truncate(Is64 ? 8 : 4).Value);
  if (A.Bits.Value & TB.Value)
    return false;
  A.Bits.Mask &= ~TB.Value;
  return true;
}

} // namespace

bool ebpfc::refineScalars(unsigned JmpOp, bool Is64, bool Taken, Scalar &Dst,
                          Scalar &Src) {
  bool Feasible;
  if (JmpOp == EBPF_JMP_JSET && !Taken)
    Feasible = refineJsetNotTaken(Is64, Dst, Src);
  else
    Feasible = refineTaken(Taken ? JmpOp : negate(JmpOp), Is64, Dst, Src);
  return Feasible && Dst.normalize() && Src.normalize();
}
