//===- StackFacts.cpp - Which memory accesses hit the stack or context ----===//
//
// Each register holds a PointerFact: "r10 + K", "context + K", "derived from
// the context somehow" (MaybeContext) or unknown. Eight-byte stack slots a
// context-derived register was spilled to keep that fact too, so a context
// pointer survives a spill and reload. The analysis walks the function's
// basic blocks with a worklist until the per-block entry states stop
// changing. Two facts join to themselves if equal, to MaybeContext if either
// is context-derived, and to unknown otherwise; every fact can change at
// most twice, so the iteration terminates. A block is always re-walked after
// its entry state changes, so the facts recorded during its last walk hold
// for every path.
//
// Only the moves and constant additions that compilers emit to form
// addresses (mov rX, rY; add rX, imm; sub rX, imm) keep a Stack or Context
// fact; any other write of a context-derived value gives MaybeContext (an
// access through it is an error, never a silent miscompile), and every other
// write gives unknown.
//
// ProgramFacts repeats the per-function analysis over all functions,
// joining the context facts each call passes into its callee's entry state
// and noting which functions may return a context-derived value, until
// nothing changes. Stack facts never cross calls: each call has its own
// frame.
//
//===----------------------------------------------------------------------===//
#include "StackFacts.h"

#include <map>

using namespace ebpfc;

namespace {

PointerFact joinFacts(const PointerFact &A, const PointerFact &B) {
  if (A == B)
    return A;
  if (A.isContextLike() || B.isContextLike())
    return PointerFact::maybeContext();
  return PointerFact();
}

/// What one path knows at one instruction.
struct State {
  std::array<PointerFact, EBPF_NUM_REGS> Regs;
  /// Context-derived values spilled to the stack: 8-byte slots by their
  /// offset from r10. Other slots are unknown.
  std::map<int64_t, PointerFact> Spills;
};

/// Joins \p Incoming into \p Into; returns true if \p Into changed.
bool join(State &Into, const State &Incoming) {
  bool Changed = false;
  for (unsigned R = 0; R < EBPF_NUM_REGS; ++R) {
    PointerFact Joined = joinFacts(Into.Regs[R], Incoming.Regs[R]);
    if (Joined != Into.Regs[R]) {
      Into.Regs[R] = Joined;
      Changed = true;
    }
  }
  // A slot missing on one side is unknown there.
  std::map<int64_t, PointerFact> Spills;
  for (const auto &[Offset, Fact] : Into.Spills) {
    auto It = Incoming.Spills.find(Offset);
    PointerFact Joined = joinFacts(
        Fact, It == Incoming.Spills.end() ? PointerFact() : It->second);
    if (Joined.isContextLike())
      Spills[Offset] = Joined;
  }
  for (const auto &[Offset, Fact] : Incoming.Spills)
    if (!Into.Spills.count(Offset))
      Spills[Offset] = PointerFact::maybeContext(); // unknown ⊔ context
  if (Spills.size() != Into.Spills.size() ||
      !std::equal(Spills.begin(), Spills.end(), Into.Spills.begin()))
    Changed = true;
  Into.Spills = std::move(Spills);
  return Changed;
}

void clobberCallerSaved(State &S) {
  for (unsigned R = 0; R <= 5; ++R)
    S.Regs[R] = PointerFact();
}

/// The address base + \p Offset.
PointerFact displaced(const PointerFact &Base, int64_t Offset) {
  PointerFact F = Base;
  if (F.Kind == PointerFact::Stack || F.Kind == PointerFact::Context)
    F.Offset += Offset;
  return F;
}

/// Forgets the spilled values that [Offset, Offset + Size) overlaps.
void clobberSpills(State &S, int64_t Offset, unsigned Size) {
  constexpr int64_t SlotSize = 8;
  auto It = S.Spills.lower_bound(Offset - SlotSize + 1);
  while (It != S.Spills.end() && It->first < Offset + int64_t(Size))
    It = S.Spills.erase(It);
}

/// What a load of \p Size bytes at r10 + \p Offset reads.
PointerFact loadFromStack(const State &S, int64_t Offset, unsigned Size) {
  constexpr int64_t SlotSize = 8;
  auto It = S.Spills.find(Offset);
  if (Size == SlotSize && It != S.Spills.end())
    return It->second;
  // Part of a spilled context pointer is no pointer at all.
  auto Overlap = S.Spills.lower_bound(Offset - SlotSize + 1);
  if (Overlap != S.Spills.end() && Overlap->first < Offset + int64_t(Size))
    return PointerFact::maybeContext();
  return PointerFact();
}

/// Applies one ALU instruction to \p S.
void transferAlu(const ebpf_insn &Insn, const ebpf_decoded &D, State &S) {
  PointerFact &Dst = S.Regs[D.dst];
  unsigned Op = ebpf_alu_op(Insn.opcode);
  bool IsReg = ebpf_source(Insn.opcode) == EBPF_SRC_X;
  bool ReadsDst = Op != EBPF_ALU_MOV;
  bool FromContext = (ReadsDst && Dst.isContextLike()) ||
                     (IsReg && S.Regs[D.src].isContextLike());
  if (D.is64 && Op == EBPF_ALU_MOV && IsReg && Insn.offset == 0) {
    Dst = S.Regs[D.src];
    return;
  }
  if (D.is64 && !IsReg && (Op == EBPF_ALU_ADD || Op == EBPF_ALU_SUB)) {
    Dst = displaced(Dst, Op == EBPF_ALU_ADD ? D.imm : -D.imm);
    return;
  }
  Dst = FromContext ? PointerFact::maybeContext() : PointerFact();
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

StackFacts::StackFacts(const Program &Prog, const BpfFunction &Fn,
                       const ArgumentFacts &Args,
                       const std::set<uint32_t> &ContextReturning)
    : Start(Fn.Start), Accesses(Fn.End > Fn.Start ? Fn.End - Fn.Start : 0) {
  if (Fn.End <= Fn.Start || Fn.End > Prog.Insns.size())
    return;
  std::vector<bool> BlockStarts = findBlockStarts(Prog, Fn);
  // Entry state per block start; nullopt until some path reaches it.
  std::vector<std::optional<State>> EntryStates(BlockStarts.size());
  // What r0 holds at each exit, from the last walk of its block.
  std::map<uint32_t, PointerFact> Exits;
  // Ordered so blocks are visited in address order, which converges fast for
  // the forward-branching code compilers emit.
  std::set<uint32_t> Worklist;

  auto Propagate = [&](int64_t Target, const State &S) {
    if (Target < Fn.Start || Target >= Fn.End)
      return;
    std::optional<State> &Entry = EntryStates[Target - Fn.Start];
    if (!Entry) {
      Entry = S;
      Worklist.insert(Target);
    } else if (join(*Entry, S)) {
      Worklist.insert(Target);
    }
  };

  State Initial;
  Initial.Regs[EBPF_REG_FP] = PointerFact::stack(0);
  for (unsigned R = 1; R <= 5; ++R)
    if (Args[R - 1].isContextLike()) // a caller's frame is not ours
      Initial.Regs[R] = Args[R - 1];
  Propagate(Fn.Start, Initial);

  while (!Worklist.empty()) {
    uint32_t Pc = *Worklist.begin();
    Worklist.erase(Worklist.begin());
    State S = *EntryStates[Pc - Fn.Start];

    while (Pc < Fn.End) {
      ebpf_decoded D;
      const ebpf_insn &Insn = Prog.Insns[Pc];
      if (ebpf_decode(Prog.Insns.data(), Prog.Insns.size(), Pc, &D))
        break;
      auto RecordAccess = [&](unsigned Base) {
        PointerFact Address = displaced(S.Regs[Base], Insn.offset);
        Accesses[Pc - Fn.Start] = Address;
        return Address;
      };
      uint32_t Next = Pc + D.slots;
      bool FallsThrough = true;
      switch (D.kind) {
      case EBPF_KIND_ALU:
        transferAlu(Insn, D, S);
        break;
      case EBPF_KIND_ENDIAN:
        S.Regs[D.dst] = S.Regs[D.dst].isContextLike()
                            ? PointerFact::maybeContext()
                            : PointerFact();
        break;
      case EBPF_KIND_LDDW:
        S.Regs[D.dst] = PointerFact();
        break;
      case EBPF_KIND_LOAD: {
        PointerFact Address = RecordAccess(D.src);
        PointerFact Loaded;
        if (Address.Kind == PointerFact::Stack) {
          Loaded = loadFromStack(S, Address.Offset, D.size);
          if (ebpf_mode(Insn.opcode) == EBPF_MODE_MEMSX &&
              Loaded.isContextLike())
            Loaded = PointerFact::maybeContext();
        }
        S.Regs[D.dst] = Loaded;
        break;
      }
      case EBPF_KIND_STORE_IMM:
      case EBPF_KIND_STORE_REG: {
        PointerFact Address = RecordAccess(D.dst);
        if (Address.Kind != PointerFact::Stack)
          break;
        clobberSpills(S, Address.Offset, D.size);
        if (D.kind == EBPF_KIND_STORE_REG && D.size == 8 &&
            S.Regs[D.src].isContextLike())
          S.Spills[Address.Offset] = S.Regs[D.src];
        break;
      }
      case EBPF_KIND_ATOMIC: {
        PointerFact Address = RecordAccess(D.dst);
        if (Address.Kind == PointerFact::Stack)
          clobberSpills(S, Address.Offset, D.size);
        if (Insn.imm == EBPF_ATOMIC_CMPXCHG)
          S.Regs[0] = PointerFact();
        else if (Insn.imm & EBPF_ATOMIC_FETCH)
          S.Regs[D.src] = PointerFact();
        break;
      }
      case EBPF_KIND_CALL_LOCAL: {
        LocalCall &Call = Calls[Pc];
        Call.Target = D.target;
        for (unsigned R = 1; R <= 5; ++R)
          Call.Args[R - 1] = S.Regs[R];
        // r6..r9 are callee-saved, including across local calls.
        clobberCallerSaved(S);
        if (D.target >= 0 && ContextReturning.count(uint32_t(D.target)))
          S.Regs[0] = PointerFact::maybeContext();
        break;
      }
      case EBPF_KIND_LD_PACKET:
        // Legacy packet loads read the packet of the context in r6.
        Accesses[Pc - Fn.Start] = S.Regs[6];
        clobberCallerSaved(S);
        break;
      case EBPF_KIND_CALL_HELPER:
      case EBPF_KIND_CALL_KFUNC:
      case EBPF_KIND_CALLX:
        clobberCallerSaved(S);
        break;
      case EBPF_KIND_JA:
        Propagate(D.target, S);
        FallsThrough = false;
        break;
      case EBPF_KIND_COND_JUMP:
        Propagate(D.target, S);
        Propagate(Next, S);
        FallsThrough = false;
        break;
      case EBPF_KIND_EXIT:
        Exits[Pc] = S.Regs[0];
        FallsThrough = false;
        break;
      }
      if (!FallsThrough)
        break;
      if (Next < Fn.End && BlockStarts[Next - Fn.Start]) {
        Propagate(Next, S);
        break;
      }
      Pc = Next;
    }
  }
  for (const auto &[Pc, Fact] : Exits)
    ReturnsContext |= Fact.isContextLike();
}

ProgramFacts::ProgramFacts(const Program &Prog) {
  size_t N = Prog.Functions.size();
  std::map<int64_t, size_t> IndexByStart;
  for (size_t I = 0; I < N; ++I)
    IndexByStart[Prog.Functions[I].Start] = I;

  // Functions that local calls reach get their entry facts from their
  // callers; the others (the entry, callbacks) are roots.
  std::vector<bool> IsCallee(N, false);
  for (const BpfFunction &Fn : Prog.Functions)
    for (uint32_t Pc = Fn.Start; Pc < Fn.End && Pc < Prog.Insns.size();) {
      ebpf_decoded D;
      if (ebpf_decode(Prog.Insns.data(), Prog.Insns.size(), Pc, &D)) {
        ++Pc;
        continue;
      }
      if (D.kind == EBPF_KIND_CALL_LOCAL)
        if (auto It = IndexByStart.find(D.target); It != IndexByStart.end())
          IsCallee[It->second] = true;
      Pc += D.slots;
    }

  std::vector<std::optional<ArgumentFacts>> Entry(N);
  for (size_t I = 0; I < N; ++I)
    if (I == 0 || !IsCallee[I])
      Entry[I] = ArgumentFacts();
  if (N > 0 && Prog.Type != ProgramType::Raw)
    (*Entry[0])[0] = PointerFact::context(0);

  std::set<uint32_t> ContextReturning;
  std::vector<std::optional<StackFacts>> Results(N);
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (size_t I = 0; I < N; ++I) {
      if (!Entry[I])
        continue;
      const BpfFunction &Fn = Prog.Functions[I];
      Results[I].emplace(Prog, Fn, *Entry[I], ContextReturning);
      for (const auto &[Pc, Call] : Results[I]->localCalls()) {
        auto It = IndexByStart.find(Call.Target);
        if (It == IndexByStart.end())
          continue;
        std::optional<ArgumentFacts> &Callee = Entry[It->second];
        ArgumentFacts Passed;
        for (unsigned A = 0; A < Passed.size(); ++A)
          if (Call.Args[A].isContextLike())
            Passed[A] = Call.Args[A];
        if (!Callee) {
          Callee = Passed;
          Changed = true;
          continue;
        }
        for (unsigned A = 0; A < Passed.size(); ++A) {
          PointerFact Joined = joinFacts((*Callee)[A], Passed[A]);
          if (Joined != (*Callee)[A]) {
            (*Callee)[A] = Joined;
            Changed = true;
          }
        }
      }
      if (Results[I]->mayReturnContext() &&
          ContextReturning.insert(Fn.Start).second)
        Changed = true;
    }
  }
  Functions.reserve(N);
  for (size_t I = 0; I < N; ++I) {
    if (!Results[I]) // never called: nothing it does can matter
      Results[I].emplace(Prog, Prog.Functions[I]);
    Functions.push_back(std::move(*Results[I]));
  }
}
