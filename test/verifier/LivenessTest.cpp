//===- test/verifier/LivenessTest.cpp - Live and precise registers --------===//
//
// analyzeRegisters on small programs: which registers a continuation reads,
// and which it needs exactly. Pruning forgets the rest, so a register called
// imprecise that a check depends on would be a soundness bug: these tests
// pin down the cases where precision flows (jumps, pointer arithmetic,
// stack stores, calls and returns) and where it does not.
//
//===----------------------------------------------------------------------===//

#include "../../verifier/Liveness.h"

#include "ebpfc/Assembler.h"
#include "ebpfc/Verifier.h"

#include <gtest/gtest.h>

using namespace ebpfc;

namespace {

constexpr uint16_t bit(unsigned R) { return uint16_t(1u << R); }

std::vector<RegisterMasks> masksOf(const std::string &Asm) {
  llvm::Expected<std::vector<ebpf_insn>> Insns = assemble(Asm);
  EXPECT_TRUE(static_cast<bool>(Insns)) << llvm::toString(Insns.takeError());
  Program P;
  P.Name = "prog";
  P.Insns = *Insns;
  EXPECT_FALSE(checkStructure(P).has_value());
  return analyzeRegisters(P);
}

TEST(LivenessTest, JumpOperandsAreNeededExactly) {
  std::vector<RegisterMasks> M = masksOf("mov %r2, 1\n"
                                         "mov %r3, 2\n"
                                         "mov %r0, %r3\n"
                                         "jgt %r2, 5, +0\n"
                                         "exit\n");
  // Before the jump r2 is read by it; r0 only by the exit.
  EXPECT_EQ(M[3].Live, bit(0) | bit(2));
  EXPECT_EQ(M[3].Precise, bit(2));
  // r3 flows into r0, which nothing checks.
  EXPECT_TRUE(M[2].Live & bit(3));
  EXPECT_FALSE(M[2].Precise & bit(3));
}

TEST(LivenessTest, PrecisionFlowsBackThroughArithmetic) {
  std::vector<RegisterMasks> M = masksOf("mov %r3, %r2\n"
                                         "add %r3, 7\n"
                                         "jlt %r3, 10, +0\n"
                                         "mov %r0, 0\n"
                                         "exit\n");
  EXPECT_TRUE(M[0].Precise & bit(2)); // r3 = r2 + 7 is compared
}

TEST(LivenessTest, AnOffsetAddedToAPointerIsNeededExactly) {
  // r1 (the block) may be a pointer, so what is added to it matters; two
  // scalars added together do not.
  std::vector<RegisterMasks> M = masksOf("mov %r4, %r2\n"
                                         "mov %r5, %r2\n"
                                         "add %r5, %r4\n"
                                         "add %r1, %r4\n"
                                         "ldxb %r0, [%r1+0]\n"
                                         "exit\n");
  EXPECT_TRUE(M[3].Precise & bit(4));
  EXPECT_FALSE(M[2].Precise & bit(5));
}

TEST(LivenessTest, StoresToTheStackKeepValuesButOthersDoNot) {
  std::vector<RegisterMasks> M = masksOf("stxdw [%r10-8], %r2\n"
                                         "stxdw [%r1+0], %r3\n"
                                         "mov %r0, 0\n"
                                         "exit\n");
  EXPECT_TRUE(M[0].Precise & bit(2));
  EXPECT_FALSE(M[1].Precise & bit(3));
}

TEST(LivenessTest, ArgumentsAreNeededAsTheCalleeNeedsThem) {
  // f compares its r1 and returns r2 + 1; main returns f's result as is.
  std::vector<RegisterMasks> M = masksOf("mov %r1, %r2\n"
                                         "call local f\n"
                                         "exit\n"
                                         "f:\n"
                                         "jgt %r1, 3, +0\n"
                                         "mov %r0, %r2\n"
                                         "add %r0, 1\n"
                                         "exit\n");
  EXPECT_TRUE(M[1].Precise & bit(1));
  EXPECT_FALSE(M[1].Precise & bit(2));
  EXPECT_FALSE(M[6].Precise & bit(0)); // nobody compares what f returns

  // When the caller compares the result, f's r0, and so its r2, matter.
  M = masksOf("mov %r1, %r2\n"
              "call local f\n"
              "jeq %r0, 0, +0\n"
              "exit\n"
              "f:\n"
              "jgt %r1, 3, +0\n"
              "mov %r0, %r2\n"
              "add %r0, 1\n"
              "exit\n");
  EXPECT_TRUE(M[7].Precise & bit(0));
  EXPECT_TRUE(M[1].Precise & bit(2));
}

} // namespace
