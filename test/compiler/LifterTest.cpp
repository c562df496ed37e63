//===- LifterTest.cpp - Semantics of lifted instructions ------------------===//
//
// Edge cases of the BPF ISA (RFC 9669) compiled through the JIT at -O0 and
// -O2, each against a value computed by hand from the RFC's definitions:
// division by zero and signed overflow, masked shifts, sign extension, byte
// swaps, 32-bit jumps, atomics, local calls and the zeroed stack. Also the
// shape of the optimized IR for stack traffic, and the lifter's diagnostics.
//
//===----------------------------------------------------------------------===//
#include "InsnBuilder.h"

#include "ebpfc/Compiler.h"
#include "ebpfc/Jit.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace ebpfc;
using namespace ebpfc::test;

namespace {

constexpr unsigned OptLevels[] = {0, 2};

BpfObject rawObject(std::vector<ebpf_insn> Insns) {
  BpfObject Obj;
  Obj.Path = "test.bin";
  Program P;
  P.Name = "prog";
  P.Section = "raw";
  P.Type = ProgramType::Raw;
  P.Insns = std::move(Insns);
  Obj.Programs.push_back(std::move(P));
  return Obj;
}

/// Compiles and runs \p Insns as a raw program with \p Mem as its memory.
llvm::Expected<uint64_t> runJit(const std::vector<ebpf_insn> &Insns,
                                unsigned OptLevel,
                                std::vector<uint8_t> *Mem = nullptr) {
  BpfObject Obj = rawObject(Insns);
  llvm::Expected<std::unique_ptr<JitSession>> Session =
      JitSession::create(Obj, OptLevel, Mem ? Mem->size() : 0);
  if (!Session)
    return Session.takeError();
  llvm::Expected<RawProgramFn> Fn = (*Session)->lookupRaw("prog");
  if (!Fn)
    return Fn.takeError();
  if (!Mem || Mem->empty())
    return (*Fn)(nullptr, 0);
  return (*Fn)(Mem->data(), Mem->size());
}

/// Expects \p Insns to return \p Expected at every optimization level.
void expectReturns(uint64_t Expected, const std::vector<ebpf_insn> &Insns) {
  for (unsigned Opt : OptLevels) {
    SCOPED_TRACE("-O" + std::to_string(Opt));
    llvm::Expected<uint64_t> R0 = runJit(Insns, Opt);
    ASSERT_TRUE(static_cast<bool>(R0)) << llvm::toString(R0.takeError());
    EXPECT_EQ(*R0, Expected);
  }
}

/// Compiles \p Insns to text (IR or assembly) for \p Triple.
std::string compileToText(const std::vector<ebpf_insn> &Insns, OutputKind Kind,
                          unsigned OptLevel = 2,
                          const std::string &Triple = "x86_64-linux-gnu") {
  BpfObject Obj = rawObject(Insns);
  CompileOptions Opts;
  Opts.TargetTriple = Triple;
  Opts.OptLevel = OptLevel;
  Opts.Output = Kind;
  llvm::SmallString<0> Text;
  llvm::raw_svector_ostream OS(Text);
  if (llvm::Error E = compileObject(Obj, Opts, OS))
    return "error: " + llvm::toString(std::move(E));
  return std::string(Text.str());
}

std::string compileError(const std::vector<ebpf_insn> &Insns) {
  BpfObject Obj = rawObject(Insns);
  llvm::SmallString<0> Text;
  llvm::raw_svector_ostream OS(Text);
  llvm::Error E = compileObject(Obj, CompileOptions(), OS);
  return E ? llvm::toString(std::move(E)) : "";
}

constexpr bool A64 = true, A32 = false;
constexpr uint64_t IntMin64 = 0x8000000000000000ull;

//===-- Division and modulo -----------------------------------------------===//

TEST(LifterTest, UnsignedDivisionByZeroRegisterIsZero) {
  expectReturns(0, program({mov64(0, 7), mov64(1, 0),
                            aluReg(A64, EBPF_ALU_DIV, 0, 1), exitInsn()}));
  // 32-bit: the upper half of the dividend does not matter either.
  expectReturns(0, program({lddw(0, 0xffffffff00000007ull), mov64(1, 0),
                            aluReg(A32, EBPF_ALU_DIV, 0, 1), exitInsn()}));
}

TEST(LifterTest, UnsignedModuloByZeroKeepsDividend) {
  expectReturns(7, program({mov64(0, 7), mov64(1, 0),
                            aluReg(A64, EBPF_ALU_MOD, 0, 1), exitInsn()}));
  // 32-bit: the low half of the dividend, zero-extended.
  expectReturns(7, program({lddw(0, 0x100000007ull), mov64(1, 0),
                            aluReg(A32, EBPF_ALU_MOD, 0, 1), exitInsn()}));
  // A 64-bit divisor whose low half is zero is not zero.
  expectReturns(7, program({mov64(0, 7), lddw(1, 0x100000000ull),
                            aluReg(A64, EBPF_ALU_MOD, 0, 1), exitInsn()}));
  // ...but for a 32-bit modulo only its low half counts.
  expectReturns(7, program({lddw(0, 0xabcd00000007ull), lddw(1, 0x100000000ull),
                            aluReg(A32, EBPF_ALU_MOD, 0, 1), exitInsn()}));
}

TEST(LifterTest, DivisionByZeroImmediate) {
  expectReturns(
      0, program({mov64(0, 7), aluImm(A64, EBPF_ALU_DIV, 0, 0), exitInsn()}));
  expectReturns(
      7, program({mov64(0, 7), aluImm(A64, EBPF_ALU_MOD, 0, 0), exitInsn()}));
  expectReturns(0, program({mov64(0, 7), aluImm(A64, EBPF_ALU_DIV, 0, 0, 1),
                            exitInsn()}));
  expectReturns(7, program({mov64(0, 7), aluImm(A32, EBPF_ALU_MOD, 0, 0, 1),
                            exitInsn()}));
}

TEST(LifterTest, UnsignedDivisionByNegativeImmediate) {
  // 64-bit: the immediate is sign-extended, so -1 is 2^64 - 1.
  expectReturns(
      1, program({mov64(0, -1), aluImm(A64, EBPF_ALU_DIV, 0, -1), exitInsn()}));
  expectReturns(
      0, program({mov64(0, 7), aluImm(A64, EBPF_ALU_DIV, 0, -1), exitInsn()}));
  // 32-bit: the immediate is 0xffffffff.
  expectReturns(1, program({aluImm(A32, EBPF_ALU_MOV, 0, -1),
                            aluImm(A32, EBPF_ALU_DIV, 0, -1), exitInsn()}));
  expectReturns(
      5, program({mov64(0, 5), aluImm(A32, EBPF_ALU_MOD, 0, -1), exitInsn()}));
}

TEST(LifterTest, SignedDivisionOverflowWraps) {
  // INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0 (RFC 9669 section 4.1).
  expectReturns(IntMin64,
                program({lddw(0, IntMin64), mov64(1, -1),
                         aluReg(A64, EBPF_ALU_DIV, 0, 1, 1), exitInsn()}));
  expectReturns(0, program({lddw(0, IntMin64), mov64(1, -1),
                            aluReg(A64, EBPF_ALU_MOD, 0, 1, 1), exitInsn()}));
  expectReturns(IntMin64,
                program({lddw(0, IntMin64), aluImm(A64, EBPF_ALU_DIV, 0, -1, 1),
                         exitInsn()}));
  expectReturns(0x80000000u,
                program({aluImm(A32, EBPF_ALU_MOV, 0, INT32_MIN),
                         aluImm(A32, EBPF_ALU_MOV, 1, -1),
                         aluReg(A32, EBPF_ALU_DIV, 0, 1, 1), exitInsn()}));
  expectReturns(0, program({aluImm(A32, EBPF_ALU_MOV, 0, INT32_MIN),
                            aluImm(A32, EBPF_ALU_MOD, 0, -1, 1), exitInsn()}));
}

TEST(LifterTest, SignedDivisionTruncates) {
  // -7 / 2 = -3, -7 % 2 = -1, 7 % -2 = 1: C's truncating division.
  expectReturns(uint64_t(-3),
                program({mov64(0, -7), mov64(1, 2),
                         aluReg(A64, EBPF_ALU_DIV, 0, 1, 1), exitInsn()}));
  expectReturns(uint64_t(-1),
                program({mov64(0, -7), mov64(1, 2),
                         aluReg(A64, EBPF_ALU_MOD, 0, 1, 1), exitInsn()}));
  expectReturns(1, program({mov64(0, 7), aluImm(A64, EBPF_ALU_MOD, 0, -2, 1),
                            exitInsn()}));
  // 32-bit: -7 % 2 = 0xffffffff, zero-extended.
  expectReturns(0xffffffffu,
                program({mov64(0, -7), mov64(1, 2),
                         aluReg(A32, EBPF_ALU_MOD, 0, 1, 1), exitInsn()}));
  // Signed division by a zero register: 0, and modulo keeps the dividend.
  expectReturns(0, program({mov64(0, -7), mov64(1, 0),
                            aluReg(A64, EBPF_ALU_DIV, 0, 1, 1), exitInsn()}));
  expectReturns(uint64_t(-7),
                program({mov64(0, -7), mov64(1, 0),
                         aluReg(A64, EBPF_ALU_MOD, 0, 1, 1), exitInsn()}));
}

//===-- Shifts, negation, moves -------------------------------------------===//

TEST(LifterTest, ShiftAmountsAreMasked) {
  // 65 & 63 = 1
  expectReturns(2, program({mov64(0, 1), mov64(1, 65),
                            aluReg(A64, EBPF_ALU_LSH, 0, 1), exitInsn()}));
  // 33 & 31 = 1, also for immediates
  expectReturns(
      2, program({mov64(0, 1), aluImm(A32, EBPF_ALU_LSH, 0, 33), exitInsn()}));
  // 127 & 63 = 63: arithmetic shift of INT_MIN fills with ones
  expectReturns(~0ull, program({lddw(0, IntMin64), mov64(1, 127),
                                aluReg(A64, EBPF_ALU_ARSH, 0, 1), exitInsn()}));
  // 63 & 31 = 31
  expectReturns(1, program({aluImm(A32, EBPF_ALU_MOV, 0, INT32_MIN),
                            aluImm(A32, EBPF_ALU_RSH, 0, 63), exitInsn()}));
  // 32-bit arsh works on the low half and zero-extends
  expectReturns(0xffffffffu,
                program({aluImm(A32, EBPF_ALU_MOV, 0, INT32_MIN),
                         aluImm(A32, EBPF_ALU_ARSH, 0, 31), exitInsn()}));
}

TEST(LifterTest, Alu32ZeroExtends) {
  expectReturns(
      0, program({mov64(0, -1), aluImm(A32, EBPF_ALU_ADD, 0, 1), exitInsn()}));
  expectReturns(0xffffffffu,
                program({aluImm(A32, EBPF_ALU_MOV, 0, -1), exitInsn()}));
  expectReturns(0xfffffffbu, program({mov64(0, 5), neg(A32, 0), exitInsn()}));
  expectReturns(uint64_t(-5), program({mov64(0, 5), neg(A64, 0), exitInsn()}));
}

TEST(LifterTest, MovSignExtends) {
  expectReturns(0xffffffffffffff80ull,
                program({mov64(1, 0x80), aluReg(A64, EBPF_ALU_MOV, 0, 1, 8),
                         exitInsn()}));
  // 32-bit movsx: sign-extend 16 -> 32 bits, then zero-extend.
  expectReturns(0xffff8000u,
                program({mov64(1, 0x18000), aluReg(A32, EBPF_ALU_MOV, 0, 1, 16),
                         exitInsn()}));
  expectReturns(~0ull,
                program({aluImm(A32, EBPF_ALU_MOV, 1, -1),
                         aluReg(A64, EBPF_ALU_MOV, 0, 1, 32), exitInsn()}));
  expectReturns(0x7f,
                program({mov64(1, 0x17f), aluReg(A64, EBPF_ALU_MOV, 0, 1, 8),
                         exitInsn()}));
}

TEST(LifterTest, ByteSwaps) {
  const uint64_t V = 0x0102030405060708ull;
  auto Swap = [&](unsigned Opcode, int Bits) {
    return program({lddw(0, V), endian(Opcode, 0, Bits), exitInsn()});
  };
  expectReturns(0x0807060504030201ull, Swap(EBPF_OP_BSWAP, 64));
  expectReturns(0x08070605u, Swap(EBPF_OP_BSWAP, 32));
  expectReturns(0x0807u, Swap(EBPF_OP_BSWAP, 16));
  expectReturns(0x0807060504030201ull, Swap(EBPF_OP_BE, 64));
  expectReturns(0x08070605u, Swap(EBPF_OP_BE, 32));
  expectReturns(0x0807u, Swap(EBPF_OP_BE, 16));
  // Little-endian targets: le only truncates.
  expectReturns(V, Swap(EBPF_OP_LE, 64));
  expectReturns(0x05060708u, Swap(EBPF_OP_LE, 32));
  expectReturns(0x0708u, Swap(EBPF_OP_LE, 16));
}

//===-- Jumps -------------------------------------------------------------===//

/// r0 = 1 if the jump is taken, else 0.
std::vector<ebpf_insn> taken(std::vector<ebpf_insn> Setup, ebpf_insn Jump) {
  std::vector<ebpf_insn> P = std::move(Setup);
  std::vector<ebpf_insn> Tail =
      program({Jump, mov64(0, 0), exitInsn(), mov64(0, 1), exitInsn()});
  Tail[0].offset = 2;
  P.insert(P.end(), Tail.begin(), Tail.end());
  return P;
}

TEST(LifterTest, Jmp32ComparesLowHalves) {
  std::vector<ebpf_insn> HighBitOnly = lddw(1, 0x100000000ull);
  expectReturns(1, taken(HighBitOnly, jmpImm(A32, EBPF_JMP_JEQ, 1, 0, 0)));
  expectReturns(0, taken(HighBitOnly, jmpImm(A64, EBPF_JMP_JEQ, 1, 0, 0)));
  // Immediates of 64-bit compares are sign-extended; 32-bit ones are not
  // extended at all.
  std::vector<ebpf_insn> LowOnes = {aluImm(A32, EBPF_ALU_MOV, 1, -1)};
  expectReturns(0, taken(LowOnes, jmpImm(A64, EBPF_JMP_JEQ, 1, -1, 0)));
  expectReturns(1, taken(LowOnes, jmpImm(A32, EBPF_JMP_JEQ, 1, -1, 0)));
  // Signed 32-bit compare: 0xffffffff is -1 < 0, even though r1 > 0.
  expectReturns(1, taken(LowOnes, jmpImm(A32, EBPF_JMP_JSLT, 1, 0, 0)));
  expectReturns(0, taken(LowOnes, jmpImm(A64, EBPF_JMP_JSLT, 1, 0, 0)));
  expectReturns(1, taken({mov64(1, -1)}, jmpImm(A64, EBPF_JMP_JSGT, 1, -2, 0)));
  expectReturns(0, taken({mov64(1, -1)}, jmpImm(A64, EBPF_JMP_JGT, 1, -1, 0)));
  expectReturns(1, taken({mov64(1, 6), mov64(2, 4)},
                         jmpReg(A64, EBPF_JMP_JSET, 1, 2, 0)));
  expectReturns(0, taken({mov64(1, 6), mov64(2, 9)},
                         jmpReg(A32, EBPF_JMP_JSET, 1, 2, 0)));
}

TEST(LifterTest, GotolAndBackwardLoop) {
  // gotol +1 skips r0 = 1 (which the never-taken jump keeps reachable, as
  // the verifier requires).
  expectReturns(2, program({mov64(0, 2), jmpImm(A64, EBPF_JMP_JEQ, 0, 1, 1),
                            gotol(1), mov64(0, 1), exitInsn()}));
  // r0 = sum of 1..10 with a backward jump.
  expectReturns(
      55, program({mov64(0, 0), mov64(1, 10), aluReg(A64, EBPF_ALU_ADD, 0, 1),
                   aluImm(A64, EBPF_ALU_SUB, 1, 1),
                   jmpImm(A64, EBPF_JMP_JNE, 1, 0, -3), exitInsn()}));
}

//===-- Memory ------------------------------------------------------------===//

TEST(LifterTest, UnwrittenStackReadsZero) {
  expectReturns(0, program({load(8, 0, 10, -16), exitInsn()}));
  // Only the written byte is non-zero.
  expectReturns(0xab, program({storeImm(1, 10, -8, 0xab), load(8, 0, 10, -8),
                               exitInsn()}));
  // Reading a register no instruction has set is rejected by the verifier
  // (lit-tests/verifier/uninit-register-read.s), so no compiled program
  // depends on the lifter zeroing them.
}

TEST(LifterTest, StackThroughCopiedPointers) {
  // r2 = r10 - 16 via a copy and two adjustments; loads see the stores.
  expectReturns(
      0x1234,
      program({mov64Reg(2, 10), aluImm(A64, EBPF_ALU_ADD, 2, -8),
               aluImm(A64, EBPF_ALU_SUB, 2, 8), storeImm(2, 2, 0, 0x1234),
               load(2, 0, 10, -16), exitInsn()}));
  // Unaligned and overlapping accesses.
  expectReturns(
      0x030201u,
      program({storeImm(1, 10, -7, 1), storeImm(1, 10, -6, 2),
               storeImm(1, 10, -5, 3), load(4, 0, 10, -7), exitInsn()}));
}

TEST(LifterTest, SignExtendingLoads) {
  expectReturns(uint64_t(-2), program({storeImm(2, 10, -2, 0xfffe),
                                       loadSx(2, 0, 10, -2), exitInsn()}));
  expectReturns(0xfffe, program({storeImm(2, 10, -2, 0xfffe),
                                 load(2, 0, 10, -2), exitInsn()}));
  expectReturns(uint64_t(-128), program({storeImm(1, 10, -1, 0x80),
                                         loadSx(1, 0, 10, -1), exitInsn()}));
  expectReturns(uint64_t(INT32_MIN),
                program({storeImm(4, 10, -4, INT32_MIN), loadSx(4, 0, 10, -4),
                         exitInsn()}));
}

TEST(LifterTest, MemoryBlockThroughR1) {
  std::vector<ebpf_insn> P = program(
      {load(2, 0, 1, 1),                     // r0 = *(u16 *)(mem + 1)
       storeImm(4, 1, 3, -1),                // *(u32 *)(mem + 3) = ~0
       mov64(3, 0x55), storeReg(1, 1, 3, 0), // mem[0] = 0x55
       aluReg(A64, EBPF_ALU_ADD, 0, 2),      // r0 += len
       loadSx(1, 4, 1, 7), aluReg(A64, EBPF_ALU_ADD, 0, 4), exitInsn()});
  for (unsigned Opt : OptLevels) {
    std::vector<uint8_t> Mem = {0, 0x34, 0x12, 0, 0, 0, 0, 0x80};
    llvm::Expected<uint64_t> R0 = runJit(P, Opt, &Mem);
    ASSERT_TRUE(static_cast<bool>(R0)) << llvm::toString(R0.takeError());
    EXPECT_EQ(*R0, 0x1234u + 8 - 128);
    EXPECT_EQ(Mem, (std::vector<uint8_t>{0x55, 0x34, 0x12, 0xff, 0xff, 0xff,
                                         0xff, 0x80}));
  }
}

//===-- Atomics -----------------------------------------------------------===//

TEST(LifterTest, AtomicsOnTheStack) {
  // fetch add: r1 gets the old value, memory the sum.
  expectReturns(
      10 * 100 + 15,
      program({storeImm(8, 10, -8, 10), mov64(1, 5),
               atomic(8, EBPF_ATOMIC_ADD | EBPF_ATOMIC_FETCH, 10, 1, -8),
               load(8, 0, 10, -8), aluImm(A64, EBPF_ALU_MUL, 1, 100),
               aluReg(A64, EBPF_ALU_ADD, 0, 1), exitInsn()}));
  // cmpxchg succeeds: memory = r2, r0 = old.
  expectReturns(15 * 1000 + 99,
                program({storeImm(8, 10, -8, 15), mov64(0, 15), mov64(2, 99),
                         atomic(8, EBPF_ATOMIC_CMPXCHG, 10, 2, -8),
                         aluImm(A64, EBPF_ALU_MUL, 0, 1000), load(8, 3, 10, -8),
                         aluReg(A64, EBPF_ALU_ADD, 0, 3), exitInsn()}));
  // cmpxchg fails: memory unchanged, r0 = old.
  expectReturns(15 * 1000 + 15,
                program({storeImm(8, 10, -8, 15), mov64(0, 14), mov64(2, 99),
                         atomic(8, EBPF_ATOMIC_CMPXCHG, 10, 2, -8),
                         aluImm(A64, EBPF_ALU_MUL, 0, 1000), load(8, 3, 10, -8),
                         aluReg(A64, EBPF_ALU_ADD, 0, 3), exitInsn()}));
  // 32-bit fetch zero-extends the old value into the register.
  expectReturns(
      0xffffffffu,
      program({storeImm(4, 10, -4, -1), mov64(1, 0),
               atomic(4, EBPF_ATOMIC_OR | EBPF_ATOMIC_FETCH, 10, 1, -4),
               mov64Reg(0, 1), exitInsn()}));
  // and without fetch leaves src alone; xchg returns the old value.
  // r0 = old (0xf0) + r1 (0xf0) + memory (7)
  expectReturns(0xf0 + 0xf0 + 7,
                program({storeImm(8, 10, -8, 0xff), mov64(1, 0xf0),
                         atomic(8, EBPF_ATOMIC_AND, 10, 1, -8), mov64(2, 7),
                         atomic(8, EBPF_ATOMIC_XCHG, 10, 2, -8), mov64Reg(0, 2),
                         aluReg(A64, EBPF_ALU_ADD, 0, 1), load(8, 3, 10, -8),
                         aluReg(A64, EBPF_ALU_ADD, 0, 3), exitInsn()}));
}

TEST(LifterTest, AtomicsOnTheMemoryBlock) {
  std::vector<ebpf_insn> P = program(
      {mov64(2, 3),
       atomic(8, EBPF_ATOMIC_ADD | EBPF_ATOMIC_FETCH, 1, 2, 0), // r2 = 5
       mov64(3, 0x10), atomic(4, EBPF_ATOMIC_XOR, 1, 3, 8), mov64(0, 1),
       mov64(4, 42),
       atomic(4, EBPF_ATOMIC_CMPXCHG, 1, 4, 12), // r0 = 1, mem = 42
       aluImm(A64, EBPF_ALU_MUL, 0, 10), aluReg(A64, EBPF_ALU_ADD, 0, 2),
       exitInsn()});
  for (unsigned Opt : OptLevels) {
    std::vector<uint8_t> Mem(16, 0);
    Mem[0] = 5;
    Mem[8] = 0x11;
    Mem[12] = 1;
    llvm::Expected<uint64_t> R0 = runJit(P, Opt, &Mem);
    ASSERT_TRUE(static_cast<bool>(R0)) << llvm::toString(R0.takeError());
    EXPECT_EQ(*R0, 15u);
    EXPECT_EQ(Mem[0], 8);
    EXPECT_EQ(Mem[8], 0x01);
    EXPECT_EQ(Mem[12], 42);
  }
}

//===-- Calls -------------------------------------------------------------===//

TEST(LifterTest, LocalCallThroughStackPointer) {
  // main: *(r10-8) = 5; r6 = 7; r1 = r10 - 8; call f;
  //       r0 += *(r10-8) + r6            -> 15 + 15 + 7
  // f:    r6 = 100; r2 = *(r1) * 3; *(r1) = r2; r0 = r2 + *(r10-8) (0)
  expectReturns(
      37,
      program({storeImm(8, 10, -8, 5), mov64(6, 7), mov64Reg(1, 10),
               aluImm(A64, EBPF_ALU_ADD, 1, -8), callLocal(4),
               load(8, 2, 10, -8), aluReg(A64, EBPF_ALU_ADD, 0, 2),
               aluReg(A64, EBPF_ALU_ADD, 0, 6), exitInsn(),
               // f
               mov64(6, 100), load(8, 2, 1, 0), aluImm(A64, EBPF_ALU_MUL, 2, 3),
               storeReg(8, 1, 2, 0), mov64Reg(0, 2), load(8, 3, 10, -8),
               aluReg(A64, EBPF_ALU_ADD, 0, 3), exitInsn()}));
}

TEST(LifterTest, NestedLocalCallsPassArguments) {
  // main calls g(r1=2, r2=3) which calls h(r1, r2) = r1 * 10 + r2.
  expectReturns(23, program({mov64(1, 2), mov64(2, 3), callLocal(1), exitInsn(),
                             // g
                             callLocal(1), exitInsn(),
                             // h
                             mov64Reg(0, 1), aluImm(A64, EBPF_ALU_MUL, 0, 10),
                             aluReg(A64, EBPF_ALU_ADD, 0, 2), exitInsn()}));
}

TEST(LifterTest, HelperCallsAndCallx) {
  // Helper 5 of raw programs returns its first argument.
  expectReturns(42, program({mov64(1, 42), callHelper(5), exitInsn()}));
  expectReturns(43, program({mov64(1, 43), mov64(8, 5), callx(8), exitInsn()}));
}

//===-- Diagnostics -------------------------------------------------------===//

TEST(LifterTest, UnknownHelperIsDiagnosed) {
  EXPECT_EQ(compileError(program({mov64(0, 0), callHelper(99), exitInsn()})),
            "test.bin:raw/prog: insn 1: invalid func unknown#99");
}

TEST(LifterTest, PseudoLddwIsDiagnosed) {
  EXPECT_EQ(compileError(program({lddw(1, 3, EBPF_PSEUDO_MAP_FD), exitInsn()})),
            "test.bin:raw/prog: insn 0: lddw of a map by file descriptor is "
            "not supported (objects name maps by index)");
  EXPECT_EQ(
      compileError(program({lddw(1, 3, EBPF_PSEUDO_MAP_VALUE), exitInsn()})),
      "test.bin:raw/prog: insn 0: lddw of a map by file descriptor is not "
      "supported (objects name maps by index)");
  EXPECT_EQ(compileError(program({lddw(1, 3, EBPF_PSEUDO_BTF_ID), exitInsn()})),
            "test.bin:raw/prog: insn 0: lddw of a kernel variable (BTF id) is "
            "not supported");
  // A raw object without maps has no map 0.
  EXPECT_EQ(
      compileError(program({lddw(1, 0, EBPF_PSEUDO_MAP_IDX), exitInsn()})),
      "test.bin:raw/prog: insn 0: map index 0 is out of range (the "
      "object has 0 maps)");
}

TEST(LifterTest, EveryRejectedProgramIsReported) {
  BpfObject Obj = rawObject(program({callHelper(99), exitInsn()}));
  Program Second = Obj.Programs[0];
  Second.Name = "second";
  Second.Insns =
      program({mov64(0, 0), lddw(1, 3, EBPF_PSEUDO_MAP_FD), exitInsn()});
  Obj.Programs.push_back(Second);
  llvm::SmallString<0> Text;
  llvm::raw_svector_ostream OS(Text);
  llvm::Error E = compileObject(Obj, CompileOptions(), OS);
  EXPECT_EQ(llvm::toString(std::move(E)),
            "test.bin:raw/prog: insn 0: invalid func unknown#99\n"
            "test.bin:raw/second: insn 1: lddw of a map by file descriptor is "
            "not supported (objects name maps by index)");
}

TEST(LifterTest, JitLookupOfAnUnknownProgramFails) {
  BpfObject Obj = rawObject(program({mov64(0, 0), exitInsn()}));
  llvm::Expected<std::unique_ptr<JitSession>> Session = JitSession::create(Obj);
  ASSERT_TRUE(static_cast<bool>(Session))
      << llvm::toString(Session.takeError());
  llvm::Expected<RawProgramFn> Fn = (*Session)->lookupRaw("missing");
  ASSERT_FALSE(static_cast<bool>(Fn));
  EXPECT_EQ(llvm::toString(Fn.takeError()), "no program named 'missing'");
}

TEST(LifterTest, UnsupportedTargets) {
  llvm::Expected<std::string> X86 = normalizeTargetTriple("x86_64-linux-gnu");
  ASSERT_TRUE(static_cast<bool>(X86));
  EXPECT_EQ(*X86, "x86_64-unknown-linux-gnu");
  llvm::Expected<std::string> Arm =
      normalizeTargetTriple("aarch64-unknown-linux-gnu");
  ASSERT_TRUE(static_cast<bool>(Arm));
  EXPECT_EQ(*Arm, "aarch64-unknown-linux-gnu");
  EXPECT_TRUE(isSupportedTarget("x86_64-pc-linux-gnu"));
  EXPECT_FALSE(isSupportedTarget("riscv64-linux-gnu"));
  EXPECT_FALSE(isSupportedTarget("x86_64-apple-darwin"));
  std::string Out = compileToText(program({exitInsn()}), OutputKind::Object, 2,
                                  "riscv64-linux-gnu");
  EXPECT_EQ(Out, "error: unsupported target 'riscv64-linux-gnu'");
}

//===-- Output shape ------------------------------------------------------===//

TEST(LifterTest, StackTrafficBecomesSSA) {
  // Stores and loads at constant stack offsets, through r10 and through a
  // copy of it, plus an atomic on the stack: after -O2 nothing is left in
  // memory.
  std::string IR = compileToText(
      program({mov64Reg(6, 10), aluImm(A64, EBPF_ALU_ADD, 6, -16),
               storeReg(8, 6, 1, 0), storeReg(4, 10, 2, -4), mov64(3, 1),
               atomic(8, EBPF_ATOMIC_ADD, 10, 3, -16), load(8, 0, 10, -16),
               load(4, 4, 6, 12), aluReg(A64, EBPF_ALU_ADD, 0, 4), exitInsn()}),
      OutputKind::LLVMIR);
  EXPECT_NE(IR.find("@prog(ptr"), std::string::npos) << IR;
  EXPECT_EQ(IR.find("inttoptr"), std::string::npos) << IR;
  EXPECT_EQ(IR.find("alloca"), std::string::npos) << IR;
  EXPECT_EQ(IR.find("load"), std::string::npos) << IR;
  EXPECT_EQ(IR.find("store"), std::string::npos) << IR;
  EXPECT_EQ(IR.find("atomicrmw"), std::string::npos) << IR;
}

TEST(LifterTest, FramePointersPassedToCalleesBecomeSSA) {
  // main passes r10 - 8 to f, which reads and writes through it; once f is
  // inlined, both frames are promoted.
  std::string IR =
      compileToText(program({storeReg(8, 10, 2, -8), mov64Reg(1, 10),
                             aluImm(A64, EBPF_ALU_ADD, 1, -8), callLocal(2),
                             load(8, 0, 10, -8), exitInsn(),
                             // f: *(u64 *)r1 += 3
                             load(8, 2, 1, 0), aluImm(A64, EBPF_ALU_ADD, 2, 3),
                             storeReg(8, 1, 2, 0), mov64(0, 0), exitInsn()}),
                    OutputKind::LLVMIR);
  EXPECT_NE(IR.find("add i64 %len, 3"), std::string::npos) << IR;
  EXPECT_EQ(IR.find("inttoptr"), std::string::npos) << IR;
  EXPECT_EQ(IR.find("alloca"), std::string::npos) << IR;
}

TEST(LifterTest, ConstantDivisorsNeedNoGuard) {
  std::string IR = compileToText(
      program({mov64Reg(0, 2), aluImm(A64, EBPF_ALU_DIV, 0, 10), exitInsn()}),
      OutputKind::LLVMIR);
  EXPECT_NE(IR.find("udiv i64 %len, 10"), std::string::npos) << IR;
  EXPECT_EQ(IR.find("select"), std::string::npos) << IR;
  EXPECT_EQ(IR.find("icmp"), std::string::npos) << IR;
}

TEST(LifterTest, ObjectFilesForBothTargets) {
  // ELF header: e_machine at offset 18 is EM_X86_64 (62) / EM_AARCH64 (183).
  std::string X86 = compileToText(program({mov64(0, 1), exitInsn()}),
                                  OutputKind::Object, 2, "x86_64-linux-gnu");
  ASSERT_GT(X86.size(), 20u);
  EXPECT_EQ(X86.substr(0, 4), "\x7f"
                              "ELF");
  EXPECT_EQ(static_cast<uint8_t>(X86[18]), 62);
  std::string Arm = compileToText(program({mov64(0, 1), exitInsn()}),
                                  OutputKind::Object, 2, "aarch64-linux-gnu");
  ASSERT_GT(Arm.size(), 20u);
  EXPECT_EQ(static_cast<uint8_t>(Arm[18]), 183);
  // Same input, same bytes.
  EXPECT_EQ(X86, compileToText(program({mov64(0, 1), exitInsn()}),
                               OutputKind::Object, 2, "x86_64-linux-gnu"));
}

TEST(LifterTest, AssemblyMentionsTheEntrySymbol) {
  std::string Asm = compileToText(program({mov64(0, 1), exitInsn()}),
                                  OutputKind::Assembly, 2, "aarch64-linux-gnu");
  EXPECT_NE(Asm.find("prog:"), std::string::npos) << Asm;
  EXPECT_NE(Asm.find("ret"), std::string::npos) << Asm;
}

} // namespace
