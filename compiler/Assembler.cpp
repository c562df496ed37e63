//===- Assembler.cpp - The conformance suite's BPF assembly ---------------===//
//
// A line-oriented, two-pass assembler for the dialect described in
// Assembler.h. The first pass encodes every line on its own, recording each
// jump or local call that names a label; the second pass patches those with
// the distance to the label (pc-relative, counted from the next slot, as
// RFC 9669 defines jumps). Encodings follow RFC 9669 section 3-5: the opcode
// byte is class | operation | source (or class | size | mode), then the
// register byte (dst in the low nibble), the 16-bit offset and the 32-bit
// immediate.
//
//===----------------------------------------------------------------------===//
#include "ebpfc/Assembler.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"

#include <cstdint>
#include <optional>
#include <string>

using namespace ebpfc;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

namespace {

Error fail(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

/// Parses an optionally signed decimal or 0x-hex integer and checks that it
/// lies in [Min, Max]. The result is the value's two's complement bits.
Expected<uint64_t> parseInteger(StringRef Text, int64_t Min, uint64_t Max,
                                const char *What) {
  StringRef Digits = Text.trim();
  bool Negative = Digits.consume_front("-");
  if (!Negative)
    Digits.consume_front("+");
  unsigned Radix = 10;
  if (Digits.starts_with_insensitive("0x")) {
    Digits = Digits.drop_front(2);
    Radix = 16;
  }
  uint64_t Magnitude;
  // getAsInteger also rejects empty strings, stray characters and overflow.
  if (Digits.empty() || Digits.getAsInteger(Radix, Magnitude))
    return fail("invalid " + llvm::Twine(What) + " '" + Text.trim() + "'");
  bool InRange = Negative ? Magnitude <= 0 - (uint64_t)Min : Magnitude <= Max;
  if (!InRange)
    return fail(llvm::Twine(What) + " '" + Text.trim() + "' is out of range");
  return Negative ? 0 - Magnitude : Magnitude;
}

Expected<int32_t> parseImm32(StringRef Text) {
  Expected<uint64_t> Value =
      parseInteger(Text, INT32_MIN, UINT32_MAX, "immediate");
  if (!Value)
    return Value.takeError();
  return (int32_t)(uint32_t)*Value;
}

Expected<int16_t> parseOffset(StringRef Text) {
  Expected<uint64_t> Value = parseInteger(Text, INT16_MIN, INT16_MAX, "offset");
  if (!Value)
    return Value.takeError();
  return (int16_t)(uint16_t)*Value;
}

Expected<unsigned> parseRegister(StringRef Text) {
  StringRef Name = Text.trim();
  unsigned Number;
  if (!Name.consume_front("%r") || Name.empty() ||
      Name.getAsInteger(10, Number) || Number > 15)
    return fail("invalid register '" + Text.trim() + "'");
  return Number;
}

/// Splits off the first blank- or tab-separated word.
std::pair<StringRef, StringRef> splitWord(StringRef Text) {
  size_t End = Text.find_first_of(" \t");
  if (End == StringRef::npos)
    return {Text, StringRef()};
  return {Text.substr(0, End), Text.substr(End).trim()};
}

bool isRegister(StringRef Operand) { return Operand.starts_with("%"); }

struct MemoryOperand {
  unsigned Base;
  int16_t Offset;
};

/// `[%r1]`, `[%r1+16]`, `[%r10-8]`, `[%r1+0x2]`.
Expected<MemoryOperand> parseMemory(StringRef Text) {
  StringRef Inner = Text.trim();
  if (!Inner.consume_front("[") || !Inner.consume_back("]"))
    return fail("invalid memory operand '" + Text.trim() + "'");
  size_t Sign = Inner.find_first_of("+-");
  Expected<unsigned> Base = parseRegister(Inner.substr(0, Sign));
  if (!Base)
    return Base.takeError();
  if (Sign == StringRef::npos)
    return MemoryOperand{*Base, 0};
  // Allow blanks between the sign and the digits: `[%r1 + 2]`.
  std::string Offset =
      (Inner.substr(Sign, 1) + Inner.substr(Sign + 1).trim()).str();
  Expected<int16_t> Value = parseOffset(Offset);
  if (!Value)
    return Value.takeError();
  return MemoryOperand{*Base, *Value};
}

bool isLabelName(StringRef Name) {
  if (Name.empty() || llvm::isDigit(Name.front()))
    return false;
  return llvm::all_of(
      Name, [](char C) { return llvm::isAlnum(C) || C == '_' || C == '.'; });
}

ebpf_insn makeInsn(unsigned Opcode, unsigned Dst = 0, unsigned Src = 0,
                   int16_t Offset = 0, int32_t Imm = 0) {
  return ebpf_insn{(uint8_t)Opcode, ebpf_regs(Dst, Src), Offset, Imm};
}

class Assembler {
public:
  Expected<std::vector<ebpf_insn>> run(StringRef Text, unsigned FirstLine);

private:
  /// A jump or local call whose distance is known once every label is.
  struct Fixup {
    size_t Slot;
    std::string Label;
    unsigned Line;
    bool InImm; ///< gotol and call local keep the distance in imm
  };

  Error assembleLine(StringRef Line, unsigned LineNo);
  Error assembleInstruction(StringRef Mnemonic, StringRef Rest,
                            unsigned LineNo);
  Error resolveFixups();

  Error expectOperands(StringRef Mnemonic,
                       const llvm::SmallVectorImpl<StringRef> &Operands,
                       size_t Count);
  /// Encodes a jump target: `+3`/`-2` directly, a label through a fixup.
  Expected<int32_t> jumpTarget(StringRef Target, unsigned LineNo, bool InImm);

  Error encodeAlu(StringRef Name, bool Is32, StringRef Mnemonic,
                  const llvm::SmallVectorImpl<StringRef> &Operands);
  Error encodeCondJump(unsigned JumpOp, bool Is32, StringRef Mnemonic,
                       const llvm::SmallVectorImpl<StringRef> &Operands,
                       unsigned LineNo);
  Error encodeCall(StringRef Rest, unsigned LineNo);
  Error encodeAtomic(StringRef Rest);

  std::vector<ebpf_insn> Insns;
  llvm::StringMap<size_t> Labels;
  std::vector<Fixup> Fixups;
  std::optional<size_t> FirstExit;
};

Error Assembler::expectOperands(
    StringRef Mnemonic, const llvm::SmallVectorImpl<StringRef> &Operands,
    size_t Count) {
  if (Operands.size() == Count)
    return Error::success();
  return fail("'" + Mnemonic + "' takes " + llvm::Twine(Count) +
              (Count == 1 ? " operand" : " operands") + ", got " +
              llvm::Twine(Operands.size()));
}

Expected<int32_t> Assembler::jumpTarget(StringRef Target, unsigned LineNo,
                                        bool InImm) {
  if (Target.starts_with("+") || Target.starts_with("-")) {
    if (InImm)
      return parseImm32(Target);
    Expected<int16_t> Offset = parseOffset(Target);
    if (!Offset)
      return Offset.takeError();
    return *Offset;
  }
  if (!isLabelName(Target))
    return fail("invalid jump target '" + Target + "'");
  Fixups.push_back({Insns.size(), Target.str(), LineNo, InImm});
  return 0;
}

/// ALU operation bits by mnemonic (without the `32` suffix).
std::optional<unsigned> aluOperation(StringRef Name) {
  return llvm::StringSwitch<std::optional<unsigned>>(Name)
      .Case("add", EBPF_ALU_ADD)
      .Case("sub", EBPF_ALU_SUB)
      .Case("mul", EBPF_ALU_MUL)
      .Cases("div", "sdiv", EBPF_ALU_DIV)
      .Case("or", EBPF_ALU_OR)
      .Case("and", EBPF_ALU_AND)
      .Case("lsh", EBPF_ALU_LSH)
      .Case("rsh", EBPF_ALU_RSH)
      .Case("neg", EBPF_ALU_NEG)
      .Cases("mod", "smod", EBPF_ALU_MOD)
      .Case("xor", EBPF_ALU_XOR)
      .Case("mov", EBPF_ALU_MOV)
      .Case("arsh", EBPF_ALU_ARSH)
      .Default(std::nullopt);
}

std::optional<unsigned> jumpOperation(StringRef Name) {
  return llvm::StringSwitch<std::optional<unsigned>>(Name)
      .Case("jeq", EBPF_JMP_JEQ)
      .Case("jgt", EBPF_JMP_JGT)
      .Case("jge", EBPF_JMP_JGE)
      .Case("jset", EBPF_JMP_JSET)
      .Case("jne", EBPF_JMP_JNE)
      .Case("jsgt", EBPF_JMP_JSGT)
      .Case("jsge", EBPF_JMP_JSGE)
      .Case("jlt", EBPF_JMP_JLT)
      .Case("jle", EBPF_JMP_JLE)
      .Case("jslt", EBPF_JMP_JSLT)
      .Case("jsle", EBPF_JMP_JSLE)
      .Default(std::nullopt);
}

/// Load/store size bits by mnemonic suffix.
std::optional<unsigned> sizeSuffix(StringRef Suffix) {
  return llvm::StringSwitch<std::optional<unsigned>>(Suffix)
      .Case("b", EBPF_SIZE_B)
      .Case("h", EBPF_SIZE_H)
      .Case("w", EBPF_SIZE_W)
      .Case("dw", EBPF_SIZE_DW)
      .Default(std::nullopt);
}

Error Assembler::encodeAlu(StringRef Name, bool Is32, StringRef Mnemonic,
                           const llvm::SmallVectorImpl<StringRef> &Operands) {
  unsigned Op = *aluOperation(Name);
  unsigned Class = Is32 ? EBPF_CLS_ALU : EBPF_CLS_ALU64;
  // RFC 9669 section 4.1: sdiv and smod are div and mod with offset 1.
  int16_t Offset = Name == "sdiv" || Name == "smod" ? 1 : 0;
  if (Op == EBPF_ALU_NEG) {
    if (Error E = expectOperands(Mnemonic, Operands, 1))
      return E;
    Expected<unsigned> Dst = parseRegister(Operands[0]);
    if (!Dst)
      return Dst.takeError();
    Insns.push_back(makeInsn(Class | Op, *Dst));
    return Error::success();
  }
  if (Error E = expectOperands(Mnemonic, Operands, 2))
    return E;
  Expected<unsigned> Dst = parseRegister(Operands[0]);
  if (!Dst)
    return Dst.takeError();
  if (isRegister(Operands[1])) {
    Expected<unsigned> Src = parseRegister(Operands[1]);
    if (!Src)
      return Src.takeError();
    Insns.push_back(makeInsn(Class | Op | EBPF_SRC_X, *Dst, *Src, Offset));
    return Error::success();
  }
  Expected<int32_t> Imm = parseImm32(Operands[1]);
  if (!Imm)
    return Imm.takeError();
  Insns.push_back(makeInsn(Class | Op | EBPF_SRC_K, *Dst, 0, Offset, *Imm));
  return Error::success();
}

Error Assembler::encodeCondJump(
    unsigned JumpOp, bool Is32, StringRef Mnemonic,
    const llvm::SmallVectorImpl<StringRef> &Operands, unsigned LineNo) {
  if (Error E = expectOperands(Mnemonic, Operands, 3))
    return E;
  unsigned Class = Is32 ? EBPF_CLS_JMP32 : EBPF_CLS_JMP;
  Expected<unsigned> Dst = parseRegister(Operands[0]);
  if (!Dst)
    return Dst.takeError();
  unsigned Src = 0;
  int32_t Imm = 0;
  unsigned Source = EBPF_SRC_K;
  if (isRegister(Operands[1])) {
    Expected<unsigned> Reg = parseRegister(Operands[1]);
    if (!Reg)
      return Reg.takeError();
    Src = *Reg;
    Source = EBPF_SRC_X;
  } else {
    Expected<int32_t> Value = parseImm32(Operands[1]);
    if (!Value)
      return Value.takeError();
    Imm = *Value;
  }
  Expected<int32_t> Offset = jumpTarget(Operands[2], LineNo, false);
  if (!Offset)
    return Offset.takeError();
  Insns.push_back(
      makeInsn(Class | JumpOp | Source, *Dst, Src, (int16_t)*Offset, Imm));
  return Error::success();
}

/// `call 5` (helper), `call helper 5`, `call runtime 5` (kfunc),
/// `call local func1` / `call local +3`, `call %r2` (callx).
Error Assembler::encodeCall(StringRef Rest, unsigned LineNo) {
  auto [Mode, Target] = splitWord(Rest);
  if (Target.empty()) {
    Target = Mode;
    Mode = "helper";
  }
  if (Target.empty())
    return fail("'call' needs a target");
  if (Mode == "local") {
    Expected<int32_t> Distance = jumpTarget(Target, LineNo, true);
    if (!Distance)
      return Distance.takeError();
    Insns.push_back(makeInsn(EBPF_OP_CALL, 0, EBPF_CALL_LOCAL, 0, *Distance));
    return Error::success();
  }
  if (Mode != "helper" && Mode != "runtime")
    return fail("invalid call mode '" + Mode + "'");
  if (Mode == "helper" && isRegister(Target)) {
    // callx names its register in dst_reg, as LLVM encodes it.
    Expected<unsigned> Reg = parseRegister(Target);
    if (!Reg)
      return Reg.takeError();
    Insns.push_back(makeInsn(EBPF_OP_CALLX, *Reg));
    return Error::success();
  }
  Expected<int32_t> Id = parseImm32(Target);
  if (!Id)
    return Id.takeError();
  unsigned Kind = Mode == "helper" ? EBPF_CALL_HELPER : EBPF_CALL_KFUNC;
  Insns.push_back(makeInsn(EBPF_OP_CALL, 0, Kind, 0, *Id));
  return Error::success();
}

/// `lock [fetch] add|or|and|xor[32] [%rD+off], %rS` and
/// `lock xchg|cmpxchg[32] [%rD+off], %rS` (these two always fetch).
Error Assembler::encodeAtomic(StringRef Rest) {
  auto [Word, Tail] = splitWord(Rest);
  bool Fetch = Word == "fetch";
  if (Fetch)
    std::tie(Word, Tail) = splitWord(Tail);
  StringRef Name = Word;
  bool Is32 = Name.consume_back("32");
  std::optional<int32_t> Op = llvm::StringSwitch<std::optional<int32_t>>(Name)
                                  .Case("add", EBPF_ATOMIC_ADD)
                                  .Case("or", EBPF_ATOMIC_OR)
                                  .Case("and", EBPF_ATOMIC_AND)
                                  .Case("xor", EBPF_ATOMIC_XOR)
                                  .Case("xchg", EBPF_ATOMIC_XCHG)
                                  .Case("cmpxchg", EBPF_ATOMIC_CMPXCHG)
                                  .Default(std::nullopt);
  if (!Op)
    return fail("unknown atomic operation '" + Word + "'");
  llvm::SmallVector<StringRef, 2> Operands;
  Tail.split(Operands, ',');
  if (Error E = expectOperands(("lock " + Word).str(), Operands, 2))
    return E;
  Expected<MemoryOperand> Mem = parseMemory(Operands[0]);
  if (!Mem)
    return Mem.takeError();
  Expected<unsigned> Src = parseRegister(Operands[1]);
  if (!Src)
    return Src.takeError();
  unsigned Opcode =
      EBPF_CLS_STX | EBPF_MODE_ATOMIC | (Is32 ? EBPF_SIZE_W : EBPF_SIZE_DW);
  Insns.push_back(makeInsn(Opcode, Mem->Base, *Src, Mem->Offset,
                           *Op | (Fetch ? EBPF_ATOMIC_FETCH : 0)));
  return Error::success();
}

Error Assembler::assembleInstruction(StringRef Mnemonic, StringRef Rest,
                                     unsigned LineNo) {
  if (Mnemonic == "call")
    return encodeCall(Rest, LineNo);
  if (Mnemonic == "lock")
    return encodeAtomic(Rest);

  llvm::SmallVector<StringRef, 3> Operands;
  if (!Rest.empty())
    Rest.split(Operands, ',');
  for (StringRef &Operand : Operands) {
    Operand = Operand.trim();
    if (Operand.empty())
      return fail("empty operand");
  }

  if (Mnemonic == "exit") {
    if (Error E = expectOperands(Mnemonic, Operands, 0))
      return E;
    if (!FirstExit)
      FirstExit = Insns.size();
    Insns.push_back(makeInsn(EBPF_OP_EXIT));
    return Error::success();
  }
  if (Mnemonic == "ja" || Mnemonic == "ja32") {
    if (Error E = expectOperands(Mnemonic, Operands, 1))
      return E;
    bool Long = Mnemonic == "ja32"; // gotol: the distance is in imm
    Expected<int32_t> Distance = jumpTarget(Operands[0], LineNo, Long);
    if (!Distance)
      return Distance.takeError();
    Insns.push_back(Long ? makeInsn(EBPF_OP_JA32, 0, 0, 0, *Distance)
                         : makeInsn(EBPF_OP_JA, 0, 0, (int16_t)*Distance));
    return Error::success();
  }
  if (Mnemonic == "lddw") {
    if (Error E = expectOperands(Mnemonic, Operands, 2))
      return E;
    Expected<unsigned> Dst = parseRegister(Operands[0]);
    if (!Dst)
      return Dst.takeError();
    Expected<uint64_t> Imm =
        parseInteger(Operands[1], INT64_MIN, UINT64_MAX, "immediate");
    if (!Imm)
      return Imm.takeError();
    Insns.push_back(
        makeInsn(EBPF_OP_LDDW, *Dst, 0, 0, (int32_t)(uint32_t)*Imm));
    Insns.push_back(makeInsn(0, 0, 0, 0, (int32_t)(uint32_t)(*Imm >> 32)));
    return Error::success();
  }

  // le16 / be32 / swap64 = bswap64: the width is in imm (RFC 9669 4.2).
  for (auto [Prefix, Opcode] :
       {std::pair<StringRef, unsigned>{"le", EBPF_OP_LE},
        {"be", EBPF_OP_BE},
        {"bswap", EBPF_OP_BSWAP},
        {"swap", EBPF_OP_BSWAP}}) {
    StringRef Width = Mnemonic;
    if (!Width.consume_front(Prefix) ||
        (Width != "16" && Width != "32" && Width != "64"))
      continue;
    if (Error E = expectOperands(Mnemonic, Operands, 1))
      return E;
    Expected<unsigned> Dst = parseRegister(Operands[0]);
    if (!Dst)
      return Dst.takeError();
    int32_t Bits = 0;
    Width.getAsInteger(10, Bits);
    Insns.push_back(makeInsn(Opcode, *Dst, 0, 0, Bits));
    return Error::success();
  }

  // movsx<from><to>: movsx832 movsx1632 movsx864 movsx1664 movsx3264.
  if (Mnemonic.starts_with("movsx")) {
    std::optional<std::pair<int16_t, bool>> Form =
        llvm::StringSwitch<std::optional<std::pair<int16_t, bool>>>(Mnemonic)
            .Case("movsx832", std::pair<int16_t, bool>{8, true})
            .Case("movsx1632", std::pair<int16_t, bool>{16, true})
            .Case("movsx864", std::pair<int16_t, bool>{8, false})
            .Case("movsx1664", std::pair<int16_t, bool>{16, false})
            .Case("movsx3264", std::pair<int16_t, bool>{32, false})
            .Default(std::nullopt);
    if (!Form)
      return fail("unknown mnemonic '" + Mnemonic + "'");
    if (Error E = expectOperands(Mnemonic, Operands, 2))
      return E;
    Expected<unsigned> Dst = parseRegister(Operands[0]);
    if (!Dst)
      return Dst.takeError();
    Expected<unsigned> Src = parseRegister(Operands[1]);
    if (!Src)
      return Src.takeError();
    unsigned Class = Form->second ? EBPF_CLS_ALU : EBPF_CLS_ALU64;
    Insns.push_back(
        makeInsn(Class | EBPF_ALU_MOV | EBPF_SRC_X, *Dst, *Src, Form->first));
    return Error::success();
  }

  // Loads: ldx<size> (MEM) and ldxs<size> (MEMSX, sign-extending).
  StringRef Suffix = Mnemonic;
  if (Suffix.consume_front("ldx")) {
    bool SignExtend = Suffix != "dw" && Suffix.consume_front("s");
    std::optional<unsigned> Size = sizeSuffix(Suffix);
    if (!Size || (SignExtend && *Size == EBPF_SIZE_DW))
      return fail("unknown mnemonic '" + Mnemonic + "'");
    if (Error E = expectOperands(Mnemonic, Operands, 2))
      return E;
    Expected<unsigned> Dst = parseRegister(Operands[0]);
    if (!Dst)
      return Dst.takeError();
    Expected<MemoryOperand> Mem = parseMemory(Operands[1]);
    if (!Mem)
      return Mem.takeError();
    unsigned Mode = SignExtend ? EBPF_MODE_MEMSX : EBPF_MODE_MEM;
    Insns.push_back(
        makeInsn(EBPF_CLS_LDX | Mode | *Size, *Dst, Mem->Base, Mem->Offset));
    return Error::success();
  }

  // Stores: st<size> [mem], imm and stx<size> [mem], reg.
  Suffix = Mnemonic;
  if (Suffix.consume_front("st")) {
    bool FromRegister = Suffix.consume_front("x");
    std::optional<unsigned> Size = sizeSuffix(Suffix);
    if (!Size)
      return fail("unknown mnemonic '" + Mnemonic + "'");
    if (Error E = expectOperands(Mnemonic, Operands, 2))
      return E;
    Expected<MemoryOperand> Mem = parseMemory(Operands[0]);
    if (!Mem)
      return Mem.takeError();
    if (FromRegister) {
      Expected<unsigned> Src = parseRegister(Operands[1]);
      if (!Src)
        return Src.takeError();
      Insns.push_back(makeInsn(EBPF_CLS_STX | EBPF_MODE_MEM | *Size, Mem->Base,
                               *Src, Mem->Offset));
      return Error::success();
    }
    Expected<int32_t> Imm = parseImm32(Operands[1]);
    if (!Imm)
      return Imm.takeError();
    Insns.push_back(makeInsn(EBPF_CLS_ST | EBPF_MODE_MEM | *Size, Mem->Base, 0,
                             Mem->Offset, *Imm));
    return Error::success();
  }

  // ALU operations and conditional jumps, 64-bit unless suffixed `32`.
  StringRef Name = Mnemonic;
  bool Is32 = Name.consume_back("32");
  if (aluOperation(Name))
    return encodeAlu(Name, Is32, Mnemonic, Operands);
  if (std::optional<unsigned> JumpOp = jumpOperation(Name))
    return encodeCondJump(*JumpOp, Is32, Mnemonic, Operands, LineNo);
  return fail("unknown mnemonic '" + Mnemonic + "'");
}

Error Assembler::assembleLine(StringRef Line, unsigned LineNo) {
  auto [First, Rest] = splitWord(Line);
  if (First.ends_with(":")) {
    StringRef Label = First.drop_back();
    if (!isLabelName(Label))
      return fail("invalid label '" + Label + "'");
    if (!Labels.try_emplace(Label, Insns.size()).second)
      return fail("duplicate label '" + Label + "'");
    if (Rest.empty())
      return Error::success();
    return assembleLine(Rest, LineNo);
  }
  return assembleInstruction(First, Rest, LineNo);
}

Error Assembler::resolveFixups() {
  Error Errors = Error::success();
  for (const Fixup &F : Fixups) {
    auto It = Labels.find(F.Label);
    size_t Target;
    if (It != Labels.end())
      Target = It->second;
    else if (F.Label == "exit" && FirstExit)
      Target = *FirstExit;
    else {
      Errors = llvm::joinErrors(std::move(Errors),
                                fail("line " + llvm::Twine(F.Line) +
                                     ": undefined label '" + F.Label + "'"));
      continue;
    }
    int64_t Distance = (int64_t)Target - (int64_t)F.Slot - 1;
    if (F.InImm) {
      Insns[F.Slot].imm = (int32_t)Distance;
      continue;
    }
    if (Distance < INT16_MIN || Distance > INT16_MAX) {
      Errors = llvm::joinErrors(std::move(Errors),
                                fail("line " + llvm::Twine(F.Line) +
                                     ": label '" + F.Label +
                                     "' is too far for a 16-bit jump offset"));
      continue;
    }
    Insns[F.Slot].offset = (int16_t)Distance;
  }
  return Errors;
}

Expected<std::vector<ebpf_insn>> Assembler::run(StringRef Text,
                                                unsigned FirstLine) {
  Error Errors = Error::success();
  llvm::SmallVector<StringRef, 0> Lines;
  Text.split(Lines, '\n');
  for (size_t Index = 0; Index < Lines.size(); ++Index) {
    StringRef Line = Lines[Index].split('#').first.trim();
    if (Line.empty())
      continue;
    unsigned LineNo = FirstLine + Index;
    if (Error E = assembleLine(Line, LineNo))
      Errors = llvm::joinErrors(std::move(Errors),
                                fail("line " + llvm::Twine(LineNo) + ": " +
                                     llvm::toString(std::move(E))));
  }
  Errors = llvm::joinErrors(std::move(Errors), resolveFixups());
  if (Errors)
    return std::move(Errors);
  return std::move(Insns);
}

} // namespace

Expected<std::vector<ebpf_insn>> ebpfc::assemble(StringRef Text,
                                                 unsigned FirstLine) {
  return Assembler().run(Text, FirstLine);
}
