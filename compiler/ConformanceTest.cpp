//===- ConformanceTest.cpp - BPF conformance suite test files -------------===//
//
// Splits a `.data` file into its sections (a line starting with `--` opens
// one), then interprets each: `asm` goes to the assembler with the file's
// line numbers, `raw` holds 64-bit little-endian instruction words (opcode in
// the low byte), `mem` hex bytes, `result` one 64-bit number, `error` free
// text. `#` starts a comment everywhere except in the ignored sections, whose
// C source may contain `#include`.
//
//===----------------------------------------------------------------------===//
#include "ebpfc/ConformanceTest.h"

#include "ebpfc/Assembler.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace ebpfc;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

namespace {

Error failAt(unsigned LineNo, const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "line " + llvm::Twine(LineNo) + ": " +
                                     Message);
}

enum class SectionKind { Asm, Raw, Mem, Result, Error, Ignored };

struct Section {
  SectionKind Kind;
  std::string Name;
  unsigned HeaderLine;
  /// The section's lines with their 1-based line numbers.
  std::vector<std::pair<unsigned, StringRef>> Lines;
};

/// A 0x-prefixed hex or a decimal number of up to 64 bits; a leading '-'
/// gives the two's complement (results are printed as unsigned r0).
std::optional<uint64_t> parseNumber(StringRef Text) {
  bool Negative = Text.consume_front("-");
  unsigned Radix = 10;
  if (Text.starts_with_insensitive("0x")) {
    Text = Text.drop_front(2);
    Radix = 16;
  }
  uint64_t Value;
  if (Text.empty() || Text.getAsInteger(Radix, Value))
    return std::nullopt;
  return Negative ? 0 - Value : Value;
}

/// The blank-separated words of a section's lines, with their line numbers.
std::vector<std::pair<unsigned, StringRef>> words(const Section &S) {
  std::vector<std::pair<unsigned, StringRef>> Words;
  for (auto [LineNo, Line] : S.Lines) {
    llvm::SmallVector<StringRef, 8> Parts;
    llvm::SplitString(Line, Parts);
    for (StringRef Word : Parts)
      Words.push_back({LineNo, Word});
  }
  return Words;
}

Expected<std::vector<ebpf_insn>> parseRaw(const Section &S) {
  std::vector<ebpf_insn> Insns;
  for (auto [LineNo, Word] : words(S)) {
    std::optional<uint64_t> Value = parseNumber(Word);
    if (!Value || Word.starts_with("-"))
      return failAt(LineNo, "invalid instruction word '" + Word + "'");
    // The word is the instruction's 8 bytes read as a little-endian
    // integer: opcode, registers, offset (16 bits), imm (32 bits).
    ebpf_insn I;
    I.opcode = (uint8_t)*Value;
    I.regs = (uint8_t)(*Value >> 8);
    I.offset = (int16_t)(uint16_t)(*Value >> 16);
    I.imm = (int32_t)(uint32_t)(*Value >> 32);
    Insns.push_back(I);
  }
  return Insns;
}

Expected<std::vector<uint8_t>> parseMemory(const Section &S) {
  std::vector<uint8_t> Bytes;
  for (auto [LineNo, Word] : words(S)) {
    unsigned Byte;
    StringRef Digits = Word;
    Digits.consume_front("0x");
    if (Digits.empty() || Digits.getAsInteger(16, Byte) || Byte > 0xff)
      return failAt(LineNo, "invalid memory byte '" + Word + "'");
    Bytes.push_back((uint8_t)Byte);
  }
  return Bytes;
}

Expected<uint64_t> parseResult(const Section &S) {
  std::vector<std::pair<unsigned, StringRef>> Words = words(S);
  if (Words.size() != 1)
    return failAt(S.HeaderLine,
                  "'-- result' must hold exactly one number, found " +
                      llvm::Twine(Words.size()) + " words");
  std::optional<uint64_t> Value = parseNumber(Words[0].second);
  if (!Value)
    return failAt(Words[0].first, "invalid result '" + Words[0].second + "'");
  return *Value;
}

Expected<std::vector<Section>> splitSections(StringRef Text) {
  std::vector<Section> Sections;
  llvm::SmallVector<StringRef, 0> Lines;
  Text.split(Lines, '\n');
  for (size_t Index = 0; Index < Lines.size(); ++Index) {
    unsigned LineNo = Index + 1;
    StringRef Line = Lines[Index].rtrim();
    if (Line.starts_with("--")) {
      StringRef Name = Line.drop_front(2).split('#').first.trim();
      std::optional<SectionKind> Kind =
          llvm::StringSwitch<std::optional<SectionKind>>(Name)
              .Case("asm", SectionKind::Asm)
              .Case("raw", SectionKind::Raw)
              .Case("mem", SectionKind::Mem)
              .Case("result", SectionKind::Result)
              .Case("error", SectionKind::Error)
              .Cases("c", "no register offset", SectionKind::Ignored)
              .Default(std::nullopt);
      if (!Kind)
        return failAt(LineNo, "unknown section '-- " + Name + "'");
      for (const Section &Previous : Sections)
        if (Previous.Kind != SectionKind::Ignored && Previous.Name == Name)
          return failAt(LineNo, "duplicate section '-- " + Name + "'");
      Sections.push_back({*Kind, Name.str(), LineNo, {}});
      continue;
    }
    bool InIgnored =
        !Sections.empty() && Sections.back().Kind == SectionKind::Ignored;
    if (InIgnored)
      continue;
    StringRef Content = Line.split('#').first.trim();
    if (Content.empty())
      continue;
    if (Sections.empty())
      return failAt(LineNo, "text before the first section");
    Sections.back().Lines.push_back({LineNo, Content});
  }
  return Sections;
}

} // namespace

Expected<ConformanceTest> ebpfc::parseConformanceTest(StringRef Text) {
  Expected<std::vector<Section>> Sections = splitSections(Text);
  if (!Sections)
    return Sections.takeError();

  ConformanceTest Test;
  const Section *Asm = nullptr;
  const Section *Raw = nullptr;
  for (const Section &S : *Sections) {
    switch (S.Kind) {
    case SectionKind::Asm:
      Asm = &S;
      break;
    case SectionKind::Raw:
      Raw = &S;
      break;
    case SectionKind::Mem: {
      Expected<std::vector<uint8_t>> Bytes = parseMemory(S);
      if (!Bytes)
        return Bytes.takeError();
      Test.Memory = std::move(*Bytes);
      break;
    }
    case SectionKind::Result: {
      Expected<uint64_t> Value = parseResult(S);
      if (!Value)
        return Value.takeError();
      Test.Result = *Value;
      break;
    }
    case SectionKind::Error: {
      std::string Message;
      for (auto [LineNo, Line] : S.Lines)
        Message += (Message.empty() ? "" : "\n") + Line.str();
      Test.Error = Message;
      break;
    }
    case SectionKind::Ignored:
      break;
    }
  }

  if (Raw) {
    // The raw words are the program; the asm section, if any, is only its
    // readable form.
    Expected<std::vector<ebpf_insn>> Insns = parseRaw(*Raw);
    if (!Insns)
      return Insns.takeError();
    Test.Program = std::move(*Insns);
  } else if (Asm) {
    // Reassemble the section's lines at their own line numbers so the
    // assembler's diagnostics point into the file.
    std::string Source;
    unsigned FirstLine = Asm->HeaderLine + 1;
    unsigned NextLine = FirstLine;
    for (auto [LineNo, Line] : Asm->Lines) {
      Source.append(LineNo - NextLine, '\n');
      Source += Line.str() + "\n";
      NextLine = LineNo + 1;
    }
    Expected<std::vector<ebpf_insn>> Insns = assemble(Source, FirstLine);
    if (!Insns)
      return Insns.takeError();
    Test.Program = std::move(*Insns);
  } else {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no '-- asm' or '-- raw' section");
  }
  if (Test.Program.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the program has no instructions");
  if (!Test.Result && !Test.Error)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no '-- result' or '-- error' section");
  return Test;
}
