//===- verifier/Analyzer.cpp - Exploring every path of a program ----------===//
//
// A depth-first exploration of the program's paths on abstract states, in
// the manner of the kernel's do_check(): one path runs until it exits, is
// pruned or is rejected; at a conditional jump whose outcome the state does
// not decide, the other branch is pushed to be explored later.
//
// Pruning. At prune points (jump targets and the instructions after
// conditional jumps) the current state is compared with the states stored
// there before. A stored state whose every continuation has been explored
// (Branches == 0) and which covers the current one proves the rest of this
// path safe. A stored state whose exploration is still under way is an
// ancestor in a loop: reaching it again in an equivalent state means the
// loop can run forever ("infinite loop detected"). A loop that makes
// progress is explored iteration by iteration until its exit condition is
// decided, as the kernel does for bounded loops; one that never ends runs
// into the limit on processed instructions.
//
// Each instruction's checks come from the kernel's rules and messages:
// check_mem_access(), check_stack_access_within_bounds(),
// check_packet_access(), check_ctx_access(), adjust_ptr_min_max_vals(),
// check_helper_call() and check_cond_jmp_op() in kernel/bpf/verifier.c.
//
//===----------------------------------------------------------------------===//
#include "Analyzer.h"

#include "AbstractState.h"
#include "ContextLayout.h"
#include "Liveness.h"

#include "ebpfc/helpers.h"
#include "ebpfc/object.h"

#include <array>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <memory>
#include <unordered_map>

using namespace ebpfc;

namespace {

/// The kernel's BPF_MAX_VAR_OFF: pointer offsets stay well inside 32 bits.
constexpr int64_t MaxVarOff = int64_t(1) << 29;
constexpr int StackSize = EBPF_STACK_SIZE;
/// The kernel's MAX_PACKET_OFF: the farthest offset into a packet that a
/// bounds check may prove.
constexpr uint64_t MaxPacketOff = 0xffff;

std::string format(const char *Fmt, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char *Fmt, ...) {
  char Buf[512];
  va_list Args;
  va_start(Args, Fmt);
  std::vsnprintf(Buf, sizeof(Buf), Fmt, Args);
  va_end(Args);
  return Buf;
}

struct HelperProto {
  uint32_t Id;
  const char *Name;
  uint32_t Types;
  ebpf_helper_ret Ret;
  ebpf_helper_arg Args[5];
  uint32_t Effects;
};

const HelperProto HelperTable[] = {
#define EBPF_HELPER(ID, NAME, FN, TYPES, RET, A1, A2, A3, A4, A5, EFFECTS)     \
  {ID, NAME, TYPES, RET, {A1, A2, A3, A4, A5}, EFFECTS},
#include "ebpfc/helpers.def"
#undef EBPF_HELPER
};

const HelperProto *findHelper(ProgramType Type, int64_t Id) {
  for (const HelperProto &H : HelperTable)
    if (int64_t(H.Id) == Id && (H.Types & (1u << unsigned(Type))))
      return &H;
  return nullptr;
}

/// Whether D calls a helper that calls back into the program.
bool callsBack(const ebpf_decoded &D) {
  if (D.kind != EBPF_KIND_CALL_HELPER)
    return false;
  for (const HelperProto &H : HelperTable)
    if (int64_t(H.Id) == D.imm)
      for (ebpf_helper_arg A : H.Args)
        if (A == EBPF_ARG_CALLBACK)
          return true;
  return false;
}

const char *aluOpString(unsigned Op) {
  static const char *Names[] = {
      "+=",  "-=",  "*=", "/=", "|=", "&=",   "<<=",
      ">>=", "neg", "%=", "^=", "=",  "s>>=", "endian"};
  return Names[(Op >> 4) & 0xf];
}

/// A state stored at a prune point. Branches counts the paths still being
/// explored below it; at 0 every continuation from it has been proved safe.
struct StoredState {
  AbstractState State;
  StoredState *Parent;
  uint32_t Branches;
  uint32_t Pc;
};

/// What a quick look at the current frame's registers needs of a stored
/// state, kept beside the pointer to it: comparing with states that cannot
/// cover the current one then touches no memory of theirs. (covers() fails
/// for most comparisons, and a stored state's registers are a cache miss
/// away.)
/// The current frame's stack slots with some byte that is not known zero.
uint64_t nonZeroSlots(const Frame &F) {
  uint64_t Mask = 0;
  for (const auto &[Index, Slot] : F.Slots)
    if (!Slot.allZero())
      Mask |= uint64_t(1) << Index;
  return Mask;
}

struct Candidate {
  StoredState *S;
  uint16_t Init = 0; ///< registers the state has (the others cover anything)
  std::array<RegKind, EBPF_NUM_REGS> Kind;
  std::array<uint64_t, EBPF_NUM_REGS> UMin, UMax;
  /// A zero byte covers only a zero byte: the slots where the current state
  /// has anything else must be among these.
  uint64_t NonZero;

  explicit Candidate(StoredState *S)
      : S(S), NonZero(nonZeroSlots(S->State.current())) {
    const Frame &F = S->State.current();
    for (unsigned R = 0; R < EBPF_NUM_REGS; ++R) {
      Kind[R] = F.Regs[R].Kind;
      UMin[R] = F.Regs[R].Val.UMin;
      UMax[R] = F.Regs[R].Val.UMax;
      if (F.Regs[R].isInit())
        Init |= uint16_t(1u << R);
    }
  }
  /// A necessary condition for covers(S->State, Cur), where CurNonZero is
  /// nonZeroSlots(Cur.current()): each register S has is of the same kind
  /// in Cur's frame, with an unsigned range inside S's, and Cur's frame has
  /// non-zero bytes only in slots where S's has too.
  bool mayCover(const AbstractState &Cur, uint64_t CurNonZero) const {
    if (S->State.Frames.size() != Cur.Frames.size() || (CurNonZero & ~NonZero))
      return false;
    const Frame &F = Cur.current();
    for (unsigned R = 0; R < EBPF_NUM_REGS; ++R)
      if ((Init & (1u << R)) &&
          (F.Regs[R].Kind != Kind[R] || F.Regs[R].Val.UMin < UMin[R] ||
           F.Regs[R].Val.UMax > UMax[R]))
        return false;
    return true;
  }
};

struct Path {
  AbstractState State;
  uint32_t Pc = 0;
  StoredState *Last = nullptr; ///< the latest state stored along this path
  /// With RecordPath: the steps recorded before this path forked off, and
  /// the jump it forked at (none for the entry path).
  size_t TrailLength = 0;
  std::optional<uint32_t> ForkPc;
};

/// What one instruction changed in the frame it ran in, or the whole new
/// frame when it called or returned.
std::string describeChanges(const AbstractState &Before,
                            const AbstractState &After) {
  if (Before.Frames.size() != After.Frames.size())
    return describeFrame(After.current());
  const Frame &Old = Before.current(), &New = After.current();
  std::string Out;
  auto Add = [&](const std::string &Item) {
    Out += (Out.empty() ? "" : " ") + Item;
  };
  for (unsigned R = 0; R < EBPF_NUM_REGS; ++R)
    if (!(Old.Regs[R] == New.Regs[R]) && New.Regs[R].isInit())
      Add("R" + std::to_string(R) + "=" + New.Regs[R].str());
  for (const auto &[Index, Slot] : New.Slots) {
    const StackSlot *Was = Old.slot(Index);
    if (!Was || !(*Was == Slot))
      Add(describeSlot(Index, Slot));
  }
  return Out;
}

enum class Access { Read, Write, ReadWrite };

class Analyzer {
public:
  Analyzer(const Program &P, const VerifyOptions &Options, VerifiedProgram &Out)
      : P(P), Options(Options), Out(Out), Count(P.Insns.size()),
        Maps(Options.Maps), Decoded(Out.Decoded) {}

  std::optional<VerifierDiagnostic> run();

private:
  // Exploration.
  bool checkReachable();
  void markPrunePoints();
  void markBlockStarts();
  AbstractState entryState();
  enum class Visit { Continue, Prune };
  AbstractState liveOnly(const AbstractState &S, uint32_t Pc) const;
  /// True if the path is inside a loop, in its function or in a caller.
  /// Joining there would blur a loop counter, and with it the exit
  /// condition that ends the loop's exploration, so the analyzer does not.
  bool inLoop(const Path &Cur) const {
    if (InLoop[Cur.Pc])
      return true;
    for (size_t F = 1; F < Cur.State.Frames.size(); ++F)
      if (InLoop[Cur.State.Frames[F].CallSite])
        return true;
    return false;
  }
  Visit visit(Path &Cur);
  void finish(StoredState *S);
  void fork(Path &Cur, AbstractState Other, uint32_t Pc);
  /// Executes the instruction at Cur.Pc; false when the path ends.
  bool step(Path &Cur);

  // Instructions.
  bool alu(Path &Cur, const ebpf_insn &I, const ebpf_decoded &D);
  bool pointerAlu(Path &Cur, unsigned Op, const ebpf_decoded &D,
                  const RegState &Src);
  bool endian(Path &Cur, const ebpf_insn &I, const ebpf_decoded &D);
  bool lddw(Path &Cur, const ebpf_insn &I, const ebpf_decoded &D);
  bool legacyPacketLoad(Path &Cur, const ebpf_insn &I, const ebpf_decoded &D);
  bool load(Path &Cur, const ebpf_insn &I, const ebpf_decoded &D);
  bool store(Path &Cur, const ebpf_insn &I, const ebpf_decoded &D);
  bool atomic(Path &Cur, const ebpf_insn &I, const ebpf_decoded &D);
  bool condJump(Path &Cur, const ebpf_insn &I, const ebpf_decoded &D);
  bool helperCall(Path &Cur, int64_t Id);
  bool localCall(Path &Cur, const ebpf_decoded &D);
  /// The helper at Cur.Pc calls the program's function at Target: explores
  /// that call as a path of its own (the current one goes on after the
  /// helper returns).
  bool callCallback(Path &Cur, uint32_t HelperId, uint32_t Target);
  /// A callback returned to the helper that called it, which may call it
  /// again: scalars that changed since the helper's previous call are
  /// widened, so that the states there repeat and exploration ends.
  void widenAtCallbackReturn(Path &Cur);
  bool exit(Path &Cur);
  /// Pops the current frame: r0 goes to the caller, whose r1-r5 are gone.
  static void returnToCaller(AbstractState &S);

  // Memory.
  bool access(Path &Cur, unsigned Regno, int64_t InsnOff, unsigned Size,
              Access Kind, ContextAccessKind CtxKind, const RegState *Value,
              RegState *Loaded);
  bool stackAccess(Path &Cur, unsigned Regno, const RegState &Base,
                   int64_t InsnOff, uint64_t Size, Access Kind,
                   const RegState *Value, RegState *Loaded, bool ByHelper);
  bool packetAccess(Path &Cur, unsigned Regno, const RegState &Base,
                    int64_t InsnOff, uint64_t Size, Access Kind);
  bool regionAccess(Path &Cur, unsigned Regno, const RegState &Base,
                    int64_t InsnOff, uint64_t Size, uint64_t RegionSize,
                    const char *What, const char *SizeName);
  bool mapValueAccess(Path &Cur, unsigned Regno, const RegState &Base,
                      int64_t InsnOff, uint64_t Size, Access Kind);
  bool contextAccess(Path &Cur, unsigned Regno, const RegState &Base,
                     int64_t InsnOff, unsigned Size, ContextAccessKind Kind,
                     RegState *Loaded);
  bool helperMemory(Path &Cur, unsigned Regno, uint64_t Size, Access Kind,
                    bool PacketOk);

  // Facts.
  void noteRegion(uint32_t Pc, AccessRegion Region, int32_t StackOffset = 0);
  void noteLoop(const Path &Cur, uint32_t Callback);
  bool noteContext(Path &Cur, const ContextAccess &A);

  bool fail(const Path &Cur, std::string Message);
  bool readable(const Path &Cur, unsigned Regno);
  uint32_t newId() { return ++LastId; }
  bool memIsNullable() const { return Options.MemSize == 0; }

  const Program &P;
  const VerifyOptions &Options;
  VerifiedProgram &Out;
  size_t Count;
  const std::vector<MapDefinition> *Maps;
  std::vector<ebpf_decoded> &Decoded;
  std::vector<bool> PrunePoint;
  std::vector<bool> InLoop;
  std::vector<bool> CallbackSites;
  std::vector<RegisterMasks> RegMasks;
  /// Every stored state (they are referenced as parents until the end).
  std::vector<std::unique_ptr<StoredState>> Stored;
  /// By instruction: the states stored there, and of those, the ones whose
  /// every continuation has been explored, oldest first.
  std::vector<uint32_t> StoredAt;
  std::vector<std::vector<Candidate>> Complete;
  /// States still being explored, by instruction and stateHash(): a path
  /// that comes back to one of them unchanged is in an endless loop.
  std::unordered_multimap<uint64_t, StoredState *> InProgress;
  std::vector<Path> Worklist;
  /// With RecordPath: the steps of the path being explored.
  std::vector<PathStep> Trail;
  std::vector<bool> DivisorSeen;
  /// bpf_loop calls: the callback seen first (InsnFacts::InlinedLoop).
  std::unordered_map<uint32_t, uint32_t> LoopCallback;
  uint32_t LastId = 0;
  uint64_t LiveStates = 0;
  uint64_t Comparisons = 0;
  std::optional<VerifierDiagnostic> Failure;
};

//===-- Exploration -------------------------------------------------------===//

bool Analyzer::fail(const Path &Cur, std::string Message) {
  if (!Failure)
    Failure = VerifierDiagnostic{
        Cur.Pc, std::move(Message), describeState(Cur.State), {}};
  return false;
}

bool Analyzer::readable(const Path &Cur, unsigned Regno) {
  if (Cur.State.current().Regs[Regno].isInit())
    return true;
  return fail(Cur, format("R%u !read_ok", Regno));
}

/// Every instruction must be reachable along some edge of the control flow
/// graph, as the kernel's check_cfg() demands.
bool Analyzer::checkReachable() {
  std::vector<bool> Seen(Count, false);
  std::vector<uint32_t> Todo = {0};
  auto Push = [&](int64_t Pc) {
    if (Pc >= 0 && size_t(Pc) < Count && !Seen[Pc]) {
      Seen[Pc] = true;
      Todo.push_back(uint32_t(Pc));
    }
  };
  Seen[0] = true;
  while (!Todo.empty()) {
    uint32_t Pc = Todo.back();
    Todo.pop_back();
    const ebpf_decoded &D = Decoded[Pc];
    switch (D.kind) {
    case EBPF_KIND_EXIT:
      break;
    case EBPF_KIND_JA:
      Push(D.target);
      break;
    case EBPF_KIND_COND_JUMP:
      Push(D.target);
      Push(Pc + 1);
      break;
    case EBPF_KIND_CALL_LOCAL:
      Push(D.target);
      Push(Pc + 1);
      break;
    default:
      // The address of a function (a callback) makes it reachable too.
      if (D.kind == EBPF_KIND_LDDW && D.target >= 0)
        Push(D.target);
      Push(Pc + D.slots);
      break;
    }
  }
  for (size_t Pc = 0; Pc < Count; Pc += Decoded[Pc].slots) {
    if (Seen[Pc])
      continue;
    Failure =
        VerifierDiagnostic{Pc, format("unreachable insn %zu", Pc), "", {}};
    return false;
  }
  return true;
}

void Analyzer::markPrunePoints() {
  PrunePoint.assign(Count, false);
  InLoop.assign(Count, false);
  CallbackSites.assign(Count, false);
  for (const BpfFunction &Fn : P.Functions)
    PrunePoint[Fn.Start] = true;
  for (size_t Pc = 0; Pc < Count; Pc += Decoded[Pc].slots) {
    const ebpf_decoded &D = Decoded[Pc];
    if (D.kind == EBPF_KIND_JA || D.kind == EBPF_KIND_COND_JUMP) {
      PrunePoint[D.target] = true;
      // A back edge: the instructions from its target to it form a loop
      // (clang lays loop bodies out contiguously; anything else only
      // makes this mark more instructions).
      for (size_t L = size_t(D.target); L <= Pc && size_t(D.target) <= Pc; ++L)
        InLoop[L] = true;
    }
    if (D.kind == EBPF_KIND_COND_JUMP && Pc + 1 < Count)
      PrunePoint[Pc + 1] = true;
    // A helper that calls back runs again after each call: a loop head.
    if (callsBack(D)) {
      PrunePoint[Pc] = true;
      InLoop[Pc] = true;
      CallbackSites[Pc] = true;
    }
  }
}

void Analyzer::markBlockStarts() {
  Out.BlockStarts.assign(Count, false);
  for (const BpfFunction &Fn : P.Functions)
    Out.BlockStarts[Fn.Start] = true;
  for (size_t Pc = 0; Pc < Count; Pc += Decoded[Pc].slots) {
    const ebpf_decoded &D = Decoded[Pc];
    bool Jumps = D.kind == EBPF_KIND_JA || D.kind == EBPF_KIND_COND_JUMP;
    if (Jumps)
      Out.BlockStarts[D.target] = true;
    if ((Jumps || D.kind == EBPF_KIND_EXIT) && Pc + D.slots < Count)
      Out.BlockStarts[Pc + D.slots] = true;
  }
}

AbstractState Analyzer::entryState() {
  AbstractState S;
  S.Frames.emplace_back();
  Frame &F = S.Frames[0];
  if (P.Type == ProgramType::Raw) {
    F.Regs[1] = RegState::pointer(RegKind::Mem);
    F.Regs[2] = RegState::scalar(Scalar::constant(Options.MemSize));
  } else {
    F.Regs[1] = RegState::pointer(RegKind::Ctx);
  }
  F.Regs[EBPF_REG_FP] = RegState::pointer(RegKind::Stack);
  return S;
}

/// S as a stored state needs it: without the registers no continuation
/// from Pc can read (in the current frame those dead at Pc, in each caller
/// those dead after the call returns), and with the scalars no check will
/// look at widened to any value, so that it covers paths that differ only
/// there.
AbstractState Analyzer::liveOnly(const AbstractState &S, uint32_t Pc) const {
  AbstractState Clean = S;
  for (size_t F = Clean.Frames.size(); F-- > 0;) {
    RegisterMasks Masks;
    if (F + 1 == Clean.Frames.size()) {
      Masks = RegMasks[Pc];
    } else if (Clean.Frames[F + 1].Callback) {
      // The helper's call runs again when the callback returns.
      Masks = RegMasks[Clean.Frames[F + 1].CallSite];
    } else {
      Masks = RegMasks[Clean.Frames[F + 1].CallSite + 1];
      Masks.Live &= uint16_t(~0x3fu); // r0-r5 are set by the return
    }
    for (unsigned R = 0; R < EBPF_REG_FP; ++R) {
      RegState &Reg = Clean.Frames[F].Regs[R];
      if (!(Masks.Live & (1u << R)))
        Reg = RegState();
      else if (Reg.isScalar() && !(Masks.Precise & (1u << R)))
        Reg = RegState::scalar(Scalar::unknown());
    }
  }
  return Clean;
}

Analyzer::Visit Analyzer::visit(Path &Cur) {
  std::vector<Candidate> &Done = Complete[Cur.Pc];
  uint64_t CurNonZero = nonZeroSlots(Cur.State.current());
  // Newest first: in a loop, the state that covers this one is usually the
  // one the previous path left at the same iteration.
  for (auto It = Done.rbegin(); It != Done.rend(); ++It) {
    if (++Comparisons > Options.MaxStateComparisons) {
      fail(Cur, format("BPF program is too complex. Compared %llu states",
                       (unsigned long long)Comparisons));
      return Visit::Prune;
    }
    // A stored state has dead registers uninitialized and imprecise
    // scalars unknown, which cover whatever the current state holds there:
    // comparing with the current state as it is gives the same answer as
    // comparing with its cleaned copy, which is only made to be stored.
    if (It->mayCover(Cur.State, CurNonZero) && covers(It->S->State, Cur.State))
      return Visit::Prune;
  }
  if (CallbackSites[Cur.Pc]) {
    // A callback returning here with a state that one of this path's
    // earlier visits covers adds nothing: that visit's continuations (the
    // helper returning, or calling again) are being explored. The helper
    // bounds the calls, so this is no endless loop (the kernel's
    // calls_callback case in is_state_visited).
    for (const StoredState *Old = Cur.Last; Old; Old = Old->Parent)
      if (Old->Pc == Cur.Pc && covers(Old->State, Cur.State))
        return Visit::Prune;
  }
  AbstractState Clean = liveOnly(Cur.State, Cur.Pc);
  // Equivalent states hash alike, so only those need comparing.
  uint64_t Key = stateHash(Clean) * 0x9e3779b97f4a7c15ull + Cur.Pc;
  auto [First, Last] = InProgress.equal_range(Key);
  for (auto It = First; It != Last; ++It) {
    StoredState *Old = It->second;
    if (Old->Pc == Cur.Pc && Old->Branches && covers(Old->State, Clean) &&
        covers(Clean, Old->State)) {
      fail(Cur, format("infinite loop detected at insn %u", Cur.Pc));
      return Visit::Prune;
    }
  }
  if (Options.StatesBeforeJoin && Done.size() >= Options.StatesBeforeJoin &&
      !inLoop(Cur)) {
    // Explore the join of this state and the latest explored one: it covers
    // this state, so proving it safe proves this path safe.
    AbstractState Joined;
    if (joinStates(Done.back().S->State, Clean, Joined, LastId)) {
      Clean = std::move(Joined);
      Cur.State = Clean;
      Key = stateHash(Clean) * 0x9e3779b97f4a7c15ull + Cur.Pc;
    }
  }
  if (StoredAt[Cur.Pc] < Options.MaxStatesPerInsn &&
      Out.Stats.States < Options.MaxStates) {
    Stored.push_back(std::unique_ptr<StoredState>(
        new StoredState{std::move(Clean), Cur.Last, 1, Cur.Pc}));
    Cur.Last = Stored.back().get();
    InProgress.emplace(Key, Cur.Last);
    ++StoredAt[Cur.Pc];
    ++Out.Stats.States;
    ++LiveStates;
  }
  return Visit::Continue;
}

void Analyzer::finish(StoredState *S) {
  while (S && --S->Branches == 0) {
    Complete[S->Pc].emplace_back(S);
    S = S->Parent;
  }
}

void Analyzer::fork(Path &Cur, AbstractState Other, uint32_t Pc) {
  if (Cur.Last)
    ++Cur.Last->Branches;
  Worklist.push_back(
      Path{std::move(Other), Pc, Cur.Last, Trail.size(), Cur.Pc});
}

std::optional<VerifierDiagnostic> Analyzer::run() {
  auto Start = std::chrono::steady_clock::now();
  Out.Facts.assign(Count, InsnFacts());
  DivisorSeen.assign(Count, false);
  Decoded.assign(Count, ebpf_decoded());
  for (size_t Pc = 0; Pc < Count;) {
    ebpf_decode(P.Insns.data(), Count, Pc, &Decoded[Pc]); // checked already
    Pc += Decoded[Pc].slots;
  }
  StoredAt.assign(Count, 0);
  Complete.resize(Count);
  markPrunePoints();
  markBlockStarts();
  RegMasks = analyzeRegisters(P);
  if (checkReachable()) {
    Worklist.push_back(Path{entryState(), 0, nullptr, 0, std::nullopt});
    while (!Worklist.empty() && !Failure) {
      Path Cur = std::move(Worklist.back());
      Worklist.pop_back();
      if (Options.RecordPath) {
        Trail.resize(Cur.TrailLength);
        if (Cur.ForkPc)
          Trail.push_back(PathStep{Cur.Pc, describeFrame(Cur.State.current()),
                                   *Cur.ForkPc});
      }
      for (;;) {
        Out.Stats.PeakStates = std::max<uint64_t>(Out.Stats.PeakStates,
                                                  LiveStates + Worklist.size());
        if (++Out.Stats.ProcessedInsns > Options.MaxProcessedInsns) {
          fail(Cur, format("BPF program is too large. Processed %llu insn",
                           (unsigned long long)Out.Stats.ProcessedInsns));
          break;
        }
        if (PrunePoint[Cur.Pc] && visit(Cur) == Visit::Prune) {
          if (Failure && Options.RecordPath)
            Trail.push_back(PathStep{Cur.Pc, "", std::nullopt});
          finish(Cur.Last);
          break;
        }
        bool Continues;
        if (Options.RecordPath) {
          uint32_t Pc = Cur.Pc;
          AbstractState Before = Cur.State;
          Continues = step(Cur);
          Trail.push_back(
              PathStep{Pc, Failure ? "" : describeChanges(Before, Cur.State),
                       std::nullopt});
        } else {
          Continues = step(Cur);
        }
        if (!Continues) {
          finish(Cur.Last);
          break;
        }
      }
    }
  }
  if (Failure && Options.RecordPath)
    Failure->Path = std::move(Trail);
  Out.Stats.Comparisons = Comparisons;
  Out.Stats.Microseconds =
      uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::steady_clock::now() - Start)
                   .count());
  return Failure;
}

bool Analyzer::step(Path &Cur) {
  uint32_t Pc = Cur.Pc;
  const ebpf_insn &I = P.Insns[Pc];
  const ebpf_decoded &D = Decoded[Pc];
  Out.Facts[Pc].Reached = true;
  bool Ok = true;
  switch (D.kind) {
  case EBPF_KIND_ALU:
    Ok = alu(Cur, I, D);
    break;
  case EBPF_KIND_ENDIAN:
    Ok = endian(Cur, I, D);
    break;
  case EBPF_KIND_LDDW:
    Ok = lddw(Cur, I, D);
    break;
  case EBPF_KIND_LD_PACKET:
    Ok = legacyPacketLoad(Cur, I, D);
    break;
  case EBPF_KIND_LOAD:
    Ok = load(Cur, I, D);
    break;
  case EBPF_KIND_STORE_IMM:
  case EBPF_KIND_STORE_REG:
    Ok = store(Cur, I, D);
    break;
  case EBPF_KIND_ATOMIC:
    Ok = atomic(Cur, I, D);
    break;
  case EBPF_KIND_JA:
    Cur.Pc = uint32_t(D.target);
    return true;
  case EBPF_KIND_COND_JUMP:
    return condJump(Cur, I, D);
  case EBPF_KIND_CALL_HELPER:
    Ok = helperCall(Cur, D.imm);
    break;
  case EBPF_KIND_CALLX: {
    // The kernel has no callx; raw programs (the conformance suite's) may
    // use it with a known helper id.
    if (P.Type != ProgramType::Raw)
      return fail(Cur, format("unknown opcode %02x", I.opcode));
    const RegState &Target = Cur.State.current().Regs[D.dst];
    if (!readable(Cur, D.dst))
      return false;
    if (!Target.isScalar() || !Target.Val.isConstant())
      return fail(Cur, format("callx R%u is not a known helper id (%s)", D.dst,
                              Target.str().c_str()));
    Ok = helperCall(Cur, int64_t(Target.Val.value()));
    break;
  }
  case EBPF_KIND_CALL_LOCAL:
    return localCall(Cur, D);
  case EBPF_KIND_CALL_KFUNC:
    return fail(Cur, "kfunc calls are not supported");
  case EBPF_KIND_EXIT:
    return exit(Cur);
  }
  if (!Ok)
    return false;
  Cur.Pc += D.slots;
  return true;
}

//===-- Facts -------------------------------------------------------------===//

void Analyzer::noteRegion(uint32_t Pc, AccessRegion Region,
                          int32_t StackOffset) {
  InsnFacts &F = Out.Facts[Pc];
  if (F.Region == AccessRegion::None) {
    F.Region = Region;
    F.StackOffset = StackOffset;
    return;
  }
  if (F.Region == Region &&
      (Region != AccessRegion::OwnStack || F.StackOffset == StackOffset))
    return;
  bool BothStack =
      (F.Region == AccessRegion::OwnStack || F.Region == AccessRegion::Stack) &&
      (Region == AccessRegion::OwnStack || Region == AccessRegion::Stack);
  F.Region = BothStack ? AccessRegion::Stack : AccessRegion::Mixed;
}

void Analyzer::noteLoop(const Path &Cur, uint32_t Callback) {
  const RegState &Flags = Cur.State.current().Regs[4];
  bool Zero =
      Flags.isScalar() && Flags.Val.isConstant() && Flags.Val.value() == 0;
  auto [It, First] = LoopCallback.try_emplace(Cur.Pc, Callback);
  bool &Inlined = Out.Facts[Cur.Pc].InlinedLoop;
  Inlined = (First || Inlined) && Zero && It->second == Callback;
}

bool Analyzer::noteContext(Path &Cur, const ContextAccess &A) {
  InsnFacts &F = Out.Facts[Cur.Pc];
  if (F.Region != AccessRegion::None && F.Region != AccessRegion::Context)
    return fail(Cur, "same insn cannot be used with different pointers");
  F.Region = AccessRegion::Context;
  F.ContextNativeOffset = A.NativeOffset;
  F.ContextPacketPointer = A.isPacketPointer();
  return true;
}

//===-- Arithmetic --------------------------------------------------------===//

bool Analyzer::alu(Path &Cur, const ebpf_insn &I, const ebpf_decoded &D) {
  Frame &F = Cur.State.current();
  unsigned Op = ebpf_alu_op(I.opcode);
  bool IsX = ebpf_source(I.opcode) == EBPF_SRC_X;
  RegState Src;
  if (IsX) {
    if (!readable(Cur, D.src))
      return false;
    Src = F.Regs[D.src];
  } else {
    Src = RegState::scalar(Scalar::constant(uint64_t(D.imm)));
  }
  RegState &Dst = F.Regs[D.dst];

  if (Op == EBPF_ALU_MOV) {
    // A 32-bit copy of a value whose upper half is zero is a whole copy.
    bool WholeCopy =
        I.offset == 0 &&
        (D.is64 || (Src.isScalar() && Src.Val.UMax <= 0xffffffffu));
    if (WholeCopy) {
      // A copy shares the source's id, so what a comparison learns about
      // one applies to the other (the kernel's linked scalars).
      if (IsX && Src.isScalar() && !Src.Val.isConstant()) {
        if (!F.Regs[D.src].Id)
          F.Regs[D.src].Id = newId();
        Src.Id = F.Regs[D.src].Id;
      }
      Dst = Src;
      return true;
    }
    // A partial copy of a pointer is an unknown number.
    Scalar From = Src.isPointer() ? Scalar::unknown() : Src.Val;
    Dst = RegState::scalar(scalarAlu(Op, Scalar(), From, D.is64, I.offset));
    return true;
  }
  if (!readable(Cur, D.dst))
    return false;
  if (Op == EBPF_ALU_NEG) {
    Scalar From = Dst.isPointer() ? Scalar::unknown() : Dst.Val;
    Dst = RegState::scalar(scalarAlu(Op, From, From, D.is64, 0));
    return true;
  }
  if (Dst.isPointer() || Src.isPointer())
    return pointerAlu(Cur, Op, D, Src);
  if ((Op == EBPF_ALU_DIV || Op == EBPF_ALU_MOD) && IsX) {
    bool NonZero = D.is64 ? Src.Val.UMin > 0 : Src.Val.U32Min > 0;
    InsnFacts &Facts = Out.Facts[Cur.Pc];
    Facts.DivisorNonZero =
        DivisorSeen[Cur.Pc] ? Facts.DivisorNonZero && NonZero : NonZero;
    DivisorSeen[Cur.Pc] = true;
  }
  Dst = RegState::scalar(scalarAlu(Op, Dst.Val, Src.Val, D.is64, I.offset));
  return true;
}

bool Analyzer::pointerAlu(Path &Cur, unsigned Op, const ebpf_decoded &D,
                          const RegState &Src) {
  RegState &Dst = Cur.State.current().Regs[D.dst];
  unsigned Regno = D.dst;
  if (!D.is64) {
    // 32-bit arithmetic on a pointer: only a difference is a (meaningless)
    // number; anything else is refused, as the kernel does.
    if (Op == EBPF_ALU_SUB) {
      Dst = RegState::scalar(Scalar::ofSize(4));
      return true;
    }
    return fail(Cur, format("R%u 32-bit pointer arithmetic prohibited", Regno));
  }
  if (Dst.isPointer() && Src.isPointer()) {
    // The distance between two pointers is a number; nothing else is.
    if (Op != EBPF_ALU_SUB)
      return fail(Cur, format("R%u pointer %s pointer prohibited", Regno,
                              aluOpString(Op)));
    Dst = RegState::scalar(Scalar::unknown());
    return true;
  }
  bool DstIsPointer = Dst.isPointer();
  if (Op == EBPF_ALU_SUB && !DstIsPointer)
    return fail(Cur,
                format("R%u tried to subtract pointer from scalar", Regno));
  if (Op == EBPF_ALU_AND || Op == EBPF_ALU_OR || Op == EBPF_ALU_XOR)
    return fail(Cur, format("R%u bitwise operator %s on pointer prohibited",
                            Regno, aluOpString(Op)));
  if (Op != EBPF_ALU_ADD && Op != EBPF_ALU_SUB)
    return fail(Cur,
                format("R%u pointer arithmetic with %s operator prohibited",
                       Regno, aluOpString(Op)));

  RegState Ptr = DstIsPointer ? Dst : Src;
  Scalar Delta = DstIsPointer ? Src.Val : Dst.Val;
  const char *Kind = regKindName(Ptr.Kind);
  switch (Ptr.Kind) {
  case RegKind::MapValueOrNull:
  case RegKind::RingbufMemOrNull:
    return fail(Cur, format("R%u pointer arithmetic on %s prohibited, "
                            "null-check it first",
                            Regno, Kind));
  case RegKind::PacketEnd:
  case RegKind::Func:
    return fail(Cur,
                format("R%u pointer arithmetic on %s prohibited", Regno, Kind));
  case RegKind::MapPtr:
    if (Delta.isConstant() && Delta.value() == 0 && Op == EBPF_ALU_ADD)
      break;
    return fail(Cur,
                format("R%u pointer arithmetic on %s prohibited", Regno, Kind));
  default:
    break;
  }
  if (Delta.isConstant()) {
    int64_t V = int64_t(Delta.value());
    if (V >= MaxVarOff || V <= -MaxVarOff)
      return fail(Cur, format("math between %s pointer and %lld is not allowed",
                              Kind, (long long)V));
    int64_t NewOff = int64_t(Ptr.Off) + (Op == EBPF_ALU_SUB ? -V : V);
    if (NewOff >= MaxVarOff || NewOff <= -MaxVarOff)
      return fail(Cur, format("%s pointer offset %lld is not allowed", Kind,
                              (long long)NewOff));
    Ptr.Off = int32_t(NewOff);
  } else {
    if (Delta.SMin == std::numeric_limits<int64_t>::min())
      return fail(Cur, format("math between %s pointer and register with "
                              "unbounded min value is not allowed",
                              Kind));
    if (Delta.SMin >= MaxVarOff || Delta.SMin <= -MaxVarOff)
      return fail(Cur, format("value %lld makes %s pointer be out of bounds",
                              (long long)Delta.SMin, Kind));
    Ptr.Val = scalarAlu(Op, Ptr.Val, Delta, true, 0);
    if (Ptr.Kind == RegKind::Packet || Ptr.Kind == RegKind::PacketMeta) {
      // A new variable part: nothing proven about it yet.
      Ptr.Id = newId();
      Ptr.Range = 0;
    }
  }
  Dst = Ptr;
  return true;
}

bool Analyzer::endian(Path &Cur, const ebpf_insn &I, const ebpf_decoded &D) {
  if (!readable(Cur, D.dst))
    return false;
  RegState &Dst = Cur.State.current().Regs[D.dst];
  Scalar From = Dst.isPointer() ? Scalar::unknown() : Dst.Val;
  bool Swap = D.is64 || ebpf_source(I.opcode) == EBPF_SRC_X;
  Dst = RegState::scalar(scalarEndian(From, unsigned(D.imm), Swap));
  return true;
}

//===-- Loads of immediates and packets -----------------------------------===//

bool Analyzer::lddw(Path &Cur, const ebpf_insn &I, const ebpf_decoded &D) {
  RegState &Dst = Cur.State.current().Regs[D.dst];
  unsigned Pseudo = ebpf_src(&I);
  switch (Pseudo) {
  case EBPF_PSEUDO_IMM64:
    Dst = RegState::scalar(Scalar::constant(uint64_t(D.imm)));
    return true;
  case EBPF_PSEUDO_MAP_IDX:
  case EBPF_PSEUDO_MAP_IDX_VALUE:
    break;
  case EBPF_PSEUDO_MAP_FD:
  case EBPF_PSEUDO_MAP_VALUE:
    return fail(Cur, "lddw of a map by file descriptor is not supported "
                     "(objects name maps by index)");
  case EBPF_PSEUDO_BTF_ID:
    return fail(Cur, "lddw of a kernel variable (BTF id) is not supported");
  default: // EBPF_PSEUDO_FUNC, whose target checkStructure checked
    Dst = RegState::pointer(RegKind::Func, int32_t(D.target));
    return true;
  }
  uint32_t Index = uint32_t(I.imm);
  size_t NumMaps = Maps ? Maps->size() : 0;
  if (Index >= NumMaps)
    return fail(Cur, format("map index %u is out of range (the object has %zu "
                            "maps)",
                            Index, NumMaps));
  const MapDefinition &Map = (*Maps)[Index];
  if (Pseudo == EBPF_PSEUDO_MAP_IDX) {
    Dst = RegState::pointer(RegKind::MapPtr);
    Dst.Map = Index;
    return true;
  }
  // Only array maps have a value at a fixed address (the kernel's
  // map_direct_value_addr), and the offset must lie inside it.
  uint32_t ValueOffset = uint32_t(uint64_t(D.imm) >> 32);
  if (Map.Type != MapType::Array)
    return fail(Cur, format("lddw of an address in map '%s' needs an array "
                            "map, not %s",
                            Map.Name.c_str(),
                            std::string(mapTypeName(Map.Type)).c_str()));
  if (ValueOffset >= Map.ValueSize)
    return fail(Cur, format("offset %u is outside the value of map '%s' (%u "
                            "bytes)",
                            ValueOffset, Map.Name.c_str(), Map.ValueSize));
  Dst = RegState::pointer(RegKind::MapValue, int32_t(ValueOffset));
  Dst.Map = Index;
  return true;
}

/// LD_ABS/LD_IND read the packet of the skb in r6 and clobber r1-r5, like a
/// helper call.
bool Analyzer::legacyPacketLoad(Path &Cur, const ebpf_insn &I,
                                const ebpf_decoded &D) {
  if (P.Type != ProgramType::SocketFilter && P.Type != ProgramType::SchedCls)
    return fail(Cur, "legacy packet loads need a socket filter or tc "
                     "program, not " +
                         std::string(programTypeName(P.Type)));
  // A legacy load may end the program, which would leak what it holds.
  if (!Cur.State.Refs.empty())
    return fail(Cur, "BPF_LD_[ABS|IND] cannot be mixed with socket references");
  Frame &F = Cur.State.current();
  const RegState &Ctx = F.Regs[6];
  if (Ctx.Kind != RegKind::Ctx || Ctx.Off != 0 || !Ctx.Val.isConstant() ||
      Ctx.Val.value() != 0)
    return fail(Cur, "at the time of BPF_LD_ABS|IND R6 != pointer to skb");
  if (ebpf_mode(I.opcode) == EBPF_MODE_IND) {
    if (!readable(Cur, D.src))
      return false;
    if (!F.Regs[D.src].isScalar())
      return fail(Cur, format("R%u type=%s expected=scalar", D.src,
                              regKindName(F.Regs[D.src].Kind)));
  }
  for (unsigned R = 1; R <= 5; ++R)
    F.Regs[R] = RegState();
  F.Regs[0] = RegState::scalar(Scalar::ofSize(D.size));
  // An offset outside the packet ends the function with r0 = 0, as in the
  // kernel: the caller continues after the call with that result.
  if (Cur.State.depth() > 0) {
    Path Early = Cur;
    Early.State.current().Regs[0] = RegState::scalar(Scalar::constant(0));
    uint32_t CallSite = Early.State.current().CallSite;
    returnToCaller(Early.State);
    if (Cur.Last)
      ++Cur.Last->Branches;
    Early.Pc = CallSite + 1;
    Early.TrailLength = Trail.size();
    Early.ForkPc = Cur.Pc;
    Worklist.push_back(std::move(Early));
  }
  return true;
}

//===-- Memory ------------------------------------------------------------===//

bool Analyzer::load(Path &Cur, const ebpf_insn &I, const ebpf_decoded &D) {
  bool SignExtend = ebpf_mode(I.opcode) == EBPF_MODE_MEMSX;
  RegState Loaded;
  if (!access(Cur, D.src, I.offset, D.size, Access::Read,
              SignExtend ? ContextAccessKind::SignExtendingLoad
                         : ContextAccessKind::Load,
              nullptr, &Loaded))
    return false;
  if (SignExtend && Loaded.isScalar())
    Loaded = RegState::scalar(scalarAlu(EBPF_ALU_MOV, Scalar(), Loaded.Val,
                                        true, int16_t(D.size * 8)));
  Cur.State.current().Regs[D.dst] = Loaded;
  return true;
}

bool Analyzer::store(Path &Cur, const ebpf_insn &I, const ebpf_decoded &D) {
  RegState Value;
  if (D.kind == EBPF_KIND_STORE_REG) {
    if (!readable(Cur, D.src))
      return false;
    Value = Cur.State.current().Regs[D.src];
  } else {
    Value = RegState::scalar(Scalar::constant(uint64_t(D.imm)));
  }
  return access(Cur, D.dst, I.offset, D.size, Access::Write,
                ContextAccessKind::Store, &Value, nullptr);
}

bool Analyzer::atomic(Path &Cur, const ebpf_insn &I, const ebpf_decoded &D) {
  Frame &F = Cur.State.current();
  if (!readable(Cur, D.src) || !readable(Cur, D.dst))
    return false;
  bool IsCmpxchg = I.imm == EBPF_ATOMIC_CMPXCHG;
  if (IsCmpxchg && !readable(Cur, 0))
    return false;
  const RegState &Base = F.Regs[D.dst];
  if (Base.Kind == RegKind::Ctx || Base.isPacketLike())
    return fail(Cur, format("BPF_ATOMIC stores into R%u %s is not allowed",
                            D.dst, regKindName(Base.Kind)));
  // Natural alignment, which AArch64's atomics require.
  if (Base.isPointer()) {
    int64_t Fixed = int64_t(Base.Off) + I.offset;
    uint64_t Low = D.size - 1;
    if ((Fixed & int64_t(Low)) ||
        ((Base.Val.Bits.Value | Base.Val.Bits.Mask) & Low))
      return fail(Cur, format("misaligned access off %s+%d+%d size %u",
                              Base.Val.Bits.str().c_str(), Base.Off, I.offset,
                              D.size));
  }
  if (!access(Cur, D.dst, I.offset, D.size, Access::ReadWrite,
              ContextAccessKind::Atomic, nullptr, nullptr))
    return false;
  if (I.imm & EBPF_ATOMIC_FETCH)
    F.Regs[IsCmpxchg ? 0 : D.src] = RegState::scalar(Scalar::ofSize(D.size));
  return true;
}

bool Analyzer::access(Path &Cur, unsigned Regno, int64_t InsnOff, unsigned Size,
                      Access Kind, ContextAccessKind CtxKind,
                      const RegState *Value, RegState *Loaded) {
  if (!readable(Cur, Regno))
    return false;
  RegState Base = Cur.State.current().Regs[Regno];
  switch (Base.Kind) {
  case RegKind::Stack:
    return stackAccess(Cur, Regno, Base, InsnOff, Size, Kind, Value, Loaded,
                       false);
  case RegKind::Ctx:
    return contextAccess(Cur, Regno, Base, InsnOff, Size, CtxKind, Loaded);
  case RegKind::Packet:
  case RegKind::PacketMeta:
    if (!packetAccess(Cur, Regno, Base, InsnOff, Size, Kind))
      return false;
    noteRegion(Cur.Pc, AccessRegion::Packet);
    break;
  case RegKind::MapValue:
    if (!mapValueAccess(Cur, Regno, Base, InsnOff, Size, Kind))
      return false;
    noteRegion(Cur.Pc, AccessRegion::MapValue);
    break;
  case RegKind::Mem:
    if (!regionAccess(Cur, Regno, Base, InsnOff, Size, Options.MemSize,
                      "memory", "mem_size"))
      return false;
    noteRegion(Cur.Pc, AccessRegion::Memory);
    break;
  case RegKind::RingbufMem:
    if (!regionAccess(Cur, Regno, Base, InsnOff, Size, Base.Range, "memory",
                      "mem_size"))
      return false;
    noteRegion(Cur.Pc, AccessRegion::Record);
    break;
  case RegKind::MapKey:
    if (Kind != Access::Read)
      return fail(Cur, format("write to change key R%u not allowed", Regno));
    if (!regionAccess(Cur, Regno, Base, InsnOff, Size,
                      (*Maps)[Base.Map].KeySize, "map key", "key_size"))
      return false;
    noteRegion(Cur.Pc, AccessRegion::MapKey);
    break;
  case RegKind::MapPtr:
    if (Kind != Access::Read) {
      MapType Type = (*Maps)[Base.Map].Type;
      bool IsArray = Type == MapType::Array || Type == MapType::PercpuArray;
      return fail(Cur, format("only read from %s is supported",
                              IsArray ? "bpf_array" : "bpf_htab"));
    }
    [[fallthrough]];
  default:
    return fail(Cur, format("R%u invalid mem access '%s'", Regno,
                            regKindName(Base.Kind)));
  }
  if (Loaded)
    *Loaded = RegState::scalar(Scalar::ofSize(Size));
  return true;
}

bool Analyzer::regionAccess(Path &Cur, unsigned Regno, const RegState &Base,
                            int64_t InsnOff, uint64_t Size, uint64_t RegionSize,
                            const char *What, const char *SizeName) {
  int64_t Off = int64_t(Base.Off) + InsnOff;
  const Scalar &Var = Base.Val;
  // As the kernel: the access at the lowest and at the highest offset,
  // each reported with the line saying which bound broke it (with a
  // constant offset both are the same, and the lowest is checked first).
  auto Outside = [&](int64_t At, const char *Bound) {
    return fail(Cur,
                format("invalid access to %s, %s=%llu off=%lld "
                       "size=%llu\nR%u %s value is outside of the "
                       "allowed memory range",
                       What, SizeName, (unsigned long long)RegionSize,
                       (long long)At, (unsigned long long)Size, Regno, Bound));
  };
  if (Var.isConstant()) {
    int64_t At = Off + int64_t(Var.value());
    if (At < 0 || uint64_t(At) + Size > RegionSize)
      return Outside(At, "min");
    return true;
  }
  if (Off + Var.SMin < 0)
    return Outside(Off + Var.SMin, "min");
  if (Var.UMax >= uint64_t(MaxVarOff))
    return fail(Cur, format("R%u unbounded memory access, make sure to bounds "
                            "check any such access",
                            Regno));
  if (uint64_t(Off + int64_t(Var.UMax)) + Size > RegionSize)
    return Outside(Off + int64_t(Var.UMax), "max");
  return true;
}

bool Analyzer::mapValueAccess(Path &Cur, unsigned Regno, const RegState &Base,
                              int64_t InsnOff, uint64_t Size, Access Kind) {
  const MapDefinition &Map = (*Maps)[Base.Map];
  if (Kind != Access::Write && (Map.Flags & EBPF_F_WRONLY_PROG))
    return fail(Cur, format("read from map forbidden, value_size=%u off=%lld "
                            "size=%llu",
                            Map.ValueSize, (long long)(Base.Off + InsnOff),
                            (unsigned long long)Size));
  if (Kind != Access::Read &&
      (Map.ReadOnly || (Map.Flags & EBPF_F_RDONLY_PROG)))
    return fail(Cur, format("write into map forbidden, value_size=%u off=%lld "
                            "size=%llu",
                            Map.ValueSize, (long long)(Base.Off + InsnOff),
                            (unsigned long long)Size));
  return regionAccess(Cur, Regno, Base, InsnOff, Size, Map.ValueSize,
                      "map value", "value_size");
}

bool Analyzer::packetAccess(Path &Cur, unsigned Regno, const RegState &Base,
                            int64_t InsnOff, uint64_t Size, Access Kind) {
  if (Kind != Access::Read && P.Type == ProgramType::SocketFilter)
    return fail(Cur, "cannot write into packet");
  if (Base.Val.SMin < 0)
    return fail(Cur, format("R%u min value is negative, either use unsigned "
                            "index or do a if (index >=0) check.",
                            Regno));
  int64_t Off = int64_t(Base.Off) + InsnOff;
  if (Off < 0 || uint64_t(Off) + Size > Base.Range)
    return fail(Cur, format("invalid access to packet, off=%lld size=%llu, "
                            "R%u(id=%u,off=%d,r=%u)\nR%u offset is outside "
                            "of the packet",
                            (long long)Off, (unsigned long long)Size, Regno,
                            Base.Id, int(Off), Base.Range, Regno));
  return true;
}

bool Analyzer::contextAccess(Path &Cur, unsigned Regno, const RegState &Base,
                             int64_t InsnOff, unsigned Size,
                             ContextAccessKind Kind, RegState *Loaded) {
  if (Base.Off != 0 || !Base.Val.isConstant() || Base.Val.value() != 0)
    return fail(Cur, format("dereference of modified ctx ptr R%u off=%d "
                            "disallowed",
                            Regno, Base.Off));
  ContextAccess A = checkContextAccess(P.Type, InsnOff, Size, Kind);
  if (!A.Error.empty())
    return fail(Cur, format("invalid bpf_context access off=%lld size=%u\n"
                            "note: ",
                            (long long)InsnOff, Size) +
                         A.Error);
  if (!noteContext(Cur, A))
    return false;
  if (!Loaded)
    return true;
  switch (A.Field) {
  case ContextField::Plain:
    *Loaded = RegState::scalar(Scalar::ofSize(Size));
    break;
  case ContextField::PacketData:
    *Loaded = RegState::pointer(RegKind::Packet);
    break;
  case ContextField::PacketEnd:
    *Loaded = RegState::pointer(RegKind::PacketEnd);
    break;
  case ContextField::PacketMeta:
    *Loaded = RegState::pointer(RegKind::PacketMeta);
    break;
  }
  return true;
}

namespace {

/// The value bytes [Start, Start + Size) of V hold, little-endian.
Scalar bytesOf(const Scalar &V, unsigned Start, unsigned Size) {
  return scalarEndian(
      scalarAlu(EBPF_ALU_RSH, V, Scalar::constant(8 * Start), true, 0),
      Size * 8, false);
}

/// Marks bytes [Start, Start + Size) of S as holding some scalar, dropping
/// a spill they overlap.
void clobberBytes(StackSlot &S, unsigned Start, unsigned Size) {
  unsigned End = Start + Size;
  if (S.SpillSize && Start < unsigned(S.SpillStart + S.SpillSize) &&
      S.SpillStart < End) {
    for (unsigned B = S.SpillStart; B < unsigned(S.SpillStart + S.SpillSize);
         ++B)
      S.Bytes[B] = ByteKind::Misc;
    S.SpillSize = 0;
    S.Spill = RegState();
  }
  for (unsigned B = Start; B < End; ++B)
    S.Bytes[B] = ByteKind::Misc;
}

void dropIfZero(Frame &F, unsigned Slot) {
  for (auto It = F.Slots.begin(); It != F.Slots.end(); ++It)
    if (It->first == Slot) {
      if (!It->second.SpillSize && It->second.allZero())
        F.Slots.erase(It);
      return;
    }
}

/// Bytes [Lo, Hi) of the frame (offsets from its r10) hold some scalar.
void clobberRange(Frame &F, int64_t Lo, int64_t Hi) {
  for (int64_t At = Lo; At < Hi;) {
    unsigned Index = unsigned(At + StackSize);
    unsigned Slot = Index / 8, Byte = Index % 8;
    unsigned N = unsigned(std::min<int64_t>(8 - Byte, Hi - At));
    clobberBytes(F.slotForWrite(Slot), Byte, N);
    At += N;
  }
}

RegState readStack(const Frame &F, int64_t At, unsigned Size) {
  unsigned Index = unsigned(At + StackSize);
  unsigned Slot = Index / 8, Byte = Index % 8;
  if (Byte + Size > 8) {
    // Across two slots: known only if every byte is zero.
    const StackSlot *A = F.slot(Slot), *B = F.slot(Slot + 1);
    bool Zero = true;
    for (unsigned I = Byte; I < 8; ++I)
      Zero &= !A || A->Bytes[I] == ByteKind::Zero;
    for (unsigned I = 0; I < Byte + Size - 8; ++I)
      Zero &= !B || B->Bytes[I] == ByteKind::Zero;
    return RegState::scalar(Zero ? Scalar::constant(0) : Scalar::ofSize(Size));
  }
  const StackSlot *S = F.slot(Slot);
  if (!S)
    return RegState::scalar(Scalar::constant(0));
  unsigned End = Byte + Size;
  bool Zero = true;
  for (unsigned I = Byte; I < End; ++I)
    Zero &= S->Bytes[I] == ByteKind::Zero;
  if (Zero)
    return RegState::scalar(Scalar::constant(0));
  if (S->SpillSize) {
    unsigned SpillEnd = S->SpillStart + S->SpillSize;
    if (Byte == S->SpillStart && Size == S->SpillSize)
      return S->Spill; // a fill gets the register back, type and all
    if (S->Spill.isScalar()) {
      // A wider read of a narrow spill with zeros above it.
      bool ZeroAbove = Byte == S->SpillStart && End > SpillEnd;
      for (unsigned I = SpillEnd; ZeroAbove && I < End; ++I)
        ZeroAbove = S->Bytes[I] == ByteKind::Zero;
      if (ZeroAbove)
        return RegState::scalar(S->Spill.Val);
      // A narrower read inside a spilled scalar.
      if (Byte >= S->SpillStart && End <= SpillEnd)
        return RegState::scalar(
            bytesOf(S->Spill.Val, Byte - S->SpillStart, Size));
    }
  }
  return RegState::scalar(Scalar::ofSize(Size));
}

void writeStack(Frame &F, int64_t At, unsigned Size, const RegState *Value) {
  unsigned Index = unsigned(At + StackSize);
  unsigned Slot = Index / 8, Byte = Index % 8;
  if (Byte + Size > 8 || !Value) {
    clobberRange(F, At, At + Size);
    dropIfZero(F, Slot);
    return;
  }
  StackSlot &S = F.slotForWrite(Slot);
  // A whole register spills to an aligned 8-byte slot; a scalar also to
  // an aligned narrower one, which keeps its low bytes.
  bool Spills =
      (Size == 8 && Byte == 0) || (Value->isScalar() && Byte % Size == 0);
  if (!Spills) {
    clobberBytes(S, Byte, Size);
    return;
  }
  RegState V = *Value;
  if (Size < 8) {
    V.Val = scalarEndian(V.Val, Size * 8, false);
    V.Id = 0;
  }
  if (S.SpillSize)
    clobberBytes(S, S.SpillStart, S.SpillSize);
  if (V.isScalar() && V.Val.isConstant() && V.Val.value() == 0) {
    for (unsigned B = Byte; B < Byte + Size; ++B)
      S.Bytes[B] = ByteKind::Zero;
  } else {
    S.SpillStart = uint8_t(Byte);
    S.SpillSize = uint8_t(Size);
    S.Spill = V;
    for (unsigned B = Byte; B < Byte + Size; ++B)
      S.Bytes[B] = ByteKind::Spill;
  }
  dropIfZero(F, Slot);
}

} // namespace

bool Analyzer::stackAccess(Path &Cur, unsigned Regno, const RegState &Base,
                           int64_t InsnOff, uint64_t Size, Access Kind,
                           const RegState *Value, RegState *Loaded,
                           bool ByHelper) {
  // Helpers' accesses are named as reads or writes too, as the kernel
  // prints them.
  const char *Extra = Kind == Access::Read ? " read from" : " write to";
  int64_t Off = int64_t(Base.Off) + InsnOff;
  Frame &Target = Cur.State.Frames[Base.Frame];
  if (Value && Value->Kind == RegKind::Stack && Value->Frame > Base.Frame)
    return fail(Cur, "cannot spill pointers to stack into stack frame of the "
                     "caller");
  if (Base.Val.isConstant()) {
    int64_t At = Off + int64_t(Base.Val.value());
    if (At < -StackSize || At + int64_t(Size) > 0)
      return fail(Cur, format("invalid%s stack R%u off=%lld size=%llu", Extra,
                              Regno, (long long)At, (unsigned long long)Size));
    if (!ByHelper)
      noteRegion(Cur.Pc,
                 Base.Frame == Cur.State.depth() ? AccessRegion::OwnStack
                                                 : AccessRegion::Stack,
                 int32_t(At));
    if (Kind == Access::Read) {
      if (Loaded)
        *Loaded = readStack(Target, At, unsigned(Size));
    } else if (ByHelper || Kind == Access::ReadWrite) {
      clobberRange(Target, At, At + int64_t(Size));
    } else {
      writeStack(Target, At, unsigned(Size), Value);
    }
    return true;
  }
  const Scalar &Var = Base.Val;
  if (Var.SMax >= MaxVarOff || Var.SMin <= -MaxVarOff)
    return fail(Cur, format("invalid unbounded variable-offset%s stack R%u",
                            Extra, Regno));
  int64_t Lo = Off + Var.SMin, Hi = Off + Var.SMax + int64_t(Size);
  if (Lo < -StackSize || Hi > 0)
    return fail(Cur, format("invalid variable-offset%s stack R%u var_off=%s "
                            "off=%lld size=%llu",
                            Extra, Regno, Var.Bits.str().c_str(),
                            (long long)Off, (unsigned long long)Size));
  if (!ByHelper)
    noteRegion(Cur.Pc, AccessRegion::Stack);
  if (Kind == Access::Read) {
    if (Loaded)
      *Loaded = RegState::scalar(Scalar::ofSize(unsigned(Size)));
  } else {
    clobberRange(Target, Lo, Hi);
  }
  return true;
}

//===-- Jumps -------------------------------------------------------------===//

namespace {

/// Sets every register with Id (in every frame, spilled or not) to Val.
void propagateScalar(AbstractState &S, uint32_t Id, const Scalar &Val) {
  if (!Id)
    return;
  S.forEachReg([&](RegState &R) {
    if (R.isScalar() && R.Id == Id)
      R.Val = Val;
  });
}

bool isMaybeNull(RegKind Kind) {
  return Kind == RegKind::MapValueOrNull || Kind == RegKind::RingbufMemOrNull;
}

/// Drops reference Id: a record that was never reserved (the null branch)
/// or has been submitted or discarded.
void dropReference(AbstractState &S, uint32_t Id) {
  for (auto It = S.Refs.begin(); It != S.Refs.end(); ++It)
    if (It->Id == Id) {
      S.Refs.erase(It);
      return;
    }
}

/// The null check of a map lookup's or a reservation's result, applied to
/// every copy. A record's reference survives on the non-null branch (its
/// id, which the registers keep, names it) and is gone on the null one.
void markNullChecked(AbstractState &S, uint32_t Id, bool IsNull) {
  S.forEachReg([&](RegState &R) {
    if (!isMaybeNull(R.Kind) || R.Id != Id)
      return;
    if (IsNull) {
      R = RegState::scalar(Scalar::constant(0));
    } else if (R.Kind == RegKind::MapValueOrNull) {
      R.Kind = RegKind::MapValue;
      R.Id = 0;
    } else {
      R.Kind = RegKind::RingbufMem;
    }
  });
  if (IsNull)
    dropReference(S, Id);
}

/// Packet bytes [0, Range) after every pointer with Kind and Id are proved
/// to be inside the packet (the kernel's find_good_pkt_pointers).
void markPacketRange(AbstractState &S, RegKind Kind, uint32_t Id,
                     int64_t Range) {
  if (Range <= 0)
    return;
  S.forEachReg([&](RegState &R) {
    if (R.Kind == Kind && R.Id == Id)
      R.Range = std::max<uint32_t>(R.Range, uint32_t(Range));
  });
}

/// What comparing Ptr (on the left if PtrOnLeft) with the end of its data
/// proves when the jump is taken and when it is not: the range of bytes
/// before Ptr that are inside, or 0 for nothing.
void packetRangesFromCompare(unsigned Op, bool PtrOnLeft, int64_t Off,
                             int64_t &IfTaken, int64_t &IfNotTaken) {
  IfTaken = IfNotTaken = 0;
  // Normalize to "Ptr OP End".
  if (!PtrOnLeft) {
    switch (Op) {
    case EBPF_JMP_JGT:
      Op = EBPF_JMP_JLT;
      break;
    case EBPF_JMP_JGE:
      Op = EBPF_JMP_JLE;
      break;
    case EBPF_JMP_JLT:
      Op = EBPF_JMP_JGT;
      break;
    case EBPF_JMP_JLE:
      Op = EBPF_JMP_JGE;
      break;
    default:
      return;
    }
  }
  switch (Op) {
  case EBPF_JMP_JGT: // Ptr > End: not taken means Ptr <= End
    IfNotTaken = Off;
    break;
  case EBPF_JMP_JGE: // not taken: Ptr < End
    IfNotTaken = Off + 1;
    break;
  case EBPF_JMP_JLT: // taken: Ptr < End
    IfTaken = Off + 1;
    break;
  case EBPF_JMP_JLE: // taken: Ptr <= End
    IfTaken = Off;
    break;
  default:
    break;
  }
}

bool isNonNullPointer(const RegState &R, bool MemNullable) {
  switch (R.Kind) {
  case RegKind::Ctx:
  case RegKind::Stack:
  case RegKind::Packet:
  case RegKind::PacketEnd:
  case RegKind::PacketMeta:
  case RegKind::MapPtr:
  case RegKind::MapValue:
  case RegKind::RingbufMem:
  case RegKind::Func:
  case RegKind::MapKey:
    return true;
  case RegKind::Mem:
    return !MemNullable;
  default:
    return false;
  }
}

} // namespace

bool Analyzer::condJump(Path &Cur, const ebpf_insn &I, const ebpf_decoded &D) {
  bool IsX = ebpf_source(I.opcode) == EBPF_SRC_X;
  unsigned Op = ebpf_jmp_op(I.opcode);
  if (!readable(Cur, D.dst) || (IsX && !readable(Cur, D.src)))
    return false;
  Frame &F = Cur.State.current();
  const RegState Dst = F.Regs[D.dst];
  const RegState Src =
      IsX ? F.Regs[D.src] : RegState::scalar(Scalar::constant(uint64_t(D.imm)));
  uint32_t Target = uint32_t(D.target), Next = Cur.Pc + 1;

  AbstractState Taken = Cur.State;
  bool TakenFeasible = true, FallFeasible = true;

  if (Dst.isScalar() && Src.isScalar()) {
    Scalar TD = Dst.Val, TS = Src.Val, FD = Dst.Val, FS = Src.Val;
    TakenFeasible = refineScalars(Op, D.is64, true, TD, TS);
    FallFeasible = refineScalars(Op, D.is64, false, FD, FS);
    if (TakenFeasible) {
      Frame &TF = Taken.current();
      TF.Regs[D.dst].Val = TD;
      propagateScalar(Taken, Dst.Id, TD);
      if (IsX) {
        TF.Regs[D.src].Val = TS;
        propagateScalar(Taken, Src.Id, TS);
      }
    }
    if (FallFeasible) {
      F.Regs[D.dst].Val = FD;
      propagateScalar(Cur.State, Dst.Id, FD);
      if (IsX) {
        F.Regs[D.src].Val = FS;
        propagateScalar(Cur.State, Src.Id, FS);
      }
    }
  } else if (D.is64 && (Op == EBPF_JMP_JEQ || Op == EBPF_JMP_JNE) &&
             (Dst.isPointer() != Src.isPointer())) {
    const RegState &Ptr = Dst.isPointer() ? Dst : Src;
    const RegState &Other = Dst.isPointer() ? Src : Dst;
    bool ComparedWithZero = Other.Val.isConstant() && Other.Val.value() == 0;
    if (ComparedWithZero && isMaybeNull(Ptr.Kind)) {
      bool NullIfTaken = Op == EBPF_JMP_JEQ;
      markNullChecked(Taken, Ptr.Id, NullIfTaken);
      markNullChecked(Cur.State, Ptr.Id, !NullIfTaken);
    } else if (ComparedWithZero && isNonNullPointer(Ptr, memIsNullable())) {
      (Op == EBPF_JMP_JEQ ? TakenFeasible : FallFeasible) = false;
    }
  } else if (D.is64 && Dst.isPacketLike() && Src.isPacketLike()) {
    // data + N against data_end (or meta + N against data): on the branch
    // where the pointer is below the end, N bytes are proved readable.
    auto Learn = [&](const RegState &Ptr, const RegState &End, bool PtrOnLeft) {
      // The end must be the end itself: data_end, or for metadata data
      // with nothing added.
      bool IsData = End.Kind == RegKind::Packet && End.Off == 0 && !End.Id &&
                    End.Val.isConstant() && End.Val.value() == 0;
      bool Pairs =
          (Ptr.Kind == RegKind::Packet && End.Kind == RegKind::PacketEnd) ||
          (Ptr.Kind == RegKind::PacketMeta && IsData);
      if (!Pairs)
        return false;
      // As the kernel: nothing is learned where the pointer may be so far
      // past the data that the comparison could have wrapped.
      if (Ptr.Off < 0 || Ptr.Val.UMax > MaxPacketOff ||
          Ptr.Val.UMax + uint64_t(Ptr.Off) > MaxPacketOff)
        return true;
      int64_t IfTaken, IfNotTaken;
      packetRangesFromCompare(Op, PtrOnLeft, Ptr.Off, IfTaken, IfNotTaken);
      markPacketRange(Taken, Ptr.Kind, Ptr.Id, IfTaken);
      markPacketRange(Cur.State, Ptr.Kind, Ptr.Id, IfNotTaken);
      return true;
    };
    if (!Learn(Dst, Src, true))
      Learn(Src, Dst, false);
  }

  if (TakenFeasible && FallFeasible) {
    fork(Cur, std::move(Taken), Target);
    Cur.Pc = Next;
    return true;
  }
  if (TakenFeasible) {
    Cur.State = std::move(Taken);
    Cur.Pc = Target;
    return true;
  }
  if (FallFeasible) {
    Cur.Pc = Next;
    return true;
  }
  return false; // this path cannot happen
}

//===-- Calls -------------------------------------------------------------===//

bool Analyzer::helperMemory(Path &Cur, unsigned Regno, uint64_t Size,
                            Access Kind, bool PacketOk) {
  RegState Base = Cur.State.current().Regs[Regno];
  if (Base.isPacketLike() && !PacketOk)
    return fail(Cur, "helper access to the packet is not allowed");
  switch (Base.Kind) {
  case RegKind::Stack:
    return stackAccess(Cur, Regno, Base, 0, Size, Kind, nullptr, nullptr, true);
  case RegKind::Packet:
  case RegKind::PacketMeta:
    return packetAccess(Cur, Regno, Base, 0, Size, Kind);
  case RegKind::MapValue:
    return mapValueAccess(Cur, Regno, Base, 0, Size, Kind);
  case RegKind::Mem:
    return regionAccess(Cur, Regno, Base, 0, Size, Options.MemSize, "memory",
                        "mem_size");
  case RegKind::RingbufMem:
    return regionAccess(Cur, Regno, Base, 0, Size, Base.Range, "memory",
                        "mem_size");
  case RegKind::MapKey:
    if (Kind != Access::Read)
      return fail(Cur, format("write to change key R%u not allowed", Regno));
    return regionAccess(Cur, Regno, Base, 0, Size, (*Maps)[Base.Map].KeySize,
                        "map key", "key_size");
  default:
    return fail(Cur, format("R%u type=%s expected=fp, pkt, pkt_meta, "
                            "map_value, mem, ringbuf_mem",
                            Regno, regKindName(Base.Kind)));
  }
}

bool Analyzer::helperCall(Path &Cur, int64_t Id) {
  const HelperProto *H = findHelper(P.Type, Id);
  if (!H) {
    for (const HelperProto &Other : HelperTable)
      if (int64_t(Other.Id) == Id)
        return fail(Cur,
                    format("program of this type cannot use helper %s#%lld",
                           Other.Name, (long long)Id));
    return fail(Cur, format("invalid func unknown#%lld", (long long)Id));
  }
  const MapDefinition *Map = nullptr;
  uint32_t MapIndex = 0;
  uint64_t AllocSize = 0;
  uint32_t Released = 0;
  bool WantsRingbuf = false;
  std::optional<uint32_t> Callback;
  for (unsigned A = 0; A < 5; ++A) {
    unsigned Regno = A + 1;
    ebpf_helper_arg Kind = H->Args[A];
    if (Kind == EBPF_ARG_NONE)
      continue;
    if (!readable(Cur, Regno))
      return false;
    const RegState &R = Cur.State.current().Regs[Regno];
    switch (Kind) {
    case EBPF_ARG_NONE:
    case EBPF_ARG_ANYTHING:
      break;
    case EBPF_ARG_MAP_PTR:
    case EBPF_ARG_RINGBUF_MAP: {
      if (R.Kind != RegKind::MapPtr)
        return fail(Cur, format("R%u type=%s expected=map_ptr", Regno,
                                regKindName(R.Kind)));
      Map = &(*Maps)[R.Map];
      MapIndex = R.Map;
      WantsRingbuf = Kind == EBPF_ARG_RINGBUF_MAP;
      break;
    }
    case EBPF_ARG_CALLBACK:
      if (R.Kind != RegKind::Func)
        return fail(Cur, format("R%u type=%s expected=func", Regno,
                                regKindName(R.Kind)));
      Callback = uint32_t(R.Off);
      break;
    case EBPF_ARG_STACK_OR_NULL:
      if (R.Kind != RegKind::Stack &&
          !(R.isScalar() && R.Val.isConstant() && R.Val.value() == 0))
        return fail(
            Cur, format("R%u type=%s expected=fp", Regno, regKindName(R.Kind)));
      break;
    case EBPF_ARG_CONST_ALLOC_SIZE_OR_ZERO:
      if (!R.isScalar() || !R.Val.isConstant())
        return fail(Cur, format("R%u is not a known constant'", Regno));
      AllocSize = R.Val.value();
      break;
    case EBPF_ARG_RINGBUF_MEM: {
      if (R.Kind != RegKind::RingbufMem)
        return fail(Cur, format("R%u type=%s expected=ringbuf_mem", Regno,
                                regKindName(R.Kind)));
      if (R.Off != 0 || !R.Val.isConstant() || R.Val.value() != 0)
        return fail(Cur, format("R%u must have zero offset when passed to "
                                "release func or trusted arg to kfunc",
                                Regno));
      Released = R.Id;
      break;
    }
    case EBPF_ARG_MAP_KEY:
    case EBPF_ARG_MAP_VALUE: {
      if (!Map)
        return fail(Cur, format("R%u needs a map argument before it", Regno));
      uint32_t Size = Kind == EBPF_ARG_MAP_KEY ? Map->KeySize : Map->ValueSize;
      if (Size == 0) // a ring buffer's, refused below
        return fail(Cur, "invalid zero-sized read");
      if (!helperMemory(Cur, Regno, Size, Access::Read,
                        H->Effects & EBPF_EFFECT_PACKET_ARGS))
        return false;
      break;
    }
    case EBPF_ARG_CTX:
      if (R.Kind != RegKind::Ctx)
        return fail(Cur, format("R%u type=%s expected=ctx", Regno,
                                regKindName(R.Kind)));
      if (R.Off != 0 || !R.Val.isConstant() || R.Val.value() != 0)
        return fail(Cur, format("dereference of modified ctx ptr R%u off=%d "
                                "disallowed",
                                Regno, R.Off));
      break;
    case EBPF_ARG_MEM:
    case EBPF_ARG_UNINIT_MEM: {
      unsigned SizeReg = Regno + 1;
      if (!readable(Cur, SizeReg))
        return false;
      const RegState &S = Cur.State.current().Regs[SizeReg];
      if (!S.isScalar())
        return fail(Cur, format("R%u type=%s expected=scalar", SizeReg,
                                regKindName(S.Kind)));
      bool ZeroOk = H->Args[A + 1] == EBPF_ARG_CONST_SIZE_OR_ZERO;
      if (S.Val.SMin < 0)
        return fail(Cur, format("R%u min value is negative, either use "
                                "unsigned or 'var &= const'",
                                SizeReg));
      if (S.Val.UMax >= uint64_t(MaxVarOff))
        return fail(Cur, format("R%u unbounded memory access, use 'var &= "
                                "const' or 'if (var < const)'",
                                SizeReg));
      if (!ZeroOk && S.Val.UMin == 0)
        return fail(Cur, format("R%u invalid zero-sized read: u64=[%llu,%llu]",
                                SizeReg, (unsigned long long)S.Val.UMin,
                                (unsigned long long)S.Val.UMax));
      if (S.Val.UMax > 0 &&
          !helperMemory(Cur, Regno, S.Val.UMax,
                        Kind == EBPF_ARG_MEM ? Access::Read : Access::Write,
                        H->Effects & EBPF_EFFECT_PACKET_ARGS))
        return false;
      break;
    }
    case EBPF_ARG_CONST_SIZE:
    case EBPF_ARG_CONST_SIZE_OR_ZERO:
      break; // checked with the memory argument before it
    }
  }
  if (H->Effects & EBPF_EFFECT_CHANGES_PACKET)
    Cur.State.forEachReg([](RegState &R) {
      if (R.isPacketLike())
        R = RegState::scalar(Scalar::unknown());
    });
  // The kernel's check_map_func_compatibility, after the arguments: ring
  // buffers only with the ring buffer helpers, and those only with ring
  // buffers.
  if (Map && (Map->Type == MapType::Ringbuf) != WantsRingbuf)
    return fail(Cur, format("cannot pass map_type %u into func %s#%u",
                            unsigned(Map->Type), H->Name, H->Id));
  if (Callback) {
    if (H->Id == 181)
      noteLoop(Cur, *Callback);
    if (!callCallback(Cur, H->Id, *Callback))
      return false;
  }
  if (Released) {
    // Every copy of the record, in every frame and spill, is gone with it
    // (as the kernel's release_reference; as root it leaves them unknown
    // scalars, which any access then refuses).
    dropReference(Cur.State, Released);
    Cur.State.forEachReg([&](RegState &R) {
      if (R.Kind == RegKind::RingbufMem && R.Id == Released)
        R = RegState::scalar(Scalar::unknown());
    });
  }
  Frame &F = Cur.State.current();
  for (unsigned R = 1; R <= 5; ++R)
    F.Regs[R] = RegState();
  switch (H->Ret) {
  case EBPF_RET_MAP_VALUE_OR_NULL:
    F.Regs[0] = RegState::pointer(RegKind::MapValueOrNull);
    F.Regs[0].Map = MapIndex;
    F.Regs[0].Id = newId();
    break;
  case EBPF_RET_RINGBUF_MEM_OR_NULL:
    // The reservation may fail whatever the size; a size no record can have
    // just makes it fail (the kernel's RINGBUF_MAX_RECORD_SZ).
    F.Regs[0] = RegState::pointer(RegKind::RingbufMemOrNull);
    F.Regs[0].Range = uint32_t(std::min<uint64_t>(AllocSize, UINT32_MAX / 4));
    F.Regs[0].Id = newId();
    Cur.State.Refs.push_back(Reference{F.Regs[0].Id, Cur.Pc});
    break;
  case EBPF_RET_VOID:
    F.Regs[0] = RegState();
    break;
  case EBPF_RET_INTEGER:
    F.Regs[0] = RegState::scalar(Scalar::unknown());
    break;
  }
  return true;
}

bool Analyzer::localCall(Path &Cur, const ebpf_decoded &D) {
  Frame Callee;
  const Frame &Caller = Cur.State.current();
  for (unsigned R = 1; R <= 5; ++R)
    Callee.Regs[R] = Caller.Regs[R];
  Callee.Regs[EBPF_REG_FP] = RegState::pointer(RegKind::Stack);
  Callee.Regs[EBPF_REG_FP].Frame = uint8_t(Cur.State.Frames.size());
  Callee.CallSite = Cur.Pc;
  Cur.State.Frames.push_back(std::move(Callee));
  Cur.Pc = uint32_t(D.target);
  return true;
}

bool Analyzer::callCallback(Path &Cur, uint32_t HelperId, uint32_t Target) {
  if (Cur.State.Frames.size() >= EBPF_MAX_CALL_DEPTH)
    return fail(Cur, format("the call stack of %zu frames is too deep",
                            Cur.State.Frames.size() + 1));
  const Frame &Caller = Cur.State.current();
  Frame Callee;
  switch (HelperId) {
  case 181: // bpf_loop: callback(u32 index, void *ctx); index < 1 << 23
    Callee.Regs[1] = RegState::scalar(Scalar::unsignedRange(0, (1u << 23) - 1));
    Callee.Regs[2] = Caller.Regs[3];
    break;
  case 164: { // bpf_for_each_map_elem: callback(map, key, value, ctx)
    uint32_t Map = Caller.Regs[1].Map;
    Callee.Regs[1] = Caller.Regs[1];
    Callee.Regs[2] = RegState::pointer(RegKind::MapKey);
    Callee.Regs[2].Map = Map;
    Callee.Regs[3] = RegState::pointer(RegKind::MapValue);
    Callee.Regs[3].Map = Map;
    Callee.Regs[4] = Caller.Regs[3];
    break;
  }
  default:
    return fail(Cur, format("helper %u calls no callback", HelperId));
  }
  Callee.Regs[EBPF_REG_FP] = RegState::pointer(RegKind::Stack);
  Callee.Regs[EBPF_REG_FP].Frame = uint8_t(Cur.State.Frames.size());
  Callee.CallSite = Cur.Pc;
  Callee.Callback = true;
  Callee.FirstCallbackId = LastId + 1;
  AbstractState Called = Cur.State;
  Called.Frames.push_back(std::move(Callee));
  fork(Cur, std::move(Called), Target);
  return true;
}

void Analyzer::widenAtCallbackReturn(Path &Cur) {
  const StoredState *Before = Cur.Last;
  while (Before && !(Before->Pc == Cur.Pc &&
                     Before->State.Frames.size() == Cur.State.Frames.size()))
    Before = Before->Parent;
  if (!Before)
    return;
  auto Widen = [](const RegState &Old, RegState &New) {
    if (Old.isScalar() && New.isScalar() && !(Old.Val == New.Val))
      New = RegState::scalar(Scalar::unknown());
  };
  for (size_t F = 0; F < Cur.State.Frames.size(); ++F) {
    const Frame &Old = Before->State.Frames[F];
    Frame &New = Cur.State.Frames[F];
    for (unsigned R = 0; R < EBPF_REG_FP; ++R)
      Widen(Old.Regs[R], New.Regs[R]);
    for (auto &[Index, Slot] : New.Slots) {
      const StackSlot *OldSlot = Old.slot(Index);
      if (OldSlot && OldSlot->SpillSize && Slot.SpillSize &&
          OldSlot->SpillStart == Slot.SpillStart &&
          OldSlot->SpillSize == Slot.SpillSize)
        Widen(OldSlot->Spill, Slot.Spill);
    }
  }
}

bool Analyzer::exit(Path &Cur) {
  // A subprogram may return nothing (a void function); its caller must
  // not read r0 then, which the caller's own reads check.
  if (Cur.State.depth() == 0) {
    // The kernel checks for leaks first.
    if (!Cur.State.Refs.empty())
      return fail(Cur, format("Unreleased reference id=%u alloc_insn=%u",
                              Cur.State.Refs[0].Id, Cur.State.Refs[0].InsnIdx));
    if (!readable(Cur, 0))
      return false;
    return false; // the program returns: this path is done
  }
  RegState Ret = Cur.State.current().Regs[0];
  if (Cur.State.current().Callback) {
    // The kernel's prepare_func_exit for callbacks: r0 in [0, 1], what
    // the callback acquired released, and back to the helper's call.
    const Frame &Callee = Cur.State.current();
    if (!readable(Cur, 0))
      return false;
    if (!Ret.isScalar())
      return fail(Cur, "R0 not a scalar value");
    if (Ret.Val.SMin < 0 || Ret.Val.SMax > 1) {
      std::string Has;
      if (Ret.Val.SMin > INT64_MIN)
        Has += format(" smin=%lld", (long long)Ret.Val.SMin);
      if (Ret.Val.SMax < INT64_MAX)
        Has += format(" smax=%lld", (long long)Ret.Val.SMax);
      if (Has.empty())
        Has = " unknown scalar value";
      return fail(Cur, "At callback return the register R0 has" + Has +
                           " should have been in [0, 1]");
    }
    for (const Reference &R : Cur.State.Refs)
      if (R.Id >= Callee.FirstCallbackId)
        return fail(Cur, format("Unreleased reference id=%u alloc_insn=%u",
                                R.Id, R.InsnIdx));
    Cur.Pc = Callee.CallSite;
    Cur.State.Frames.pop_back();
    widenAtCallbackReturn(Cur);
    return true;
  }
  if (Ret.Kind == RegKind::Stack && Ret.Frame == Cur.State.depth())
    return fail(Cur, "cannot return stack pointer to the caller");
  uint32_t CallSite = Cur.State.current().CallSite;
  returnToCaller(Cur.State);
  Cur.Pc = CallSite + 1;
  return true;
}

void Analyzer::returnToCaller(AbstractState &S) {
  RegState Ret = S.current().Regs[0];
  S.Frames.pop_back();
  Frame &Caller = S.current();
  Caller.Regs[0] = Ret;
  for (unsigned R = 1; R <= 5; ++R)
    Caller.Regs[R] = RegState();
}

} // namespace

std::optional<VerifierDiagnostic>
ebpfc::analyzeProgram(const Program &P, const VerifyOptions &Options,
                      VerifiedProgram &Out) {
  return Analyzer(P, Options, Out).run();
}
