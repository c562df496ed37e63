//===- test/verifier/ScalarTest.cpp - Soundness of the scalar domain ------===//
//
// Every transfer function of the scalar domain against the reference
// interpreter: random sets of concrete values are abstracted, the operation
// is applied to the abstractions, and every concrete result the interpreter
// computes for members of the sets must be a member of the abstract result.
// Conditional jumps likewise: the branch the interpreter takes must be one
// the refinement keeps, with the operands inside the refined values.
//
//===----------------------------------------------------------------------===//

#include "../../verifier/Scalar.h"

#include "ebpfc/runtime.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

using namespace ebpfc;

namespace {

ebpf_insn insn(unsigned Opcode, unsigned Dst, unsigned Src, int16_t Offset,
               int32_t Imm) {
  ebpf_insn I;
  I.opcode = uint8_t(Opcode);
  I.regs = ebpf_regs(Dst, Src);
  I.offset = Offset;
  I.imm = Imm;
  return I;
}

void lddw(std::vector<ebpf_insn> &Code, unsigned Dst, uint64_t V) {
  Code.push_back(insn(EBPF_OP_LDDW, Dst, 0, 0, int32_t(uint32_t(V))));
  Code.push_back(insn(0, 0, 0, 0, int32_t(uint32_t(V >> 32))));
}

uint64_t interpret(const std::vector<ebpf_insn> &Code) {
  ebpf_interp_env Env = {};
  Env.type = EBPF_PROG_RAW;
  ebpf_interp_result R = ebpf_interpret(Code.data(), Code.size(), &Env, 0, 0);
  EXPECT_EQ(R.status, EBPF_INTERP_OK);
  return R.r0;
}

/// r0 = X; r1 = Y; r0 OP= r1 (with the offset field); exit.
uint64_t runAlu(unsigned Op, uint64_t X, uint64_t Y, bool Is64,
                int16_t Offset) {
  std::vector<ebpf_insn> Code;
  lddw(Code, 0, X);
  lddw(Code, 1, Y);
  Code.push_back(insn((Is64 ? EBPF_CLS_ALU64 : EBPF_CLS_ALU) | Op | EBPF_SRC_X,
                      0, Op == EBPF_ALU_NEG ? 0 : 1, Offset, 0));
  if (Op == EBPF_ALU_NEG)
    Code.back().opcode = uint8_t((Is64 ? EBPF_CLS_ALU64 : EBPF_CLS_ALU) | Op);
  Code.push_back(insn(EBPF_OP_EXIT, 0, 0, 0, 0));
  return interpret(Code);
}

/// 1 if `if r1 OP r2` is taken for r1 = X, r2 = Y.
bool runJump(unsigned Op, uint64_t X, uint64_t Y, bool Is64) {
  std::vector<ebpf_insn> Code;
  lddw(Code, 1, X);
  lddw(Code, 2, Y);
  Code.push_back(insn(EBPF_CLS_ALU64 | EBPF_ALU_MOV, 0, 0, 0, 0));
  Code.push_back(insn((Is64 ? EBPF_CLS_JMP : EBPF_CLS_JMP32) | Op | EBPF_SRC_X,
                      1, 2, 1, 0));
  Code.push_back(insn(EBPF_OP_EXIT, 0, 0, 0, 0));
  Code.push_back(insn(EBPF_CLS_ALU64 | EBPF_ALU_MOV, 0, 0, 0, 1));
  Code.push_back(insn(EBPF_OP_EXIT, 0, 0, 0, 0));
  return interpret(Code) == 1;
}

bool contains(const Scalar &S, uint64_t V) {
  return V >= S.UMin && V <= S.UMax && int64_t(V) >= S.SMin &&
         int64_t(V) <= S.SMax && uint32_t(V) >= S.U32Min &&
         uint32_t(V) <= S.U32Max && int32_t(uint32_t(V)) >= S.S32Min &&
         int32_t(uint32_t(V)) <= S.S32Max && (V & ~S.Bits.Mask) == S.Bits.Value;
}

/// The smallest abstraction of a set of values.
Scalar abstract(const std::vector<uint64_t> &Values) {
  Scalar S = Scalar::constant(Values[0]);
  for (uint64_t V : Values) {
    S.Bits = S.Bits.join(Tnum::constant(V));
    S.UMin = std::min(S.UMin, V);
    S.UMax = std::max(S.UMax, V);
    S.SMin = std::min(S.SMin, int64_t(V));
    S.SMax = std::max(S.SMax, int64_t(V));
    S.U32Min = std::min(S.U32Min, uint32_t(V));
    S.U32Max = std::max(S.U32Max, uint32_t(V));
    S.S32Min = std::min(S.S32Min, int32_t(uint32_t(V)));
    S.S32Max = std::max(S.S32Max, int32_t(uint32_t(V)));
  }
  EXPECT_TRUE(S.normalize());
  return S;
}

/// Values clustered the way programs produce them: small numbers, sizes,
/// numbers near the 32- and 64-bit sign boundaries, and arbitrary ones.
std::vector<uint64_t> randomSet(std::mt19937_64 &Rng) {
  static const uint64_t Bases[] = {0,
                                   1,
                                   7,
                                   255,
                                   4096,
                                   0x7fffffff,
                                   0x80000000u,
                                   0xffffffffu,
                                   0x100000000ull,
                                   0x7fffffffffffffffull,
                                   0x8000000000000000ull,
                                   ~0ull};
  uint64_t Base = Rng() % 3 == 0 ? Rng() : Bases[Rng() % std::size(Bases)];
  unsigned Spread = Rng() % 4 == 0 ? 64 : Rng() % 12;
  std::vector<uint64_t> Values;
  unsigned N = 1 + Rng() % 4;
  for (unsigned I = 0; I < N; ++I) {
    uint64_t Delta = Spread >= 64 ? Rng() : Rng() & ((1ull << Spread) - 1);
    Values.push_back(Rng() & 1 ? Base + Delta : Base - Delta);
  }
  return Values;
}

struct AluCase {
  unsigned Op;
  int16_t Offset;
};

const AluCase AluOps[] = {
    {EBPF_ALU_ADD, 0},  {EBPF_ALU_SUB, 0},  {EBPF_ALU_MUL, 0},
    {EBPF_ALU_DIV, 0},  {EBPF_ALU_DIV, 1},  {EBPF_ALU_MOD, 0},
    {EBPF_ALU_MOD, 1},  {EBPF_ALU_OR, 0},   {EBPF_ALU_AND, 0},
    {EBPF_ALU_XOR, 0},  {EBPF_ALU_LSH, 0},  {EBPF_ALU_RSH, 0},
    {EBPF_ALU_ARSH, 0}, {EBPF_ALU_NEG, 0},  {EBPF_ALU_MOV, 0},
    {EBPF_ALU_MOV, 8},  {EBPF_ALU_MOV, 16}, {EBPF_ALU_MOV, 32},
};

TEST(ScalarTest, AluIsSoundAgainstTheInterpreter) {
  std::mt19937_64 Rng(20261204);
  for (const AluCase &C : AluOps) {
    for (bool Is64 : {true, false}) {
      if (!Is64 && C.Op == EBPF_ALU_MOV && C.Offset == 32)
        continue; // 32-bit movsx has no 32-bit source form
      for (int Round = 0; Round < 400; ++Round) {
        std::vector<uint64_t> Xs = randomSet(Rng), Ys = randomSet(Rng);
        Scalar A = abstract(Xs), B = abstract(Ys);
        Scalar R = scalarAlu(C.Op, A, B, Is64, C.Offset);
        for (uint64_t X : Xs)
          for (uint64_t Y : Ys) {
            uint64_t V = runAlu(C.Op, X, Y, Is64, C.Offset);
            ASSERT_TRUE(contains(R, V))
                << "op " << std::hex << C.Op << " offset " << std::dec
                << C.Offset << (Is64 ? " alu64 " : " alu32 ") << std::hex << X
                << ", " << Y << " = " << V << " not in " << R.str() << " (from "
                << A.str() << " and " << B.str() << ")";
          }
      }
    }
  }
}

TEST(ScalarTest, ConstantsStayExact) {
  EXPECT_TRUE(scalarAlu(EBPF_ALU_ADD, Scalar::constant(40), Scalar::constant(2),
                        true, 0)
                  .isConstant());
  EXPECT_EQ(
      scalarAlu(EBPF_ALU_DIV, Scalar::constant(7), Scalar::constant(0), true, 0)
          .value(),
      0u);
  EXPECT_EQ(scalarAlu(EBPF_ALU_MOD, Scalar::constant(7), Scalar::constant(0),
                      false, 0)
                .value(),
            7u);
}

TEST(ScalarTest, MaskingBoundsAValue) {
  Scalar R = scalarAlu(EBPF_ALU_AND, Scalar::unknown(), Scalar::constant(0xff),
                       true, 0);
  EXPECT_EQ(R.UMin, 0u);
  EXPECT_EQ(R.UMax, 0xffu);
  EXPECT_EQ(R.SMin, 0);
}

const unsigned JumpOps[] = {EBPF_JMP_JEQ,  EBPF_JMP_JNE,  EBPF_JMP_JGT,
                            EBPF_JMP_JGE,  EBPF_JMP_JLT,  EBPF_JMP_JLE,
                            EBPF_JMP_JSGT, EBPF_JMP_JSGE, EBPF_JMP_JSLT,
                            EBPF_JMP_JSLE, EBPF_JMP_JSET};

TEST(ScalarTest, BranchRefinementIsSoundAgainstTheInterpreter) {
  std::mt19937_64 Rng(4122026);
  for (unsigned Op : JumpOps) {
    for (bool Is64 : {true, false}) {
      for (int Round = 0; Round < 400; ++Round) {
        std::vector<uint64_t> Xs = randomSet(Rng), Ys = randomSet(Rng);
        // Constants on the right often, as in `if r1 > 10`.
        if (Rng() & 1)
          Ys.resize(1);
        Scalar A = abstract(Xs), B = abstract(Ys);
        Scalar TA = A, TB = B, FA = A, FB = B;
        bool TakenOk = refineScalars(Op, Is64, true, TA, TB);
        bool FallOk = refineScalars(Op, Is64, false, FA, FB);
        for (uint64_t X : Xs)
          for (uint64_t Y : Ys) {
            bool Taken = runJump(Op, X, Y, Is64);
            const Scalar &RA = Taken ? TA : FA, &RB = Taken ? TB : FB;
            ASSERT_TRUE(Taken ? TakenOk : FallOk)
                << "op " << std::hex << Op << (Is64 ? " jmp " : " jmp32 ") << X
                << ", " << Y << ": the branch taken was refined away";
            ASSERT_TRUE(contains(RA, X) && contains(RB, Y))
                << "op " << std::hex << Op << (Is64 ? " jmp " : " jmp32 ") << X
                << ", " << Y << (Taken ? " taken" : " not taken") << ": "
                << RA.str() << " / " << RB.str();
          }
      }
    }
  }
}

TEST(ScalarTest, DecidedBranchesAreInfeasible) {
  Scalar A = Scalar::unsignedRange(0, 9), B = Scalar::constant(10);
  EXPECT_FALSE(refineScalars(EBPF_JMP_JGE, true, true, A, B));
  A = Scalar::unsignedRange(0, 9);
  B = Scalar::constant(10);
  EXPECT_TRUE(refineScalars(EBPF_JMP_JGE, true, false, A, B));
}

TEST(ScalarTest, EndianIsSound) {
  std::mt19937_64 Rng(77);
  for (unsigned Width : {16u, 32u, 64u})
    for (bool Swap : {false, true})
      for (int Round = 0; Round < 300; ++Round) {
        std::vector<uint64_t> Xs = randomSet(Rng);
        Scalar R = scalarEndian(abstract(Xs), Width, Swap);
        for (uint64_t X : Xs) {
          uint64_t V = Width == 64 ? X : X & ((1ull << Width) - 1);
          if (Swap)
            V = Width == 16   ? __builtin_bswap16(uint16_t(V))
                : Width == 32 ? __builtin_bswap32(uint32_t(V))
                              : __builtin_bswap64(V);
          ASSERT_TRUE(contains(R, V)) << std::hex << X << " -> " << V;
        }
      }
}

} // namespace
