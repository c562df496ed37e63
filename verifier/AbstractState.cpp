//===- verifier/AbstractState.cpp - Comparing and printing states ---------===//
//
// covers() is the pruning rule. Old covers Current when, register by
// register and stack byte by stack byte, every value Current allows Old
// allows too: an uninitialized register in Old covers anything (the paths
// from Old never read it, or they would have failed), a scalar covers a
// scalar with narrower bounds, a pointer covers a pointer of the same kind
// and fixed offset whose variable part is narrower and whose proven packet
// range is at least as long. Ids must correspond one to one, so that what
// Old's paths learned through a shared id holds in Current too.
//
//===----------------------------------------------------------------------===//
#include "AbstractState.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

using namespace ebpfc;

const char *ebpfc::regKindName(RegKind Kind) {
  switch (Kind) {
  case RegKind::NotInit:
    return "?";
  case RegKind::Scalar:
    return "scalar";
  case RegKind::Ctx:
    return "ctx";
  case RegKind::Stack:
    return "fp";
  case RegKind::Packet:
    return "pkt";
  case RegKind::PacketEnd:
    return "pkt_end";
  case RegKind::PacketMeta:
    return "pkt_meta";
  case RegKind::MapPtr:
    return "map_ptr";
  case RegKind::MapValue:
    return "map_value";
  case RegKind::MapValueOrNull:
    return "map_value_or_null";
  case RegKind::Mem:
    return "mem";
  case RegKind::RingbufMem:
    return "ringbuf_mem";
  case RegKind::RingbufMemOrNull:
    return "ringbuf_mem_or_null";
  case RegKind::Func:
    return "func";
  case RegKind::MapKey:
    return "map_key";
  }
  return "?";
}

bool RegState::operator==(const RegState &O) const {
  return Kind == O.Kind && Frame == O.Frame && Off == O.Off && Id == O.Id &&
         Range == O.Range && Map == O.Map && Val == O.Val;
}

std::string RegState::str() const {
  char Buf[96];
  switch (Kind) {
  case RegKind::NotInit:
    return "?";
  case RegKind::Scalar:
    if (Val.isConstant()) {
      std::snprintf(Buf, sizeof(Buf), "%lld", (long long)Val.value());
      return Buf;
    }
    return "scalar(" + (Id ? "id=" + std::to_string(Id) + "," : "") +
           Val.str() + ")";
  case RegKind::Stack:
    std::snprintf(Buf, sizeof(Buf), "fp%d", Off);
    return Frame ? std::string(Buf) + "(frame" + std::to_string(Frame) + ")"
                 : std::string(Buf);
  default:
    break;
  }
  std::string Out = regKindName(Kind);
  Out += "(";
  std::string Fields;
  auto Add = [&](const std::string &F) {
    if (!Fields.empty())
      Fields += ",";
    Fields += F;
  };
  if (Id)
    Add("id=" + std::to_string(Id));
  if (Kind == RegKind::MapPtr || Kind == RegKind::MapValue ||
      Kind == RegKind::MapValueOrNull || Kind == RegKind::MapKey)
    Add("map=" + std::to_string(Map));
  if (Off)
    Add("off=" + std::to_string(Off));
  if (Kind == RegKind::Packet || Kind == RegKind::PacketMeta)
    Add("r=" + std::to_string(Range));
  if (Kind == RegKind::RingbufMem || Kind == RegKind::RingbufMemOrNull)
    Add("sz=" + std::to_string(Range));
  if (!Val.isConstant() || Val.value() != 0)
    Add(Val.str());
  return Out + Fields + ")";
}

bool StackSlot::operator==(const StackSlot &O) const {
  return Bytes == O.Bytes && SpillStart == O.SpillStart &&
         SpillSize == O.SpillSize && (!SpillSize || Spill == O.Spill);
}

bool StackSlot::allZero() const {
  return std::all_of(Bytes.begin(), Bytes.end(),
                     [](ByteKind B) { return B == ByteKind::Zero; });
}

const StackSlot *Frame::slot(unsigned I) const {
  auto It = std::lower_bound(Slots.begin(), Slots.end(), I,
                             [](const std::pair<uint8_t, StackSlot> &E,
                                unsigned I) { return E.first < I; });
  return It != Slots.end() && It->first == I ? &It->second : nullptr;
}

StackSlot &Frame::slotForWrite(unsigned I) {
  auto It = std::lower_bound(Slots.begin(), Slots.end(), I,
                             [](const std::pair<uint8_t, StackSlot> &E,
                                unsigned I) { return E.first < I; });
  if (It == Slots.end() || It->first != I)
    It = Slots.insert(It, {uint8_t(I), StackSlot()});
  return It->second;
}

bool Frame::operator==(const Frame &O) const {
  return Regs == O.Regs && Slots == O.Slots && CallSite == O.CallSite &&
         Callback == O.Callback && FirstCallbackId == O.FirstCallbackId;
}

namespace {

/// A renaming of Old's ids to Current's, one to one.
class IdMap {
public:
  bool match(uint32_t OldId, uint32_t CurId) {
    if (OldId == 0)
      return true;
    if (CurId == 0)
      return false;
    // States hold few ids: a linear scan of an inline array, no allocation
    // unless there are many.
    for (size_t I = 0; I < Count; ++I) {
      const Pair &P = I < InlineSize ? Inline[I] : Overflow[I - InlineSize];
      if (P.Old == OldId || P.Cur == CurId)
        return P.Old == OldId && P.Cur == CurId;
    }
    if (Count < InlineSize)
      Inline[Count] = {OldId, CurId};
    else
      Overflow.push_back({OldId, CurId});
    ++Count;
    return true;
  }

private:
  struct Pair {
    uint32_t Old, Cur;
  };
  static constexpr size_t InlineSize = 16;
  // Left uninitialized: only the first Count entries are ever read, and
  // most comparisons end before any id is matched.
  Pair Inline[InlineSize];
  std::vector<Pair> Overflow;
  size_t Count = 0;
};

bool regCovers(const RegState &Old, const RegState &Cur, IdMap &Ids) {
  if (Old.Kind == RegKind::NotInit)
    return true;
  if (Old.Kind != Cur.Kind)
    return false;
  if (!Cur.Val.isSubsetOf(Old.Val))
    return false;
  if (!Ids.match(Old.Id, Cur.Id))
    return false;
  switch (Old.Kind) {
  case RegKind::Scalar:
  case RegKind::Ctx:
  case RegKind::PacketEnd:
  case RegKind::Mem:
    return Old.Off == Cur.Off;
  case RegKind::Stack:
    return Old.Off == Cur.Off && Old.Frame == Cur.Frame;
  case RegKind::Packet:
  case RegKind::PacketMeta:
    return Old.Off == Cur.Off && Cur.Range >= Old.Range;
  case RegKind::MapPtr:
  case RegKind::MapValue:
  case RegKind::MapValueOrNull:
  case RegKind::MapKey:
    return Old.Off == Cur.Off && Old.Map == Cur.Map;
  case RegKind::RingbufMem:
  case RegKind::RingbufMemOrNull:
    return Old.Off == Cur.Off && Old.Range == Cur.Range;
  case RegKind::Func:
    return Old.Off == Cur.Off;
  case RegKind::NotInit:
    break;
  }
  return true;
}

bool slotCovers(const StackSlot *Old, const StackSlot *Cur, IdMap &Ids) {
  static const StackSlot Zero;
  if (!Old)
    Old = &Zero;
  if (!Cur)
    Cur = &Zero;
  for (unsigned B = 0; B < 8; ++B) {
    ByteKind O = Old->Bytes[B], C = Cur->Bytes[B];
    bool CurIsPointer = C == ByteKind::Spill && Cur->Spill.isPointer();
    switch (O) {
    case ByteKind::Zero:
      if (C != ByteKind::Zero)
        return false;
      break;
    case ByteKind::Misc:
      // Any scalar bytes; a pointer's bytes would behave differently.
      if (CurIsPointer)
        return false;
      break;
    case ByteKind::Spill:
      if (C != ByteKind::Spill)
        return false;
      break;
    }
  }
  if (Old->SpillSize) {
    if (Old->SpillStart != Cur->SpillStart || Old->SpillSize != Cur->SpillSize)
      return false;
    return regCovers(Old->Spill, Cur->Spill, Ids);
  }
  return true;
}

} // namespace

/// A necessary condition for covers(), checked first because it is cheap
/// and most comparisons fail: each register Old has is of the same kind in
/// Cur, with an unsigned range inside Old's.
static bool mayCover(const AbstractState &Old, const AbstractState &Cur) {
  for (size_t F = Old.Frames.size(); F-- > 0;) {
    const std::array<RegState, EBPF_NUM_REGS> &O = Old.Frames[F].Regs,
                                              &C = Cur.Frames[F].Regs;
    for (unsigned R = 0; R < EBPF_NUM_REGS; ++R) {
      if (O[R].Kind == RegKind::NotInit)
        continue;
      if (O[R].Kind != C[R].Kind || C[R].Val.UMin < O[R].Val.UMin ||
          C[R].Val.UMax > O[R].Val.UMax)
        return false;
    }
  }
  return true;
}

bool ebpfc::covers(const AbstractState &Old, const AbstractState &Cur) {
  if (Old.Frames.size() != Cur.Frames.size() ||
      Old.Refs.size() != Cur.Refs.size() || !mayCover(Old, Cur))
    return false;
  IdMap Ids;
  // The same references, acquired at the same calls: what Old's paths
  // released, Current's release too.
  for (size_t R = 0; R < Old.Refs.size(); ++R)
    if (Old.Refs[R].InsnIdx != Cur.Refs[R].InsnIdx ||
        !Ids.match(Old.Refs[R].Id, Cur.Refs[R].Id))
      return false;
  for (size_t F = 0; F < Old.Frames.size(); ++F) {
    const Frame &O = Old.Frames[F], &C = Cur.Frames[F];
    // A callback's FirstCallbackId only marks which references it acquired;
    // those are compared through Refs.
    if (O.CallSite != C.CallSite || O.Callback != C.Callback)
      return false;
    for (unsigned R = 0; R < EBPF_NUM_REGS; ++R)
      if (!regCovers(O.Regs[R], C.Regs[R], Ids))
        return false;
    // Walk the union of both frames' non-zero slots.
    size_t I = 0, J = 0;
    while (I < O.Slots.size() || J < C.Slots.size()) {
      unsigned OI = I < O.Slots.size() ? O.Slots[I].first : SlotsPerFrame;
      unsigned CJ = J < C.Slots.size() ? C.Slots[J].first : SlotsPerFrame;
      const StackSlot *OS = nullptr, *CS = nullptr;
      if (OI <= CJ)
        OS = &O.Slots[I++].second;
      if (CJ <= OI)
        CS = &C.Slots[J++].second;
      if (!slotCovers(OS, CS, Ids))
        return false;
    }
  }
  return true;
}

namespace {

Scalar joinScalars(const Scalar &A, const Scalar &B) {
  Scalar J;
  J.Bits = A.Bits.join(B.Bits);
  J.UMin = std::min(A.UMin, B.UMin);
  J.UMax = std::max(A.UMax, B.UMax);
  J.SMin = std::min(A.SMin, B.SMin);
  J.SMax = std::max(A.SMax, B.SMax);
  J.U32Min = std::min(A.U32Min, B.U32Min);
  J.U32Max = std::max(A.U32Max, B.U32Max);
  J.S32Min = std::min(A.S32Min, B.S32Min);
  J.S32Max = std::max(A.S32Max, B.S32Max);
  J.normalize(); // both are satisfiable, so their join is
  return J;
}

class Joiner {
public:
  explicit Joiner(uint32_t &LastId) : LastId(LastId) {}

  bool reg(const RegState &A, const RegState &B, RegState &J) {
    if (!A.isInit() || !B.isInit()) {
      J = RegState();
      return true;
    }
    if (A.Kind != B.Kind || A.Off != B.Off || A.Frame != B.Frame ||
        A.Map != B.Map)
      return false;
    J = A;
    J.Val = joinScalars(A.Val, B.Val);
    J.Range = std::min(A.Range, B.Range);
    J.Id = id(A.Id, B.Id);
    // Packet pointers with id 0 are the fixed-offset ones, which share what
    // comparisons prove; a joined pointer with a variable part must not.
    if (!J.Id && (A.Id || B.Id))
      J.Id = ++LastId;
    return true;
  }

  bool slot(const StackSlot *A, const StackSlot *B, StackSlot &J) {
    static const StackSlot Zero;
    if (!A)
      A = &Zero;
    if (!B)
      B = &Zero;
    bool SameSpill = A->SpillSize && A->SpillStart == B->SpillStart &&
                     A->SpillSize == B->SpillSize;
    if (SameSpill) {
      J = *A;
      return reg(A->Spill, B->Spill, J.Spill);
    }
    if ((A->SpillSize && A->Spill.isPointer()) ||
        (B->SpillSize && B->Spill.isPointer()))
      return false;
    J = StackSlot();
    for (unsigned I = 0; I < 8; ++I)
      J.Bytes[I] =
          A->Bytes[I] == ByteKind::Zero && B->Bytes[I] == ByteKind::Zero
              ? ByteKind::Zero
              : ByteKind::Misc;
    return true;
  }

private:
  /// The same pair of ids gets the same joined id, so that registers linked
  /// in both states stay linked, and no others.
  uint32_t id(uint32_t A, uint32_t B) {
    if (!A || !B)
      return 0;
    auto [It, New] = Ids.try_emplace({A, B}, 0);
    if (New)
      It->second = ++LastId;
    return It->second;
  }

  uint32_t &LastId;
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> Ids;
};

} // namespace

bool ebpfc::joinStates(const AbstractState &Old, const AbstractState &Cur,
                       AbstractState &Joined, uint32_t &LastId) {
  // States holding references are not joined: a reference's registers must
  // keep its id, which a join would rename.
  if (Old.Frames.size() != Cur.Frames.size() || !Old.Refs.empty() ||
      !Cur.Refs.empty())
    return false;
  Joiner J(LastId);
  Joined.Frames.assign(Old.Frames.size(), Frame());
  for (size_t F = 0; F < Old.Frames.size(); ++F) {
    const Frame &O = Old.Frames[F], &C = Cur.Frames[F];
    Frame &Out = Joined.Frames[F];
    if (O.CallSite != C.CallSite || O.Callback != C.Callback)
      return false;
    Out.CallSite = O.CallSite;
    Out.Callback = O.Callback;
    Out.FirstCallbackId = O.FirstCallbackId;
    for (unsigned R = 0; R < EBPF_NUM_REGS; ++R)
      if (!J.reg(O.Regs[R], C.Regs[R], Out.Regs[R]))
        return false;
    for (unsigned I = 0; I < SlotsPerFrame; ++I) {
      const StackSlot *A = O.slot(I), *B = C.slot(I);
      if (!A && !B)
        continue;
      StackSlot S;
      if (!J.slot(A, B, S))
        return false;
      if (S.SpillSize || !S.allZero())
        Out.Slots.push_back({uint8_t(I), S});
    }
  }
  return true;
}

namespace {

struct Hasher {
  uint64_t H = 0xcbf29ce484222325ull;
  void add(uint64_t V) {
    H ^= V;
    H *= 0x100000001b3ull;
  }
  void add(const Scalar &S) {
    add(S.Bits.Value);
    add(S.Bits.Mask);
    add(S.UMin);
    add(S.UMax);
    add(uint64_t(S.SMin));
    add(uint64_t(S.SMax));
    add(uint64_t(S.U32Min) << 32 | S.U32Max);
    add(uint64_t(uint32_t(S.S32Min)) << 32 | uint32_t(S.S32Max));
  }
  void add(const RegState &R) {
    add(uint64_t(R.Kind) | uint64_t(R.Frame) << 8 |
        uint64_t(uint32_t(R.Off)) << 32);
    if (R.Kind == RegKind::NotInit)
      return;
    add(uint64_t(R.Range) << 32 | R.Map);
    add(R.Val);
  }
};

} // namespace

uint64_t ebpfc::stateHash(const AbstractState &S) {
  Hasher H;
  for (const Reference &R : S.Refs)
    H.add(R.InsnIdx);
  for (const Frame &F : S.Frames) {
    H.add(F.CallSite);
    H.add(F.Callback);
    for (const RegState &R : F.Regs)
      H.add(R);
    for (const auto &[Index, Slot] : F.Slots) {
      H.add(Index);
      for (ByteKind B : Slot.Bytes)
        H.add(uint64_t(B));
      if (Slot.SpillSize) {
        H.add(uint64_t(Slot.SpillStart) << 8 | Slot.SpillSize);
        H.add(Slot.Spill);
      }
    }
  }
  return H.H;
}

std::string ebpfc::describeSlot(unsigned Index, const StackSlot &Slot) {
  int Off = -int(EBPF_STACK_SIZE) + 8 * int(Index);
  std::string Out = "fp" + std::to_string(Off) + "=";
  if (Slot.SpillSize) {
    Out += Slot.Spill.str();
    if (Slot.SpillSize != 8)
      Out += "/" + std::to_string(Slot.SpillSize);
  } else {
    for (ByteKind B : Slot.Bytes)
      Out += B == ByteKind::Zero ? '0' : 'm';
  }
  return Out;
}

std::string ebpfc::describeFrame(const Frame &Fr) {
  std::string Out;
  for (unsigned R = 0; R < EBPF_NUM_REGS; ++R) {
    if (!Fr.Regs[R].isInit())
      continue;
    Out +=
        (Out.empty() ? "R" : " R") + std::to_string(R) + "=" + Fr.Regs[R].str();
  }
  for (const auto &[Index, Slot] : Fr.Slots)
    Out += " " + describeSlot(Index, Slot);
  return Out;
}

std::string ebpfc::describeState(const AbstractState &S) {
  std::string Out;
  for (size_t F = 0; F < S.Frames.size(); ++F) {
    if (S.Frames.size() > 1)
      Out += "frame" + std::to_string(F) + ": ";
    Out += describeFrame(S.Frames[F]) + "\n";
  }
  return Out;
}
