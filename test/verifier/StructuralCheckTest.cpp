//===- test/verifier/StructuralCheckTest.cpp - Well-formedness checks -----===//
//
// Each rejection of checkStructure() with the instruction it names, and the
// functions it finds in valid programs with subprograms. Programs are built
// in code with the small encoders below.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/Verifier.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <vector>

using namespace ebpfc;

namespace {

using Code = std::vector<ebpf_insn>;

ebpf_insn insn(unsigned Opcode, unsigned Dst, unsigned Src, int16_t Offset,
               int32_t Imm) {
  ebpf_insn I;
  I.opcode = uint8_t(Opcode);
  I.regs = ebpf_regs(Dst, Src);
  I.offset = Offset;
  I.imm = Imm;
  return I;
}
ebpf_insn mov64(unsigned Dst, int32_t Imm) {
  return insn(EBPF_CLS_ALU64 | EBPF_ALU_MOV, Dst, 0, 0, Imm);
}
ebpf_insn ja(int16_t Off) { return insn(EBPF_OP_JA, 0, 0, Off, 0); }
ebpf_insn gotol(int32_t Off) { return insn(EBPF_OP_JA32, 0, 0, 0, Off); }
ebpf_insn jeq(unsigned Dst, int32_t Imm, int16_t Off) {
  return insn(EBPF_CLS_JMP | EBPF_JMP_JEQ, Dst, 0, Off, Imm);
}
ebpf_insn jeq32(unsigned Dst, int32_t Imm, int16_t Off) {
  return insn(EBPF_CLS_JMP32 | EBPF_JMP_JEQ, Dst, 0, Off, Imm);
}
ebpf_insn callHelper(int32_t Id) { return insn(EBPF_OP_CALL, 0, 0, 0, Id); }
ebpf_insn callLocal(int32_t Rel) {
  return insn(EBPF_OP_CALL, 0, EBPF_CALL_LOCAL, 0, Rel);
}
ebpf_insn exitInsn() { return insn(EBPF_OP_EXIT, 0, 0, 0, 0); }
Code lddw(unsigned Dst, uint64_t Value, unsigned Pseudo = 0) {
  return {insn(EBPF_OP_LDDW, Dst, Pseudo, 0, int32_t(uint32_t(Value))),
          insn(0, 0, 0, 0, int32_t(uint32_t(Value >> 32)))};
}

struct Chunk {
  Code Slots;
  Chunk(ebpf_insn I) : Slots{I} {}
  Chunk(Code C) : Slots(std::move(C)) {}
};
Program prog(std::initializer_list<Chunk> Chunks) {
  Program P;
  P.Name = "prog";
  P.Section = "raw";
  for (const Chunk &C : Chunks)
    P.Insns.insert(P.Insns.end(), C.Slots.begin(), C.Slots.end());
  return P;
}

/// Expects P to be rejected at INDEX with exactly MESSAGE.
void expectRejected(Program P, size_t Index, const std::string &Message) {
  std::optional<VerifierDiagnostic> D = checkStructure(P);
  ASSERT_TRUE(D.has_value()) << "accepted, expected: " << Message;
  EXPECT_EQ(D->InsnIndex, Index) << D->Message;
  EXPECT_EQ(D->Message, Message);
  EXPECT_TRUE(P.Functions.empty());
}

void expectFunction(const BpfFunction &F, const std::string &Name,
                    uint32_t Start, uint32_t End) {
  EXPECT_EQ(F.Name, Name);
  EXPECT_EQ(F.Start, Start);
  EXPECT_EQ(F.End, End);
}

TEST(StructuralCheckTest, EmptyProgram) {
  expectRejected(prog({}), 0, "program is empty");
}

TEST(StructuralCheckTest, DecodeErrorsNameTheOpcode) {
  expectRejected(prog({mov64(0, 0), exitInsn(), insn(0xff, 0, 0, 0, 0)}), 2,
                 "unknown opcode ff");
  // Opcode 0 is never valid on its own.
  expectRejected(prog({insn(0, 0, 0, 0, 0), exitInsn()}), 0,
                 "unknown opcode 00");
  expectRejected(prog({insn(0xb7, 11, 0, 0, 0), exitInsn()}), 0,
                 "invalid dst register 11 (opcode 0xb7)");
  expectRejected(prog({insn(0xbf, 0, 12, 0, 0), exitInsn()}), 0,
                 "invalid src register 12 (opcode 0xbf)");
  expectRejected(prog({mov64(10, 0), exitInsn()}), 0,
                 "frame pointer is read only");
  expectRejected(prog({insn(EBPF_OP_EXIT, 0, 0, 0, 1)}), 0,
                 "reserved fields are not zero (opcode 0x95)");
  // The fetching atomics write src, so src may not be r10.
  expectRejected(prog({insn(EBPF_CLS_STX | EBPF_MODE_ATOMIC | EBPF_SIZE_DW, 1,
                            10, 0, EBPF_ATOMIC_ADD | EBPF_ATOMIC_FETCH),
                       exitInsn()}),
                 0, "frame pointer is read only");
  // Without fetch, r10 is only read, and cmpxchg fetches into r0.
  Program P = prog({insn(EBPF_CLS_STX | EBPF_MODE_ATOMIC | EBPF_SIZE_DW, 1, 10,
                         0, EBPF_ATOMIC_ADD),
                    insn(EBPF_CLS_STX | EBPF_MODE_ATOMIC | EBPF_SIZE_W, 1, 10,
                         0, EBPF_ATOMIC_CMPXCHG),
                    exitInsn()});
  EXPECT_FALSE(checkStructure(P).has_value());
}

TEST(StructuralCheckTest, LddwMissingItsSecondHalf) {
  expectRejected(
      prog({mov64(0, 0), exitInsn(), insn(EBPF_OP_LDDW, 0, 0, 0, 1)}), 2,
      "lddw is missing its second half (opcode 0x18)");
}

TEST(StructuralCheckTest, JumpOutOfRange) {
  expectRejected(prog({mov64(0, 0), ja(38), exitInsn()}), 1,
                 "jump out of range from insn 1 to 40");
  expectRejected(prog({mov64(0, 0), jeq(0, 0, -3), exitInsn()}), 1,
                 "jump out of range from insn 1 to -1");
  expectRejected(prog({gotol(5), exitInsn()}), 0,
                 "jump out of range from insn 0 to 6");
  // To one past the end.
  expectRejected(prog({jeq32(0, 0, 1), exitInsn()}), 0,
                 "jump out of range from insn 0 to 2");
}

TEST(StructuralCheckTest, JumpIntoTheMiddleOfLddw) {
  expectRejected(prog({ja(1), lddw(0, 1), exitInsn()}), 0,
                 "jump into the middle of lddw (target 2)");
  expectRejected(prog({lddw(0, 1), jeq(0, 0, -2), exitInsn()}), 2,
                 "jump into the middle of lddw (target 1)");
}

TEST(StructuralCheckTest, JumpOutOfFunction) {
  // prog: 0..2, prog.f3: 3..4
  expectRejected(
      prog({callLocal(2), mov64(0, 0), exitInsn(), ja(-3), exitInsn()}), 3,
      "jump out of function prog.f3 (target 1, function is "
      "insns 3..4)");
  expectRejected(
      prog({callLocal(2), ja(2), exitInsn(), mov64(0, 0), exitInsn()}), 1,
      "jump out of function prog (target 4, function is "
      "insns 0..2)");
}

TEST(StructuralCheckTest, BadCallTargets) {
  expectRejected(prog({callLocal(5), exitInsn()}), 0,
                 "call out of range (target 6, program has 2 instructions)");
  expectRejected(prog({callLocal(-2), exitInsn()}), 0,
                 "call out of range (target -1, program has 2 instructions)");
  expectRejected(prog({callLocal(2), exitInsn(), lddw(0, 1), exitInsn()}), 0,
                 "call into the middle of lddw (target 3)");
  expectRejected(
      prog({lddw(1, 7, EBPF_PSEUDO_FUNC), exitInsn()}), 0,
      "function address out of range (target 8, program has 3 instructions)");
}

TEST(StructuralCheckTest, KfuncCallsAreRejected) {
  expectRejected(
      prog({insn(EBPF_OP_CALL, 0, EBPF_CALL_KFUNC, 0, 1234), exitInsn()}), 0,
      "kfunc calls are not supported");
}

TEST(StructuralCheckTest, FallThroughOffTheEnd) {
  expectRejected(prog({mov64(0, 0)}), 0, "last insn is not an exit or jmp");
  expectRejected(prog({mov64(0, 0), jeq(0, 0, -2)}), 1,
                 "last insn is not an exit or jmp");
  expectRejected(prog({mov64(0, 0), exitInsn(), lddw(0, 1)}), 2,
                 "last insn is not an exit or jmp");
  // The entry would run into the function after it.
  expectRejected(prog({callLocal(1), mov64(0, 1), mov64(0, 2), exitInsn()}), 1,
                 "last insn is not an exit or jmp");
  // A call as the last instruction returns past the end.
  expectRejected(
      prog({callLocal(1), exitInsn(), mov64(0, 0), exitInsn(), callLocal(-3)}),
      4, "last insn is not an exit or jmp");
}

TEST(StructuralCheckTest, RecursionIsRejected) {
  expectRejected(prog({callLocal(-1), exitInsn()}), 0,
                 "recursive call to prog");
  // prog -> f2 -> f4 -> f2
  expectRejected(prog({callLocal(1), exitInsn(), callLocal(1), exitInsn(),
                       callLocal(-3), exitInsn()}),
                 4, "recursive call to prog.f2");
}

/// The entry calls f1, which calls f2, ..., down to f(N-1): N frames.
Program callChain(unsigned N) {
  Program P = prog({});
  for (unsigned I = 0; I + 1 < N; ++I) {
    P.Insns.push_back(callLocal(1));
    P.Insns.push_back(exitInsn());
  }
  P.Insns.push_back(mov64(0, 0));
  P.Insns.push_back(exitInsn());
  return P;
}

TEST(StructuralCheckTest, CallDepth) {
  Program P = callChain(EBPF_MAX_CALL_DEPTH);
  EXPECT_FALSE(checkStructure(P).has_value());
  EXPECT_EQ(P.Functions.size(), size_t(EBPF_MAX_CALL_DEPTH));
  // The call from the 8th frame (function at 14) is one too many.
  expectRejected(callChain(EBPF_MAX_CALL_DEPTH + 1), 14,
                 "the call stack of 9 frames is too deep");
  // The entry calls a shallow function first (at 19), then the chain of 8
  // (at 3): the call from the chain's 7th function (at 15) is blamed.
  Program Q = callChain(EBPF_MAX_CALL_DEPTH);
  Q.Insns.insert(Q.Insns.begin(), {callLocal(18), callLocal(1), exitInsn()});
  Q.Insns.push_back(mov64(0, 0));
  Q.Insns.push_back(exitInsn());
  expectRejected(Q, 15, "the call stack of 9 frames is too deep");
}

TEST(StructuralCheckTest, FunctionsOfAValidProgram) {
  // 0: entry, calling f6 twice and f9 once; f9 calls f6. An lddw names f12
  // as a callback.
  Program P = prog({
      callLocal(5),                 // 0 -> 6
      callLocal(7),                 // 1 -> 9
      lddw(1, 9, EBPF_PSEUDO_FUNC), // 2..3 -> 12
      callLocal(1),                 // 4 -> 6
      exitInsn(),                   // 5
      jeq(1, 0, 1),                 // 6 f6: jumps stay inside
      mov64(0, 1),                  // 7
      exitInsn(),                   // 8
      callLocal(-4),                // 9 f9 -> 6
      callHelper(5),                // 10
      exitInsn(),                   // 11
      lddw(0, 0x1122334455667788),  // 12..13 f12
      ja(-3),                       // 14 -> 12
  });
  std::optional<VerifierDiagnostic> D = checkStructure(P);
  ASSERT_FALSE(D.has_value()) << formatDiagnostic(*D);
  ASSERT_EQ(P.Functions.size(), 4u);
  expectFunction(P.Functions[0], "prog", 0, 6);
  expectFunction(P.Functions[1], "prog.f6", 6, 9);
  expectFunction(P.Functions[2], "prog.f9", 9, 12);
  expectFunction(P.Functions[3], "prog.f12", 12, 15);
}

TEST(StructuralCheckTest, KeepsKnownFunctionNames) {
  Program P = prog({callLocal(1), exitInsn(), mov64(0, 0), exitInsn()});
  P.Functions.push_back({"ignored_entry_name", 0, 2});
  P.Functions.push_back({"helper_fn", 2, 4});
  ASSERT_FALSE(checkStructure(P).has_value());
  ASSERT_EQ(P.Functions.size(), 2u);
  expectFunction(P.Functions[0], "prog", 0, 2);
  expectFunction(P.Functions[1], "helper_fn", 2, 4);
}

TEST(StructuralCheckTest, NamesSubprogramsAfterTheirSymbols) {
  // The ELF reader records the subprograms' symbols; the functions found
  // from the calls take those names, and a target no symbol names still
  // gets a generated one.
  Program P = prog({callLocal(2), callLocal(3), exitInsn(), mov64(0, 1),
                    exitInsn(), mov64(0, 2), exitInsn()});
  P.FunctionSymbols.push_back({"prog", 0, 3});
  P.FunctionSymbols.push_back({"checksum", 3, 5});
  ASSERT_FALSE(checkStructure(P).has_value());
  ASSERT_EQ(P.Functions.size(), 3u);
  expectFunction(P.Functions[1], "checksum", 3, 5);
  expectFunction(P.Functions[2], "prog.f5", 5, 7);
}

TEST(StructuralCheckTest, ValidSingleFunctionPrograms) {
  // exit-not-last: the last instruction is a backward jump.
  Program P =
      prog({mov64(1, 0), ja(2), mov64(2, 0), exitInsn(), mov64(0, 0), ja(-4)});
  ASSERT_FALSE(checkStructure(P).has_value());
  ASSERT_EQ(P.Functions.size(), 1u);
  expectFunction(P.Functions[0], "prog", 0, 6);
  // lddw and jumps over it.
  P = prog({ja(2), lddw(0, 1), exitInsn()});
  ASSERT_FALSE(checkStructure(P).has_value());
  expectFunction(P.Functions[0], "prog", 0, 4);
  // A jump to itself is well-formed (the verifier proper rejects loops that
  // never end; this check is about structure only).
  P = prog({ja(-1)});
  EXPECT_FALSE(checkStructure(P).has_value());
}

TEST(StructuralCheckTest, FormatsDiagnostics) {
  EXPECT_EQ(formatDiagnostic({7, "jump out of range", "", {}}),
            "insn 7: jump out of range");
}

} // namespace
