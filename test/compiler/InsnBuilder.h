//===- InsnBuilder.h - Writing BPF instructions in C++ tests ----*- C++ -*-===//
//
// Small constructors for encoded instructions, so tests state programs the
// way RFC 9669 describes instructions (class, operation, registers, offset,
// immediate) without depending on the assembler under test elsewhere.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_TEST_COMPILER_INSNBUILDER_H
#define EBPFC_TEST_COMPILER_INSNBUILDER_H

#include "ebpfc/isa.h"

#include <cstdint>
#include <initializer_list>
#include <vector>

namespace ebpfc::test {

inline ebpf_insn insn(unsigned Opcode, unsigned Dst, unsigned Src,
                      int16_t Offset, int32_t Imm) {
  ebpf_insn I;
  I.opcode = static_cast<uint8_t>(Opcode);
  I.regs = ebpf_regs(Dst, Src);
  I.offset = Offset;
  I.imm = Imm;
  return I;
}

inline unsigned aluClass(bool Is64) {
  return Is64 ? EBPF_CLS_ALU64 : EBPF_CLS_ALU;
}
inline unsigned jmpClass(bool Is64) {
  return Is64 ? EBPF_CLS_JMP : EBPF_CLS_JMP32;
}

/// dst OP= imm (64- or 32-bit); Offset 1 selects sdiv/smod.
inline ebpf_insn aluImm(bool Is64, unsigned Op, unsigned Dst, int32_t Imm,
                        int16_t Offset = 0) {
  return insn(aluClass(Is64) | Op | EBPF_SRC_K, Dst, 0, Offset, Imm);
}
/// dst OP= src; Offset 1 selects sdiv/smod, 8/16/32 movsx.
inline ebpf_insn aluReg(bool Is64, unsigned Op, unsigned Dst, unsigned Src,
                        int16_t Offset = 0) {
  return insn(aluClass(Is64) | Op | EBPF_SRC_X, Dst, Src, Offset, 0);
}
inline ebpf_insn mov64(unsigned Dst, int32_t Imm) {
  return aluImm(true, EBPF_ALU_MOV, Dst, Imm);
}
inline ebpf_insn mov64Reg(unsigned Dst, unsigned Src) {
  return aluReg(true, EBPF_ALU_MOV, Dst, Src);
}
inline ebpf_insn neg(bool Is64, unsigned Dst) {
  return insn(aluClass(Is64) | EBPF_ALU_NEG, Dst, 0, 0, 0);
}
/// le (ALU, K), be (ALU, X) or bswap (ALU64, K) of Bits bits.
inline ebpf_insn endian(unsigned Opcode, unsigned Dst, int32_t Bits) {
  return insn(Opcode, Dst, 0, 0, Bits);
}

inline unsigned sizeField(unsigned Bytes) {
  switch (Bytes) {
  case 1:
    return EBPF_SIZE_B;
  case 2:
    return EBPF_SIZE_H;
  case 4:
    return EBPF_SIZE_W;
  default:
    return EBPF_SIZE_DW;
  }
}
/// dst = *(uN *)(src + Offset)
inline ebpf_insn load(unsigned Bytes, unsigned Dst, unsigned Src,
                      int16_t Offset) {
  return insn(EBPF_CLS_LDX | EBPF_MODE_MEM | sizeField(Bytes), Dst, Src, Offset,
              0);
}
/// dst = *(sN *)(src + Offset)
inline ebpf_insn loadSx(unsigned Bytes, unsigned Dst, unsigned Src,
                        int16_t Offset) {
  return insn(EBPF_CLS_LDX | EBPF_MODE_MEMSX | sizeField(Bytes), Dst, Src,
              Offset, 0);
}
/// *(uN *)(dst + Offset) = Imm
inline ebpf_insn storeImm(unsigned Bytes, unsigned Dst, int16_t Offset,
                          int32_t Imm) {
  return insn(EBPF_CLS_ST | EBPF_MODE_MEM | sizeField(Bytes), Dst, 0, Offset,
              Imm);
}
/// *(uN *)(dst + Offset) = src
inline ebpf_insn storeReg(unsigned Bytes, unsigned Dst, unsigned Src,
                          int16_t Offset) {
  return insn(EBPF_CLS_STX | EBPF_MODE_MEM | sizeField(Bytes), Dst, Src, Offset,
              0);
}
/// lock OP *(uN *)(dst + Offset), src (Bytes 4 or 8)
inline ebpf_insn atomic(unsigned Bytes, int32_t Op, unsigned Dst, unsigned Src,
                        int16_t Offset) {
  return insn(EBPF_CLS_STX | EBPF_MODE_ATOMIC | sizeField(Bytes), Dst, Src,
              Offset, Op);
}

inline ebpf_insn jmpImm(bool Is64, unsigned Op, unsigned Dst, int32_t Imm,
                        int16_t Offset) {
  return insn(jmpClass(Is64) | Op | EBPF_SRC_K, Dst, 0, Offset, Imm);
}
inline ebpf_insn jmpReg(bool Is64, unsigned Op, unsigned Dst, unsigned Src,
                        int16_t Offset) {
  return insn(jmpClass(Is64) | Op | EBPF_SRC_X, Dst, Src, Offset, 0);
}
inline ebpf_insn ja(int16_t Offset) {
  return insn(EBPF_OP_JA, 0, 0, Offset, 0);
}
inline ebpf_insn gotol(int32_t Imm) { return insn(EBPF_OP_JA32, 0, 0, 0, Imm); }
inline ebpf_insn callHelper(int32_t Id) {
  return insn(EBPF_OP_CALL, 0, EBPF_CALL_HELPER, 0, Id);
}
/// A local call to pc + 1 + Imm.
inline ebpf_insn callLocal(int32_t Imm) {
  return insn(EBPF_OP_CALL, 0, EBPF_CALL_LOCAL, 0, Imm);
}
inline ebpf_insn callx(unsigned Reg) {
  return insn(EBPF_OP_CALLX, Reg, 0, 0, 0);
}
inline ebpf_insn exitInsn() { return insn(EBPF_OP_EXIT, 0, 0, 0, 0); }

/// The two slots of lddw dst, Imm (Pseudo 0: a plain 64-bit immediate).
inline std::vector<ebpf_insn> lddw(unsigned Dst, uint64_t Imm,
                                   unsigned Pseudo = EBPF_PSEUDO_IMM64) {
  return {insn(EBPF_OP_LDDW, Dst, Pseudo, 0, static_cast<int32_t>(Imm)),
          insn(0, 0, 0, 0, static_cast<int32_t>(Imm >> 32))};
}

/// One instruction or an lddw pair, as an element of program({...}).
struct Slots {
  Slots(const ebpf_insn &I) : Insns{I} {}
  Slots(std::vector<ebpf_insn> Is) : Insns(std::move(Is)) {}
  std::vector<ebpf_insn> Insns;
};

/// Concatenates instructions and lddw pairs into one program.
inline std::vector<ebpf_insn> program(std::initializer_list<Slots> Parts) {
  std::vector<ebpf_insn> Insns;
  for (const Slots &P : Parts)
    Insns.insert(Insns.end(), P.Insns.begin(), P.Insns.end());
  return Insns;
}

} // namespace ebpfc::test

#endif // EBPFC_TEST_COMPILER_INSNBUILDER_H
