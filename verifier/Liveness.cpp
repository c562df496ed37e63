//===- verifier/Liveness.cpp - What a path may still read, and need exact -===//
//
// Three dataflow passes over each function's control flow graph:
//
//  1. may-pointer and may-point-to-the-stack (forward): which registers
//     may hold a pointer, so that an addition of two registers is known to
//     be plain arithmetic when neither may be one, and which may point into
//     a stack, so that a store elsewhere (a map value, the packet) is known
//     not to hand the value back the way a stack slot does;
//  2. liveness (backward): which registers may be read before written;
//  3. precision (backward): which registers' values may flow, through any
//     chain of operations, into something whose outcome depends on the
//     exact value: a conditional jump, pointer arithmetic, a division's
//     divisor (the lifter's guard depends on it), a store to a stack (which
//     gives the value back exactly), a helper's or a function's arguments, a
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
/// What may be in the registers before an instruction.
struct Flow {
  uint16_t Pointer = 0; ///< may hold a pointer
  uint16_t Stack = 0;   ///< may hold a pointer into some frame's stack
  bool operator!=(const Flow &O) const {
    return Pointer != O.Pointer || Stack != O.Stack;
  }
};

/// \p CalleeEntry: for a local call, the arguments the callee needs exact;
/// \p ReturnPrecise: for an exit, whether some caller needs r0 exact.
uint16_t preciseUses(const Insn &In, const Flow &Before, uint16_t CalleeEntry,
                     bool ReturnPrecise) {
  uint16_t MayPointer = Before.Pointer;
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
  case EBPF_KIND_STORE_REG:
  case EBPF_KIND_ATOMIC: {
    // A value stored into a stack comes back exactly when it is loaded;
    // anywhere else (map values, the packet) it comes back as some number.
    uint16_t U = bit(D.dst);
    if (Before.Stack & bit(D.dst)) {
      U |= bit(D.src);
      if (In.I->imm == EBPF_ATOMIC_CMPXCHG && D.kind == EBPF_KIND_ATOMIC)
        U |= bit(0);
    }
    return U;
  }
  case EBPF_KIND_LD_PACKET:
  case EBPF_KIND_LOAD:
  case EBPF_KIND_STORE_IMM:
  case EBPF_KIND_COND_JUMP: {
    uint16_t Use, Def;
    useDef(In, Use, Def);
    return Use;
  }
  case EBPF_KIND_CALL_LOCAL:
    return uint16_t(CalleeEntry & Args);
  case EBPF_KIND_CALLX:
  case EBPF_KIND_CALL_HELPER:
  case EBPF_KIND_CALL_KFUNC: {
    // Helpers' sizes and keys: every argument, to be safe.
    uint16_t Use, Def;
    useDef(In, Use, Def);
    return Use;
  }
  case EBPF_KIND_EXIT:
    return ReturnPrecise ? bit(0) : 0;
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

/// What may be in the registers after the instruction.
Flow flowAfter(const Insn &In, const Flow &Before) {
  const ebpf_decoded &D = In.D;
  Flow After = Before;
  auto Set = [&](unsigned R, bool Pointer, bool Stack) {
    After.Pointer = Pointer ? uint16_t(After.Pointer | bit(R))
                            : uint16_t(After.Pointer & ~bit(R));
    After.Stack = Stack ? uint16_t(After.Stack | bit(R))
                        : uint16_t(After.Stack & ~bit(R));
  };
  auto Clear = [&](uint16_t Regs) {
    After.Pointer &= uint16_t(~Regs);
    After.Stack &= uint16_t(~Regs);
  };
  switch (D.kind) {
  case EBPF_KIND_ALU: {
    unsigned Op = In.aluOp();
    uint16_t From = 0;
    if (D.is64 && Op == EBPF_ALU_MOV && In.I->offset == 0)
      From = In.isX() ? bit(D.src) : 0;
    else if (D.is64 && (Op == EBPF_ALU_ADD || Op == EBPF_ALU_SUB))
      From = uint16_t(bit(D.dst) | (In.isX() ? bit(D.src) : 0));
    Set(D.dst, Before.Pointer & From, Before.Stack & From);
    break;
  }
  case EBPF_KIND_ENDIAN:
    Clear(bit(D.dst));
    break;
  case EBPF_KIND_LDDW:
    // A map or a map value, never a stack.
    Set(D.dst, ebpf_src(In.I) != EBPF_PSEUDO_IMM64, false);
    break;
  case EBPF_KIND_LOAD:
    // Context pointer fields are 4 bytes, spilled pointers (of any kind) 8.
    Set(D.dst, D.size >= 4, D.size == 8);
    break;
  case EBPF_KIND_LD_PACKET:
    Clear(Clobbered);
    break;
  case EBPF_KIND_ATOMIC:
    if (In.I->imm == EBPF_ATOMIC_CMPXCHG)
      Clear(bit(0));
    else if (In.I->imm & EBPF_ATOMIC_FETCH)
      Clear(bit(D.src));
    break;
  case EBPF_KIND_CALL_LOCAL:
    // A function may return a pointer into its caller's stack.
    Clear(Clobbered);
    Set(0, true, true);
    break;
  case EBPF_KIND_CALLX:
  case EBPF_KIND_CALL_HELPER:
  case EBPF_KIND_CALL_KFUNC:
    Clear(Clobbered);
    Set(0, true, false);
    break;
  default:
    break;
  }
  Set(EBPF_REG_FP, true, true);
  return After;
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
  std::vector<Flow> FlowIn(Count);
  std::vector<bool> Seen(Count, false);

  size_t NumFunctions = P.Functions.size();
  auto Inside = [](const BpfFunction &Fn, int64_t Pc) {
    return Pc >= Fn.Start && Pc < Fn.End;
  };
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

  // 1. May-pointer and may-stack, forward, function by function.
  for (size_t FnIndex = 0; FnIndex < NumFunctions; ++FnIndex) {
    const BpfFunction &Fn = P.Functions[FnIndex];
    bool InMain = FnIndex == 0;
    // The context or block in r1; a subprogram's arguments may be anything,
    // pointers into its callers' stacks included.
    FlowIn[Fn.Start].Pointer =
        uint16_t(bit(EBPF_REG_FP) | (InMain ? bit(1) : Args));
    FlowIn[Fn.Start].Stack = uint16_t(bit(EBPF_REG_FP) | (InMain ? 0 : Args));
    Seen[Fn.Start] = true;
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (size_t Pc = Fn.Start; Pc < Fn.End; ++Pc) {
        if (!Insns[Pc].Valid || !Seen[Pc])
          continue;
        Flow Out = flowAfter(Insns[Pc], FlowIn[Pc]);
        int64_t Next[2];
        Successors(Pc, Next);
        for (int64_t S : Next) {
          if (!Inside(Fn, S))
            continue;
          Flow Merged;
          Merged.Pointer = uint16_t(FlowIn[S].Pointer | Out.Pointer);
          Merged.Stack = uint16_t(FlowIn[S].Stack | Out.Stack);
          if (!Seen[S] || Merged != FlowIn[S]) {
            FlowIn[S] = Merged;
            Seen[S] = true;
            Changed = true;
          }
        }
      }
    }
  }

  // 2 and 3. Liveness and precision, backward, until what each function
  // needs exact of its arguments and what its callers need exact of its
  // result agree across calls.
  std::vector<size_t> FunctionAt(Count, NumFunctions);
  for (size_t F = 0; F < NumFunctions; ++F)
    FunctionAt[P.Functions[F].Start] = F;
  std::vector<uint16_t> EntryPrecise(NumFunctions, 0);
  std::vector<bool> ReturnPrecise(NumFunctions, false);
  // A callback's result is checked against the range its helper allows.
  for (size_t Pc = 0; Pc < Count; ++Pc)
    if (Insns[Pc].Valid && Insns[Pc].D.kind == EBPF_KIND_LDDW &&
        Insns[Pc].D.target >= 0 && size_t(Insns[Pc].D.target) < Count &&
        FunctionAt[Insns[Pc].D.target] < NumFunctions)
      ReturnPrecise[FunctionAt[Insns[Pc].D.target]] = true;
  for (bool Outer = true; Outer;) {
    Outer = false;
    for (size_t FnIndex = 0; FnIndex < NumFunctions; ++FnIndex) {
      const BpfFunction &Fn = P.Functions[FnIndex];
      for (bool Changed = true; Changed;) {
        Changed = false;
        for (size_t Pc = Fn.End; Pc-- > Fn.Start;) {
          if (!Insns[Pc].Valid)
            continue;
          const ebpf_decoded &D = Insns[Pc].D;
          int64_t Next[2];
          Successors(Pc, Next);
          RegisterMasks Out;
          for (int64_t S : Next)
            if (Inside(Fn, S)) {
              Out.Live |= Masks[S].Live;
              Out.Precise |= Masks[S].Precise;
            }
          uint16_t CalleeEntry = 0;
          if (D.kind == EBPF_KIND_CALL_LOCAL && D.target >= 0 &&
              size_t(D.target) < Count) {
            size_t Callee = FunctionAt[D.target];
            if (Callee < NumFunctions) {
              CalleeEntry = EntryPrecise[Callee];
              // The callee's result is needed exact if r0 is, after the call.
              if ((Out.Precise & bit(0)) && !ReturnPrecise[Callee]) {
                ReturnPrecise[Callee] = true;
                Outer = true;
              }
            } else {
              CalleeEntry = Args; // not a function start: stay safe
            }
          }
          uint16_t Use, Def;
          useDef(Insns[Pc], Use, Def);
          RegisterMasks In;
          In.Live = uint16_t((Out.Live & ~Def) | Use);
          In.Precise = uint16_t(Out.Precise & ~Def);
          if (Out.Precise & Def)
            In.Precise |= flowsFrom(Insns[Pc]);
          In.Precise |= preciseUses(Insns[Pc], FlowIn[Pc], CalleeEntry,
                                    ReturnPrecise[FnIndex]);
          In.Precise &= In.Live;
          if (In.Live != Masks[Pc].Live || In.Precise != Masks[Pc].Precise) {
            Masks[Pc] = In;
            Changed = true;
          }
        }
      }
      uint16_t Entry = uint16_t(Masks[Fn.Start].Precise & Args);
      if ((Entry & ~EntryPrecise[FnIndex]) != 0) {
        EntryPrecise[FnIndex] |= Entry;
        Outer = true;
      }
    }
  }
  return Masks;
}
