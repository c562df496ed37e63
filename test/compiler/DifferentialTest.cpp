//===- DifferentialTest.cpp - Compiled code against the interpreter -------===//
//
// Generates random valid programs from fixed seeds, runs each with the
// reference interpreter and with the JIT, and compares r0 and the memory
// block afterwards. The generator covers every ALU operation (32/64-bit,
// register and immediate, signed division, movsx), byte swaps, lddw,
// forward jumps of every comparison, bounded loops, stack and memory-block
// loads and stores of every size (unaligned, sign-extending), atomics, helper
// calls and local calls that pass pointers into the caller's frame.
//
// Programs stay valid by construction: registers have fixed roles (r9 holds
// the memory block, r7 counts loop iterations, subprograms keep the pointer
// to their caller's frame in r6), pointers never enter arithmetic or memory,
// so results do not depend on where either engine puts its memory, and no
// register is read after a call clobbered it until it is written again.
//
//===----------------------------------------------------------------------===//
#include "InsnBuilder.h"

#include "ebpfc/Disassembler.h"
#include "ebpfc/Jit.h"
#include "ebpfc/runtime.h"

#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <array>
#include <string>

using namespace ebpfc;
using namespace ebpfc::test;

namespace {

constexpr unsigned MemSize = 64;
constexpr unsigned MemReg = 9;
constexpr unsigned LoopReg = 7;
constexpr unsigned CallerFrameReg = 6; // in subprograms
/// The part of its frame a caller lends to a callee: [r10 - 64, r10).
constexpr int LentFrameSize = 64;
constexpr unsigned MaxSubprograms = 3;

/// splitmix64: small, fast and the same on every platform (unlike the
/// standard library's distributions).
class Random {
public:
  explicit Random(uint64_t Seed) : State(Seed) {}
  uint64_t next() {
    uint64_t Z = (State += 0x9e3779b97f4a7c15ull);
    Z = (Z ^ (Z >> 30)) * 0xbf58476d1ce4e5b9ull;
    Z = (Z ^ (Z >> 27)) * 0x94d049bb133111ebull;
    return Z ^ (Z >> 31);
  }
  /// Uniform in [0, N).
  unsigned below(unsigned N) { return static_cast<unsigned>(next() % N); }
  bool chance(unsigned Percent) { return below(100) < Percent; }
  template <typename T, size_t N> T pick(const T (&Items)[N]) {
    return Items[below(N)];
  }

private:
  uint64_t State;
};

/// A value that exercises edge cases more often than a uniform one would.
int32_t interestingImm(Random &R) {
  static const int32_t Special[] = {
      0,  1,  -1, 2,         -2,        7,   31,     32,     33,
      63, 64, 65, INT32_MIN, INT32_MAX, 255, 0x8000, -0x8000};
  switch (R.below(4)) {
  case 0:
    return R.pick(Special);
  case 1:
    return static_cast<int32_t>(R.below(16));
  case 2:
    return -static_cast<int32_t>(R.below(16));
  default:
    return static_cast<int32_t>(R.next());
  }
}

uint64_t interestingImm64(Random &R) {
  static const uint64_t Special[] = {
      0x8000000000000000ull, 0x7fffffffffffffffull, 0xffffffffffffffffull,
      0x00000000ffffffffull, 0x0000000100000000ull, 0x0000000080000000ull,
      0xffffffff80000000ull};
  return R.chance(40) ? R.pick(Special) : R.next();
}

class ProgramGenerator {
public:
  explicit ProgramGenerator(uint64_t Seed) : R(Seed) {}

  std::vector<ebpf_insn> generate() {
    unsigned NumSubprograms = R.below(MaxSubprograms + 1);
    Functions.assign(NumSubprograms + 1, {});
    // Callees first: function I only calls functions after it.
    for (unsigned F = NumSubprograms + 1; F-- > 0;)
      generateFunction(F);
    return link();
  }

private:
  struct PendingCall {
    unsigned Caller, Pos, Callee;
  };

  Random R;
  std::vector<std::vector<ebpf_insn>> Functions;
  std::vector<PendingCall> Calls;
  // The state of the function being generated.
  unsigned Current = 0;
  std::vector<ebpf_insn> *Out = nullptr;
  uint32_t Defined = 0; // bit per register holding a known scalar
  bool InLoop = false;

  bool isMain() const { return Current == 0; }
  bool isScratch(unsigned Reg) const {
    return Reg <= 5 || Reg == 8 || (Reg == 6 && isMain());
  }
  void emit(ebpf_insn I) { Out->push_back(I); }
  void emit(const std::vector<ebpf_insn> &Is) {
    Out->insert(Out->end(), Is.begin(), Is.end());
  }

  unsigned anyScratch() {
    static const unsigned Regs[] = {0, 1, 2, 3, 4, 5, 6, 8};
    for (;;) {
      unsigned Reg = R.pick(Regs);
      if (isScratch(Reg))
        return Reg;
    }
  }
  /// A scalar register that holds a value (r0 always does).
  unsigned definedScratch() {
    unsigned Candidates[9];
    unsigned N = 0;
    for (unsigned Reg = 0; Reg <= 8; ++Reg)
      if (isScratch(Reg) && (Defined & (1u << Reg)))
        Candidates[N++] = Reg;
    return N ? Candidates[R.below(N)] : 0;
  }
  void define(unsigned Reg) { Defined |= 1u << Reg; }

  //===-- Functions -------------------------------------------------------===//

  void generateFunction(unsigned F) {
    Current = F;
    Out = &Functions[F];
    Defined = 0;
    InLoop = false;
    if (isMain()) {
      emit(mov64Reg(MemReg, 1));
    } else {
      emit(mov64Reg(CallerFrameReg, 1));
      emit(mov64Reg(MemReg, 2));
      define(3), define(4), define(5); // the caller's scalars
    }
    emit(mov64(LoopReg, 0));
    for (unsigned Reg = 0; Reg <= 8; ++Reg)
      if (isScratch(Reg) && !(Defined & (1u << Reg)) && !(isMain() && Reg == 2))
        initialize(Reg);
    define(2); // len in main
    generateBlock(isMain() ? 12 + R.below(30) : 4 + R.below(12), 0);
    foldIntoR0();
    emit(exitInsn());
  }

  void initialize(unsigned Reg) {
    if (R.chance(20))
      emit(lddw(Reg, interestingImm64(R)));
    else
      emit(mov64(Reg, interestingImm(R)));
    define(Reg);
  }

  /// Mixes every scalar register (and, in main, some stack words) into r0 so
  /// that a wrong value anywhere shows up in the result.
  void foldIntoR0() {
    for (unsigned Reg = 1; Reg <= 8; ++Reg) {
      if (!isScratch(Reg) || !(Defined & (1u << Reg)))
        continue;
      emit(aluImm(true, EBPF_ALU_MUL, 0, 0x9e3779b1));
      emit(aluReg(true, EBPF_ALU_XOR, 0, Reg));
    }
    emit(aluReg(true, EBPF_ALU_ADD, 0, LoopReg));
    if (isMain()) {
      for (unsigned I = 0; I < 4; ++I) {
        emit(load(8, 1, 10, -8 * static_cast<int>(1 + R.below(64))));
        emit(aluImm(true, EBPF_ALU_MUL, 0, 0x9e3779b1));
        emit(aluReg(true, EBPF_ALU_XOR, 0, 1));
      }
    }
  }

  /// Lays the functions out one after the other and resolves local calls.
  std::vector<ebpf_insn> link() {
    std::vector<size_t> Starts;
    std::vector<ebpf_insn> Insns;
    // Only functions main reaches through calls: the verifier rejects
    // unreachable code. Callers come before their callees.
    std::vector<bool> Reached(Functions.size(), false);
    Reached[0] = true;
    for (unsigned F = 0; F < Functions.size(); ++F)
      for (const PendingCall &C : Calls)
        if (C.Caller == F && Reached[F])
          Reached[C.Callee] = true;
    for (unsigned F = 0; F < Functions.size(); ++F) {
      Starts.push_back(Insns.size());
      if (Reached[F])
        Insns.insert(Insns.end(), Functions[F].begin(), Functions[F].end());
    }
    for (const PendingCall &C : Calls) {
      if (!Reached[C.Caller])
        continue;
      size_t Pc = Starts[C.Caller] + C.Pos;
      Insns[Pc].imm =
          static_cast<int32_t>(Starts[C.Callee]) - static_cast<int32_t>(Pc + 1);
    }
    return Insns;
  }

  //===-- Blocks of instructions ------------------------------------------===//

  void generateBlock(unsigned Items, unsigned Depth) {
    for (unsigned I = 0; I < Items; ++I)
      generateItem(Depth);
  }

  void generateItem(unsigned Depth) {
    unsigned Choice = R.below(100);
    if (Choice < 34)
      return aluItem();
    if (Choice < 38)
      return endianItem();
    if (Choice < 41) {
      unsigned Dst = anyScratch();
      emit(lddw(Dst, interestingImm64(R)));
      return define(Dst);
    }
    if (Choice < 53)
      return stackItem();
    if (Choice < 57)
      return pointerCopyItem();
    if (Choice < 65)
      return memoryBlockItem();
    if (Choice < 71)
      return atomicItem();
    if (Choice < 75 && !isMain())
      return callerFrameItem();
    if (Choice < 85 && Depth < 3)
      return forwardJumpItem(Depth);
    if (Choice < 89 && Depth < 3 && !InLoop)
      return loopItem(Depth);
    if (Choice < 94 && Current + 1 < Functions.size())
      return localCallItem();
    if (Choice < 96)
      return helperCallItem();
    return aluItem();
  }

  void aluItem() {
    static const unsigned Ops[] = {
        EBPF_ALU_ADD, EBPF_ALU_SUB, EBPF_ALU_MUL, EBPF_ALU_DIV, EBPF_ALU_OR,
        EBPF_ALU_AND, EBPF_ALU_LSH, EBPF_ALU_RSH, EBPF_ALU_NEG, EBPF_ALU_MOD,
        EBPF_ALU_XOR, EBPF_ALU_MOV, EBPF_ALU_ARSH};
    bool Is64 = R.chance(50);
    unsigned Op = R.pick(Ops);
    int16_t Offset = 0;
    if ((Op == EBPF_ALU_DIV || Op == EBPF_ALU_MOD) && R.chance(40))
      Offset = 1; // sdiv, smod
    bool IsReg = R.chance(50);
    if (Op == EBPF_ALU_MOV && IsReg && R.chance(40)) {
      static const int16_t Widths64[] = {8, 16, 32};
      static const int16_t Widths32[] = {8, 16};
      Offset = Is64 ? R.pick(Widths64) : R.pick(Widths32);
    }
    unsigned Dst = Op == EBPF_ALU_MOV ? anyScratch() : definedScratch();
    if (Op == EBPF_ALU_NEG)
      emit(neg(Is64, Dst));
    else if (IsReg)
      emit(aluReg(Is64, Op, Dst, definedScratch(), Offset));
    else
      emit(aluImm(Is64, Op, Dst, interestingImm(R), Offset));
    define(Dst);
  }

  void endianItem() {
    static const unsigned Opcodes[] = {EBPF_OP_LE, EBPF_OP_BE, EBPF_OP_BSWAP};
    static const int32_t Widths[] = {16, 32, 64};
    emit(endian(R.pick(Opcodes), definedScratch(), R.pick(Widths)));
  }

  unsigned accessSize() {
    static const unsigned Sizes[] = {1, 2, 4, 8};
    return R.pick(Sizes);
  }

  /// A load or store of \p Size bytes at Base + Offset.
  void access(unsigned Base, int16_t Offset, unsigned Size) {
    switch (R.below(4)) {
    case 0: {
      unsigned Dst = anyScratch();
      emit(Size < 8 && R.chance(40) ? loadSx(Size, Dst, Base, Offset)
                                    : load(Size, Dst, Base, Offset));
      return define(Dst);
    }
    case 1:
      return emit(storeImm(Size, Base, Offset, interestingImm(R)));
    default:
      return emit(storeReg(Size, Base, definedScratch(), Offset));
    }
  }

  /// An offset in [Low, High - Size], aligned to Size if \p Aligned.
  int16_t offsetIn(int Low, int High, unsigned Size, bool Aligned) {
    int Span = High - static_cast<int>(Size) - Low + 1;
    int Offset = Low + static_cast<int>(R.below(Span));
    if (Aligned)
      Offset -= ((Offset % static_cast<int>(Size)) + Size) % Size;
    if (Offset < Low)
      Offset += Size;
    return static_cast<int16_t>(Offset);
  }

  void stackItem() {
    unsigned Size = accessSize();
    // Mostly near the top of the frame, where programs keep their data.
    int Low = R.chance(70) ? -96 : -EBPF_STACK_SIZE;
    access(10, offsetIn(Low, 0, Size, R.chance(60)), Size);
  }

  /// rX = r10 - K, possibly adjusted differently on two paths, then an
  /// access through rX; rX gets a scalar again right after.
  void pointerCopyItem() {
    static const unsigned PointerRegs[] = {1, 2, 3, 4, 5, 8};
    unsigned Ptr = R.pick(PointerRegs); // never r0, which stays a scalar
    unsigned Size = accessSize();
    int Base = -static_cast<int>(8 * (1 + R.below(12)));
    // While rX holds a pointer, nothing may read it as a scalar.
    Defined &= ~(1u << Ptr);
    emit(mov64Reg(Ptr, 10));
    emit(aluImm(true, EBPF_ALU_ADD, Ptr, Base));
    int Extra = 0;
    if (R.chance(50)) {
      // if rY == imm goto +1; rX -= Extra (0 keeps the same offset on both
      // paths, so the access is still a known stack slot)
      Extra = R.chance(50) ? 0 : 8 * static_cast<int>(R.below(4));
      emit(jmpImm(true, EBPF_JMP_JEQ, definedScratch(),
                  static_cast<int32_t>(R.below(3)), 1));
      emit(aluImm(true, EBPF_ALU_SUB, Ptr, Extra));
    }
    // Valid for both Base and Base - Extra: [-512 - (Base - Extra), -Base).
    int Low = -EBPF_STACK_SIZE - (Base - Extra);
    access(Ptr, offsetIn(Low, -Base, Size, R.chance(50)), Size);
    initialize(Ptr);
  }

  void memoryBlockItem() {
    unsigned Size = accessSize();
    access(MemReg, offsetIn(0, MemSize, Size, R.chance(50)), Size);
  }

  void callerFrameItem() {
    unsigned Size = accessSize();
    access(CallerFrameReg, offsetIn(0, LentFrameSize, Size, R.chance(50)),
           Size);
  }

  void atomicItem() {
    static const int32_t Ops[] = {EBPF_ATOMIC_ADD,
                                  EBPF_ATOMIC_OR,
                                  EBPF_ATOMIC_AND,
                                  EBPF_ATOMIC_XOR,
                                  EBPF_ATOMIC_ADD | EBPF_ATOMIC_FETCH,
                                  EBPF_ATOMIC_OR | EBPF_ATOMIC_FETCH,
                                  EBPF_ATOMIC_AND | EBPF_ATOMIC_FETCH,
                                  EBPF_ATOMIC_XOR | EBPF_ATOMIC_FETCH,
                                  EBPF_ATOMIC_XCHG,
                                  EBPF_ATOMIC_CMPXCHG};
    unsigned Size = R.chance(50) ? 4 : 8;
    int32_t Op = R.pick(Ops);
    unsigned Base;
    int16_t Offset;
    unsigned Where = R.below(isMain() ? 2 : 3);
    if (Where == 0) {
      Base = 10;
      Offset = offsetIn(-128, 0, Size, true);
    } else if (Where == 1) {
      Base = MemReg;
      Offset = offsetIn(0, MemSize, Size, true);
    } else {
      Base = CallerFrameReg;
      Offset = offsetIn(0, LentFrameSize, Size, true);
    }
    unsigned Src = definedScratch();
    emit(atomic(Size, Op, Base, Src, Offset));
    // Fetching forms write src (cmpxchg: r0); both stay defined.
  }

  void forwardJumpItem(unsigned Depth) {
    static const unsigned Ops[] = {EBPF_JMP_JEQ,  EBPF_JMP_JGT, EBPF_JMP_JGE,
                                   EBPF_JMP_JSET, EBPF_JMP_JNE, EBPF_JMP_JSGT,
                                   EBPF_JMP_JSGE, EBPF_JMP_JLT, EBPF_JMP_JLE,
                                   EBPF_JMP_JSLT, EBPF_JMP_JSLE};
    unsigned Kind = R.below(10);
    // An unconditional jump over the block needs a way into the block, or
    // the verifier rejects it as unreachable: a conditional jump over it.
    if (Kind <= 1)
      emit(jmpImm(R.chance(50), EBPF_JMP_JEQ, definedScratch(),
                  static_cast<int32_t>(R.below(8)), 1));
    size_t JumpPos = Out->size();
    if (Kind == 0)
      emit(ja(0));
    else if (Kind == 1)
      emit(gotol(0));
    else if (R.chance(50))
      emit(jmpReg(R.chance(50), R.pick(Ops), definedScratch(), definedScratch(),
                  0));
    else
      emit(jmpImm(R.chance(50), R.pick(Ops), definedScratch(),
                  R.chance(50) ? static_cast<int32_t>(R.below(8))
                               : interestingImm(R),
                  0));
    // What the skipped code defines may not be defined after the join.
    uint32_t DefinedBefore = Defined;
    generateBlock(1 + R.below(5), Depth + 1);
    Defined &= DefinedBefore;
    int Skip = static_cast<int>(Out->size() - JumpPos - 1);
    if (Kind == 1)
      (*Out)[JumpPos].imm = Skip;
    else
      (*Out)[JumpPos].offset = static_cast<int16_t>(Skip);
  }

  /// r7 = N; body; r7 -= 1; if r7 != 0 goto body. Nothing else writes r7.
  void loopItem(unsigned Depth) {
    emit(mov64(LoopReg, 1 + static_cast<int32_t>(R.below(4))));
    size_t BodyStart = Out->size();
    InLoop = true;
    uint32_t DefinedBefore = Defined;
    generateBlock(1 + R.below(6), Depth + 1);
    // The next iteration reads what the body's start read: anything a call
    // in the body clobbered gets a value again.
    for (unsigned Reg = 0; Reg <= 8; ++Reg)
      if ((DefinedBefore & ~Defined) & (1u << Reg))
        initialize(Reg);
    Defined &= DefinedBefore;
    InLoop = false;
    emit(aluImm(true, EBPF_ALU_SUB, LoopReg, 1));
    int Back = static_cast<int>(BodyStart) - static_cast<int>(Out->size()) - 1;
    emit(jmpImm(R.chance(50), EBPF_JMP_JNE, LoopReg, 0,
                static_cast<int16_t>(Back)));
  }

  void clobberArgs() {
    Defined &= ~0x3eu; // r1..r5
    define(0);
  }

  /// Calls a later function with r1 = r10 - 64 (a part of this frame it
  /// may use) and r2 = the memory block.
  void localCallItem() {
    unsigned Callee =
        Current + 1 +
        R.below(static_cast<unsigned>(Functions.size()) - Current - 1);
    for (unsigned Reg = 3; Reg <= 5; ++Reg)
      if (!(Defined & (1u << Reg)))
        initialize(Reg);
    emit(mov64Reg(1, 10));
    emit(aluImm(true, EBPF_ALU_ADD, 1, -LentFrameSize));
    emit(mov64Reg(2, MemReg));
    Calls.push_back({Current, static_cast<unsigned>(Out->size()), Callee});
    emit(callLocal(0));
    clobberArgs();
  }

  /// Helper 5 of raw programs returns r1; callx reaches it through a register.
  void helperCallItem() {
    if (!(Defined & 2u))
      initialize(1);
    if (R.chance(50)) {
      emit(callHelper(5));
    } else {
      unsigned Reg = R.chance(50) ? 8 : 0;
      emit(mov64(Reg, 5));
      define(Reg);
      emit(callx(Reg));
    }
    clobberArgs();
  }
};

std::string disassemble(const std::vector<ebpf_insn> &Insns) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  printProgram(OS, Insns);
  return Text;
}

std::string hex(const std::vector<uint8_t> &Bytes) {
  static const char Digits[] = "0123456789abcdef";
  std::string S;
  for (uint8_t B : Bytes) {
    S += Digits[B >> 4];
    S += Digits[B & 15];
    S += ' ';
  }
  return S;
}

struct Batch {
  uint64_t FirstSeed;
  unsigned Count;
  unsigned OptLevel;
};

void PrintTo(const Batch &B, std::ostream *OS) {
  *OS << B.Count << " programs from seed " << B.FirstSeed << " at -O"
      << B.OptLevel;
}

class DifferentialTest : public ::testing::TestWithParam<Batch> {};

/// Generates a batch of programs, compiles them as one object, and runs
/// each under both engines.
TEST_P(DifferentialTest, MatchesInterpreter) {
  const Batch &B = GetParam();
  BpfObject Obj;
  Obj.Path = "differential";
  std::vector<std::vector<uint8_t>> Inputs;
  for (unsigned I = 0; I < B.Count; ++I) {
    uint64_t Seed = B.FirstSeed + I;
    Program P;
    P.Name = "p" + std::to_string(Seed);
    P.Section = "raw";
    P.Type = ProgramType::Raw;
    P.Insns = ProgramGenerator(Seed).generate();
    Obj.Programs.push_back(std::move(P));
    Random R(~Seed);
    std::vector<uint8_t> Mem(MemSize);
    for (uint8_t &Byte : Mem)
      Byte = static_cast<uint8_t>(R.next());
    Inputs.push_back(std::move(Mem));
  }

  llvm::Expected<std::unique_ptr<JitSession>> Session =
      JitSession::create(Obj, B.OptLevel, MemSize);
  ASSERT_TRUE(static_cast<bool>(Session))
      << llvm::toString(Session.takeError());

  unsigned Failures = 0;
  for (unsigned I = 0; I < B.Count && Failures < 3; ++I) {
    const Program &P = Obj.Programs[I];
    uint64_t Seed = B.FirstSeed + I;

    std::vector<uint8_t> InterpMem = Inputs[I];
    ebpf_mem_region Region = {reinterpret_cast<uint64_t>(InterpMem.data()),
                              MemSize, true};
    ebpf_interp_env Env = {};
    Env.type = EBPF_PROG_RAW;
    Env.regions = &Region;
    Env.num_regions = 1;
    Env.insn_limit = 10000000;
    ebpf_interp_result Expected =
        ebpf_interpret(P.Insns.data(), P.Insns.size(), &Env,
                       reinterpret_cast<uint64_t>(InterpMem.data()), MemSize);
    ASSERT_EQ(Expected.status, EBPF_INTERP_OK)
        << "seed " << Seed << ": the interpreter stopped at insn "
        << Expected.pc << ": " << ebpf_interp_status_string(Expected.status)
        << "\n"
        << disassemble(P.Insns);

    llvm::Expected<RawProgramFn> Fn = (*Session)->lookupRaw(P.Name);
    ASSERT_TRUE(static_cast<bool>(Fn)) << llvm::toString(Fn.takeError());
    std::vector<uint8_t> JitMem = Inputs[I];
    uint64_t R0 = (*Fn)(JitMem.data(), MemSize);

    if (R0 != Expected.r0 || JitMem != InterpMem) {
      ++Failures;
      ADD_FAILURE() << "seed " << Seed << " at -O" << B.OptLevel << ": r0 = 0x"
                    << std::hex << R0 << ", interpreter 0x" << Expected.r0
                    << std::dec << "\ninput  " << hex(Inputs[I]) << "\njit    "
                    << hex(JitMem) << "\ninterp " << hex(InterpMem) << "\n"
                    << disassemble(P.Insns);
    }
  }
}

constexpr unsigned BatchSize = 100;

std::vector<Batch> batches() {
  std::vector<Batch> Result;
  // Most programs at -O2 (what users run); some at -O0, where every
  // instruction reaches code generation as lifted, and at -O1/-O3.
  for (unsigned I = 0; I < 16; ++I)
    Result.push_back({1000000 + I * BatchSize, BatchSize, 2});
  for (unsigned I = 0; I < 4; ++I)
    Result.push_back({2000000 + I * BatchSize, BatchSize, 0});
  Result.push_back({3000000, BatchSize, 1});
  Result.push_back({4000000, BatchSize, 3});
  return Result;
}

std::string batchName(const ::testing::TestParamInfo<Batch> &Info) {
  return "O" + std::to_string(Info.param.OptLevel) + "_seeds" +
         std::to_string(Info.param.FirstSeed);
}

INSTANTIATE_TEST_SUITE_P(Generated, DifferentialTest,
                         ::testing::ValuesIn(batches()), batchName);

} // namespace
