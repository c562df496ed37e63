//===- StackFactsTest.cpp - Finding accesses at r10 + constant ------------===//
//
// The dataflow analysis that tells the lifter which memory instructions
// address the stack frame at a known offset: copies and constant
// adjustments of r10 keep the fact, joins keep it only when every path
// agrees, and calls and other writes drop it. The same for the context
// (r1 on entry to a non-raw program), whose facts also survive spills to
// the stack and cross local calls, and which turn into "maybe the context"
// rather than unknown when paths disagree.
//
//===----------------------------------------------------------------------===//
#include "InsnBuilder.h"

#include "../../compiler/StackFacts.h"

#include "gtest/gtest.h"

using namespace ebpfc;
using namespace ebpfc::test;

namespace {

constexpr bool A64 = true;

Program makeProgram(std::vector<ebpf_insn> Insns,
                    ProgramType Type = ProgramType::Raw) {
  Program P;
  P.Name = "p";
  P.Type = Type;
  P.Insns = std::move(Insns);
  P.Functions.push_back({"p", 0, static_cast<uint32_t>(P.Insns.size())});
  return P;
}

bool isContext(const PointerFact &F, int64_t Offset) {
  return F.Kind == PointerFact::Context && F.Offset == Offset;
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

//===-- Context facts -----------------------------------------------------===//

TEST(StackFactsTest, ContextCopiesAndConstantAdjustments) {
  Program P = makeProgram({load(4, 2, 1, 4), mov64Reg(6, 1),
                           aluImm(A64, EBPF_ALU_ADD, 6, 8), load(4, 3, 6, 4),
                           exitInsn()},
                          ProgramType::Xdp);
  ProgramFacts Facts(P);
  const StackFacts &F = Facts.function(0);
  EXPECT_TRUE(isContext(F.access(0), 4));
  EXPECT_TRUE(isContext(F.access(3), 12));
  EXPECT_EQ(F.accessOffset(3), std::nullopt);
}

TEST(StackFactsTest, RawProgramsHaveNoContext) {
  Program P = makeProgram({load(4, 2, 1, 4), exitInsn()});
  ProgramFacts Facts(P);
  EXPECT_EQ(Facts.function(0).access(0).Kind, PointerFact::Unknown);
}

TEST(StackFactsTest, ContextSurvivesSpillAndReload) {
  // *(u64 *)(r10 - 8) = r1; helper call; r7 = *(u64 *)(r10 - 8).
  // A partial reload of the slot is no pointer; overwriting it forgets it.
  Program P =
      makeProgram({storeReg(8, 10, 1, -8), callHelper(5), load(8, 7, 10, -8),
                   load(4, 0, 7, 16), load(4, 8, 10, -8), load(4, 0, 8, 0),
                   storeImm(4, 10, -4, 0), load(8, 9, 10, -8), load(4, 0, 9, 0),
                   exitInsn()},
                  ProgramType::Xdp);
  ProgramFacts Facts(P);
  const StackFacts &F = Facts.function(0);
  EXPECT_TRUE(isContext(F.access(3), 16));
  EXPECT_EQ(F.access(5).Kind, PointerFact::MaybeContext);
  EXPECT_EQ(F.access(8).Kind, PointerFact::Unknown);
}

TEST(StackFactsTest, DisagreeingContextFactsBecomeMaybeContext) {
  // r2 = ctx on one path and r10 on the other; r3 = ctx + 4 or ctx + 8;
  // r4 = ctx + r5 (a variable offset); r6 = ctx on both paths.
  Program P = makeProgram(
      {mov64Reg(2, 1), mov64Reg(3, 1), aluImm(A64, EBPF_ALU_ADD, 3, 4),
       mov64Reg(6, 1), jmpImm(A64, EBPF_JMP_JEQ, 5, 0, 2), mov64Reg(2, 10),
       aluImm(A64, EBPF_ALU_ADD, 3, 4), load(4, 0, 2, 0), load(4, 0, 3, 0),
       load(4, 0, 6, 0), mov64Reg(4, 1), aluReg(A64, EBPF_ALU_ADD, 4, 5),
       load(4, 0, 4, 0), exitInsn()},
      ProgramType::Xdp);
  ProgramFacts Facts(P);
  const StackFacts &F = Facts.function(0);
  EXPECT_EQ(F.access(7).Kind, PointerFact::MaybeContext);
  EXPECT_EQ(F.access(8).Kind, PointerFact::MaybeContext);
  EXPECT_TRUE(isContext(F.access(9), 0));
  EXPECT_EQ(F.access(12).Kind, PointerFact::MaybeContext);
}

TEST(StackFactsTest, ContextCrossesLocalCalls) {
  // main: call f with r1 = ctx, call g with r1 = ctx + 4 and, from the
  // second call, r1 = r10; f returns its argument, so r0 after the call
  // may be the context.
  Program P;
  P.Type = ProgramType::SchedCls;
  P.Insns = {mov64Reg(6, 1), callLocal(8), load(4, 2, 0, 0), mov64Reg(1, 6),
             aluImm(A64, EBPF_ALU_ADD, 1, 4), callLocal(7), mov64Reg(1, 10),
             callLocal(5), load(4, 0, 6, 0), exitInsn(),
             // f at 10: r0 = r1; r2 = *(u32 *)(r1 + 76)
             mov64Reg(0, 1), load(4, 2, 1, 76), exitInsn(),
             // g at 13: *(u32 *)(r1 + 0)
             load(4, 0, 1, 0), exitInsn()};
  P.Functions = {{"main", 0, 10}, {"f", 10, 13}, {"g", 13, 15}};
  ProgramFacts Facts(P);
  EXPECT_EQ(Facts.function(0).access(2).Kind, PointerFact::MaybeContext);
  EXPECT_TRUE(isContext(Facts.function(0).access(8), 0));
  EXPECT_TRUE(isContext(Facts.function(1).access(11), 76));
  EXPECT_EQ(Facts.function(2).access(13).Kind, PointerFact::MaybeContext);
}

} // namespace
