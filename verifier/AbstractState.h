//===- verifier/AbstractState.h - The state the verifier tracks -*- C++ -*-===//
//
// What the verifier knows at one point of one path: for every call frame,
// the type and value of each register and what each stack byte holds. A
// register is uninitialized, a scalar, or a pointer of some kind with a
// fixed offset (Off) and a variable one (Val, a scalar), as in the kernel's
// struct bpf_reg_state. Stack slots are 8 bytes; each byte is known zero
// (the frame starts zeroed), holds some scalar, or is part of a spilled
// register, which a fill of the same bytes gets back with its type.
//
// covers() decides whether everything that can still happen from one state
// has already been proved safe from another, which is what lets the
// analyzer prune paths.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_VERIFIER_ABSTRACTSTATE_H
#define EBPFC_VERIFIER_ABSTRACTSTATE_H

#include "Scalar.h"

#include "ebpfc/isa.h"

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ebpfc {

enum class RegKind : uint8_t {
  NotInit,
  Scalar,
  Ctx,            ///< the program's context
  Stack,          ///< a frame's stack; Frame says whose, Off is from its r10
  Packet,         ///< packet data; Range bytes from the variable base
  PacketEnd,      ///< the end of packet data: only for comparisons
  PacketMeta,     ///< XDP/tc metadata in front of the packet
  MapPtr,         ///< a map (lddw of a map), for map helpers
  MapValue,       ///< a value of map Map
  MapValueOrNull, ///< a lookup's result before its null check
  Mem,            ///< a raw program's memory block
  /// A ring buffer record of Range bytes; Id is the reference that submit
  /// or discard releases (AbstractState::Refs).
  RingbufMem,
  RingbufMemOrNull, ///< bpf_ringbuf_reserve's result before its null check
  Func,             ///< a function of the program (Off: its first insn)
  MapKey,           ///< a key of map Map, read-only (for_each callbacks)
};

/// The kernel's name for a register type, as its log prints it.
const char *regKindName(RegKind Kind);

struct RegState {
  RegKind Kind = RegKind::NotInit;
  uint8_t Frame = 0;  ///< Stack: the frame the pointer points into
  int32_t Off = 0;    ///< pointers: the fixed offset
  uint32_t Id = 0;    ///< shared by copies: null checks, packet ranges and
                      ///< scalar bounds propagate to every register with it
  uint32_t Range = 0; ///< Packet/PacketMeta: proven readable bytes;
                      ///< RingbufMem*: the record's size
  uint32_t Map = 0;   ///< MapPtr/MapValue/MapValueOrNull: the map's index
  Scalar Val;         ///< Scalar: the value; pointers: the variable offset

  static RegState scalar(const Scalar &V) {
    RegState R;
    R.Kind = RegKind::Scalar;
    R.Val = V;
    return R;
  }
  static RegState pointer(RegKind Kind, int32_t Off = 0) {
    RegState R;
    R.Kind = Kind;
    R.Off = Off;
    R.Val = Scalar::constant(0);
    return R;
  }
  bool isInit() const { return Kind != RegKind::NotInit; }
  bool isScalar() const { return Kind == RegKind::Scalar; }
  bool isPointer() const { return Kind > RegKind::Scalar; }
  bool isPacketLike() const {
    return Kind == RegKind::Packet || Kind == RegKind::PacketEnd ||
           Kind == RegKind::PacketMeta;
  }
  bool operator==(const RegState &O) const;
  /// "scalar(umax=255)", "fp-8", "pkt(off=14,r=34)", in the kernel's style.
  std::string str() const;
};

enum class ByteKind : uint8_t { Zero, Misc, Spill };

struct StackSlot {
  std::array<ByteKind, 8> Bytes = {};
  /// The register whose bytes [SpillStart, SpillStart + SpillSize) hold,
  /// when some byte is ByteKind::Spill.
  uint8_t SpillStart = 0, SpillSize = 0;
  RegState Spill;

  bool operator==(const StackSlot &O) const;
  bool allZero() const;
};

constexpr unsigned SlotsPerFrame = EBPF_STACK_SIZE / 8;

struct Frame {
  std::array<RegState, EBPF_NUM_REGS> Regs;
  /// The slots that are not all zero, by index (slot I holds the bytes at
  /// r10 - 512 + 8 * I ...), in increasing order.
  std::vector<std::pair<uint8_t, StackSlot>> Slots;
  uint32_t CallSite = 0; ///< the call that made this frame (not the first)
  /// A callback's frame: CallSite is the helper call that calls it, which
  /// runs again when the callback returns (it may call it again), and
  /// references with ids from FirstCallbackId on were acquired inside it.
  bool Callback = false;
  uint32_t FirstCallbackId = 0;

  /// Slot I, or nullptr if it is all zero.
  const StackSlot *slot(unsigned I) const;
  /// Slot I, created zeroed if needed.
  StackSlot &slotForWrite(unsigned I);
  bool operator==(const Frame &O) const;
};

/// A reference the program holds and must release on every path (the
/// kernel's struct bpf_reference_state): a reserved ring buffer record.
struct Reference {
  uint32_t Id;      ///< the Id of every register that holds it
  uint32_t InsnIdx; ///< the call that acquired it
  bool operator==(const Reference &O) const {
    return Id == O.Id && InsnIdx == O.InsnIdx;
  }
};

struct AbstractState {
  std::vector<Frame> Frames;
  /// Held references, oldest first.
  std::vector<Reference> Refs;

  Frame &current() { return Frames.back(); }
  const Frame &current() const { return Frames.back(); }
  unsigned depth() const { return unsigned(Frames.size() - 1); }

  /// Calls F on every register and spilled register of every frame.
  template <typename Fn> void forEachReg(Fn F) {
    for (Frame &Fr : Frames) {
      for (RegState &R : Fr.Regs)
        F(R);
      for (auto &[Index, Slot] : Fr.Slots)
        if (Slot.SpillSize)
          F(Slot.Spill);
    }
  }

  bool operator==(const AbstractState &O) const {
    return Frames == O.Frames && Refs == O.Refs;
  }
};

/// True if every path from Current is safe given that every path from Old
/// was proved safe: Current's concrete states are a subset of Old's. Ids are
/// matched by a consistent renaming, as the kernel's check_ids does.
bool covers(const AbstractState &Old, const AbstractState &Current);

/// The smallest state (of this domain's shape) that covers both Old and
/// Current, or false where they differ in a way no state covers (a register
/// of different kinds, a pointer at different fixed offsets, ...). Ids
/// shared in both stay shared; NewId numbers the joined ones.
bool joinStates(const AbstractState &Old, const AbstractState &Current,
                AbstractState &Joined, uint32_t &LastId);

/// A hash of everything covers() compares but ids, so that states that
/// cover each other both ways hash alike.
uint64_t stateHash(const AbstractState &S);

/// "fp-8=scalar()" for a spilled register, "fp-16=mm000000" for bytes
/// (m: some scalar, 0: zero).
std::string describeSlot(unsigned Index, const StackSlot &Slot);
/// "R0=scalar() R1=ctx() R10=fp0 fp-8=..." for one frame.
std::string describeFrame(const Frame &Fr);

/// One line per frame: "frame1: R0=scalar() R1=ctx() R10=fp0 fp-8=spill(...)".
std::string describeState(const AbstractState &S);

} // namespace ebpfc

#endif // EBPFC_VERIFIER_ABSTRACTSTATE_H
