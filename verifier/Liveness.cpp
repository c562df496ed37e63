//===- verifier/Liveness.cpp - What a path may still read, and need exact -===//
//
// Three dataflow passes over each function's control flow graph:
//
//  1. may-pointer (forward): which registers may hold a pointer, so that an
//     addition of two registers is known to be plain arithmetic when
//     neither may be one;
//  2. liveness (backward): which registers may be read before written;
//  3. precision (backward): which registers' values may flow, through any
//     chain of operations, into something whose outcome depends on the
//     exact value: a conditional jump, pointer arithmetic, a division's
//     divisor (the lifter's guard depends on it), a store to memory (the
//     stack gives the value back), a helper's or a function's arguments, a
//     subprogram's return value, a legacy packet load's offset.
//
// Everything is conservative in the direction that keeps pruning sound:
// registers may be called live or precise when they are not, never the
// other way round.
//
//===----------------------------------------------------------------------===//
#include "Liveness.h"

#include "ebpfc/isa.h"

using namespace ebpfc;

namespace {

constexpr uint16_t bit(unsigned R) { return uint16_t(1u << R); }
constexpr uint16_t Args = bit(1) | bit(2) | bit(3) | bit(4) | bit(5);
constexpr uint16_t Clobbered = bit(0) | Args;

struct Insn {
  bool Valid = false;
  ebpf_decoded D = {};
  const ebpf_insn *I = nullptr;
  bool isX() const { return ebpf_source(I->opcode) == EBPF_SRC_X; }
  unsigned aluOp() const { return ebpf_alu_op(I->opcode); }
};

/// Registers read and written.
void useDef(const Insn &In, uint16_t &Use, uint16_t &Def) {
  const ebpf_decoded &D = In.D;
  Use = Def = 0;
  switch (D.kind) {
  case EBPF_KIND_ALU:
    if (In.aluOp() != EBPF_ALU_MOV)
      Use |= bit(D.dst);
    if (In.isX())
      Use |= bit(D.src);
    Def |= bit(D.dst);
    break;
  case EBPF_KIND_ENDIAN:
    Use |= bit(D.dst);
    Def |= bit(D.dst);
    break;
  case EBPF_KIND_LDDW:
    Def |= bit(D.dst);
    break;
  case EBPF_KIND_LD_PACKET:
    Use |= bit(6);
    if (ebpf_mode(In.I->opcode) == EBPF_MODE_IND)
      Use |= bit(D.src);
    Def |= Clobbered;
    break;
  case EBPF_KIND_LOAD:
    Use |= bit(D.src);
    Def |= bit(D.dst);
    break;
  case EBPF_KIND_STORE_IMM:
    Use |= bit(D.dst);
    break;
  case EBPF_KIND_STORE_REG:
    Use |= bit(D.dst) | bit(D.src);
    break;
  case EBPF_KIND_ATOMIC:
    Use |= bit(D.dst) | bit(D.src);
    if (In.I->imm == EBPF_ATOMIC_CMPXCHG) {
      Use |= bit(0);
      Def |= bit(0);
    } else if (In.I->imm & EBPF_ATOMIC_FETCH) {
      Def |= bit(D.src);
    }
    break;
  case EBPF_KIND_COND_JUMP:
    Use |= bit(D.dst);
    if (In.isX())
      Use |= bit(D.src);
    break;
  case EBPF_KIND_CALLX:
    Use |= bit(D.dst) | Args;
    Def |= Clobbered;
    break;
  case EBPF_KIND_CALL_HELPER:
  case EBPF_KIND_CALL_LOCAL:
  case EBPF_KIND_CALL_KFUNC:
    Use |= Args;
    Def |= Clobbered;
    break;
  case EBPF_KIND_EXIT:
    Use |= bit(0);
    break;
  case EBPF_KIND_JA:
    break;
  }
}

/// The registers whose values the instruction needs exactly, given which
/// registers may hold pointers before it.
uint16_t preciseUses(const Insn &In, uint16_t MayPointer, bool InMain) {
  const ebpf_decoded &D = In.D;
  switch (D.kind) {
  case EBPF_KIND_ALU: {
    if (!In.isX())
      return 0;
    unsigned Op = In.aluOp();
    if (Op == EBPF_ALU_DIV || Op == EBPF_ALU_MOD)
      return bit(D.src);
    if (Op == EBPF_ALU_ADD || Op == EBPF_ALU_SUB) {
      // The scalar added to a pointer must be exact.
      uint16_t U = 0;
      if (MayPointer & bit(D.dst))
        U |= bit(D.src);
      if (MayPointer & bit(D.src))
        U |= bit(D.dst);
      return U;
    }
    return 0;
  }
  case EBPF_KIND_LD_PACKET:
  case EBPF_KIND_LOAD:
  case EBPF_KIND_STORE_IMM:
  case EBPF_KIND_STORE_REG:
  case EBPF_KIND_ATOMIC:
  case EBPF_KIND_COND_JUMP: {
    uint16_t Use, Def;
    useDef(In, Use, Def);
    return Use;
  }
  case EBPF_KIND_CALLX:
  case EBPF_KIND_CALL_HELPER:
  case EBPF_KIND_CALL_LOCAL:
  case EBPF_KIND_CALL_KFUNC: {
    uint16_t Use, Def;
    useDef(In, Use, Def);
    return Use;
  }
  case EBPF_KIND_EXIT:
    // What a subprogram returns, its caller may compare.
    return InMain ? 0 : bit(0);
  default:
    return 0;
  }
}

/// The registers the value written to the instruction's destination is
/// computed from (for the definitions that carry a value on).
uint16_t flowsFrom(const Insn &In) {
  const ebpf_decoded &D = In.D;
  switch (D.kind) {
  case EBPF_KIND_ALU:
  case EBPF_KIND_ENDIAN: {
    uint16_t Use, Def;
    useDef(In, Use, Def);
    return Use;
  }
  default:
    return 0; // loads, calls and immediates start afresh
  }
}

/// May-pointer after the instruction.
uint16_t mayPointerAfter(const Insn &In, uint16_t Before) {
  const ebpf_decoded &D = In.D;
  uint16_t After = Before;
  switch (D.kind) {
  case EBPF_KIND_ALU: {
    unsigned Op = In.aluOp();
    bool Ptr = false;
    if (D.is64 && Op == EBPF_ALU_MOV && In.I->offset == 0)
      Ptr = In.isX() && (Before & bit(D.src));
    else if (D.is64 && (Op == EBPF_ALU_ADD || Op == EBPF_ALU_SUB))
      Ptr = (Before & bit(D.dst)) || (In.isX() && (Before & bit(D.src)));
    After = Ptr ? uint16_t(After | bit(D.dst)) : uint16_t(After & ~bit(D.dst));
    break;
  }
  case EBPF_KIND_ENDIAN:
    After &= uint16_t(~bit(D.dst));
    break;
  case EBPF_KIND_LDDW:
    if (ebpf_src(In.I) == EBPF_PSEUDO_IMM64)
      After &= uint16_t(~bit(D.dst));
    else
      After |= bit(D.dst);
    break;
  case EBPF_KIND_LOAD:
    // Context pointer fields are 4 bytes, spilled pointers 8.
    if (D.size >= 4)
      After |= bit(D.dst);
    else
      After &= uint16_t(~bit(D.dst));
    break;
  case EBPF_KIND_LD_PACKET:
    After &= uint16_t(~Clobbered);
    break;
  case EBPF_KIND_ATOMIC:
    if (In.I->imm == EBPF_ATOMIC_CMPXCHG)
      After &= uint16_t(~bit(0));
    else if (In.I->imm & EBPF_ATOMIC_FETCH)
      After &= uint16_t(~bit(D.src));
    break;
  case EBPF_KIND_CALLX:
  case EBPF_KIND_CALL_HELPER:
  case EBPF_KIND_CALL_LOCAL:
  case EBPF_KIND_CALL_KFUNC:
    After = uint16_t((After & ~Clobbered) | bit(0));
    break;
  default:
    break;
  }
  return uint16_t(After | bit(EBPF_REG_FP));
}

} // namespace

std::vector<RegisterMasks> ebpfc::analyzeRegisters(const Program &P) {
  size_t Count = P.Insns.size();
  std::vector<Insn> Insns(Count);
  for (size_t Pc = 0; Pc < Count;) {
    Insn &In = Insns[Pc];
    In.I = &P.Insns[Pc];
    if (ebpf_decode(P.Insns.data(), Count, Pc, &In.D)) {
      ++Pc;
      continue;
    }
    In.Valid = true;
    Pc += In.D.slots;
  }
  std::vector<RegisterMasks> Masks(Count);
  std::vector<uint16_t> MayPointerIn(Count, 0);
  std::vector<bool> Seen(Count, false);

  for (size_t FnIndex = 0; FnIndex < P.Functions.size(); ++FnIndex) {
    const BpfFunction &Fn = P.Functions[FnIndex];
    bool InMain = FnIndex == 0;
    auto Inside = [&](int64_t Pc) { return Pc >= Fn.Start && Pc < Fn.End; };
    auto Successors = [&](size_t Pc, int64_t Out[2]) {
      const ebpf_decoded &D = Insns[Pc].D;
      Out[0] = Out[1] = -1;
      switch (D.kind) {
      case EBPF_KIND_EXIT:
        break;
      case EBPF_KIND_JA:
        Out[0] = D.target;
        break;
      case EBPF_KIND_COND_JUMP:
        Out[0] = D.target;
        Out[1] = int64_t(Pc) + 1;
        break;
      default:
        Out[0] = int64_t(Pc) + D.slots;
        break;
      }
    };

    // 1. May-pointer, forward.
    MayPointerIn[Fn.Start] =
        uint16_t(bit(EBPF_REG_FP) | (InMain ? bit(1) : Args));
    Seen[Fn.Start] = true;
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (size_t Pc = Fn.Start; Pc < Fn.End; ++Pc) {
        if (!Insns[Pc].Valid || !Seen[Pc])
          continue;
        uint16_t Out = mayPointerAfter(Insns[Pc], MayPointerIn[Pc]);
        int64_t Next[2];
        Successors(Pc, Next);
        for (int64_t S : Next) {
          if (!Inside(S))
            continue;
          uint16_t Merged = uint16_t(MayPointerIn[S] | Out);
          if (!Seen[S] || Merged != MayPointerIn[S]) {
            MayPointerIn[S] = Merged;
            Seen[S] = true;
            Changed = true;
          }
        }
      }
    }

    // 2 and 3. Liveness and precision, backward.
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (size_t Pc = Fn.End; Pc-- > Fn.Start;) {
        if (!Insns[Pc].Valid)
          continue;
        int64_t Next[2];
        Successors(Pc, Next);
        RegisterMasks Out;
        for (int64_t S : Next)
          if (Inside(S)) {
            Out.Live |= Masks[S].Live;
            Out.Precise |= Masks[S].Precise;
          }
        uint16_t Use, Def;
        useDef(Insns[Pc], Use, Def);
        RegisterMasks In;
        In.Live = uint16_t((Out.Live & ~Def) | Use);
        In.Precise = uint16_t(Out.Precise & ~Def);
        if (Out.Precise & Def)
          In.Precise |= flowsFrom(Insns[Pc]);
        In.Precise |= preciseUses(Insns[Pc], MayPointerIn[Pc], InMain);
        In.Precise &= In.Live;
        if (In.Live != Masks[Pc].Live || In.Precise != Masks[Pc].Precise) {
          Masks[Pc] = In;
          Changed = true;
        }
      }
    }
  }
  return Masks;
}
