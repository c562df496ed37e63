//===- verifier/Liveness.cpp - Registers a path may still read ------------===//
//
// Uses and definitions per instruction, then the usual backward fixpoint
// within each function. Calls are conservative: a helper or local call
// reads r1-r5 and defines r0-r5; exit reads r0. Errors in the program do
// not matter here: liveness only ever makes pruning weaker, never unsound,
// as long as no register that may be read is called dead.
//
//===----------------------------------------------------------------------===//
#include "Liveness.h"

#include "ebpfc/isa.h"

using namespace ebpfc;

namespace {

constexpr uint16_t bit(unsigned R) { return uint16_t(1u << R); }
constexpr uint16_t Args = bit(1) | bit(2) | bit(3) | bit(4) | bit(5);

struct UseDef {
  uint16_t Use = 0, Def = 0;
};

UseDef useDef(const ebpf_insn &I, const ebpf_decoded &D) {
  UseDef U;
  bool IsX = ebpf_source(I.opcode) == EBPF_SRC_X;
  switch (D.kind) {
  case EBPF_KIND_ALU:
    if (ebpf_alu_op(I.opcode) != EBPF_ALU_MOV)
      U.Use |= bit(D.dst);
    if (IsX)
      U.Use |= bit(D.src);
    U.Def |= bit(D.dst);
    break;
  case EBPF_KIND_ENDIAN:
    U.Use |= bit(D.dst);
    U.Def |= bit(D.dst);
    break;
  case EBPF_KIND_LDDW:
    U.Def |= bit(D.dst);
    break;
  case EBPF_KIND_LD_PACKET:
    U.Use |= bit(6);
    if (ebpf_mode(I.opcode) == EBPF_MODE_IND)
      U.Use |= bit(D.src);
    U.Def |= bit(0) | Args;
    break;
  case EBPF_KIND_LOAD:
    U.Use |= bit(D.src);
    U.Def |= bit(D.dst);
    break;
  case EBPF_KIND_STORE_IMM:
    U.Use |= bit(D.dst);
    break;
  case EBPF_KIND_STORE_REG:
    U.Use |= bit(D.dst) | bit(D.src);
    break;
  case EBPF_KIND_ATOMIC:
    U.Use |= bit(D.dst) | bit(D.src);
    if (I.imm == EBPF_ATOMIC_CMPXCHG) {
      U.Use |= bit(0);
      U.Def |= bit(0);
    } else if (I.imm & EBPF_ATOMIC_FETCH) {
      U.Def |= bit(D.src);
    }
    break;
  case EBPF_KIND_COND_JUMP:
    U.Use |= bit(D.dst);
    if (IsX)
      U.Use |= bit(D.src);
    break;
  case EBPF_KIND_CALLX:
    U.Use |= bit(D.dst) | Args;
    U.Def |= bit(0) | Args;
    break;
  case EBPF_KIND_CALL_HELPER:
  case EBPF_KIND_CALL_LOCAL:
  case EBPF_KIND_CALL_KFUNC:
    U.Use |= Args;
    U.Def |= bit(0) | Args;
    break;
  case EBPF_KIND_EXIT:
    U.Use |= bit(0);
    break;
  case EBPF_KIND_JA:
    break;
  }
  return U;
}

} // namespace

std::vector<uint16_t> ebpfc::computeLiveRegisters(const Program &P) {
  size_t Count = P.Insns.size();
  std::vector<uint16_t> LiveIn(Count, 0);
  std::vector<UseDef> UD(Count);
  std::vector<ebpf_decoded> Decoded(Count);
  std::vector<bool> Valid(Count, false);
  for (size_t Pc = 0; Pc < Count;) {
    if (ebpf_decode(P.Insns.data(), Count, Pc, &Decoded[Pc])) {
      ++Pc;
      continue;
    }
    Valid[Pc] = true;
    UD[Pc] = useDef(P.Insns[Pc], Decoded[Pc]);
    Pc += Decoded[Pc].slots;
  }
  for (const BpfFunction &Fn : P.Functions) {
    bool Changed = true;
    while (Changed) {
      Changed = false;
      for (size_t Pc = Fn.End; Pc-- > Fn.Start;) {
        if (!Valid[Pc])
          continue;
        const ebpf_decoded &D = Decoded[Pc];
        auto LiveAt = [&](int64_t Target) -> uint16_t {
          return Target >= Fn.Start && Target < Fn.End ? LiveIn[Target] : 0;
        };
        uint16_t Out = 0;
        switch (D.kind) {
        case EBPF_KIND_EXIT:
          break;
        case EBPF_KIND_JA:
          Out = LiveAt(D.target);
          break;
        case EBPF_KIND_COND_JUMP:
          Out = LiveAt(D.target) | LiveAt(int64_t(Pc) + 1);
          break;
        default:
          Out = LiveAt(int64_t(Pc) + D.slots);
          break;
        }
        uint16_t In = uint16_t((Out & ~UD[Pc].Def) | UD[Pc].Use);
        if (In != LiveIn[Pc]) {
          LiveIn[Pc] = In;
          Changed = true;
        }
      }
    }
  }
  return LiveIn;
}
