//===- StackFacts.cpp - Which memory accesses hit the stack frame ---------===//
//
// Each register is either "r10 + K" for a known constant K or unknown. The
// analysis walks the function's basic blocks with a worklist until the
// per-block entry states stop changing; two states join register-wise (equal
// facts survive, anything else becomes unknown), so every register can change
// at most twice and the iteration terminates. A block is always re-walked
// after its entry state changes, so the facts recorded during its last walk
// hold for every path.
//
// Only the moves and constant additions that compilers emit to form stack
// addresses (mov rX, r10; add rX, imm; sub rX, imm) keep a fact; every other
// write makes the register unknown.
//
//===----------------------------------------------------------------------===//
#include "StackFacts.h"

#include <array>
#include <set>

using namespace ebpfc;

namespace {

/// Per register: the offset from r10 it holds, or nullopt if unknown.
using RegisterState = std::array<std::optional<int64_t>, EBPF_NUM_REGS>;

RegisterState entryState() {
  RegisterState State;
  State[EBPF_REG_FP] = 0;
  return State;
}

/// Joins \p Incoming into \p Into; returns true if \p Into changed.
bool join(RegisterState &Into, const RegisterState &Incoming) {
  bool Changed = false;
  for (unsigned R = 0; R < EBPF_NUM_REGS; ++R) {
    if (Into[R] && Into[R] != Incoming[R]) {
      Into[R].reset();
      Changed = true;
    }
  }
  return Changed;
}

void clobberCallerSaved(RegisterState &State) {
  for (unsigned R = 0; R <= 5; ++R)
    State[R].reset();
}

/// Applies one ALU instruction to \p State.
void transferAlu(const ebpf_insn &Insn, const ebpf_decoded &D,
                 RegisterState &State) {
  std::optional<int64_t> &Dst = State[D.dst];
  unsigned Op = ebpf_alu_op(Insn.opcode);
  bool IsReg = ebpf_source(Insn.opcode) == EBPF_SRC_X;
  if (!D.is64) {
    Dst.reset();
    return;
  }
  if (Op == EBPF_ALU_MOV && IsReg && Insn.offset == 0) {
    Dst = State[D.src];
    return;
  }
  if (Dst && !IsReg && Op == EBPF_ALU_ADD) {
    Dst = *Dst + D.imm;
    return;
  }
  if (Dst && !IsReg && Op == EBPF_ALU_SUB) {
    Dst = *Dst - D.imm;
    return;
  }
  Dst.reset();
}

} // namespace

std::vector<bool> ebpfc::findBlockStarts(const Program &Prog,
                                         const BpfFunction &Fn) {
  std::vector<bool> Starts(Fn.End - Fn.Start, false);
  if (Starts.empty())
    return Starts;
  Starts[0] = true;
  auto Mark = [&](int64_t Pc) {
    if (Pc >= Fn.Start && Pc < Fn.End)
      Starts[Pc - Fn.Start] = true;
  };
  for (uint32_t Pc = Fn.Start; Pc < Fn.End;) {
    ebpf_decoded D;
    if (ebpf_decode(Prog.Insns.data(), Prog.Insns.size(), Pc, &D)) {
      ++Pc;
      continue;
    }
    uint32_t Next = Pc + D.slots;
    switch (D.kind) {
    case EBPF_KIND_JA:
    case EBPF_KIND_COND_JUMP:
      Mark(D.target);
      Mark(Next);
      break;
    case EBPF_KIND_EXIT:
      Mark(Next);
      break;
    default:
      break;
    }
    Pc = Next;
  }
  return Starts;
}

StackFacts::StackFacts(const Program &Prog, const BpfFunction &Fn)
    : Start(Fn.Start), AccessOffsets(Fn.End - Fn.Start) {
  if (Fn.End <= Fn.Start)
    return;
  std::vector<bool> BlockStarts = findBlockStarts(Prog, Fn);
  // Entry state per block start; nullopt until some path reaches it.
  std::vector<std::optional<RegisterState>> EntryStates(BlockStarts.size());
  // Ordered so blocks are visited in address order, which converges fast for
  // the forward-branching code compilers emit.
  std::set<uint32_t> Worklist;

  auto Propagate = [&](int64_t Target, const RegisterState &State) {
    if (Target < Fn.Start || Target >= Fn.End)
      return;
    std::optional<RegisterState> &Entry = EntryStates[Target - Fn.Start];
    if (!Entry) {
      Entry = State;
      Worklist.insert(Target);
    } else if (join(*Entry, State)) {
      Worklist.insert(Target);
    }
  };

  Propagate(Fn.Start, entryState());
  while (!Worklist.empty()) {
    uint32_t Pc = *Worklist.begin();
    Worklist.erase(Worklist.begin());
    RegisterState State = *EntryStates[Pc - Fn.Start];

    while (Pc < Fn.End) {
      ebpf_decoded D;
      const ebpf_insn &Insn = Prog.Insns[Pc];
      if (ebpf_decode(Prog.Insns.data(), Prog.Insns.size(), Pc, &D))
        break;
      auto RecordAccess = [&](unsigned Base) {
        std::optional<int64_t> Offset = State[Base];
        if (Offset)
          *Offset += Insn.offset;
        AccessOffsets[Pc - Fn.Start] = Offset;
      };
      uint32_t Next = Pc + D.slots;
      bool FallsThrough = true;
      switch (D.kind) {
      case EBPF_KIND_ALU:
        transferAlu(Insn, D, State);
        break;
      case EBPF_KIND_ENDIAN:
      case EBPF_KIND_LDDW:
        State[D.dst].reset();
        break;
      case EBPF_KIND_LOAD:
        RecordAccess(D.src);
        State[D.dst].reset();
        break;
      case EBPF_KIND_STORE_IMM:
      case EBPF_KIND_STORE_REG:
        RecordAccess(D.dst);
        break;
      case EBPF_KIND_ATOMIC:
        RecordAccess(D.dst);
        if (Insn.imm == EBPF_ATOMIC_CMPXCHG)
          State[0].reset();
        else if (Insn.imm & EBPF_ATOMIC_FETCH)
          State[D.src].reset();
        break;
      case EBPF_KIND_LD_PACKET:
      case EBPF_KIND_CALL_HELPER:
      case EBPF_KIND_CALL_LOCAL:
      case EBPF_KIND_CALL_KFUNC:
      case EBPF_KIND_CALLX:
        // r6..r9 are callee-saved, including across local calls.
        clobberCallerSaved(State);
        break;
      case EBPF_KIND_JA:
        Propagate(D.target, State);
        FallsThrough = false;
        break;
      case EBPF_KIND_COND_JUMP:
        Propagate(D.target, State);
        Propagate(Next, State);
        FallsThrough = false;
        break;
      case EBPF_KIND_EXIT:
        FallsThrough = false;
        break;
      }
      if (!FallsThrough)
        break;
      if (Next < Fn.End && BlockStarts[Next - Fn.Start]) {
        Propagate(Next, State);
        break;
      }
      Pc = Next;
    }
  }
}
