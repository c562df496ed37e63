//===- test/runtime/InterpreterTest.cpp - The reference interpreter -------===//
//
// Runs small programs, built in code with the encoders below, through
// ebpf_interpret() and checks the results against values worked out by hand
// from RFC 9669 (and the conformance suite's files where they decide an edge
// case). Also covers the helper table and the interpreter's safety stops:
// out-of-bounds accesses, bad jumps, call depth and the instruction limit,
// and the legacy packet loads (LD_ABS, LD_IND) of socket filters and tc
// programs, with the kernel's results worked out by hand.
// Finally every file of the BPF conformance suite runs and must give its
// expected result.
//
//===----------------------------------------------------------------------===//

#include "TestObject.h"

#include "ebpfc/object.h"
#include "ebpfc/runtime.h"

#include "ebpfc/ConformanceTest.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

namespace {

using Code = std::vector<ebpf_insn>;

//===-- Encoders ----------------------------------------------------------===//

ebpf_insn insn(unsigned Opcode, unsigned Dst, unsigned Src, int16_t Offset,
               int32_t Imm) {
  ebpf_insn I;
  I.opcode = uint8_t(Opcode);
  I.regs = ebpf_regs(Dst, Src);
  I.offset = Offset;
  I.imm = Imm;
  return I;
}

ebpf_insn alu64(unsigned Op, unsigned Dst, int32_t Imm) {
  return insn(EBPF_CLS_ALU64 | EBPF_SRC_K | Op, Dst, 0, 0, Imm);
}
ebpf_insn alu64r(unsigned Op, unsigned Dst, unsigned Src, int16_t Off = 0) {
  return insn(EBPF_CLS_ALU64 | EBPF_SRC_X | Op, Dst, Src, Off, 0);
}
ebpf_insn alu32(unsigned Op, unsigned Dst, int32_t Imm) {
  return insn(EBPF_CLS_ALU | EBPF_SRC_K | Op, Dst, 0, 0, Imm);
}
ebpf_insn alu32r(unsigned Op, unsigned Dst, unsigned Src, int16_t Off = 0) {
  return insn(EBPF_CLS_ALU | EBPF_SRC_X | Op, Dst, Src, Off, 0);
}
ebpf_insn mov64(unsigned Dst, int32_t Imm) {
  return alu64(EBPF_ALU_MOV, Dst, Imm);
}
ebpf_insn mov64r(unsigned Dst, unsigned Src) {
  return alu64r(EBPF_ALU_MOV, Dst, Src);
}
// Signed division and modulo are div/mod with offset 1.
ebpf_insn salu64(unsigned Op, unsigned Dst, int32_t Imm) {
  return insn(EBPF_CLS_ALU64 | EBPF_SRC_K | Op, Dst, 0, 1, Imm);
}
ebpf_insn salu32(unsigned Op, unsigned Dst, int32_t Imm) {
  return insn(EBPF_CLS_ALU | EBPF_SRC_K | Op, Dst, 0, 1, Imm);
}
ebpf_insn salu64r(unsigned Op, unsigned Dst, unsigned Src) {
  return alu64r(Op, Dst, Src, 1);
}
ebpf_insn salu32r(unsigned Op, unsigned Dst, unsigned Src) {
  return alu32r(Op, Dst, Src, 1);
}
ebpf_insn endian(unsigned Opcode, unsigned Dst, int32_t Width) {
  return insn(Opcode, Dst, 0, 0, Width);
}
Code lddw(unsigned Dst, uint64_t Value, unsigned Pseudo = 0) {
  return {insn(EBPF_OP_LDDW, Dst, Pseudo, 0, int32_t(uint32_t(Value))),
          insn(0, 0, 0, 0, int32_t(uint32_t(Value >> 32)))};
}
ebpf_insn ja(int16_t Off) { return insn(EBPF_OP_JA, 0, 0, Off, 0); }
ebpf_insn gotol(int32_t Off) { return insn(EBPF_OP_JA32, 0, 0, 0, Off); }
ebpf_insn jmp(unsigned Op, unsigned Dst, int32_t Imm, int16_t Off) {
  return insn(EBPF_CLS_JMP | EBPF_SRC_K | Op, Dst, 0, Off, Imm);
}
ebpf_insn jmpr(unsigned Op, unsigned Dst, unsigned Src, int16_t Off) {
  return insn(EBPF_CLS_JMP | EBPF_SRC_X | Op, Dst, Src, Off, 0);
}
ebpf_insn jmp32(unsigned Op, unsigned Dst, int32_t Imm, int16_t Off) {
  return insn(EBPF_CLS_JMP32 | EBPF_SRC_K | Op, Dst, 0, Off, Imm);
}
ebpf_insn jmp32r(unsigned Op, unsigned Dst, unsigned Src, int16_t Off) {
  return insn(EBPF_CLS_JMP32 | EBPF_SRC_X | Op, Dst, Src, Off, 0);
}
ebpf_insn ldx(unsigned Size, unsigned Dst, unsigned Src, int16_t Off) {
  return insn(EBPF_CLS_LDX | EBPF_MODE_MEM | Size, Dst, Src, Off, 0);
}
ebpf_insn ldxs(unsigned Size, unsigned Dst, unsigned Src, int16_t Off) {
  return insn(EBPF_CLS_LDX | EBPF_MODE_MEMSX | Size, Dst, Src, Off, 0);
}
ebpf_insn st(unsigned Size, unsigned Dst, int16_t Off, int32_t Imm) {
  return insn(EBPF_CLS_ST | EBPF_MODE_MEM | Size, Dst, 0, Off, Imm);
}
ebpf_insn stx(unsigned Size, unsigned Dst, unsigned Src, int16_t Off) {
  return insn(EBPF_CLS_STX | EBPF_MODE_MEM | Size, Dst, Src, Off, 0);
}
ebpf_insn atomic(unsigned Size, unsigned Dst, unsigned Src, int16_t Off,
                 int32_t Op) {
  return insn(EBPF_CLS_STX | EBPF_MODE_ATOMIC | Size, Dst, Src, Off, Op);
}
ebpf_insn callHelper(int32_t Id) { return insn(EBPF_OP_CALL, 0, 0, 0, Id); }
ebpf_insn callLocal(int32_t Rel) {
  return insn(EBPF_OP_CALL, 0, EBPF_CALL_LOCAL, 0, Rel);
}
ebpf_insn callx(unsigned Reg) { return insn(EBPF_OP_CALLX, Reg, 0, 0, 0); }
ebpf_insn exitInsn() { return insn(EBPF_OP_EXIT, 0, 0, 0, 0); }

/// Lets a program be written as one list mixing single instructions and the
/// two slots of lddw.
struct Chunk {
  Code Slots;
  Chunk(ebpf_insn I) : Slots{I} {}
  Chunk(Code C) : Slots(std::move(C)) {}
};
Code prog(std::initializer_list<Chunk> Chunks) {
  Code Result;
  for (const Chunk &C : Chunks)
    Result.insert(Result.end(), C.Slots.begin(), C.Slots.end());
  return Result;
}

//===-- Running -----------------------------------------------------------===//

struct Runner {
  ebpf_prog_type Type = EBPF_PROG_RAW;
  std::vector<uint8_t> *Mem = nullptr;
  bool Writable = true;
  uint64_t Limit = 0;

  ebpf_interp_result operator()(const Code &P) const {
    ebpf_mem_region Region;
    ebpf_interp_env Env = {};
    Env.type = Type;
    Env.regions = nullptr;
    Env.num_regions = 0;
    Env.insn_limit = Limit;
    uint64_t R1 = 0, R2 = 0;
    if (Mem) {
      Region.start = uint64_t(uintptr_t(Mem->data()));
      Region.size = Mem->size();
      Region.writable = Writable;
      Env.regions = &Region;
      Env.num_regions = 1;
      R1 = Region.start;
      R2 = Region.size;
    }
    return ebpf_interpret(P.data(), P.size(), &Env, R1, R2);
  }
};

ebpf_interp_result run(const Code &P) { return Runner()(P); }

/// r0 of a program that must finish normally.
uint64_t eval(const Code &P, std::vector<uint8_t> *Mem = nullptr) {
  Runner R;
  R.Mem = Mem;
  ebpf_interp_result Result = R(P);
  EXPECT_EQ(Result.status, EBPF_INTERP_OK)
      << ebpf_interp_status_string(Result.status) << " at insn " << Result.pc;
  return Result.r0;
}

/// r0 after computing OP on r0 = A and an immediate B.
uint64_t alu64Imm(uint64_t A, ebpf_insn Op) {
  return eval(prog({lddw(0, A), Op, exitInsn()}));
}
/// r0 after computing OP on r0 = A and r1 = B.
uint64_t aluReg(uint64_t A, uint64_t B, ebpf_insn Op) {
  return eval(prog({lddw(0, A), lddw(1, B), Op, exitInsn()}));
}

void expectStop(const ebpf_interp_result &R, ebpf_interp_status Status,
                size_t Pc) {
  EXPECT_EQ(R.status, Status) << ebpf_interp_status_string(R.status);
  EXPECT_EQ(R.pc, Pc);
}

constexpr uint64_t Int64Min = 0x8000000000000000ull;

//===-- Arithmetic --------------------------------------------------------===//

TEST(InterpreterTest, ReturnsR0AndPassesR1R2) {
  EXPECT_EQ(eval({mov64(0, 42), exitInsn()}), 42u);
  std::vector<uint8_t> Mem(12);
  EXPECT_EQ(eval({mov64r(0, 2), exitInsn()}, &Mem), 12u);
  // Without memory, r1 and r2 are 0.
  EXPECT_EQ(eval({mov64r(0, 1), alu64r(EBPF_ALU_OR, 0, 2), exitInsn()}), 0u);
}

TEST(InterpreterTest, Alu64Basics) {
  EXPECT_EQ(alu64Imm(5, alu64(EBPF_ALU_ADD, 0, -7)), uint64_t(-2));
  EXPECT_EQ(alu64Imm(5, alu64(EBPF_ALU_SUB, 0, 7)), uint64_t(-2));
  EXPECT_EQ(alu64Imm(0x100000000, alu64(EBPF_ALU_MUL, 0, 3)), 0x300000000u);
  EXPECT_EQ(alu64Imm(0xf0, alu64(EBPF_ALU_OR, 0, 0x0f)), 0xffu);
  EXPECT_EQ(alu64Imm(0xff, alu64(EBPF_ALU_AND, 0, 0x3c)), 0x3cu);
  EXPECT_EQ(alu64Imm(0xff, alu64(EBPF_ALU_XOR, 0, 0x0f)), 0xf0u);
  // The immediate is sign-extended for 64-bit operations.
  EXPECT_EQ(alu64Imm(0, alu64(EBPF_ALU_OR, 0, -1)), ~0ull);
  EXPECT_EQ(alu64Imm(0, mov64(0, int32_t(0x80000000))), 0xffffffff80000000u);
  // Multiplication wraps.
  EXPECT_EQ(aluReg(Int64Min, 2, alu64r(EBPF_ALU_MUL, 0, 1)), 0u);
}

TEST(InterpreterTest, Alu32ZeroExtends) {
  EXPECT_EQ(alu64Imm(~0ull, alu32(EBPF_ALU_ADD, 0, 1)), 0u);
  EXPECT_EQ(alu64Imm(0xffffffff00000005, alu32(EBPF_ALU_ADD, 0, 1)), 6u);
  EXPECT_EQ(alu64Imm(0, alu32(EBPF_ALU_MOV, 0, -1)), 0xffffffffu);
  EXPECT_EQ(alu64Imm(0, alu32(EBPF_ALU_SUB, 0, 1)), 0xffffffffu);
  // mul32-reg-overflow: only the low 32 bits of the product.
  EXPECT_EQ(aluReg(0x10000, 0x10000, alu32r(EBPF_ALU_MUL, 0, 1)), 0u);
  EXPECT_EQ(aluReg(0x40000001, 4, alu32r(EBPF_ALU_MUL, 0, 1)), 4u);
  // The operands' high halves are ignored.
  EXPECT_EQ(aluReg(0xaaaaaaaa00000003, 0xbbbbbbbb00000004,
                   alu32r(EBPF_ALU_MUL, 0, 1)),
            12u);
  EXPECT_EQ(aluReg(0, 0xffffffff00000005, alu32r(EBPF_ALU_MOV, 0, 1)), 5u);
  EXPECT_EQ(aluReg(0xff00, 0xffffffff00000f0f, alu32r(EBPF_ALU_XOR, 0, 1)),
            0xf00fu);
}

TEST(InterpreterTest, ShiftAmountsAreMasked) {
  // lsh64 by 65 is lsh by 1; lsh32 by 33 is lsh by 1.
  EXPECT_EQ(alu64Imm(1, alu64(EBPF_ALU_LSH, 0, 65)), 2u);
  EXPECT_EQ(alu64Imm(1, alu32(EBPF_ALU_LSH, 0, 33)), 2u);
  EXPECT_EQ(aluReg(1, 0xffffffff00000021, alu32r(EBPF_ALU_LSH, 0, 1)), 2u);
  EXPECT_EQ(aluReg(1, 0x41, alu64r(EBPF_ALU_LSH, 0, 1)), 2u);
  // A negative amount: -1 & 63 = 63, -1 & 31 = 31.
  EXPECT_EQ(alu64Imm(1, alu64(EBPF_ALU_LSH, 0, -1)), Int64Min);
  EXPECT_EQ(alu64Imm(1, alu32(EBPF_ALU_LSH, 0, -1)), 0x80000000u);
  // lsh32 drops the bits shifted past bit 31.
  EXPECT_EQ(alu64Imm(0xc0000001, alu32(EBPF_ALU_LSH, 0, 1)), 0x80000002u);
  // rsh32 shifts only the low half in.
  EXPECT_EQ(alu64Imm(0xffffffff00000010, alu32(EBPF_ALU_RSH, 0, 4)), 1u);
  EXPECT_EQ(alu64Imm(Int64Min, alu64(EBPF_ALU_RSH, 0, 63 + 64)), 1u);
  // arsh copies the sign bit of the operand's width.
  EXPECT_EQ(alu64Imm(0x80000000, alu32(EBPF_ALU_ARSH, 0, 4)), 0xf8000000u);
  EXPECT_EQ(alu64Imm(0x80000000, alu32(EBPF_ALU_ARSH, 0, 36)), 0xf8000000u);
  EXPECT_EQ(alu64Imm(0x80000000, alu64(EBPF_ALU_ARSH, 0, 4)), 0x08000000u);
  EXPECT_EQ(alu64Imm(uint64_t(-16), alu64(EBPF_ALU_ARSH, 0, 2)), uint64_t(-4));
  EXPECT_EQ(aluReg(uint64_t(-16), 66, alu64r(EBPF_ALU_ARSH, 0, 1)),
            uint64_t(-4));
}

TEST(InterpreterTest, UnsignedDivisionAndModulo) {
  EXPECT_EQ(alu64Imm(100, alu64(EBPF_ALU_DIV, 0, 7)), 14u);
  EXPECT_EQ(alu64Imm(100, alu64(EBPF_ALU_MOD, 0, 7)), 2u);
  // By zero: division gives 0, modulo leaves the dividend.
  EXPECT_EQ(aluReg(7, 0, alu64r(EBPF_ALU_DIV, 0, 1)), 0u);
  EXPECT_EQ(aluReg(7, 0, alu64r(EBPF_ALU_MOD, 0, 1)), 7u);
  EXPECT_EQ(alu64Imm(7, alu64(EBPF_ALU_DIV, 0, 0)), 0u);
  EXPECT_EQ(aluReg(7, 0, alu32r(EBPF_ALU_DIV, 0, 1)), 0u);
  // mod32 by zero: the dividend's low half, zero-extended.
  EXPECT_EQ(aluReg(0x100000007, 0, alu32r(EBPF_ALU_MOD, 0, 1)), 7u);
  // A divisor whose low half is zero is zero for div32 (div32-by-zero-reg-2).
  EXPECT_EQ(aluReg(7, 0x100000000, alu32r(EBPF_ALU_DIV, 0, 1)), 0u);
  // div32-high-divisor: 12 / (u32)0x100000004 = 3.
  EXPECT_EQ(aluReg(12, 0x100000004, alu32r(EBPF_ALU_DIV, 0, 1)), 3u);
  // mod32: 0x100000003 % 3 sees 3 % 3.
  EXPECT_EQ(alu64Imm(0x100000003, alu32(EBPF_ALU_MOD, 0, 3)), 0u);
  // div64-negative-imm: the immediate is sign-extended, then unsigned.
  EXPECT_EQ(alu64Imm(~0ull, alu64(EBPF_ALU_DIV, 0, -10)), 1u);
  EXPECT_EQ(alu64Imm(5, alu64(EBPF_ALU_MOD, 0, -3)), 5u);
  // For 32-bit, the immediate is (u32)imm: 0xffffffff / 0xfffffff6 = 1.
  EXPECT_EQ(alu64Imm(0xffffffff, alu32(EBPF_ALU_DIV, 0, -10)), 1u);
  EXPECT_EQ(alu64Imm(0xffffffff, alu32(EBPF_ALU_MOD, 0, -10)), 9u);
}

TEST(InterpreterTest, SignedDivisionAndModulo) {
  EXPECT_EQ(alu64Imm(uint64_t(-7), salu64(EBPF_ALU_DIV, 0, 2)), uint64_t(-3));
  EXPECT_EQ(alu64Imm(uint64_t(-7), salu64(EBPF_ALU_MOD, 0, 2)), uint64_t(-1));
  EXPECT_EQ(alu64Imm(7, salu64(EBPF_ALU_MOD, 0, -2)), 1u);
  EXPECT_EQ(alu64Imm(uint64_t(-7), salu64(EBPF_ALU_MOD, 0, -2)), uint64_t(-1));
  EXPECT_EQ(alu64Imm(uint64_t(-7), salu64(EBPF_ALU_DIV, 0, -2)), 3u);
  // INT_MIN / -1 wraps to INT_MIN; INT_MIN % -1 is 0.
  EXPECT_EQ(alu64Imm(Int64Min, salu64(EBPF_ALU_DIV, 0, -1)), Int64Min);
  EXPECT_EQ(alu64Imm(Int64Min, salu64(EBPF_ALU_MOD, 0, -1)), 0u);
  EXPECT_EQ(aluReg(Int64Min, ~0ull, salu64r(EBPF_ALU_DIV, 0, 1)), Int64Min);
  EXPECT_EQ(aluReg(Int64Min, ~0ull, salu64r(EBPF_ALU_MOD, 0, 1)), 0u);
  // By zero, as unsigned: 0 and the dividend (smod64-neg-by-zero-reg).
  EXPECT_EQ(aluReg(uint64_t(-10), 0, salu64r(EBPF_ALU_DIV, 0, 1)), 0u);
  EXPECT_EQ(aluReg(uint64_t(-10), 0, salu64r(EBPF_ALU_MOD, 0, 1)),
            0xfffffffffffffff6u);
  // 32-bit forms, zero-extended.
  EXPECT_EQ(alu64Imm(uint32_t(-7), salu32(EBPF_ALU_DIV, 0, 2)), 0xfffffffdu);
  EXPECT_EQ(alu64Imm(uint32_t(-7), salu32(EBPF_ALU_MOD, 0, 2)), 0xffffffffu);
  EXPECT_EQ(alu64Imm(0x80000000, salu32(EBPF_ALU_DIV, 0, -1)), 0x80000000u);
  EXPECT_EQ(alu64Imm(0x80000000, salu32(EBPF_ALU_MOD, 0, -1)), 0u);
  EXPECT_EQ(aluReg(0x80000000, 0xffffffff, salu32r(EBPF_ALU_DIV, 0, 1)),
            0x80000000u);
  // smod32-neg-by-zero: the low half of the dividend, zero-extended.
  EXPECT_EQ(aluReg(uint64_t(-10), 0, salu32r(EBPF_ALU_MOD, 0, 1)), 0xfffffff6u);
  EXPECT_EQ(aluReg(uint64_t(-10), 0, salu32r(EBPF_ALU_DIV, 0, 1)), 0u);
  // The divisor's high half does not matter: (s32)0x1ffffffff is -1.
  EXPECT_EQ(aluReg(6, 0x1ffffffff, salu32r(EBPF_ALU_DIV, 0, 1)), 0xfffffffau);
}

TEST(InterpreterTest, Negation) {
  EXPECT_EQ(alu64Imm(1, alu64(EBPF_ALU_NEG, 0, 0)), ~0ull);
  EXPECT_EQ(alu64Imm(Int64Min, alu64(EBPF_ALU_NEG, 0, 0)), Int64Min);
  EXPECT_EQ(alu64Imm(1, alu32(EBPF_ALU_NEG, 0, 0)), 0xffffffffu);
  EXPECT_EQ(alu64Imm(0x80000000, alu32(EBPF_ALU_NEG, 0, 0)), 0x80000000u);
  EXPECT_EQ(alu64Imm(0x100000000, alu32(EBPF_ALU_NEG, 0, 0)), 0u);
}

TEST(InterpreterTest, SignExtendingMoves) {
  EXPECT_EQ(aluReg(0, 0x80, alu64r(EBPF_ALU_MOV, 0, 1, 8)),
            0xffffffffffffff80u);
  EXPECT_EQ(aluReg(0, 0x7f80, alu64r(EBPF_ALU_MOV, 0, 1, 8)),
            0xffffffffffffff80u);
  EXPECT_EQ(aluReg(0, 0x17f, alu64r(EBPF_ALU_MOV, 0, 1, 8)), 0x7fu);
  EXPECT_EQ(aluReg(0, 0x8001, alu64r(EBPF_ALU_MOV, 0, 1, 16)),
            0xffffffffffff8001u);
  EXPECT_EQ(aluReg(0, 0x180000001, alu64r(EBPF_ALU_MOV, 0, 1, 32)),
            0xffffffff80000001u);
  // The 32-bit form sign-extends to 32 bits, then zero-extends.
  EXPECT_EQ(aluReg(0, 0x80, alu32r(EBPF_ALU_MOV, 0, 1, 8)), 0xffffff80u);
  EXPECT_EQ(aluReg(0, 0x18001, alu32r(EBPF_ALU_MOV, 0, 1, 16)), 0xffff8001u);
}

TEST(InterpreterTest, ByteOrder) {
  const uint64_t V = 0x1122334455667788;
  EXPECT_EQ(alu64Imm(V, endian(EBPF_OP_LE, 0, 16)), 0x7788u);
  EXPECT_EQ(alu64Imm(V, endian(EBPF_OP_LE, 0, 32)), 0x55667788u);
  EXPECT_EQ(alu64Imm(V, endian(EBPF_OP_LE, 0, 64)), V);
  EXPECT_EQ(alu64Imm(V, endian(EBPF_OP_BE, 0, 16)), 0x8877u);
  EXPECT_EQ(alu64Imm(V, endian(EBPF_OP_BE, 0, 32)), 0x88776655u);
  EXPECT_EQ(alu64Imm(V, endian(EBPF_OP_BE, 0, 64)), 0x8877665544332211u);
  EXPECT_EQ(alu64Imm(V, endian(EBPF_OP_BSWAP, 0, 16)), 0x8877u);
  EXPECT_EQ(alu64Imm(V, endian(EBPF_OP_BSWAP, 0, 32)), 0x88776655u);
  EXPECT_EQ(alu64Imm(V, endian(EBPF_OP_BSWAP, 0, 64)), 0x8877665544332211u);
}

TEST(InterpreterTest, Lddw) {
  EXPECT_EQ(eval(prog({lddw(0, 0x1122334455667788), exitInsn()})),
            0x1122334455667788u);
  // lddw2: the low half is not sign-extended.
  EXPECT_EQ(eval(prog({lddw(0, 0x80000000), exitInsn()})), 0x80000000u);
  EXPECT_EQ(eval(prog({lddw(0, 0xffffffff00000000), exitInsn()})),
            0xffffffff00000000u);
}

//===-- Jumps -------------------------------------------------------------===//

/// 1 if the jump J (at insn 4, targeting +1) is taken with r1 = A, r2 = B.
uint64_t taken(uint64_t A, uint64_t B, ebpf_insn J) {
  return eval(prog({lddw(1, A), lddw(2, B), J, mov64(0, 0), exitInsn(),
                    mov64(0, 1), exitInsn()}));
}

TEST(InterpreterTest, ConditionalJumps64) {
  EXPECT_EQ(taken(3, 3, jmpr(EBPF_JMP_JEQ, 1, 2, 2)), 1u);
  EXPECT_EQ(taken(3, 4, jmpr(EBPF_JMP_JEQ, 1, 2, 2)), 0u);
  EXPECT_EQ(taken(3, 4, jmpr(EBPF_JMP_JNE, 1, 2, 2)), 1u);
  EXPECT_EQ(taken(~0ull, 1, jmpr(EBPF_JMP_JGT, 1, 2, 2)), 1u);
  EXPECT_EQ(taken(~0ull, 1, jmpr(EBPF_JMP_JSGT, 1, 2, 2)), 0u);
  EXPECT_EQ(taken(~0ull, 1, jmpr(EBPF_JMP_JSLT, 1, 2, 2)), 1u);
  EXPECT_EQ(taken(~0ull, 1, jmpr(EBPF_JMP_JLT, 1, 2, 2)), 0u);
  EXPECT_EQ(taken(5, 5, jmpr(EBPF_JMP_JGE, 1, 2, 2)), 1u);
  EXPECT_EQ(taken(5, 5, jmpr(EBPF_JMP_JLE, 1, 2, 2)), 1u);
  EXPECT_EQ(taken(5, 5, jmpr(EBPF_JMP_JSGE, 1, 2, 2)), 1u);
  EXPECT_EQ(taken(5, 5, jmpr(EBPF_JMP_JSLE, 1, 2, 2)), 1u);
  EXPECT_EQ(taken(4, 5, jmpr(EBPF_JMP_JSGE, 1, 2, 2)), 0u);
  EXPECT_EQ(taken(6, 5, jmpr(EBPF_JMP_JSLE, 1, 2, 2)), 0u);
  EXPECT_EQ(taken(6, 3, jmpr(EBPF_JMP_JSET, 1, 2, 2)), 1u);
  EXPECT_EQ(taken(4, 3, jmpr(EBPF_JMP_JSET, 1, 2, 2)), 0u);
  // Immediates are sign-extended: 5 > 0xffffffffffffffff is false unsigned.
  EXPECT_EQ(taken(5, 0, jmp(EBPF_JMP_JGT, 1, -1, 2)), 0u);
  EXPECT_EQ(taken(5, 0, jmp(EBPF_JMP_JLT, 1, -1, 2)), 1u);
  EXPECT_EQ(taken(~0ull, 0, jmp(EBPF_JMP_JEQ, 1, -1, 2)), 1u);
  EXPECT_EQ(taken(0xffffffff, 0, jmp(EBPF_JMP_JEQ, 1, -1, 2)), 0u);
  EXPECT_EQ(taken(uint64_t(-2), 0, jmp(EBPF_JMP_JSLT, 1, -1, 2)), 1u);
}

TEST(InterpreterTest, ConditionalJumps32CompareLowHalves) {
  EXPECT_EQ(taken(0x100000000, 0, jmp32(EBPF_JMP_JEQ, 1, 0, 2)), 1u);
  EXPECT_EQ(taken(0x100000000, 0, jmp(EBPF_JMP_JEQ, 1, 0, 2)), 0u);
  EXPECT_EQ(taken(0xffffffff, 0, jmp32(EBPF_JMP_JEQ, 1, -1, 2)), 1u);
  // (s32)0x80000000 is negative; as a 64-bit value it is positive.
  EXPECT_EQ(taken(0x80000000, 0, jmp32(EBPF_JMP_JSLT, 1, 0, 2)), 1u);
  EXPECT_EQ(taken(0x80000000, 0, jmp(EBPF_JMP_JSLT, 1, 0, 2)), 0u);
  EXPECT_EQ(taken(0x1, 0xffffffff00000002, jmp32r(EBPF_JMP_JLT, 1, 2, 2)), 1u);
  EXPECT_EQ(taken(0x1, 0xffffffff00000002, jmp32r(EBPF_JMP_JSGT, 1, 2, 2)), 0u);
  EXPECT_EQ(taken(0x100000001, 0x200000001, jmp32r(EBPF_JMP_JNE, 1, 2, 2)), 0u);
  EXPECT_EQ(taken(0x100000000, 0x100000000, jmp32r(EBPF_JMP_JSET, 1, 2, 2)),
            0u);
  EXPECT_EQ(taken(0xfffffffe, 0, jmp32(EBPF_JMP_JSGE, 1, -2, 2)), 1u);
  EXPECT_EQ(taken(0xfffffffe, 0, jmp32(EBPF_JMP_JGE, 1, -2, 2)), 1u);
  EXPECT_EQ(taken(0xfffffffd, 0, jmp32(EBPF_JMP_JSLE, 1, -2, 2)), 1u);
  EXPECT_EQ(taken(0xfffffffd, 0, jmp32(EBPF_JMP_JLE, 1, -2, 2)), 1u);
  EXPECT_EQ(taken(0xfffffffd, 0, jmp32(EBPF_JMP_JGT, 1, -2, 2)), 0u);
}

TEST(InterpreterTest, UnconditionalJumps) {
  // ja +1 skips one instruction; gotol takes its offset from imm.
  EXPECT_EQ(eval({mov64(0, 1), ja(1), mov64(0, 2), exitInsn()}), 1u);
  EXPECT_EQ(eval({mov64(0, 1), gotol(1), mov64(0, 2), exitInsn()}), 1u);
  // exit-not-last: backward jumps.
  EXPECT_EQ(eval({mov64(0, 0), ja(2), alu64(EBPF_ALU_ADD, 0, 3), exitInsn(),
                  alu64(EBPF_ALU_ADD, 0, 4), gotol(-4)}),
            7u);
  // A counted loop: sum 1..10.
  EXPECT_EQ(eval({mov64(0, 0), mov64(1, 10), alu64r(EBPF_ALU_ADD, 0, 1),
                  alu64(EBPF_ALU_SUB, 1, 1), jmp(EBPF_JMP_JNE, 1, 0, -3),
                  exitInsn()}),
            55u);
  // A jump over an lddw lands after both of its slots.
  EXPECT_EQ(eval(prog({mov64(0, 5), ja(2), lddw(0, 7), exitInsn()})), 5u);
}

//===-- Memory ------------------------------------------------------------===//

TEST(InterpreterTest, LoadsAreLittleEndianAndZeroOrSignExtend) {
  std::vector<uint8_t> Mem = {0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x91};
  EXPECT_EQ(eval({ldx(EBPF_SIZE_DW, 0, 1, 0), exitInsn()}, &Mem),
            0x9122334455667788u);
  EXPECT_EQ(eval({ldx(EBPF_SIZE_W, 0, 1, 4), exitInsn()}, &Mem), 0x91223344u);
  EXPECT_EQ(eval({ldx(EBPF_SIZE_H, 0, 1, 6), exitInsn()}, &Mem), 0x9122u);
  EXPECT_EQ(eval({ldx(EBPF_SIZE_B, 0, 1, 7), exitInsn()}, &Mem), 0x91u);
  EXPECT_EQ(eval({ldxs(EBPF_SIZE_W, 0, 1, 4), exitInsn()}, &Mem),
            0xffffffff91223344u);
  EXPECT_EQ(eval({ldxs(EBPF_SIZE_H, 0, 1, 6), exitInsn()}, &Mem),
            0xffffffffffff9122u);
  EXPECT_EQ(eval({ldxs(EBPF_SIZE_B, 0, 1, 7), exitInsn()}, &Mem),
            0xffffffffffffff91u);
  EXPECT_EQ(eval({ldxs(EBPF_SIZE_B, 0, 1, 0), exitInsn()}, &Mem),
            0xffffffffffffff88u);
  EXPECT_EQ(eval({ldxs(EBPF_SIZE_H, 0, 1, 2), exitInsn()}, &Mem), 0x5566u);
  // Unaligned.
  EXPECT_EQ(eval({ldx(EBPF_SIZE_W, 0, 1, 1), exitInsn()}, &Mem), 0x44556677u);
  // Negative offsets.
  EXPECT_EQ(eval({mov64r(3, 1), alu64(EBPF_ALU_ADD, 3, 8),
                  ldx(EBPF_SIZE_B, 0, 3, -8), exitInsn()},
                 &Mem),
            0x88u);
}

TEST(InterpreterTest, StoresWriteTheLowBytes) {
  std::vector<uint8_t> Mem(16, 0xee);
  Code P = prog({lddw(2, 0x1122334455667788), stx(EBPF_SIZE_B, 1, 2, 0),
                 stx(EBPF_SIZE_H, 1, 2, 1), stx(EBPF_SIZE_W, 1, 2, 3),
                 stx(EBPF_SIZE_DW, 1, 2, 8), mov64(0, 0), exitInsn()});
  eval(P, &Mem);
  std::vector<uint8_t> Expected = {0x88, 0x88, 0x77, 0x88, 0x77, 0x66,
                                   0x55, 0xee, 0x88, 0x77, 0x66, 0x55,
                                   0x44, 0x33, 0x22, 0x11};
  EXPECT_EQ(Mem, Expected);

  // Immediate stores; stdw sign-extends the immediate.
  std::fill(Mem.begin(), Mem.end(), 0xee);
  eval({st(EBPF_SIZE_B, 1, 0, 0x101), st(EBPF_SIZE_H, 1, 1, -2),
        st(EBPF_SIZE_W, 1, 3, 0x04030201), st(EBPF_SIZE_DW, 1, 8, -3),
        mov64(0, 0), exitInsn()},
       &Mem);
  Expected = {0x01, 0xfe, 0xff, 0x01, 0x02, 0x03, 0x04, 0xee,
              0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  EXPECT_EQ(Mem, Expected);
}

TEST(InterpreterTest, StackStartsZeroedAndHolds512Bytes) {
  // A read of stack bytes never written yields 0.
  EXPECT_EQ(eval({ldx(EBPF_SIZE_DW, 0, 10, -8), exitInsn()}), 0u);
  EXPECT_EQ(eval({ldx(EBPF_SIZE_DW, 0, 10, -512), exitInsn()}), 0u);
  EXPECT_EQ(eval({st(EBPF_SIZE_W, 10, -4, 0x12345678),
                  ldx(EBPF_SIZE_DW, 0, 10, -8), exitInsn()}),
            0x1234567800000000u);
  EXPECT_EQ(eval({st(EBPF_SIZE_B, 10, -512, 9), ldx(EBPF_SIZE_B, 0, 10, -512),
                  exitInsn()}),
            9u);
}

TEST(InterpreterTest, OutOfBoundsAccessesStop) {
  std::vector<uint8_t> Mem(8);
  Runner R;
  R.Mem = &Mem;
  uint64_t Base = uint64_t(uintptr_t(Mem.data()));
  // Past the end of the region, and straddling its end.
  ebpf_interp_result Res =
      R({mov64(0, 0), ldx(EBPF_SIZE_W, 0, 1, 6), exitInsn()});
  expectStop(Res, EBPF_INTERP_OUT_OF_BOUNDS, 1);
  EXPECT_EQ(Res.address, Base + 6);
  Res = R({ldx(EBPF_SIZE_B, 0, 1, 8), exitInsn()});
  expectStop(Res, EBPF_INTERP_OUT_OF_BOUNDS, 0);
  EXPECT_EQ(Res.address, Base + 8);
  Res = R({ldx(EBPF_SIZE_B, 0, 1, -1), exitInsn()});
  expectStop(Res, EBPF_INTERP_OUT_OF_BOUNDS, 0);
  EXPECT_EQ(Res.address, Base - 1);
  EXPECT_EQ(R({ldx(EBPF_SIZE_DW, 0, 1, 0), exitInsn()}).status, EBPF_INTERP_OK);
  // A null pointer, and any address with no memory at all.
  Res = run({mov64(2, 0), ldx(EBPF_SIZE_B, 0, 2, 0), exitInsn()});
  expectStop(Res, EBPF_INTERP_OUT_OF_BOUNDS, 1);
  EXPECT_EQ(Res.address, 0u);
  // Outside the stack: above r10, below r10 - 512, straddling r10.
  expectStop(run({ldx(EBPF_SIZE_B, 0, 10, 0), exitInsn()}),
             EBPF_INTERP_OUT_OF_BOUNDS, 0);
  expectStop(run({st(EBPF_SIZE_B, 10, -513, 0), exitInsn()}),
             EBPF_INTERP_OUT_OF_BOUNDS, 0);
  expectStop(run({ldx(EBPF_SIZE_DW, 0, 10, -4), exitInsn()}),
             EBPF_INTERP_OUT_OF_BOUNDS, 0);
  expectStop(run({stx(EBPF_SIZE_W, 10, 1, -514), exitInsn()}),
             EBPF_INTERP_OUT_OF_BOUNDS, 0);
  // Atomics are checked too.
  expectStop(run({atomic(EBPF_SIZE_DW, 10, 1, 0, EBPF_ATOMIC_ADD), exitInsn()}),
             EBPF_INTERP_OUT_OF_BOUNDS, 0);
}

TEST(InterpreterTest, ReadOnlyRegions) {
  std::vector<uint8_t> Mem = {1, 2, 3, 4};
  Runner R;
  R.Mem = &Mem;
  R.Writable = false;
  ebpf_interp_result Res = R({ldx(EBPF_SIZE_B, 0, 1, 3), exitInsn()});
  EXPECT_EQ(Res.status, EBPF_INTERP_OK);
  EXPECT_EQ(Res.r0, 4u);
  Res = R({st(EBPF_SIZE_B, 1, 0, 9), exitInsn()});
  expectStop(Res, EBPF_INTERP_OUT_OF_BOUNDS, 0);
  EXPECT_EQ(Res.address, uint64_t(uintptr_t(Mem.data())));
  expectStop(R({atomic(EBPF_SIZE_W, 1, 2, 0, EBPF_ATOMIC_ADD), exitInsn()}),
             EBPF_INTERP_OUT_OF_BOUNDS, 0);
  EXPECT_EQ(Mem, (std::vector<uint8_t>{1, 2, 3, 4}));
}

TEST(InterpreterTest, SeveralRegions) {
  uint8_t A[4] = {1, 2, 3, 4}, B[4] = {5, 6, 7, 8};
  ebpf_mem_region Regions[2] = {{uint64_t(uintptr_t(A)), 4, false},
                                {uint64_t(uintptr_t(B)), 4, true}};
  ebpf_interp_env Env = {EBPF_PROG_RAW, Regions, 2,      0,
                         nullptr,       nullptr, nullptr};
  Code P = {ldx(EBPF_SIZE_B, 0, 1, 0), ldx(EBPF_SIZE_B, 3, 2, 0),
            alu64r(EBPF_ALU_ADD, 0, 3), stx(EBPF_SIZE_B, 2, 0, 1), exitInsn()};
  ebpf_interp_result Res = ebpf_interpret(
      P.data(), P.size(), &Env, uint64_t(uintptr_t(A)), uint64_t(uintptr_t(B)));
  EXPECT_EQ(Res.status, EBPF_INTERP_OK);
  EXPECT_EQ(Res.r0, 6u);
  EXPECT_EQ(B[1], 6);
}

//===-- Atomics -----------------------------------------------------------===//

/// Runs ATOMIC on the 8 bytes at [r10-8] holding MEM, with r0 = R0 and
/// r1 = R1; returns {memory, r0, r1} through the stack and r0.
struct AtomicOutcome {
  uint64_t Mem, R0, R1;
};
AtomicOutcome runAtomic(uint64_t Mem, uint64_t R0, uint64_t R1,
                        ebpf_insn Atomic) {
  std::vector<uint8_t> Out(24);
  Code P =
      prog({lddw(2, Mem), stx(EBPF_SIZE_DW, 10, 2, -8), lddw(0, R0),
            mov64r(3, 1), lddw(1, R1), Atomic, ldx(EBPF_SIZE_DW, 2, 10, -8),
            stx(EBPF_SIZE_DW, 3, 2, 0), stx(EBPF_SIZE_DW, 3, 0, 8),
            stx(EBPF_SIZE_DW, 3, 1, 16), mov64(0, 0), exitInsn()});
  eval(P, &Out);
  AtomicOutcome O;
  std::memcpy(&O.Mem, &Out[0], 8);
  std::memcpy(&O.R0, &Out[8], 8);
  std::memcpy(&O.R1, &Out[16], 8);
  return O;
}

void expectAtomic(AtomicOutcome O, uint64_t Mem, uint64_t R0, uint64_t R1) {
  EXPECT_EQ(O.Mem, Mem);
  EXPECT_EQ(O.R0, R0);
  EXPECT_EQ(O.R1, R1);
}

TEST(InterpreterTest, Atomics64) {
  auto At = [](int32_t Op) { return atomic(EBPF_SIZE_DW, 10, 1, -8, Op); };
  expectAtomic(runAtomic(0x10, 7, 0x22, At(EBPF_ATOMIC_ADD)), 0x32, 7, 0x22);
  expectAtomic(runAtomic(0x10, 7, 0x22, At(EBPF_ATOMIC_OR)), 0x32, 7, 0x22);
  expectAtomic(runAtomic(0x30, 7, 0x22, At(EBPF_ATOMIC_AND)), 0x20, 7, 0x22);
  expectAtomic(runAtomic(0x30, 7, 0x22, At(EBPF_ATOMIC_XOR)), 0x12, 7, 0x22);
  int32_t Fetch = EBPF_ATOMIC_FETCH;
  expectAtomic(runAtomic(0x10, 7, 0x22, At(EBPF_ATOMIC_ADD | Fetch)), 0x32, 7,
               0x10);
  expectAtomic(runAtomic(0x10, 7, 0x22, At(EBPF_ATOMIC_OR | Fetch)), 0x32, 7,
               0x10);
  expectAtomic(runAtomic(0x30, 7, 0x22, At(EBPF_ATOMIC_AND | Fetch)), 0x20, 7,
               0x30);
  expectAtomic(runAtomic(0x30, 7, 0x22, At(EBPF_ATOMIC_XOR | Fetch)), 0x12, 7,
               0x30);
  expectAtomic(runAtomic(0x30, 7, 0x22, At(EBPF_ATOMIC_XCHG)), 0x22, 7, 0x30);
  // cmpxchg: r0 == memory, so memory = src; r0 gets the old value.
  expectAtomic(runAtomic(0x30, 0x30, 0x22, At(EBPF_ATOMIC_CMPXCHG)), 0x22, 0x30,
               0x22);
  // r0 != memory: memory unchanged, r0 still gets the old value.
  expectAtomic(runAtomic(0x30, 0x31, 0x22, At(EBPF_ATOMIC_CMPXCHG)), 0x30, 0x30,
               0x22);
  // Carries cross the 32-bit boundary.
  expectAtomic(runAtomic(0xffffffff, 0, 1, At(EBPF_ATOMIC_ADD)), 0x100000000, 0,
               1);
}

TEST(InterpreterTest, Atomics32TouchTheLowWordAndZeroExtend) {
  auto At = [](int32_t Op) { return atomic(EBPF_SIZE_W, 10, 1, -8, Op); };
  const uint64_t Mem = 0x12345678fffffff0;
  // add32 ignores src's high half and carries nothing into the next word.
  expectAtomic(runAtomic(Mem, 0, 0xaaaaaaaa00000020, At(EBPF_ATOMIC_ADD)),
               0x1234567800000010, 0, 0xaaaaaaaa00000020);
  // Fetching forms zero-extend the old 32-bit value into src.
  expectAtomic(runAtomic(Mem, 0, 0xaaaaaaaa00000020,
                         At(EBPF_ATOMIC_ADD | EBPF_ATOMIC_FETCH)),
               0x1234567800000010, 0, 0xfffffff0);
  expectAtomic(runAtomic(Mem, 0, 0x0f, At(EBPF_ATOMIC_OR | EBPF_ATOMIC_FETCH)),
               0x12345678ffffffff, 0, 0xfffffff0);
  expectAtomic(runAtomic(Mem, 0, 0x30, At(EBPF_ATOMIC_AND | EBPF_ATOMIC_FETCH)),
               0x1234567800000030, 0, 0xfffffff0);
  expectAtomic(runAtomic(Mem, 0, 0xff, At(EBPF_ATOMIC_XOR | EBPF_ATOMIC_FETCH)),
               0x12345678ffffff0f, 0, 0xfffffff0);
  expectAtomic(runAtomic(Mem, 0, 0x1111111122222222, At(EBPF_ATOMIC_XCHG)),
               0x1234567822222222, 0, 0xfffffff0);
  // cmpxchg32 compares r0's low half (rfc9669_lock_cmpxchg32).
  expectAtomic(runAtomic(Mem, 0x77777777fffffff0, 0x1111111122222222,
                         At(EBPF_ATOMIC_CMPXCHG)),
               0x1234567822222222, 0xfffffff0, 0x1111111122222222);
  expectAtomic(runAtomic(Mem, 0xfffffff1, 0x22222222, At(EBPF_ATOMIC_CMPXCHG)),
               Mem, 0xfffffff0, 0x22222222);
}

TEST(InterpreterTest, AtomicsOnRegionsAndUnaligned) {
  std::vector<uint8_t> Mem(16);
  // An unaligned add at offset 3.
  eval({mov64(2, 0x41), atomic(EBPF_SIZE_W, 1, 2, 3, EBPF_ATOMIC_ADD),
        atomic(EBPF_SIZE_W, 1, 2, 3, EBPF_ATOMIC_ADD), mov64(0, 0), exitInsn()},
       &Mem);
  EXPECT_EQ(Mem[3], 0x82);
  // An aligned one: memory 0 + 5 + 6, the second fetch sees 5.
  EXPECT_EQ(
      eval({mov64(2, 5),
            atomic(EBPF_SIZE_DW, 1, 2, 8, EBPF_ATOMIC_ADD | EBPF_ATOMIC_FETCH),
            mov64(2, 6),
            atomic(EBPF_SIZE_DW, 1, 2, 8, EBPF_ATOMIC_ADD | EBPF_ATOMIC_FETCH),
            mov64r(0, 2), exitInsn()},
           &Mem),
      5u);
  EXPECT_EQ(Mem[8], 11);
}

//===-- Calls -------------------------------------------------------------===//

TEST(InterpreterTest, HelperCalls) {
  // call_unwind_fail: helper 5 is the identity.
  EXPECT_EQ(eval({mov64(1, 42), callHelper(5), exitInsn()}), 42u);
  // callx: the helper id is in the named register.
  EXPECT_EQ(eval({mov64(1, -1), mov64(2, 5), callx(2), exitInsn()}), ~0ull);
  // The older callx encoding names the register in imm.
  EXPECT_EQ(eval({mov64(1, 9), mov64(4, 5), insn(EBPF_OP_CALLX, 0, 0, 0, 4),
                  exitInsn()}),
            9u);
  expectStop(run({mov64(0, 0), callHelper(6), exitInsn()}),
             EBPF_INTERP_UNKNOWN_HELPER, 1);
  // The whole register is the id, not its low half.
  expectStop(run(prog({lddw(2, 0x100000005), callx(2), exitInsn()})),
             EBPF_INTERP_UNKNOWN_HELPER, 2);
  // Helper ids belong to a program type: XDP has no bpf_skb_load_bytes.
  Runner Xdp;
  Xdp.Type = EBPF_PROG_XDP;
  expectStop(Xdp({callHelper(26), exitInsn()}), EBPF_INTERP_UNKNOWN_HELPER, 0);
}

TEST(InterpreterTest, LocalCallPreservesR6ToR9) {
  // call_local: the callee gets r1..r5, clobbers r6..r9, returns r0.
  Code P = {mov64(1, 1), mov64(2, 2), mov64(3, 3), mov64(4, 4), mov64(5, 5),
            mov64(6, 6), mov64(7, 7), mov64(8, 8), mov64(9, 9), callLocal(8),
            // r0 = r0 * 1000 + r6 + r7 + r8 + r9 = 15000 + 30
            alu64(EBPF_ALU_MUL, 0, 1000), alu64r(EBPF_ALU_ADD, 0, 6),
            alu64r(EBPF_ALU_ADD, 0, 7), alu64r(EBPF_ALU_ADD, 0, 8),
            alu64r(EBPF_ALU_ADD, 0, 9), ldx(EBPF_SIZE_DW, 1, 10, -8),
            alu64r(EBPF_ALU_ADD, 0, 1), exitInsn(),
            // callee at 18
            mov64r(0, 1), alu64r(EBPF_ALU_ADD, 0, 2),
            alu64r(EBPF_ALU_ADD, 0, 3), alu64r(EBPF_ALU_ADD, 0, 4),
            alu64r(EBPF_ALU_ADD, 0, 5), mov64(6, 0), mov64(7, 0), mov64(8, 0),
            mov64(9, 0), st(EBPF_SIZE_DW, 10, -8, 100000), exitInsn()};
  // The callee's store went to its own frame, so the caller reads 0 at
  // [r10-8]: its r10 is restored.
  EXPECT_EQ(eval(P), 15030u);
}

TEST(InterpreterTest, EachCallGetsAFreshZeroedFrame) {
  // The callee returns what it finds at [r10-8], then stores 77 there; the
  // second call must again find 0. The caller's own frame is untouched.
  Code P = {
      st(EBPF_SIZE_DW, 10, -8, 5), callLocal(4), mov64r(6, 0), callLocal(2),
      alu64r(EBPF_ALU_ADD, 0, 6),
      // r0 += caller's [r10-8] (5)
      ja(3),
      // callee at 6
      ldx(EBPF_SIZE_DW, 0, 10, -8), st(EBPF_SIZE_DW, 10, -8, 77), exitInsn(),
      // 9
      ldx(EBPF_SIZE_DW, 1, 10, -8), alu64r(EBPF_ALU_ADD, 0, 1), exitInsn()};
  EXPECT_EQ(eval(P), 5u);
}

TEST(InterpreterTest, CalleeMayUseCallerStackButNotViceVersa) {
  // The caller passes a pointer to its frame; the callee reads 40 there,
  // writes 2 back, and returns a pointer into its own frame.
  Code P = {st(EBPF_SIZE_DW, 10, -8, 40), mov64r(1, 10),
            alu64(EBPF_ALU_ADD, 1, -8), callLocal(3),
            ldx(EBPF_SIZE_DW, 0, 10, -8), // 2
            ldx(EBPF_SIZE_DW, 1, 6, 0),   // the callee's frame: gone
            exitInsn(),
            // callee at 7
            ldx(EBPF_SIZE_DW, 2, 1, 0), st(EBPF_SIZE_DW, 1, 0, 2),
            mov64r(6, 10), alu64(EBPF_ALU_ADD, 6, -8),
            stx(EBPF_SIZE_DW, 6, 2, 0), mov64r(0, 2), exitInsn()};
  ebpf_interp_result R = run(P);
  expectStop(R, EBPF_INTERP_OUT_OF_BOUNDS, 5);
  // r6 was restored by the return, so the load used the caller's r6 (0).
  EXPECT_EQ(R.address, 0u);

  // Same, but the pointer survives in r0 instead.
  P[4] = mov64r(3, 0);
  P[5] = ldx(EBPF_SIZE_DW, 1, 3, 0);
  P[12] = mov64r(0, 6);
  R = run(P);
  expectStop(R, EBPF_INTERP_OUT_OF_BOUNDS, 5);
  EXPECT_NE(R.address, 0u);

  // And the caller sees what the callee wrote through the pointer.
  P[5] = ldx(EBPF_SIZE_DW, 0, 10, -8);
  EXPECT_EQ(eval(P), 2u);
}

/// Calls itself recursively N times below one first call: N + 2 frames.
Code recursion(int32_t N) {
  return {mov64(1, N),
          callLocal(1),
          exitInsn(),
          jmp(EBPF_JMP_JEQ, 1, 0, 2), // 3
          alu64(EBPF_ALU_SUB, 1, 1),
          callLocal(-3), // 5: back to 3
          mov64(0, 7),
          exitInsn()};
}

TEST(InterpreterTest, CallDepth) {
  EXPECT_EQ(eval(recursion(EBPF_MAX_CALL_DEPTH - 2)), 7u);
  expectStop(run(recursion(EBPF_MAX_CALL_DEPTH - 1)), EBPF_INTERP_CALL_DEPTH,
             5);
}

//===-- Stops -------------------------------------------------------------===//

TEST(InterpreterTest, InstructionLimit) {
  Runner R;
  R.Limit = 3;
  EXPECT_EQ(R({mov64(0, 1), mov64(0, 2), exitInsn()}).status, EBPF_INTERP_OK);
  R.Limit = 2;
  expectStop(R({mov64(0, 1), mov64(0, 2), exitInsn()}), EBPF_INTERP_INSN_LIMIT,
             2);
  // lddw is one instruction.
  EXPECT_EQ(R(prog({lddw(0, 1), exitInsn()})).status, EBPF_INTERP_OK);
  // An endless loop stops.
  R.Limit = 1000;
  expectStop(R({mov64(0, 0), ja(-1)}), EBPF_INTERP_INSN_LIMIT, 1);
  // Instructions of callees count.
  R.Limit = 5;
  expectStop(R(recursion(3)), EBPF_INTERP_INSN_LIMIT, 3);
}

TEST(InterpreterTest, BadJumps) {
  expectStop(run({}), EBPF_INTERP_BAD_JUMP, 0);
  // Falling off the end, blamed on the last instruction.
  expectStop(run({mov64(0, 0), mov64(0, 1)}), EBPF_INTERP_BAD_JUMP, 1);
  expectStop(run({mov64(0, 0), jmp(EBPF_JMP_JEQ, 0, 1, -2)}),
             EBPF_INTERP_BAD_JUMP, 1);
  expectStop(run({ja(5), exitInsn()}), EBPF_INTERP_BAD_JUMP, 0);
  expectStop(run({mov64(0, 0), ja(-3), exitInsn()}), EBPF_INTERP_BAD_JUMP, 1);
  expectStop(run({gotol(-100000), exitInsn()}), EBPF_INTERP_BAD_JUMP, 0);
  // Into the second half of an lddw, by a jump or a call.
  expectStop(run(prog({ja(1), lddw(0, 1), exitInsn()})), EBPF_INTERP_BAD_JUMP,
             0);
  expectStop(run(prog({jmp(EBPF_JMP_JEQ, 0, 0, 1), lddw(0, 1), exitInsn()})),
             EBPF_INTERP_BAD_JUMP, 0);
  expectStop(run(prog({callLocal(1), lddw(0, 1), exitInsn()})),
             EBPF_INTERP_BAD_JUMP, 0);
  expectStop(run({callLocal(9), exitInsn()}), EBPF_INTERP_BAD_JUMP, 0);
  // A local call as the last instruction returns past the end; like any
  // fall-through, it is blamed on the instruction executed last, the exit.
  expectStop(run({ja(1), exitInsn(), callLocal(-2)}), EBPF_INTERP_BAD_JUMP, 1);
}

TEST(InterpreterTest, InvalidInstructionsAreRejectedBeforeRunning) {
  // Even when never executed.
  expectStop(run({mov64(0, 0), exitInsn(), insn(0xff, 0, 0, 0, 0)}),
             EBPF_INTERP_BAD_INSN, 2);
  expectStop(run({mov64(0, 0), exitInsn(), insn(EBPF_OP_LDDW, 0, 0, 0, 1)}),
             EBPF_INTERP_BAD_INSN, 2);
  // r10 is read-only, also for the fetching atomics that write src.
  expectStop(run({mov64(10, 0), exitInsn()}), EBPF_INTERP_BAD_INSN, 0);
  expectStop(
      run({atomic(EBPF_SIZE_DW, 1, 10, 0, EBPF_ATOMIC_ADD | EBPF_ATOMIC_FETCH),
           exitInsn()}),
      EBPF_INTERP_BAD_INSN, 0);
  expectStop(run({atomic(EBPF_SIZE_W, 1, 10, 0, EBPF_ATOMIC_XCHG), exitInsn()}),
             EBPF_INTERP_BAD_INSN, 0);
  // Invalid register numbers.
  expectStop(
      run({insn(EBPF_CLS_ALU64 | EBPF_ALU_MOV, 11, 0, 0, 0), exitInsn()}),
      EBPF_INTERP_BAD_INSN, 0);
}

TEST(InterpreterTest, ValidateOnceThenRun) {
  Code Bad = {mov64(0, 0), exitInsn(), insn(0xff, 0, 0, 0, 0)};
  EXPECT_EQ(ebpf_interp_validate(Bad.data(), Bad.size()), 2u);
  Code Good = prog({lddw(0, 40), alu64(EBPF_ALU_ADD, 0, 2), exitInsn()});
  EXPECT_EQ(ebpf_interp_validate(Good.data(), Good.size()), Good.size());
  ebpf_interp_env Env = {EBPF_PROG_RAW, nullptr, 0,      0,
                         nullptr,       nullptr, nullptr};
  ebpf_interp_result R =
      ebpf_interpret_validated(Good.data(), Good.size(), &Env, 0, 0);
  EXPECT_EQ(R.status, EBPF_INTERP_OK);
  EXPECT_EQ(R.r0, 42u);
}

TEST(InterpreterTest, UnvalidatedProgramsStayInBounds) {
  // Encodings validation would refuse: registers 11..15, callx naming
  // register 15 in imm, an lddw cut in half. They must not make the loop
  // touch anything outside its own state (run under ASan to see).
  ebpf_interp_env Env = {EBPF_PROG_RAW, nullptr, 0,      100,
                         nullptr,       nullptr, nullptr};
  Code P = {insn(EBPF_CLS_ALU64 | EBPF_SRC_X | EBPF_ALU_MOV, 15, 14, 0, 0),
            insn(EBPF_OP_CALLX, 0, 0, 0, 15), exitInsn()};
  EXPECT_EQ(ebpf_interpret_validated(P.data(), P.size(), &Env, 0, 0).status,
            EBPF_INTERP_UNKNOWN_HELPER);
  P = {mov64(0, 0), insn(EBPF_OP_LDDW, 0, 0, 0, 1)};
  expectStop(ebpf_interpret_validated(P.data(), P.size(), &Env, 0, 0),
             EBPF_INTERP_BAD_INSN, 1);
}

TEST(InterpreterTest, UnsupportedInstructions) {
  // Legacy packet loads outside socket filters and tc programs (see
  // InterpreterLegacyLoadTest).
  expectStop(
      run(prog({mov64(0, 0), lddw(1, 3, EBPF_PSEUDO_MAP_FD), exitInsn()})),
      EBPF_INTERP_UNSUPPORTED, 1);
  expectStop(run({insn(EBPF_CLS_LD | EBPF_MODE_ABS | EBPF_SIZE_W, 0, 0, 0, 0),
                  exitInsn()}),
             EBPF_INTERP_UNSUPPORTED, 0);
  expectStop(run({insn(EBPF_CLS_LD | EBPF_MODE_IND | EBPF_SIZE_B, 0, 1, 0, 0),
                  exitInsn()}),
             EBPF_INTERP_UNSUPPORTED, 0);
  expectStop(run({insn(EBPF_OP_CALL, 0, EBPF_CALL_KFUNC, 0, 1), exitInsn()}),
             EBPF_INTERP_UNSUPPORTED, 0);
}

TEST(InterpreterTest, StatusStrings) {
  EXPECT_STREQ(ebpf_interp_status_string(EBPF_INTERP_OUT_OF_BOUNDS),
               "out-of-bounds memory access");
  std::vector<std::string> Seen;
  for (int S = EBPF_INTERP_OK; S <= EBPF_INTERP_UNSUPPORTED; ++S) {
    std::string Text = ebpf_interp_status_string(ebpf_interp_status(S));
    EXPECT_FALSE(Text.empty());
    EXPECT_EQ(std::find(Seen.begin(), Seen.end(), Text), Seen.end()) << Text;
    Seen.push_back(Text);
  }
}

//===-- Programs of an object: maps, contexts, helpers --------------------===//

using ebpfc_test::mapDesc;
using ebpfc_test::TestObject;

uint64_t address(const void *P) { return uint64_t(uintptr_t(P)); }

/// lddw of map INDEX's handle, or of the address of byte OFFSET of its value.
Code ldMap(unsigned Dst, int32_t Index) {
  return {insn(EBPF_OP_LDDW, Dst, EBPF_PSEUDO_MAP_IDX, 0, Index),
          insn(0, 0, 0, 0, 0)};
}
Code ldMapValue(unsigned Dst, int32_t Index, int32_t Offset) {
  return {insn(EBPF_OP_LDDW, Dst, EBPF_PSEUDO_MAP_IDX_VALUE, 0, Index),
          insn(0, 0, 0, 0, Offset)};
}

/// Runs P as a program of TYPE in OBJ (may be null) with context CTX.
ebpf_interp_result runIn(const Code &P, ebpf_prog_type Type, ebpf_object *Obj,
                         void *Ctx = nullptr) {
  ebpf_interp_env Env = {};
  Env.type = Type;
  Env.object = Obj;
  Env.ctx = Ctx;
  Env.insn_limit = 100000;
  return ebpf_interpret(P.data(), P.size(), &Env, address(Ctx), 0);
}

/// A packet of LEN bytes 0, 1, 2, ... in a kernel-style XDP test buffer.
struct XdpBuffer {
  std::vector<uint8_t> Page = std::vector<uint8_t>(EBPF_XDP_BUFFER_SIZE);
  ebpf_xdp_md Ctx;
  explicit XdpBuffer(size_t Len) {
    for (size_t I = 0; I < Len; ++I)
      Page[EBPF_XDP_PACKET_HEADROOM + I] = uint8_t(I);
    EXPECT_EQ(ebpf_xdp_md_init(&Ctx, Page.data(), Page.size(),
                               EBPF_XDP_PACKET_HEADROOM, Len),
              0);
  }
};

TEST(InterpreterObjectTest, XdpProgramCountsInAnArrayMap) {
  TestObject T({mapDesc("counter", EBPF_MAP_ARRAY, 4, 8, 1)});
  ASSERT_EQ(T.open(), 0);
  // Returns the packet's byte 12 and counts packets of at least 14 bytes;
  // shorter ones return 1 uncounted.
  Code P = prog({
      mov64r(6, 1),                                   // 0
      ldx(EBPF_SIZE_W, 2, 1, EBPF_XDP_MD_DATA),       // 1: data
      ldx(EBPF_SIZE_W, 3, 1, EBPF_XDP_MD_DATA_END),   // 2: data_end
      mov64r(4, 2),                                   // 3
      alu64(EBPF_ALU_ADD, 4, 14),                     // 4
      jmpr(EBPF_JMP_JGT, 4, 3, 12),                   // 5: -> 18
      ldx(EBPF_SIZE_B, 7, 2, 12),                     // 6
      st(EBPF_SIZE_W, 10, -4, 0),                     // 7: key 0
      ldMap(1, 0),                                    // 8, 9
      mov64r(2, 10),                                  // 10
      alu64(EBPF_ALU_ADD, 2, -4),                     // 11
      callHelper(1),                                  // 12: map_lookup_elem
      jmp(EBPF_JMP_JEQ, 0, 0, 2),                     // 13: -> 16
      mov64(1, 1),                                    // 14
      atomic(EBPF_SIZE_DW, 0, 1, 0, EBPF_ATOMIC_ADD), // 15
      mov64r(0, 7),                                   // 16
      exitInsn(),                                     // 17
      mov64(0, 1),                                    // 18
      exitInsn(),                                     // 19
  });
  XdpBuffer Packet(64);
  for (int Run = 0; Run < 2; ++Run) {
    ebpf_interp_result R = runIn(P, EBPF_PROG_XDP, T.Obj, &Packet.Ctx);
    ASSERT_EQ(R.status, EBPF_INTERP_OK)
        << ebpf_interp_status_string(R.status) << " at " << R.pc;
    EXPECT_EQ(R.r0, 12u);
  }
  Packet.Ctx.data_end = static_cast<uint8_t *>(Packet.Ctx.data) + 10;
  EXPECT_EQ(runIn(P, EBPF_PROG_XDP, T.Obj, &Packet.Ctx).r0, 1u);
  uint32_t Key = 0;
  uint64_t Count = 0;
  ASSERT_EQ(ebpf_map_lookup(T.map(0), &Key, &Count), 0);
  EXPECT_EQ(Count, 2u);
}

TEST(InterpreterObjectTest, HashUpdateThenLookupThroughHelpers) {
  TestObject T({mapDesc("a", EBPF_MAP_ARRAY, 4, 8, 1),
                mapDesc("h", EBPF_MAP_HASH, 4, 8, 16)});
  ASSERT_EQ(T.open(), 0);
  Code P = prog({
      st(EBPF_SIZE_W, 10, -4, 77),    // 0: key
      st(EBPF_SIZE_DW, 10, -16, 555), // 1: value
      ldMap(1, 1),                    // 2, 3
      mov64r(2, 10),                  // 4
      alu64(EBPF_ALU_ADD, 2, -4),     // 5
      mov64r(3, 10),                  // 6
      alu64(EBPF_ALU_ADD, 3, -16),    // 7
      mov64(4, EBPF_NOEXIST),         // 8
      callHelper(2),                  // 9: map_update_elem
      jmp(EBPF_JMP_JNE, 0, 0, 8),     // 10: -> 19
      ldMap(1, 1),                    // 11, 12
      mov64r(2, 10),                  // 13
      alu64(EBPF_ALU_ADD, 2, -4),     // 14
      callHelper(1),                  // 15: map_lookup_elem
      jmp(EBPF_JMP_JEQ, 0, 0, 2),     // 16: -> 19
      ldx(EBPF_SIZE_DW, 0, 0, 0),     // 17
      exitInsn(),                     // 18
      exitInsn(),                     // 19: the error (or 0) in r0
  });
  ebpf_interp_result R = runIn(P, EBPF_PROG_XDP, T.Obj);
  ASSERT_EQ(R.status, EBPF_INTERP_OK) << ebpf_interp_status_string(R.status);
  EXPECT_EQ(R.r0, 555u);
  uint32_t Key = 77;
  uint64_t Value = 0;
  ASSERT_EQ(ebpf_map_lookup(T.map(1), &Key, &Value), 0);
  EXPECT_EQ(Value, 555u);
  // The second run's NOEXIST update fails with the kernel's error.
  R = runIn(P, EBPF_PROG_XDP, T.Obj);
  EXPECT_EQ(int64_t(R.r0), -EEXIST);
}

TEST(InterpreterObjectTest, GlobalDataThroughDirectValueAddresses) {
  const uint8_t Data[12] = {0, 0, 0, 0, 0x01, 0xef, 0xcd, 0xab};
  const uint8_t Rodata[8] = {7, 0, 0, 0, 0, 0, 0, 0};
  TestObject T(
      {mapDesc(".data", EBPF_MAP_ARRAY, 4, 12, 1, 0, Data),
       mapDesc(".rodata", EBPF_MAP_ARRAY, 4, 8, 1, EBPF_F_RDONLY_PROG, Rodata),
       mapDesc("h", EBPF_MAP_HASH, 4, 8, 1)});
  ASSERT_EQ(T.open(), 0);
  // .data + 4 += .rodata[0]; return the sum.
  Code P =
      prog({ldMapValue(1, 0, 4), ldx(EBPF_SIZE_W, 0, 1, 0), ldMapValue(2, 1, 0),
            ldx(EBPF_SIZE_B, 3, 2, 0), alu64r(EBPF_ALU_ADD, 0, 3),
            stx(EBPF_SIZE_W, 1, 0, 0), exitInsn()});
  ebpf_interp_result R = runIn(P, EBPF_PROG_SOCKET_FILTER, T.Obj);
  ASSERT_EQ(R.status, EBPF_INTERP_OK) << ebpf_interp_status_string(R.status);
  EXPECT_EQ(R.r0, 0xabcdef08u);
  uint32_t Stored;
  std::memcpy(&Stored, static_cast<uint8_t *>(T.Slots[0].value) + 4, 4);
  EXPECT_EQ(Stored, 0xabcdef08u);

  // .rodata is read-only for programs.
  ebpf_interp_result W =
      runIn(prog({ldMapValue(1, 1, 0), st(EBPF_SIZE_B, 1, 0, 1), exitInsn()}),
            EBPF_PROG_XDP, T.Obj);
  expectStop(W, EBPF_INTERP_OUT_OF_BOUNDS, 2);
  EXPECT_EQ(W.address, address(T.Slots[1].value));
  // Accesses stay within the 12-byte value, not its padding.
  expectStop(
      runIn(prog({ldMapValue(1, 0, 8), ldx(EBPF_SIZE_DW, 0, 1, 0), exitInsn()}),
            EBPF_PROG_XDP, T.Obj),
      EBPF_INTERP_OUT_OF_BOUNDS, 2);
  expectStop(
      runIn(prog({ldMapValue(1, 0, 8), ldx(EBPF_SIZE_W, 0, 1, 4), exitInsn()}),
            EBPF_PROG_XDP, T.Obj),
      EBPF_INTERP_OUT_OF_BOUNDS, 2);
  // Offsets past the value, maps that do not exist, direct values of a hash
  // map, and map references without an object.
  expectStop(
      runIn(prog({ldMapValue(1, 0, 12), exitInsn()}), EBPF_PROG_XDP, T.Obj),
      EBPF_INTERP_BAD_INSN, 0);
  expectStop(runIn(prog({ldMap(1, 3), exitInsn()}), EBPF_PROG_XDP, T.Obj),
             EBPF_INTERP_BAD_INSN, 0);
  expectStop(
      runIn(prog({ldMapValue(1, 2, 0), exitInsn()}), EBPF_PROG_XDP, T.Obj),
      EBPF_INTERP_UNSUPPORTED, 0);
  expectStop(runIn(prog({ldMap(1, 0), exitInsn()}), EBPF_PROG_XDP, nullptr),
             EBPF_INTERP_UNSUPPORTED, 0);
}

TEST(InterpreterObjectTest, XdpContextFields) {
  XdpBuffer Packet(64);
  Packet.Ctx.kernel_fields[4] = 3; // rx_queue_index
  auto run = [&](const Code &P) {
    return runIn(P, EBPF_PROG_XDP, nullptr, &Packet.Ctx);
  };
  // Plain fields read and write the native struct at the kernel offsets.
  EXPECT_EQ(run({ldx(EBPF_SIZE_W, 0, 1, 12), exitInsn()}).r0, 1u);
  EXPECT_EQ(run({ldx(EBPF_SIZE_W, 0, 1, 16), exitInsn()}).r0, 3u);
  EXPECT_EQ(run({st(EBPF_SIZE_W, 1, 20, 9), mov64(0, 0), exitInsn()}).status,
            EBPF_INTERP_OK);
  EXPECT_EQ(Packet.Ctx.kernel_fields[5], 9u);
  // The pointer fields yield native pointers to 32-bit loads only.
  ebpf_interp_result R =
      run({ldx(EBPF_SIZE_W, 2, 1, EBPF_XDP_MD_DATA_END),
           ldx(EBPF_SIZE_W, 3, 1, EBPF_XDP_MD_DATA_META), mov64r(0, 2),
           alu64r(EBPF_ALU_SUB, 0, 3), exitInsn()});
  ASSERT_EQ(R.status, EBPF_INTERP_OK);
  EXPECT_EQ(R.r0, 64u);
  uint64_t Ctx = address(&Packet.Ctx);
  R = run({ldx(EBPF_SIZE_DW, 0, 1, 0), exitInsn()});
  expectStop(R, EBPF_INTERP_OUT_OF_BOUNDS, 0);
  EXPECT_EQ(R.address, Ctx);
  expectStop(run({ldx(EBPF_SIZE_B, 0, 1, 5), exitInsn()}),
             EBPF_INTERP_OUT_OF_BOUNDS, 0);
  expectStop(run({ldxs(EBPF_SIZE_W, 0, 1, 0), exitInsn()}),
             EBPF_INTERP_OUT_OF_BOUNDS, 0);
  expectStop(run({stx(EBPF_SIZE_W, 1, 1, 0), exitInsn()}),
             EBPF_INTERP_OUT_OF_BOUNDS, 0);
  // Past the kernel struct is the runtime's business.
  expectStop(run({ldx(EBPF_SIZE_W, 0, 1, 24), exitInsn()}),
             EBPF_INTERP_OUT_OF_BOUNDS, 0);
  // The packet buffer is memory; beyond it is not.
  Code Load = {ldx(EBPF_SIZE_W, 2, 1, EBPF_XDP_MD_DATA),
               ldx(EBPF_SIZE_B, 0, 2, 63), exitInsn()};
  R = run(Load);
  ASSERT_EQ(R.status, EBPF_INTERP_OK);
  EXPECT_EQ(R.r0, 63u);
  size_t ToEnd =
      EBPF_XDP_BUFFER_SIZE - EBPF_XDP_TAILROOM - EBPF_XDP_PACKET_HEADROOM;
  Load[1] = ldx(EBPF_SIZE_B, 0, 2, int16_t(ToEnd - 1));
  EXPECT_EQ(run(Load).status, EBPF_INTERP_OK);
  Load[1] = ldx(EBPF_SIZE_B, 0, 2, int16_t(ToEnd));
  expectStop(run(Load), EBPF_INTERP_OUT_OF_BOUNDS, 1);
}

TEST(InterpreterObjectTest, XdpAdjustHeadMovesData) {
  XdpBuffer Packet(64);
  Code P = prog({
      mov64r(6, 1),                                 // 0
      mov64(2, -14),                                // 1
      callHelper(44),                               // 2: xdp_adjust_head
      jmp(EBPF_JMP_JNE, 0, 0, 5),                   // 3: -> 9
      ldx(EBPF_SIZE_W, 2, 6, EBPF_XDP_MD_DATA),     // 4
      ldx(EBPF_SIZE_W, 3, 6, EBPF_XDP_MD_DATA_END), // 5
      mov64r(0, 3),                                 // 6
      alu64r(EBPF_ALU_SUB, 0, 2),                   // 7
      exitInsn(),                                   // 8
      exitInsn(),                                   // 9
  });
  ebpf_interp_result R = runIn(P, EBPF_PROG_XDP, nullptr, &Packet.Ctx);
  ASSERT_EQ(R.status, EBPF_INTERP_OK) << ebpf_interp_status_string(R.status);
  EXPECT_EQ(R.r0, 78u);
  EXPECT_EQ(Packet.Ctx.data,
            Packet.Page.data() + EBPF_XDP_PACKET_HEADROOM - 14);
  // Context helpers take the program's own context.
  R = runIn({mov64r(1, 10), mov64(2, 0), callHelper(44), exitInsn()},
            EBPF_PROG_XDP, nullptr, &Packet.Ctx);
  expectStop(R, EBPF_INTERP_OUT_OF_BOUNDS, 2);
}

TEST(InterpreterObjectTest, SocketBufferProgram) {
  std::vector<uint8_t> Frame(60);
  for (size_t I = 0; I < Frame.size(); ++I)
    Frame[I] = uint8_t(I);
  Frame[0] = Frame[1] = Frame[2] = Frame[3] = Frame[4] = Frame[5] = 0;
  Frame[12] = 0x08;
  Frame[13] = 0x00;
  ebpf_sk_buff Ctx;
  ASSERT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_SOCKET_FILTER, Frame.data(), 60),
            0);
  // The first 4 bytes of the network header, plus len << 32.
  Code P = prog({
      mov64r(6, 1),                // 0
      mov64(2, 0),                 // 1: offset
      mov64r(3, 10),               // 2
      alu64(EBPF_ALU_ADD, 3, -8),  // 3
      mov64(4, 4),                 // 4: len
      callHelper(26),              // 5: skb_load_bytes
      jmp(EBPF_JMP_JNE, 0, 0, 5),  // 6: -> 12
      ldx(EBPF_SIZE_W, 0, 10, -8), // 7
      ldx(EBPF_SIZE_W, 1, 6, 0),   // 8: len
      alu64(EBPF_ALU_LSH, 1, 32),  // 9
      alu64r(EBPF_ALU_OR, 0, 1),   // 10
      exitInsn(),                  // 11
      exitInsn(),                  // 12
  });
  ebpf_interp_result R = runIn(P, EBPF_PROG_SOCKET_FILTER, nullptr, &Ctx);
  ASSERT_EQ(R.status, EBPF_INTERP_OK) << ebpf_interp_status_string(R.status);
  EXPECT_EQ(R.r0, (46ull << 32) | 0x11100f0eu);
  // The destination must be memory the program may write.
  P[2] = mov64r(3, 6);
  P[3] = alu64(EBPF_ALU_ADD, 3, 80); // over the data_end field
  expectStop(runIn(P, EBPF_PROG_SOCKET_FILTER, nullptr, &Ctx),
             EBPF_INTERP_OUT_OF_BOUNDS, 5);

  // tc programs read the packet pointers at __sk_buff's offsets.
  ASSERT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_SCHED_CLS, Frame.data(), 60), 0);
  R = runIn({ldx(EBPF_SIZE_W, 2, 1, EBPF_SKB_DATA),
             ldx(EBPF_SIZE_W, 3, 1, EBPF_SKB_DATA_END), mov64r(0, 3),
             alu64r(EBPF_ALU_SUB, 0, 2), ldx(EBPF_SIZE_B, 4, 2, 13),
             alu64r(EBPF_ALU_ADD, 0, 4), exitInsn()},
            EBPF_PROG_SCHED_CLS, nullptr, &Ctx);
  ASSERT_EQ(R.status, EBPF_INTERP_OK) << ebpf_interp_status_string(R.status);
  EXPECT_EQ(R.r0, 60u);
  EXPECT_EQ(runIn({ldx(EBPF_SIZE_W, 0, 1, 16), exitInsn()}, EBPF_PROG_SCHED_CLS,
                  nullptr, &Ctx)
                .r0,
            0x0008u);
  expectStop(runIn({ldx(EBPF_SIZE_W, 0, 1, EBPF_SKB_KERNEL_SIZE), exitInsn()},
                   EBPF_PROG_SCHED_CLS, nullptr, &Ctx),
             EBPF_INTERP_OUT_OF_BOUNDS, 0);
}

//===-- Legacy packet loads -----------------------------------------------===//

/// LD_ABS from offset Imm (Src < 0) or LD_IND from Src + Imm, of SIZE
/// (EBPF_SIZE_B/H/W).
ebpf_insn ldPacket(unsigned Size, int Src, int32_t Imm) {
  if (Src < 0)
    return insn(EBPF_CLS_LD | EBPF_MODE_ABS | Size, 0, 0, 0, Imm);
  return insn(EBPF_CLS_LD | EBPF_MODE_IND | Size, 0, unsigned(Src), 0, Imm);
}

/// A socket buffer context whose packet is Bytes[Begin, End).
struct LegacyPacket {
  std::vector<uint8_t> Bytes = {0x45, 0x00, 0x00, 0x54, 0xaa, 0xbb,
                                0xcc, 0xdd, 0x81, 0x92, 0xf3, 0xe4};
  ebpf_sk_buff Skb;
  LegacyPacket() { setPacket(0, Bytes.size()); }
  void setPacket(size_t Begin, size_t End) {
    std::memset(&Skb, 0, sizeof(Skb));
    Skb.data = Bytes.data() + Begin;
    Skb.data_end = Bytes.data() + End;
    Skb.data_meta = Skb.data;
  }
};

constexpr ebpf_prog_type LegacyTypes[] = {EBPF_PROG_SOCKET_FILTER,
                                          EBPF_PROG_SCHED_CLS};

/// r0 of P run as a program of TYPE on Packet; P must finish normally.
uint64_t evalOnPacket(const Code &P, ebpf_prog_type Type,
                      LegacyPacket &Packet) {
  ebpf_interp_result R = runIn(P, Type, nullptr, &Packet.Skb);
  EXPECT_EQ(R.status, EBPF_INTERP_OK)
      << ebpf_interp_status_string(R.status) << " at insn " << R.pc;
  return R.r0;
}

TEST(InterpreterLegacyLoadTest, ReadBigEndianAndZeroExtend) {
  // Packet: 45 00 00 54 aa bb cc dd 81 92 f3 e4. r0 starts as all ones, so
  // a load that kept or sign-extended any of its bits would show.
  struct Case {
    Code Setup;
    ebpf_insn Load;
    uint64_t Expected;
  } Cases[] = {
      {{}, ldPacket(EBPF_SIZE_B, -1, 8), 0x81},
      {{}, ldPacket(EBPF_SIZE_H, -1, 9), 0x92f3},
      {{}, ldPacket(EBPF_SIZE_W, -1, 8), 0x8192f3e4},
      {{}, ldPacket(EBPF_SIZE_W, -1, 0), 0x45000054},
      // The last bytes of the packet.
      {{}, ldPacket(EBPF_SIZE_H, -1, 10), 0xf3e4},
      {{}, ldPacket(EBPF_SIZE_B, -1, 11), 0xe4},
      // LD_IND: r7 + imm.
      {{mov64(7, 5)}, ldPacket(EBPF_SIZE_B, 7, 3), 0x81},
      {{mov64(7, 1)}, ldPacket(EBPF_SIZE_H, 7, 2), 0x54aa},
      {{mov64(7, 0)}, ldPacket(EBPF_SIZE_W, 7, 4), 0xaabbccdd},
      {{mov64(7, 12)}, ldPacket(EBPF_SIZE_B, 7, -1), 0xe4},
      // The sum is 32-bit: 0xffffffff + 1 is offset 0, and the high half
      // of 0x1_00000002 is ignored, so adding -1 gives offset 1.
      {lddw(7, 0xffffffffull), ldPacket(EBPF_SIZE_B, 7, 1), 0x45},
      {lddw(7, 0x100000002ull), ldPacket(EBPF_SIZE_W, 7, -1), 0x000054aa},
  };
  for (ebpf_prog_type Type : LegacyTypes)
    for (const Case &C : Cases) {
      SCOPED_TRACE("type " + std::to_string(Type) + ", imm " +
                   std::to_string(C.Load.imm));
      Code P = {mov64r(6, 1)};
      P.insert(P.end(), C.Setup.begin(), C.Setup.end());
      P.push_back(mov64(0, -1));
      P.push_back(C.Load);
      P.push_back(exitInsn());
      LegacyPacket Packet;
      EXPECT_EQ(evalOnPacket(P, Type, Packet), C.Expected);
    }
}

TEST(InterpreterLegacyLoadTest, AgreesWithTheCompilersTest) {
  // The program of ContextAccessTest.LegacyPacketLoadsReadBigEndian, on the
  // same packet (45 00 00 54 aa bb cc dd, then a byte outside it): be16 at
  // 2 + be32 at r7 + 3 (r7 = 1) + the byte at 7.
  Code P = {mov64r(6, 1),
            ldPacket(EBPF_SIZE_H, -1, 2),
            mov64r(8, 0),
            mov64(7, 1),
            ldPacket(EBPF_SIZE_W, 7, 3),
            alu64r(EBPF_ALU_ADD, 8, 0),
            ldPacket(EBPF_SIZE_B, -1, 7),
            alu64r(EBPF_ALU_ADD, 0, 8),
            exitInsn()};
  for (ebpf_prog_type Type : LegacyTypes) {
    LegacyPacket Packet;
    Packet.Bytes = {0x45, 0x00, 0x00, 0x54, 0xaa, 0xbb, 0xcc, 0xdd, 0x11};
    Packet.setPacket(0, 8);
    EXPECT_EQ(evalOnPacket(P, Type, Packet), 0x0054u + 0xaabbccddu + 0xddu);
  }
}

TEST(InterpreterLegacyLoadTest, OutsideThePacketReturnsZero) {
  // r0 = 7, the load, r0 = 9, exit: a load outside the 12-byte packet ends
  // the program with r0 = 0 at once.
  struct Case {
    Code Setup;
    ebpf_insn Load;
  } Cases[] = {
      {{}, ldPacket(EBPF_SIZE_W, -1, 9)},  // bytes 9..12
      {{}, ldPacket(EBPF_SIZE_H, -1, 11)}, // bytes 11..12
      {{}, ldPacket(EBPF_SIZE_B, -1, 12)},
      {{}, ldPacket(EBPF_SIZE_B, -1, -1)},
      {{}, ldPacket(EBPF_SIZE_W, -1, INT32_MAX)},
      {{}, ldPacket(EBPF_SIZE_W, -1, INT32_MIN)},
      // The kernel reads SKF_NET_OFF (-0x100000) + k from the network
      // header and SKF_LL_OFF (-0x200000) + k from the link-layer header;
      // like compiled code, the interpreter has only the packet.
      {{}, ldPacket(EBPF_SIZE_B, -1, -0x100000)},
      {{}, ldPacket(EBPF_SIZE_H, -1, -0x200000 + 12)},
      {{mov64(7, 8)}, ldPacket(EBPF_SIZE_W, 7, 1)},
      {{mov64(7, 0)}, ldPacket(EBPF_SIZE_B, 7, -1)},
      // (s32)(0xfffffffe + 0) = -2; (s32)(0x7fffffff + 1) = INT32_MIN.
      {lddw(7, 0xfffffffeull), ldPacket(EBPF_SIZE_B, 7, 0)},
      {lddw(7, 0x7fffffffull), ldPacket(EBPF_SIZE_H, 7, 1)},
  };
  for (ebpf_prog_type Type : LegacyTypes)
    for (const Case &C : Cases) {
      SCOPED_TRACE("type " + std::to_string(Type) + ", imm " +
                   std::to_string(C.Load.imm));
      Code P = {mov64r(6, 1)};
      P.insert(P.end(), C.Setup.begin(), C.Setup.end());
      P.push_back(mov64(0, 7));
      P.push_back(C.Load);
      P.push_back(mov64(0, 9));
      P.push_back(exitInsn());
      LegacyPacket Packet;
      EXPECT_EQ(evalOnPacket(P, Type, Packet), 0u);
    }

  // An empty packet, and data_end before data, hold no byte at all.
  Code P = {mov64r(6, 1), mov64(0, 7), ldPacket(EBPF_SIZE_B, -1, 0),
            mov64(0, 9), exitInsn()};
  LegacyPacket Packet;
  Packet.setPacket(4, 4);
  EXPECT_EQ(evalOnPacket(P, EBPF_PROG_SOCKET_FILTER, Packet), 0u);
  Packet.setPacket(4, 2);
  EXPECT_EQ(evalOnPacket(P, EBPF_PROG_SOCKET_FILTER, Packet), 0u);
  // The packet starts at data, not at data_meta.
  Packet.setPacket(4, 12);
  Packet.Skb.data_meta = Packet.Bytes.data();
  EXPECT_EQ(
      evalOnPacket({mov64r(6, 1), ldPacket(EBPF_SIZE_B, -1, 0), exitInsn()},
                   EBPF_PROG_SOCKET_FILTER, Packet),
      0xaau);
}

TEST(InterpreterLegacyLoadTest, OutsideThePacketReturnsFromTheFunctionOnly) {
  // The kernel's rewrite of a legacy load ends with an exit, which in a
  // subprogram returns to its caller; the caller's r6..r9 come back.
  Code P = {
      mov64r(6, 1),                  // 0
      mov64(9, 1),                   // 1
      callLocal(5),                  // 2: -> 8
      mov64r(8, 0),                  // 3: the callee's r0
      ldPacket(EBPF_SIZE_B, -1, 0),  // 4: r0 = 0x45
      alu64r(EBPF_ALU_ADD, 0, 8),    // 5
      alu64r(EBPF_ALU_ADD, 0, 9),    // 6: r9 is still 1
      exitInsn(),                    // 7
      mov64(0, 5),                   // 8: callee
      mov64(9, 33),                  // 9
      ldPacket(EBPF_SIZE_W, -1, 10), // 10: bytes 10..13
      mov64(0, 99),                  // 11
      exitInsn(),                    // 12
  };
  LegacyPacket Packet;
  for (ebpf_prog_type Type : LegacyTypes) {
    // A 12-byte packet: the callee returns 0.
    Packet.setPacket(0, 12);
    EXPECT_EQ(evalOnPacket(P, Type, Packet), 0x45u + 0 + 1);
    // A 14-byte packet: it returns 99.
    Packet.Bytes.resize(14);
    Packet.setPacket(0, 14);
    EXPECT_EQ(evalOnPacket(P, Type, Packet), 0x45u + 99 + 1);
  }
}

TEST(InterpreterLegacyLoadTest, NeedSocketBufferAndTheContextInR6) {
  // Other program types have no legacy packet loads (the compiler rejects
  // them too).
  XdpBuffer Xdp(16);
  expectStop(runIn({mov64r(6, 1), ldPacket(EBPF_SIZE_B, -1, 0), exitInsn()},
                   EBPF_PROG_XDP, nullptr, &Xdp.Ctx),
             EBPF_INTERP_UNSUPPORTED, 1);
  expectStop(
      runIn({ldPacket(EBPF_SIZE_H, -1, 0), exitInsn()}, EBPF_PROG_RAW, nullptr),
      EBPF_INTERP_UNSUPPORTED, 0);
  // The kernel's verifier and the compiler insist on r6 being the context
  // itself.
  LegacyPacket Packet;
  uint64_t Ctx = address(&Packet.Skb);
  ebpf_interp_result R =
      runIn({mov64(7, 0), ldPacket(EBPF_SIZE_B, 7, 0), exitInsn()},
            EBPF_PROG_SOCKET_FILTER, nullptr, &Packet.Skb);
  expectStop(R, EBPF_INTERP_OUT_OF_BOUNDS, 1);
  EXPECT_EQ(R.address, 0u);
  R = runIn({mov64r(6, 1), alu64(EBPF_ALU_ADD, 6, 4),
             ldPacket(EBPF_SIZE_B, -1, 0), exitInsn()},
            EBPF_PROG_SCHED_CLS, nullptr, &Packet.Skb);
  expectStop(R, EBPF_INTERP_OUT_OF_BOUNDS, 2);
  EXPECT_EQ(R.address, Ctx + 4);
  // Without a context there is nothing r6 could hold.
  R = runIn({mov64r(6, 1), ldPacket(EBPF_SIZE_B, -1, 0), exitInsn()},
            EBPF_PROG_SOCKET_FILTER, nullptr, nullptr);
  expectStop(R, EBPF_INTERP_OUT_OF_BOUNDS, 1);
}

TEST(InterpreterObjectTest, HelperArgumentsAreChecked) {
  TestObject T({mapDesc("h", EBPF_MAP_HASH, 8, 8, 4)});
  ASSERT_EQ(T.open(), 0);
  // Not a map of the object.
  ebpf_interp_result R =
      runIn(prog({lddw(1, 0x1234), mov64r(2, 10), alu64(EBPF_ALU_ADD, 2, -8),
                  callHelper(1), exitInsn()}),
            EBPF_PROG_XDP, T.Obj);
  expectStop(R, EBPF_INTERP_OUT_OF_BOUNDS, 4);
  EXPECT_EQ(R.address, 0x1234u);
  // A key the program could not read: 8 bytes at r10 - 4.
  R = runIn(prog({ldMap(1, 0), mov64r(2, 10), alu64(EBPF_ALU_ADD, 2, -4),
                  callHelper(1), exitInsn()}),
            EBPF_PROG_XDP, T.Obj);
  expectStop(R, EBPF_INTERP_OUT_OF_BOUNDS, 4);
  // A value the program could not read.
  R = runIn(prog({ldMap(1, 0), mov64r(2, 10), alu64(EBPF_ALU_ADD, 2, -8),
                  mov64(3, 0), mov64(4, 0), callHelper(2), exitInsn()}),
            EBPF_PROG_XDP, T.Obj);
  expectStop(R, EBPF_INTERP_OUT_OF_BOUNDS, 6);
  EXPECT_EQ(R.address, 0u);
}

void appendOutput(const char *Msg, size_t Len, void *User) {
  static_cast<std::string *>(User)->append(Msg, Len);
}

TEST(InterpreterObjectTest, TracePrintkGoesToTheProgramsObject) {
  const char Fmt[] = "%s|%s|%d\n";
  std::string Out, Other;
  TestObject T({mapDesc(".rodata", EBPF_MAP_ARRAY, 4, sizeof(Fmt), 1,
                        EBPF_F_RDONLY_PROG, Fmt)});
  ASSERT_EQ(T.open(1, appendOutput, &Out), 0);
  // A newer object does not take the program's output.
  TestObject Newer({});
  ASSERT_EQ(Newer.open(1, appendOutput, &Other), 0);
  // A string on the stack prints; host memory the program cannot read
  // prints as "".
  static const char Secret[] = "secret";
  Code P = prog({st(EBPF_SIZE_W, 10, -8, 0x6968), // "hi\0\0"
                 ldMapValue(1, 0, 0), mov64(2, sizeof(Fmt)), mov64r(3, 10),
                 alu64(EBPF_ALU_ADD, 3, -8), lddw(4, address(Secret)),
                 mov64(5, -3), callHelper(6), exitInsn()});
  ebpf_interp_result R = runIn(P, EBPF_PROG_XDP, T.Obj);
  ASSERT_EQ(R.status, EBPF_INTERP_OK) << ebpf_interp_status_string(R.status);
  EXPECT_EQ(Out, "hi||-3\n");
  EXPECT_EQ(R.r0, 7u);
  EXPECT_EQ(Other, "");
  // The format itself must be readable for its whole size.
  P[3] = mov64(2, sizeof(Fmt) + 1);
  expectStop(runIn(P, EBPF_PROG_XDP, T.Obj), EBPF_INTERP_OUT_OF_BOUNDS, 9);
}

//===-- The conformance suite ---------------------------------------------===//

// Runs each .data file as the suite's contract says (README in the suite's
// folder): r1 = a writable copy of the memory or 0, r2 = its length, the raw
// program type (helper 5 is the identity), and compares r0 with `-- result`.
TEST(InterpreterTest, RunsEveryConformanceFile) {
  size_t Files = 0;
  for (const auto &Entry :
       std::filesystem::directory_iterator(EBPFC_CONFORMANCE_DIR)) {
    if (Entry.path().extension() != ".data")
      continue;
    ++Files;
    std::string Name = Entry.path().filename().string();
    auto Buffer = llvm::MemoryBuffer::getFile(Entry.path().string());
    ASSERT_TRUE(bool(Buffer)) << Name;
    llvm::Expected<ebpfc::ConformanceTest> Test =
        ebpfc::parseConformanceTest((*Buffer)->getBuffer());
    if (!Test) {
      ADD_FAILURE() << Name << ": " << llvm::toString(Test.takeError());
      continue;
    }
    std::vector<uint8_t> Mem = Test->Memory;
    Runner R;
    R.Mem = Mem.empty() ? nullptr : &Mem;
    R.Limit = 1000000; // none of the files loops; a bug must not hang
    ebpf_interp_result Result = R(Test->Program);
    if (Test->Error) {
      EXPECT_NE(Result.status, EBPF_INTERP_OK) << Name;
      continue;
    }
    ASSERT_TRUE(Test->Result.has_value()) << Name;
    EXPECT_EQ(Result.status, EBPF_INTERP_OK)
        << Name << ": " << ebpf_interp_status_string(Result.status)
        << " at insn " << Result.pc;
    EXPECT_EQ(Result.r0, *Test->Result) << Name;
  }
  EXPECT_GT(Files, 0u) << "no conformance files in " EBPFC_CONFORMANCE_DIR;
}

//===-- Helper table ------------------------------------------------------===//

TEST(HelperTableTest, RawHasOnlyIdentity) {
  const ebpf_helper_info *H = ebpf_find_helper(EBPF_PROG_RAW, 5);
  ASSERT_NE(H, nullptr);
  EXPECT_EQ(H->id, 5u);
  EXPECT_STREQ(H->name, "identity");
  EXPECT_STREQ(H->symbol, "ebpf_raw_helper_identity");
  EXPECT_EQ(H->fn(11, 22, 33, 44, 55), 11u);
  EXPECT_EQ(ebpf_raw_helper_identity(~0ull, 1, 2, 3, 4), ~0ull);
  EXPECT_EQ(ebpf_find_helper(EBPF_PROG_RAW, 1), nullptr);
  EXPECT_EQ(ebpf_find_helper(EBPF_PROG_RAW, 6), nullptr);
  EXPECT_EQ(ebpf_find_helper(ebpf_prog_type(99), 5), nullptr);
}

TEST(HelperTableDeathTest, UnknownHelperTrapAborts) {
  EXPECT_DEATH(ebpf_trap_unknown_helper(77),
               "ebpf runtime: call to unknown helper 77");
}

} // namespace

// The helper tables list each program type's helpers in increasing id order,
// and ebpf_find_helper finds exactly those.
TEST(HelperTableTest, TablesAreSortedAndFindable) {
  for (ebpf_prog_type Type : {EBPF_PROG_RAW, EBPF_PROG_XDP,
                              EBPF_PROG_SOCKET_FILTER, EBPF_PROG_SCHED_CLS}) {
    const ebpf_helper_info *Table[64];
    size_t Count = ebpf_helpers_of_type(Type, Table, 64);
    ASSERT_GT(Count, 0u);
    ASSERT_LE(Count, 64u);
    for (size_t I = 0; I < Count; ++I) {
      if (I > 0)
        EXPECT_LT(Table[I - 1]->id, Table[I]->id);
      EXPECT_EQ(ebpf_find_helper(Type, Table[I]->id), Table[I]);
      EXPECT_TRUE(Table[I]->types & (1u << Type));
    }
  }
  // The raw type (the conformance suite's) has exactly helper 5; XDP has
  // bpf_xdp_adjust_head (44) and socket filters do not.
  const ebpf_helper_info *One[1];
  EXPECT_EQ(ebpf_helpers_of_type(EBPF_PROG_RAW, One, 1), 1u);
  EXPECT_EQ(One[0]->fn, &ebpf_raw_helper_identity);
  EXPECT_NE(ebpf_find_helper(EBPF_PROG_XDP, 44), nullptr);
  EXPECT_EQ(ebpf_find_helper(EBPF_PROG_SOCKET_FILTER, 44), nullptr);
  EXPECT_EQ(ebpf_helpers_of_type(static_cast<ebpf_prog_type>(99), nullptr, 0),
            0u);
  // Id 5 is a different helper for raw programs and for the others.
  EXPECT_EQ(ebpf_find_helper(EBPF_PROG_XDP, 5)->fn, &ebpf_helper_ktime_get_ns);
}
