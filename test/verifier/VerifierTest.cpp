//===- test/verifier/VerifierTest.cpp - verify(): verdicts and facts ------===//
//
// The analyzer on small programs in the conformance suite's assembly: the
// facts it hands the compiler, the reasoning that makes real programs pass
// (copies sharing what a check proves, packet ranges, bounded loops), the
// limits, and that pruning keeps the work small. The unsafe programs, one
// per rule, are the lit corpus in lit-tests/verifier/.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/Verifier.h"
#include "ebpfc/Assembler.h"
#include "ebpfc/object.h"

#include <gtest/gtest.h>

#include <string>

using namespace ebpfc;

namespace {

Program programOf(const std::string &Asm, ProgramType Type = ProgramType::Raw) {
  llvm::Expected<std::vector<ebpf_insn>> Insns = assemble(Asm);
  EXPECT_TRUE(static_cast<bool>(Insns)) << llvm::toString(Insns.takeError());
  Program P;
  P.Name = "prog";
  P.Section = "test";
  P.Type = Type;
  if (Insns)
    P.Insns = *Insns;
  return P;
}

VerifyResult verifyAsm(const std::string &Asm,
                       ProgramType Type = ProgramType::Raw,
                       uint64_t MemSize = 0,
                       const std::vector<MapDefinition> *Maps = nullptr) {
  VerifyOptions Options;
  Options.MemSize = MemSize;
  Options.Maps = Maps;
  return verify(programOf(Asm, Type), Options);
}

std::string errorOf(const VerifyResult &R) {
  return R.Error ? "insn " + std::to_string(R.Error->InsnIndex) + ": " +
                       R.Error->Message
                 : "accepted";
}

//===-- Facts for the compiler
//---------------------------------------------===//

TEST(VerifierTest, StackAccessesThroughCopiesHaveConstantOffsets) {
  VerifyResult R = verifyAsm("mov %r2, %r10\n"
                             "add %r2, -16\n"
                             "stdw [%r2+8], 7\n" // r10 - 8
                             "ldxdw %r0, [%r10-8]\n"
                             "exit\n");
  ASSERT_TRUE(R) << errorOf(R);
  const std::vector<InsnFacts> &F = R.Verified.Facts;
  EXPECT_EQ(F[2].Region, AccessRegion::OwnStack);
  EXPECT_EQ(F[2].StackOffset, -8);
  EXPECT_EQ(F[3].Region, AccessRegion::OwnStack);
  EXPECT_EQ(F[3].StackOffset, -8);
  EXPECT_EQ(F[0].Region, AccessRegion::None);
}

TEST(VerifierTest, DifferentOffsetsOnDifferentPathsAreNotConstant) {
  VerifyResult R = verifyAsm("mov %r2, %r10\n"
                             "jeq %r1, 0, +1\n" // r1 (the block) may be null
                             "add %r2, -8\n"
                             "add %r2, -8\n"
                             "stdw [%r2+0], 1\n"
                             "mov %r0, 0\n"
                             "exit\n");
  ASSERT_TRUE(R) << errorOf(R);
  EXPECT_EQ(R.Verified.Facts[4].Region, AccessRegion::Stack);
}

TEST(VerifierTest, CallerStackInACalleeIsNotItsOwnFrame) {
  VerifyResult R = verifyAsm("mov %r1, %r10\n"
                             "add %r1, -8\n"
                             "call local f\n"
                             "exit\n"
                             "f:\n"
                             "stdw [%r1+0], 3\n"
                             "mov %r0, 0\n"
                             "exit\n");
  ASSERT_TRUE(R) << errorOf(R);
  EXPECT_EQ(R.Verified.Facts[4].Region, AccessRegion::Stack);
  ASSERT_EQ(R.Verified.Functions.size(), 2u);
}

TEST(VerifierTest, ContextAccessesCarryTheirNativeField) {
  VerifyResult R = verifyAsm("ldxw %r2, [%r1+4]\n"  // data_end
                             "ldxw %r3, [%r1+16]\n" // rx_queue_index
                             "mov %r0, 0\n"
                             "exit\n",
                             ProgramType::Xdp);
  ASSERT_TRUE(R) << errorOf(R);
  const InsnFacts &End = R.Verified.Facts[0], &Queue = R.Verified.Facts[1];
  EXPECT_EQ(End.Region, AccessRegion::Context);
  EXPECT_TRUE(End.ContextPacketPointer);
  EXPECT_EQ(End.ContextNativeOffset, 32u); // struct ebpf_xdp_md's data_end
  EXPECT_EQ(Queue.Region, AccessRegion::Context);
  EXPECT_FALSE(Queue.ContextPacketPointer);
  EXPECT_EQ(Queue.ContextNativeOffset, 16u);
}

TEST(VerifierTest, DivisorFacts) {
  VerifyResult R = verifyAsm("ldxdw %r0, [%r1+0]\n"
                             "ldxdw %r3, [%r1+8]\n"
                             "mov %r4, %r3\n"
                             "or %r4, 1\n"
                             "div %r0, %r4\n" // never zero
                             "div %r0, %r3\n" // may be zero
                             "exit\n",
                             ProgramType::Raw, 16);
  ASSERT_TRUE(R) << errorOf(R);
  EXPECT_TRUE(R.Verified.Facts[4].DivisorNonZero);
  EXPECT_FALSE(R.Verified.Facts[5].DivisorNonZero);
}

//===-- What makes real programs pass
//---------------------------------------===//

TEST(VerifierTest, ABoundsCheckOnACopyBoundsTheOriginal) {
  // r3 = r2 shares its id: checking r3 bounds r2, which indexes the block.
  const char *Asm = "ldxb %r2, [%r1+0]\n"
                    "mov %r3, %r2\n"
                    "jgt %r3, 7, out\n"
                    "add %r1, %r2\n"
                    "ldxb %r0, [%r1+0]\n"
                    "exit\n"
                    "out:\n"
                    "mov %r0, 0\n"
                    "exit\n";
  VerifyResult R = verifyAsm(Asm, ProgramType::Raw, 8);
  EXPECT_TRUE(R) << errorOf(R);
  // With one byte less, the largest index is out of the block.
  R = verifyAsm(Asm, ProgramType::Raw, 7);
  EXPECT_EQ(errorOf(R), "insn 4: invalid access to memory, mem_size=7 off=7 "
                        "size=1\nR1 max value is outside of the allowed "
                        "memory range");
}

TEST(VerifierTest, APacketCheckCoversEveryCopy) {
  // r4 = data + 14 is compared with data_end; r2 (data) and its copy r5 may
  // then read 14 bytes.
  VerifyResult R = verifyAsm("ldxw %r2, [%r1+0]\n"
                             "ldxw %r3, [%r1+4]\n"
                             "mov %r5, %r2\n"
                             "mov %r4, %r2\n"
                             "add %r4, 14\n"
                             "jgt %r4, %r3, out\n"
                             "ldxh %r0, [%r5+12]\n"
                             "exit\n"
                             "out:\n"
                             "mov %r0, 1\n"
                             "exit\n",
                             ProgramType::Xdp);
  EXPECT_TRUE(R) << errorOf(R);
  EXPECT_EQ(R.Verified.Facts[6].Region, AccessRegion::Packet);
}

TEST(VerifierTest, BoundedLoopsAreExploredToTheirEnd) {
  VerifyResult R = verifyAsm("mov %r0, 0\n"
                             "mov %r2, 0\n"
                             "loop:\n"
                             "add %r0, %r2\n"
                             "add %r2, 1\n"
                             "jlt %r2, 100, loop\n"
                             "exit\n");
  ASSERT_TRUE(R) << errorOf(R);
  // 100 iterations of three instructions, plus the rest.
  EXPECT_GE(R.Stats.ProcessedInsns, 300u);
  EXPECT_LT(R.Stats.ProcessedInsns, 320u);
}

TEST(VerifierTest, PruningKeepsIndependentBranchesLinear) {
  // Twenty independent diamonds: without pruning 2^20 paths.
  std::string Asm = "ldxdw %r2, [%r1+0]\n";
  for (int I = 0; I < 20; ++I)
    Asm += "jset %r2, " + std::to_string(1 << I) + ", +1\nmov %r3, 1\n";
  Asm += "mov %r0, 0\nexit\n";
  VerifyResult R = verifyAsm(Asm, ProgramType::Raw, 8);
  ASSERT_TRUE(R) << errorOf(R);
  EXPECT_LT(R.Stats.ProcessedInsns, 2000u);
}

TEST(VerifierTest, AnInfiniteLoopIsNamed) {
  VerifyResult R = verifyAsm("mov %r0, 0\n"
                             "loop:\n"
                             "mov %r1, 1\n"
                             "ja loop\n");
  EXPECT_EQ(errorOf(R), "insn 1: infinite loop detected at insn 1");
}

TEST(VerifierTest, TheInstructionLimitEndsALoopThatNeverRepeats) {
  VerifyOptions Options;
  Options.MaxProcessedInsns = 5000;
  VerifyResult R = verify(programOf("mov %r0, 0\n"
                                    "loop:\n"
                                    "add %r0, 1\n"
                                    "jne %r0, 0, loop\n"
                                    "exit\n"),
                          Options);
  ASSERT_FALSE(R);
  EXPECT_EQ(R.Error->Message, "BPF program is too large. Processed 5001 insn");
  EXPECT_EQ(R.Stats.ProcessedInsns, 5001u);
}

TEST(VerifierTest, StateComparisonsAreBounded) {
  // Found by fuzz-verifier: a loop whose header state narrows a little each
  // iteration, with undecided branches that all rejoin, stores thousands of
  // states at a few instructions; each visit compared against all of them,
  // for minutes, within the instruction limit.
  VerifyOptions Options;
  Options.MemSize = 64;
  Options.MaxStateComparisons = 100000;
  VerifyResult R = verify(programOf("movsx1664 %r0, %r1\n"
                                    "loop:\n"
                                    "jsle %r0, %r0, +0\n"
                                    "jgt32 %r0, 0x200, +0\n"
                                    "jgt32 %r0, 0xff0000, +0\n"
                                    "jgt32 %r0, 0x2cffffff, loop\n"
                                    "jsgt32 %r0, 0x28000002, +0\n"
                                    "jgt32 %r2, 0xff0000, +0\n"
                                    "jgt32 %r0, 0xfffd02, +0\n"
                                    "jgt32 %r0, 0x200, +0\n"
                                    "jgt32 %r0, 0x8000040, +0\n"
                                    "exit\n"),
                          Options);
  ASSERT_FALSE(R);
  EXPECT_EQ(R.Error->Message, "BPF program is too complex. Compared 100001 "
                              "states");
}

TEST(VerifierTest, TheStateAtARejectionIsReported) {
  VerifyResult R = verifyAsm("mov %r2, 5\n"
                             "ldxdw %r0, [%r2+0]\n"
                             "exit\n");
  ASSERT_FALSE(R);
  EXPECT_EQ(R.Error->Message, "R2 invalid mem access 'scalar'");
  EXPECT_NE(R.Error->State.find("R2=5"), std::string::npos) << R.Error->State;
  EXPECT_NE(R.Error->State.find("R10=fp0"), std::string::npos)
      << R.Error->State;
}

//===-- Maps
//----------------------------------------------------------------===//

std::vector<MapDefinition> oneHashMap(uint32_t Flags = 0) {
  MapDefinition M;
  M.Name = "m";
  M.Type = MapType::Hash;
  M.KeySize = 4;
  M.ValueSize = 8;
  M.MaxEntries = 16;
  M.Flags = Flags;
  return {M};
}

/// r0 = lookup(m, &key) with key on the stack, then BODY.
std::string withLookup(const std::string &Body) {
  // lddw of map 0 by index: src 5 (EBPF_PSEUDO_MAP_IDX), written as raw
  // bytes because the assembler has no map syntax.
  return "stw [%r10-4], 0\n"
         "mov %r2, %r10\n"
         "add %r2, -4\n"
         "lddw %r1, 0\n"
         "call 1\n" +
         Body;
}

Program lookupProgram(const std::string &Body) {
  Program P = programOf(withLookup(Body), ProgramType::Xdp);
  P.Insns[3].regs = ebpf_regs(1, EBPF_PSEUDO_MAP_IDX);
  return P;
}

TEST(VerifierTest, ANullCheckMakesEveryCopyAValue) {
  std::vector<MapDefinition> Maps = oneHashMap();
  VerifyOptions Options;
  Options.Maps = &Maps;
  Program P = lookupProgram("mov %r6, %r0\n"
                            "jeq %r0, 0, out\n"
                            "ldxdw %r0, [%r6+0]\n"
                            "exit\n"
                            "out:\n"
                            "mov %r0, 0\n"
                            "exit\n");
  VerifyResult R = verify(P, Options);
  EXPECT_TRUE(R) << errorOf(R);
  EXPECT_EQ(R.Verified.Facts[8].Region, AccessRegion::MapValue);

  // Without the check the copy is still maybe-null.
  P = lookupProgram("mov %r6, %r0\n"
                    "ldxdw %r0, [%r6+0]\n"
                    "exit\n");
  R = verify(P, Options);
  EXPECT_EQ(errorOf(R), "insn 7: R6 invalid mem access 'map_value_or_null'");
}

TEST(VerifierTest, ReadOnlyAndWriteOnlyMaps) {
  VerifyOptions Options;
  std::vector<MapDefinition> ReadOnly = oneHashMap(EBPF_F_RDONLY_PROG);
  Options.Maps = &ReadOnly;
  VerifyResult R = verify(lookupProgram("jeq %r0, 0, +1\n"
                                        "stdw [%r0+0], 1\n"
                                        "mov %r0, 0\n"
                                        "exit\n"),
                          Options);
  EXPECT_EQ(errorOf(R), "insn 7: write into map forbidden, value_size=8 off=0 "
                        "size=8");
  std::vector<MapDefinition> WriteOnly = oneHashMap(EBPF_F_WRONLY_PROG);
  Options.Maps = &WriteOnly;
  R = verify(lookupProgram("jeq %r0, 0, +1\n"
                           "ldxdw %r0, [%r0+0]\n"
                           "mov %r0, 0\n"
                           "exit\n"),
             Options);
  EXPECT_EQ(errorOf(R), "insn 7: read from map forbidden, value_size=8 off=0 "
                        "size=8");
}

} // namespace

namespace {

//===-- The failing path (-v)
//----------------------------------------------===//

// A loop runs three times, then reads the block past its end on the last
// iteration's exit: the recorded path walks every iteration in order and
// ends at the rejected instruction, and the branch explored second (the
// exit) starts with the jump it came from.
TEST(VerifierTest, RecordsThePathThroughEveryIteration) {
  VerifyOptions Options;
  Options.MemSize = 4;
  Options.RecordPath = true;
  VerifyResult R = verify(programOf("mov %r0, 0\n"        // 0
                                    "add %r0, 1\n"        // 1
                                    "jlt %r0, 3, -2\n"    // 2 -> 1
                                    "ldxw %r0, [%r1+4]\n" // 3
                                    "exit\n"),
                          Options);
  ASSERT_FALSE(R);
  const std::vector<PathStep> &Path = R.Error->Path;
  std::vector<size_t> Insns;
  for (const PathStep &S : Path)
    Insns.push_back(S.InsnIndex);
  // r0 is a known constant, so each jump has one outcome and nothing forks.
  EXPECT_EQ(Insns, (std::vector<size_t>{0, 1, 2, 1, 2, 1, 2, 3}));
  EXPECT_EQ(Path[0].Changes, "R0=0");
  EXPECT_EQ(Path[5].Changes, "R0=3");
  EXPECT_TRUE(Path.back().Changes.empty());
  for (const PathStep &S : Path)
    EXPECT_FALSE(S.BranchFrom);

  Options.RecordPath = false;
  R = verify(programOf("mov %r0, 0\n"
                       "exit\n"),
             Options);
  EXPECT_TRUE(R);
}

TEST(VerifierTest, PathOfALaterBranchStartsAtItsJump) {
  VerifyOptions Options;
  Options.MemSize = 4;
  Options.RecordPath = true;
  // The read past the 4-byte block at insn 4 is only reached when r3,
  // loaded from the block, is 7.
  VerifyResult R = verify(programOf("ldxw %r3, [%r1+0]\n" // 0
                                    "jeq %r3, 7, +2\n"    // 1 -> 4
                                    "mov %r0, 0\n"        // 2
                                    "exit\n"              // 3
                                    "ldxw %r0, [%r1+8]\n" // 4
                                    "exit\n"),
                          Options);
  ASSERT_FALSE(R);
  const std::vector<PathStep> &Path = R.Error->Path;
  // The fall-through (2, 3) was explored and left the path; the jump
  // itself is the "from" of the branch's first step, as in the kernel's log.
  ASSERT_EQ(Path.size(), 3u) << Path.size();
  EXPECT_EQ(Path[0].InsnIndex, 0u);
  EXPECT_FALSE(Path[0].BranchFrom);
  EXPECT_EQ(Path[1].InsnIndex, 4u);
  ASSERT_TRUE(Path[1].BranchFrom);
  EXPECT_EQ(*Path[1].BranchFrom, 1u);
  EXPECT_NE(Path[1].Changes.find("R3=7"), std::string::npos) << Path[1].Changes;
  EXPECT_EQ(Path[2].InsnIndex, 4u);
  EXPECT_FALSE(Path[2].BranchFrom);
}

} // namespace
