//===- ConformanceTestTest.cpp - Reading conformance suite files ----------===//
//
// Every file of the suite must parse; a few are spot-checked against values
// read from the files by hand (lddw.data's raw words, subnet.data's memory
// and result, callx.data's program). Small inline files cover the format's
// corners: comments, decimal and hex results, `-- error`, ignored sections,
// raw taking precedence over asm, and the errors.
//
//===----------------------------------------------------------------------===//
#include "ebpfc/ConformanceTest.h"

#include "gtest/gtest.h"

#include "llvm/Support/MemoryBuffer.h"

#include <filesystem>
#include <string>

using namespace ebpfc;

namespace {

ConformanceTest parseFile(const std::string &Name) {
  std::string Path = std::string(EBPFC_CONFORMANCE_DIR) + "/" + Name;
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  EXPECT_TRUE((bool)Buffer) << Path;
  if (!Buffer)
    return {};
  llvm::Expected<ConformanceTest> Test =
      parseConformanceTest((*Buffer)->getBuffer());
  if (!Test) {
    ADD_FAILURE() << Name << ": " << llvm::toString(Test.takeError());
    return {};
  }
  return std::move(*Test);
}

ConformanceTest parse(llvm::StringRef Text) {
  llvm::Expected<ConformanceTest> Test = parseConformanceTest(Text);
  if (!Test) {
    ADD_FAILURE() << llvm::toString(Test.takeError());
    return {};
  }
  return std::move(*Test);
}

std::string errorOf(llvm::StringRef Text) {
  llvm::Expected<ConformanceTest> Test = parseConformanceTest(Text);
  if (Test) {
    ADD_FAILURE() << "parsed without error:\n" << Text.str();
    return "";
  }
  return llvm::toString(Test.takeError());
}

void expectInsn(const ebpf_insn &I, uint8_t Opcode, uint8_t Regs,
                int16_t Offset, int32_t Imm) {
  EXPECT_EQ(I.opcode, Opcode);
  EXPECT_EQ(I.regs, Regs);
  EXPECT_EQ(I.offset, Offset);
  EXPECT_EQ(I.imm, Imm);
}

TEST(ConformanceTest, EveryFileParses) {
  size_t Files = 0, WithMemory = 0;
  for (const auto &Entry :
       std::filesystem::directory_iterator(EBPFC_CONFORMANCE_DIR)) {
    if (Entry.path().extension() != ".data")
      continue;
    ++Files;
    ConformanceTest Test = parseFile(Entry.path().filename().string());
    EXPECT_FALSE(Test.Program.empty()) << Entry.path();
    EXPECT_TRUE(Test.Result.has_value()) << Entry.path();
    EXPECT_FALSE(Test.Error.has_value()) << Entry.path();
    WithMemory += !Test.Memory.empty();
  }
  // The suite's README: 313 files, 40 of them with `-- mem`.
  EXPECT_EQ(Files, 313u);
  EXPECT_EQ(WithMemory, 40u);
}

TEST(ConformanceTest, LddwUsesRawWords) {
  // -- raw: 0x5566778800000018 0x1122334400000000 0x0000000000000095
  ConformanceTest Test = parseFile("lddw.data");
  ASSERT_EQ(Test.Program.size(), 3u);
  expectInsn(Test.Program[0], 0x18, 0x00, 0, 0x55667788);
  expectInsn(Test.Program[1], 0x00, 0x00, 0, 0x11223344);
  expectInsn(Test.Program[2], 0x95, 0x00, 0, 0);
  EXPECT_EQ(Test.Result, 0x1122334455667788ull);
  EXPECT_TRUE(Test.Memory.empty());
}

TEST(ConformanceTest, Subnet) {
  ConformanceTest Test = parseFile("subnet.data");
  // 9 lines of 8 bytes and one of 2.
  ASSERT_EQ(Test.Memory.size(), 74u);
  EXPECT_EQ(Test.Memory[0], 0x00);
  EXPECT_EQ(Test.Memory[2], 0xc0);
  EXPECT_EQ(Test.Memory[3], 0x9f);
  EXPECT_EQ(Test.Memory[12], 0x08);
  EXPECT_EQ(Test.Memory[72], 0x03);
  EXPECT_EQ(Test.Memory[73], 0x00);
  EXPECT_EQ(Test.Result, 1u);
  // 14 instructions; `jeq %r1, 0x1a8c0, exit` (slot 11) reaches the first
  // exit at slot 13; `jne %r3, 0x81, L1` (slot 2) skips three.
  ASSERT_EQ(Test.Program.size(), 14u);
  expectInsn(Test.Program[0], 0xb7, 0x02, 0, 0xe);
  expectInsn(Test.Program[1], 0x69, 0x13, 12, 0);
  expectInsn(Test.Program[2], 0x55, 0x03, 3, 0x81);
  expectInsn(Test.Program[11], 0x15, 0x01, 1, 0x1a8c0);
  expectInsn(Test.Program[13], 0x95, 0x00, 0, 0);
}

TEST(ConformanceTest, Callx) {
  // mov %r1, -1; mov %r2, 5; call %r2; mov %r0, 2; exit -- plus a
  // `-- no register offset` section that is ignored.
  ConformanceTest Test = parseFile("callx.data");
  ASSERT_EQ(Test.Program.size(), 5u);
  expectInsn(Test.Program[0], 0xb7, 0x01, 0, -1);
  expectInsn(Test.Program[2], 0x8d, 0x02, 0, 0);
  EXPECT_EQ(Test.Result, 2u);
}

TEST(ConformanceTest, ResultForms) {
  EXPECT_EQ(parse("-- asm\nexit\n-- result\n0x0\n").Result, 0u);
  EXPECT_EQ(parse("-- asm\nexit\n-- result\n42\n").Result, 42u);
  EXPECT_EQ(parse("-- asm\nexit\n-- result\n0xFFFFFFFFFFFFFFF6\n").Result,
            0xfffffffffffffff6ull);
  EXPECT_EQ(parse("-- asm\nexit\n-- result\n-1 # comment\n").Result, ~0ull);
}

TEST(ConformanceTest, CommentsSectionsAndIgnoredText) {
  ConformanceTest Test = parse("# header comment\n"
                               "-- c\n"
                               "#include <stdint.h>\n"
                               "int x = 1 -- 2;\n"
                               "-- asm\n"
                               "mov %r0, 7 # seven\n"
                               "\n"
                               "exit\n"
                               "-- mem\n"
                               "01 ff\n"
                               "  0a\t7\n"
                               "-- result\n"
                               "0x7\n"
                               "-- no register offset\n"
                               "call instruction\n");
  ASSERT_EQ(Test.Program.size(), 2u);
  expectInsn(Test.Program[0], 0xb7, 0x00, 0, 7);
  EXPECT_EQ(Test.Memory, (std::vector<uint8_t>{0x01, 0xff, 0x0a, 0x07}));
  EXPECT_EQ(Test.Result, 7u);
}

TEST(ConformanceTest, RawWinsOverAsm) {
  ConformanceTest Test = parse("-- asm\nmov %r0, 1\nexit\n"
                               "-- raw\n0x00000002000000b7\n0x95\n"
                               "-- result\n0x2\n");
  ASSERT_EQ(Test.Program.size(), 2u);
  expectInsn(Test.Program[0], 0xb7, 0x00, 0, 2);
  expectInsn(Test.Program[1], 0x95, 0x00, 0, 0);
}

TEST(ConformanceTest, ErrorSection) {
  ConformanceTest Test = parse("-- asm\nmov %r0, 1\n"
                               "-- error\nFailed to load program\n");
  EXPECT_FALSE(Test.Result.has_value());
  EXPECT_EQ(Test.Error, std::string("Failed to load program"));
}

TEST(ConformanceTest, Errors) {
  EXPECT_EQ(errorOf("-- asm\nexit\n-- frob\n1\n-- result\n1\n"),
            "line 3: unknown section '-- frob'");
  EXPECT_EQ(errorOf("# ok\nexit\n-- asm\nexit\n-- result\n1\n"),
            "line 2: text before the first section");
  EXPECT_EQ(errorOf("-- result\n1\n"), "no '-- asm' or '-- raw' section");
  EXPECT_EQ(errorOf("-- asm\nexit\n"), "no '-- result' or '-- error' section");
  EXPECT_EQ(errorOf("-- asm\n# nothing\n-- result\n1\n"),
            "the program has no instructions");
  EXPECT_EQ(errorOf("-- asm\nexit\n-- result\n1 2\n"),
            "line 3: '-- result' must hold exactly one number, found 2 words");
  EXPECT_EQ(errorOf("-- asm\nexit\n-- result\nzz\n"),
            "line 4: invalid result 'zz'");
  EXPECT_EQ(errorOf("-- asm\nexit\n-- mem\n00 100\n-- result\n1\n"),
            "line 4: invalid memory byte '100'");
  EXPECT_EQ(errorOf("-- raw\n0xzz\n-- result\n1\n"),
            "line 2: invalid instruction word '0xzz'");
  EXPECT_EQ(errorOf("-- asm\nexit\n-- asm\nexit\n-- result\n1\n"),
            "line 3: duplicate section '-- asm'");
  // Assembler errors carry the file's line numbers.
  EXPECT_EQ(errorOf("# a\n# b\n-- asm\nmov %r0, 1\n\nfrob\n-- result\n1\n"),
            "line 6: unknown mnemonic 'frob'");
}

} // namespace
