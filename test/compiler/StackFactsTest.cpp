//===- StackFactsTest.cpp - Finding accesses at r10 + constant ------------===//
//
// The dataflow analysis that tells the lifter which memory instructions
// address the stack frame at a known offset: copies and constant
// adjustments of r10 keep the fact, joins keep it only when every path
// agrees, and calls and other writes drop it.
//
//===----------------------------------------------------------------------===//
#include "InsnBuilder.h"

#include "../../compiler/StackFacts.h"

#include "gtest/gtest.h"

using namespace ebpfc;
using namespace ebpfc::test;

namespace {

constexpr bool A64 = true;

Program makeProgram(std::vector<ebpf_insn> Insns) {
  Program P;
  P.Name = "p";
  P.Insns = std::move(Insns);
  P.Functions.push_back({"p", 0, static_cast<uint32_t>(P.Insns.size())});
  return P;
}

TEST(StackFactsTest, CopiesAndConstantAdjustments) {
  Program P =
      makeProgram({mov64Reg(1, 10), aluImm(A64, EBPF_ALU_ADD, 1, -16),
                   aluImm(A64, EBPF_ALU_SUB, 1, 8), storeImm(4, 1, 2, 0),
                   load(8, 0, 10, -8), exitInsn()});
  StackFacts Facts(P, P.Functions[0]);
  EXPECT_EQ(Facts.accessOffset(3), -22);
  EXPECT_EQ(Facts.accessOffset(4), -8);
}

TEST(StackFactsTest, OtherWritesForgetTheFact) {
  Program P = makeProgram({mov64Reg(1, 10), aluImm(A64, EBPF_ALU_MUL, 1, 1),
                           load(8, 0, 1, -8), mov64Reg(2, 10),
                           aluImm(false, EBPF_ALU_ADD, 2, -8), load(8, 0, 2, 0),
                           mov64Reg(3, 10), aluReg(A64, EBPF_ALU_ADD, 3, 4),
                           load(8, 0, 3, 0), exitInsn()});
  StackFacts Facts(P, P.Functions[0]);
  EXPECT_EQ(Facts.accessOffset(2), std::nullopt);
  EXPECT_EQ(Facts.accessOffset(5), std::nullopt);
  EXPECT_EQ(Facts.accessOffset(8), std::nullopt);
}

TEST(StackFactsTest, JoinsKeepOnlyAgreeingFacts) {
  // r1 = r10 - 8 on both paths, r2 = r10 - 8 or r10 - 16.
  Program P = makeProgram({mov64Reg(1, 10), aluImm(A64, EBPF_ALU_ADD, 1, -8),
                           mov64Reg(2, 1), jmpImm(A64, EBPF_JMP_JEQ, 3, 0, 1),
                           aluImm(A64, EBPF_ALU_ADD, 2, -8), load(8, 0, 1, 0),
                           load(8, 0, 2, 0), exitInsn()});
  StackFacts Facts(P, P.Functions[0]);
  EXPECT_EQ(Facts.accessOffset(5), -8);
  EXPECT_EQ(Facts.accessOffset(6), std::nullopt);
}

TEST(StackFactsTest, LoopIncrementsAreUnknown) {
  // r1 walks the stack in a loop: its offset differs per iteration.
  Program P = makeProgram(
      {mov64Reg(1, 10), aluImm(A64, EBPF_ALU_ADD, 1, -64), mov64(2, 4),
       storeImm(8, 1, 0, 0), aluImm(A64, EBPF_ALU_ADD, 1, 8),
       aluImm(A64, EBPF_ALU_SUB, 2, 1), jmpImm(A64, EBPF_JMP_JNE, 2, 0, -4),
       storeImm(8, 10, -8, 1), exitInsn()});
  StackFacts Facts(P, P.Functions[0]);
  EXPECT_EQ(Facts.accessOffset(3), std::nullopt);
  EXPECT_EQ(Facts.accessOffset(7), -8);
}

TEST(StackFactsTest, CallsClobberOnlyCallerSavedRegisters) {
  Program P = makeProgram({mov64Reg(1, 10), aluImm(A64, EBPF_ALU_ADD, 1, -8),
                           mov64Reg(6, 1), callHelper(5), load(8, 0, 1, 0),
                           load(8, 0, 6, 0), exitInsn()});
  StackFacts Facts(P, P.Functions[0]);
  EXPECT_EQ(Facts.accessOffset(4), std::nullopt);
  EXPECT_EQ(Facts.accessOffset(5), -8);
}

TEST(StackFactsTest, FetchingAtomicsOverwriteTheirSource) {
  Program P =
      makeProgram({mov64Reg(1, 10), mov64Reg(2, 10),
                   atomic(8, EBPF_ATOMIC_ADD | EBPF_ATOMIC_FETCH, 10, 1, -8),
                   atomic(8, EBPF_ATOMIC_ADD, 10, 2, -16), load(8, 0, 1, -8),
                   load(8, 0, 2, -8), exitInsn()});
  StackFacts Facts(P, P.Functions[0]);
  EXPECT_EQ(Facts.accessOffset(2), -8);
  EXPECT_EQ(Facts.accessOffset(4), std::nullopt);
  EXPECT_EQ(Facts.accessOffset(5), -8);
}

} // namespace
