//===- AssemblerTest.cpp - The conformance dialect's assembler ------------===//
//
// Encodings are checked against bytes computed by hand from RFC 9669's
// field layout (opcode, dst | src << 4, offset LE16, imm LE32) and opcode
// tables. A second test assembles the `-- asm` section of every file of the
// conformance suite and checks that each program decodes and jumps inside
// itself; lddw.data's `-- raw` words give an independent encoding to compare
// with.
//
//===----------------------------------------------------------------------===//
#include "ebpfc/Assembler.h"

#include "gtest/gtest.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

using namespace ebpfc;

namespace {

/// The 8 bytes of a slot as stored, written like llvm-objdump's raw column.
std::string bytesOf(const ebpf_insn &I) {
  uint16_t Off = (uint16_t)I.offset;
  uint32_t Imm = (uint32_t)I.imm;
  uint8_t Bytes[8] = {I.opcode,
                      I.regs,
                      (uint8_t)Off,
                      (uint8_t)(Off >> 8),
                      (uint8_t)Imm,
                      (uint8_t)(Imm >> 8),
                      (uint8_t)(Imm >> 16),
                      (uint8_t)(Imm >> 24)};
  std::string Text;
  for (uint8_t Byte : Bytes) {
    char Hex[4];
    std::snprintf(Hex, sizeof(Hex), "%02x", Byte);
    Text += (Text.empty() ? "" : " ") + std::string(Hex);
  }
  return Text;
}

/// Assembles one line and returns its slots' bytes, one string per slot.
std::vector<std::string> encode(llvm::StringRef Line) {
  llvm::Expected<std::vector<ebpf_insn>> Insns = assemble(Line);
  if (!Insns) {
    ADD_FAILURE() << Line.str() << ": " << llvm::toString(Insns.takeError());
    return {};
  }
  std::vector<std::string> Slots;
  for (const ebpf_insn &I : *Insns)
    Slots.push_back(bytesOf(I));
  return Slots;
}

std::string encodeOne(llvm::StringRef Line) {
  std::vector<std::string> Slots = encode(Line);
  EXPECT_EQ(Slots.size(), 1u) << Line.str();
  return Slots.empty() ? "" : Slots[0];
}

std::string errorOf(llvm::StringRef Text) {
  llvm::Expected<std::vector<ebpf_insn>> Insns = assemble(Text);
  if (Insns) {
    ADD_FAILURE() << "assembled without error: " << Text.str();
    return "";
  }
  return llvm::toString(Insns.takeError());
}

TEST(Assembler, Alu) {
  // RFC 9669 4.1: opcode = operation | source | class.
  EXPECT_EQ(encodeOne("mov %r0, 1"), "b7 00 00 00 01 00 00 00");
  EXPECT_EQ(encodeOne("mov %r9, %r1"), "bf 19 00 00 00 00 00 00");
  EXPECT_EQ(encodeOne("mov32 %r1, -1"), "b4 01 00 00 ff ff ff ff");
  EXPECT_EQ(encodeOne("mov32 %r1, 0xffffffff"), "b4 01 00 00 ff ff ff ff");
  EXPECT_EQ(encodeOne("mov %r1, -2147483648"), "b7 01 00 00 00 00 00 80");
  EXPECT_EQ(encodeOne("add %r1, %r2"), "0f 21 00 00 00 00 00 00");
  EXPECT_EQ(encodeOne("add32 %r1, 5"), "04 01 00 00 05 00 00 00");
  EXPECT_EQ(encodeOne("sub %r3, 0x10"), "17 03 00 00 10 00 00 00");
  EXPECT_EQ(encodeOne("mul32 %r4, %r5"), "2c 54 00 00 00 00 00 00");
  EXPECT_EQ(encodeOne("div %r1, 3"), "37 01 00 00 03 00 00 00");
  EXPECT_EQ(encodeOne("or %r1, %r10"), "4f a1 00 00 00 00 00 00");
  EXPECT_EQ(encodeOne("and32 %r1, 0xff"), "54 01 00 00 ff 00 00 00");
  EXPECT_EQ(encodeOne("lsh %r1, 63"), "67 01 00 00 3f 00 00 00");
  EXPECT_EQ(encodeOne("rsh32 %r1, %r2"), "7c 21 00 00 00 00 00 00");
  EXPECT_EQ(encodeOne("mod %r1, %r2"), "9f 21 00 00 00 00 00 00");
  EXPECT_EQ(encodeOne("xor32 %r1, 7"), "a4 01 00 00 07 00 00 00");
  EXPECT_EQ(encodeOne("arsh %r1, 4"), "c7 01 00 00 04 00 00 00");
  EXPECT_EQ(encodeOne("arsh32 %r1, %r2"), "cc 21 00 00 00 00 00 00");
  EXPECT_EQ(encodeOne("neg %r3"), "87 03 00 00 00 00 00 00");
  EXPECT_EQ(encodeOne("neg32 %r3"), "84 03 00 00 00 00 00 00");
}

TEST(Assembler, SignedDivisionAndMovsx) {
  // sdiv/smod: offset 1; movsx: MOV|X with the source width in offset.
  EXPECT_EQ(encodeOne("sdiv %r1, %r2"), "3f 21 01 00 00 00 00 00");
  EXPECT_EQ(encodeOne("sdiv32 %r1, -3"), "34 01 01 00 fd ff ff ff");
  EXPECT_EQ(encodeOne("smod %r1, 3"), "97 01 01 00 03 00 00 00");
  EXPECT_EQ(encodeOne("smod32 %r1, %r2"), "9c 21 01 00 00 00 00 00");
  EXPECT_EQ(encodeOne("movsx832 %r1, %r2"), "bc 21 08 00 00 00 00 00");
  EXPECT_EQ(encodeOne("movsx1632 %r1, %r2"), "bc 21 10 00 00 00 00 00");
  EXPECT_EQ(encodeOne("movsx864 %r1, %r2"), "bf 21 08 00 00 00 00 00");
  EXPECT_EQ(encodeOne("movsx1664 %r1, %r2"), "bf 21 10 00 00 00 00 00");
  EXPECT_EQ(encodeOne("movsx3264 %r1, %r2"), "bf 21 20 00 00 00 00 00");
}

TEST(Assembler, ByteSwaps) {
  // RFC 9669 4.2: le = 0xd4, be = 0xdc, bswap (ALU64) = 0xd7; width in imm.
  EXPECT_EQ(encodeOne("le16 %r0"), "d4 00 00 00 10 00 00 00");
  EXPECT_EQ(encodeOne("le64 %r1"), "d4 01 00 00 40 00 00 00");
  EXPECT_EQ(encodeOne("be16 %r0"), "dc 00 00 00 10 00 00 00");
  EXPECT_EQ(encodeOne("be32 %r2"), "dc 02 00 00 20 00 00 00");
  EXPECT_EQ(encodeOne("swap32 %r2"), "d7 02 00 00 20 00 00 00");
  EXPECT_EQ(encodeOne("bswap64 %r0"), "d7 00 00 00 40 00 00 00");
}

TEST(Assembler, Lddw) {
  EXPECT_EQ(encode("lddw %r0, 0x1122334455667788"),
            (std::vector<std::string>{"18 00 00 00 88 77 66 55",
                                      "00 00 00 00 44 33 22 11"}));
  EXPECT_EQ(encode("lddw %r1, -1"),
            (std::vector<std::string>{"18 01 00 00 ff ff ff ff",
                                      "00 00 00 00 ff ff ff ff"}));
  EXPECT_EQ(encode("lddw %r2, 2147483648"),
            (std::vector<std::string>{"18 02 00 00 00 00 00 80",
                                      "00 00 00 00 00 00 00 00"}));
  EXPECT_EQ(encode("lddw %r3, 0xffffffffffffffff"),
            (std::vector<std::string>{"18 03 00 00 ff ff ff ff",
                                      "00 00 00 00 ff ff ff ff"}));
}

TEST(Assembler, LoadsAndStores) {
  // RFC 9669 5: opcode = mode | size | class; MEM = 0x60, MEMSX = 0x80.
  EXPECT_EQ(encodeOne("ldxw %r1, [%r1+16]"), "61 11 10 00 00 00 00 00");
  EXPECT_EQ(encodeOne("ldxh %r3, [%r1+0xc]"), "69 13 0c 00 00 00 00 00");
  EXPECT_EQ(encodeOne("ldxb %r0, [%r1]"), "71 10 00 00 00 00 00 00");
  EXPECT_EQ(encodeOne("ldxdw %r0, [%r10-8]"), "79 a0 f8 ff 00 00 00 00");
  EXPECT_EQ(encodeOne("ldxsb %r0, [%r10-1]"), "91 a0 ff ff 00 00 00 00");
  EXPECT_EQ(encodeOne("ldxsh %r0, [%r10-2]"), "89 a0 fe ff 00 00 00 00");
  EXPECT_EQ(encodeOne("ldxsw %r0, [%r10-4]"), "81 a0 fc ff 00 00 00 00");
  EXPECT_EQ(encodeOne("stb [%r10-1], 0x80"), "72 0a ff ff 80 00 00 00");
  EXPECT_EQ(encodeOne("sth [%r1+2], 0x8001"), "6a 01 02 00 01 80 00 00");
  EXPECT_EQ(encodeOne("stw [%r1+2], 0x11223344"), "62 01 02 00 44 33 22 11");
  EXPECT_EQ(encodeOne("stdw [%r1], -1"), "7a 01 00 00 ff ff ff ff");
  EXPECT_EQ(encodeOne("stxb [%r1], %r2"), "73 21 00 00 00 00 00 00");
  EXPECT_EQ(encodeOne("stxh [%r1+4], %r2"), "6b 21 04 00 00 00 00 00");
  EXPECT_EQ(encodeOne("stxw [%r1-4], %r2"), "63 21 fc ff 00 00 00 00");
  EXPECT_EQ(encodeOne("stxdw [%r10-8], %r3"), "7b 3a f8 ff 00 00 00 00");
  EXPECT_EQ(encodeOne("stxdw [%r10 - 8], %r3"), "7b 3a f8 ff 00 00 00 00");
  EXPECT_EQ(encodeOne("ldxw %r1, [%r2+32767]"), "61 21 ff 7f 00 00 00 00");
  EXPECT_EQ(encodeOne("ldxw %r1, [%r2-32768]"), "61 21 00 80 00 00 00 00");
}

TEST(Assembler, Atomics) {
  // RFC 9669 5.3: STX | ATOMIC | W (0xc3) or DW (0xdb), operation in imm.
  EXPECT_EQ(encodeOne("lock add [%r10-8], %r1"), "db 1a f8 ff 00 00 00 00");
  EXPECT_EQ(encodeOne("lock or32 [%r10-4], %r1"), "c3 1a fc ff 40 00 00 00");
  EXPECT_EQ(encodeOne("lock and [%r1+8], %r2"), "db 21 08 00 50 00 00 00");
  EXPECT_EQ(encodeOne("lock xor32 [%r1], %r2"), "c3 21 00 00 a0 00 00 00");
  EXPECT_EQ(encodeOne("lock fetch add32 [%r10-4], %r1"),
            "c3 1a fc ff 01 00 00 00");
  EXPECT_EQ(encodeOne("lock fetch or [%r10-8], %r3"),
            "db 3a f8 ff 41 00 00 00");
  EXPECT_EQ(encodeOne("lock fetch and32 [%r10-8], %r1"),
            "c3 1a f8 ff 51 00 00 00");
  EXPECT_EQ(encodeOne("lock fetch xor [%r1+0], %r3"),
            "db 31 00 00 a1 00 00 00");
  EXPECT_EQ(encodeOne("lock xchg [%r10-8], %r1"), "db 1a f8 ff e1 00 00 00");
  EXPECT_EQ(encodeOne("lock xchg32 [%r10-8], %r1"), "c3 1a f8 ff e1 00 00 00");
  EXPECT_EQ(encodeOne("lock cmpxchg [%r10-8], %r1"), "db 1a f8 ff f1 00 00 00");
  EXPECT_EQ(encodeOne("lock cmpxchg32 [%r10-8], %r1"),
            "c3 1a f8 ff f1 00 00 00");
}

TEST(Assembler, JumpsWithOffsets) {
  EXPECT_EQ(encodeOne("ja +1"), "05 00 01 00 00 00 00 00");
  EXPECT_EQ(encodeOne("ja -1"), "05 00 ff ff 00 00 00 00");
  EXPECT_EQ(encodeOne("ja32 -1"), "06 00 00 00 ff ff ff ff");
  EXPECT_EQ(encodeOne("jne %r3, 0x81, +2"), "55 03 02 00 81 00 00 00");
  EXPECT_EQ(encodeOne("jeq32 %r1, %r2, -3"), "1e 21 fd ff 00 00 00 00");
  EXPECT_EQ(encodeOne("jsle %r1, 0xfffffffd, +1"), "d5 01 01 00 fd ff ff ff");
  EXPECT_EQ(encodeOne("jgt %r1, %r2, +0"), "2d 21 00 00 00 00 00 00");
  EXPECT_EQ(encodeOne("jge32 %r1, 7, +4"), "36 01 04 00 07 00 00 00");
  EXPECT_EQ(encodeOne("jset %r1, 1, +1"), "45 01 01 00 01 00 00 00");
  EXPECT_EQ(encodeOne("jsgt %r1, -1, +1"), "65 01 01 00 ff ff ff ff");
  EXPECT_EQ(encodeOne("jsge32 %r1, %r2, +1"), "7e 21 01 00 00 00 00 00");
  EXPECT_EQ(encodeOne("jlt %r1, 1, +1"), "a5 01 01 00 01 00 00 00");
  EXPECT_EQ(encodeOne("jle32 %r1, %r2, +1"), "be 21 01 00 00 00 00 00");
  EXPECT_EQ(encodeOne("jslt %r1, %r2, +1"), "cd 21 01 00 00 00 00 00");
}

TEST(Assembler, CallsAndExit) {
  EXPECT_EQ(encodeOne("call 5"), "85 00 00 00 05 00 00 00");
  EXPECT_EQ(encodeOne("call helper 5"), "85 00 00 00 05 00 00 00");
  EXPECT_EQ(encodeOne("call runtime 77"), "85 20 00 00 4d 00 00 00");
  EXPECT_EQ(encodeOne("call %r2"), "8d 02 00 00 00 00 00 00");
  EXPECT_EQ(encodeOne("call local -1"), "85 10 00 00 ff ff ff ff");
  EXPECT_EQ(encodeOne("exit"), "95 00 00 00 00 00 00 00");
}

TEST(Assembler, LabelsResolveToRelativeDistances) {
  llvm::Expected<std::vector<ebpf_insn>> P = assemble(R"(
    # a comment line
  back:
    mov %r0, 0        # slot 0
    jeq %r1, 0, done  # slot 1 -> 5: offset +3
    lddw %r2, 1       # slots 2, 3
    ja32 done         # slot 4 -> 5: imm 0
  done:
    call local func   # slot 5 -> 8: imm 2
    ja back           # slot 6 -> 0: offset -7
    exit              # slot 7
  func:
    exit              # slot 8
  )");
  ASSERT_TRUE((bool)P) << llvm::toString(P.takeError());
  ASSERT_EQ(P->size(), 9u);
  EXPECT_EQ(bytesOf((*P)[1]), "15 01 03 00 00 00 00 00");
  EXPECT_EQ(bytesOf((*P)[4]), "06 00 00 00 00 00 00 00");
  EXPECT_EQ(bytesOf((*P)[5]), "85 10 00 00 02 00 00 00");
  EXPECT_EQ(bytesOf((*P)[6]), "05 00 f9 ff 00 00 00 00");
}

TEST(Assembler, LabelBeforeInstructionOnOneLine) {
  llvm::Expected<std::vector<ebpf_insn>> P = assemble("ja l\nl: exit");
  ASSERT_TRUE((bool)P) << llvm::toString(P.takeError());
  ASSERT_EQ(P->size(), 2u);
  EXPECT_EQ((*P)[0].offset, 0);
  EXPECT_EQ((*P)[1].opcode, 0x95);
}

TEST(Assembler, ImplicitExitLabel) {
  // As in the suite's assembler (subnet.data jumps to `exit`), the first
  // exit instruction is labelled `exit`.
  llvm::Expected<std::vector<ebpf_insn>> P =
      assemble("jne %r1, 0, exit\nmov %r0, 1\nexit\nmov %r0, 2\nexit\n");
  ASSERT_TRUE((bool)P) << llvm::toString(P.takeError());
  EXPECT_EQ((*P)[0].offset, 1);
  // An explicit `exit:` label wins.
  P = assemble("ja exit\nexit\nexit:\nexit\n");
  ASSERT_TRUE((bool)P) << llvm::toString(P.takeError());
  EXPECT_EQ((*P)[0].offset, 1);
}

TEST(Assembler, TabsAndCarriageReturns) {
  llvm::Expected<std::vector<ebpf_insn>> P =
      assemble("mov\t%r0,\t1\r\nexit\r\n");
  ASSERT_TRUE((bool)P) << llvm::toString(P.takeError());
  ASSERT_EQ(P->size(), 2u);
  EXPECT_EQ(bytesOf((*P)[0]), "b7 00 00 00 01 00 00 00");
}

TEST(Assembler, Errors) {
  EXPECT_EQ(errorOf("mov %r0, 1\nfrob %r1\n"),
            "line 2: unknown mnemonic 'frob'");
  EXPECT_EQ(errorOf("mov %r16, 1"), "line 1: invalid register '%r16'");
  EXPECT_EQ(errorOf("mov r1, 1"), "line 1: invalid register 'r1'");
  EXPECT_EQ(errorOf("mov %r0"), "line 1: 'mov' takes 2 operands, got 1");
  EXPECT_EQ(errorOf("exit %r0"), "line 1: 'exit' takes 0 operands, got 1");
  EXPECT_EQ(errorOf("neg %r0, 1"), "line 1: 'neg' takes 1 operand, got 2");
  EXPECT_EQ(errorOf("mov %r0, 0x100000000"),
            "line 1: immediate '0x100000000' is out of range");
  EXPECT_EQ(errorOf("mov %r0, -2147483649"),
            "line 1: immediate '-2147483649' is out of range");
  EXPECT_EQ(errorOf("mov %r0, 12abc"), "line 1: invalid immediate '12abc'");
  EXPECT_EQ(errorOf("lddw %r0, 0x10000000000000000"),
            "line 1: invalid immediate '0x10000000000000000'");
  EXPECT_EQ(errorOf("ldxw %r0, [%r1+32768]"),
            "line 1: offset '+32768' is out of range");
  EXPECT_EQ(errorOf("ldxw %r0, %r1"), "line 1: invalid memory operand '%r1'");
  EXPECT_EQ(errorOf("ldxsdw %r0, [%r1]"), "line 1: unknown mnemonic 'ldxsdw'");
  EXPECT_EQ(errorOf("lock sub [%r1], %r2"),
            "line 1: unknown atomic operation 'sub'");
  EXPECT_EQ(errorOf("call far 5"), "line 1: invalid call mode 'far'");
  EXPECT_EQ(errorOf("ja nowhere\nexit"), "line 1: undefined label 'nowhere'");
  EXPECT_EQ(errorOf("l:\nl:\nexit"), "line 2: duplicate label 'l'");
  EXPECT_EQ(errorOf("ja 3"), "line 1: invalid jump target '3'");
  EXPECT_EQ(errorOf("mov %r0, 1,"), "line 1: empty operand");
}

TEST(Assembler, ReportsEveryBadLineWithFirstLine) {
  EXPECT_EQ(llvm::toString(assemble("bad1\nexit\nbad2 %r1\n", 10).takeError()),
            "line 10: unknown mnemonic 'bad1'\n"
            "line 12: unknown mnemonic 'bad2'");
}

TEST(Assembler, FarLabelDoesNotFitInOffset) {
  std::string Text = "ja far\n";
  for (int I = 0; I < 40000; ++I)
    Text += "mov %r0, 0\n";
  Text += "far:\nexit\n";
  EXPECT_EQ(errorOf(Text),
            "line 1: label 'far' is too far for a 16-bit jump offset");
  // ja32 (gotol) keeps the distance in imm and reaches it.
  Text.insert(2, "32");
  llvm::Expected<std::vector<ebpf_insn>> P = assemble(Text);
  ASSERT_TRUE((bool)P) << llvm::toString(P.takeError());
  EXPECT_EQ((*P)[0].imm, 40000);
}

/// The `-- asm` section of a conformance file, with blank lines in place of
/// everything before it so line numbers match the file.
std::pair<std::string, unsigned> asmSection(llvm::StringRef File) {
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  File.split(Lines, '\n');
  std::string Asm;
  unsigned FirstLine = 0;
  bool Inside = false;
  for (size_t I = 0; I < Lines.size(); ++I) {
    if (Lines[I].starts_with("--")) {
      Inside = Lines[I].drop_front(2).trim() == "asm";
      if (Inside)
        FirstLine = I + 2;
      continue;
    }
    if (Inside)
      Asm += Lines[I].str() + "\n";
  }
  return {Asm, FirstLine};
}

TEST(Assembler, AssemblesEveryConformanceProgram) {
  size_t Files = 0;
  for (const auto &Entry :
       std::filesystem::directory_iterator(EBPFC_CONFORMANCE_DIR)) {
    if (Entry.path().extension() != ".data")
      continue;
    ++Files;
    std::string Name = Entry.path().filename().string();
    auto Buffer = llvm::MemoryBuffer::getFile(Entry.path().string());
    ASSERT_TRUE((bool)Buffer) << Name;
    auto [Asm, FirstLine] = asmSection((*Buffer)->getBuffer());
    ASSERT_NE(FirstLine, 0u) << Name << " has no asm section";
    llvm::Expected<std::vector<ebpf_insn>> P = assemble(Asm, FirstLine);
    if (!P) {
      ADD_FAILURE() << Name << ": " << llvm::toString(P.takeError());
      continue;
    }
    ASSERT_FALSE(P->empty()) << Name;
    // Every slot decodes, every jump lands inside the program (which need
    // not end with its exit: see exit-not-last.data).
    for (size_t Pc = 0; Pc < P->size();) {
      ebpf_decoded D;
      const char *Reason = ebpf_decode(P->data(), P->size(), Pc, &D);
      ASSERT_EQ(Reason, nullptr) << Name << " insn " << Pc << ": " << Reason;
      if (D.kind == EBPF_KIND_JA || D.kind == EBPF_KIND_COND_JUMP ||
          D.kind == EBPF_KIND_CALL_LOCAL) {
        EXPECT_GE(D.target, 0) << Name << " insn " << Pc;
        EXPECT_LT(D.target, (int32_t)P->size()) << Name << " insn " << Pc;
      }
      Pc += D.slots;
    }
    EXPECT_TRUE(llvm::any_of(*P, [](const ebpf_insn &I) {
      return I.opcode == EBPF_OP_EXIT;
    })) << Name;
  }
  EXPECT_EQ(Files, 313u);
}

TEST(Assembler, LddwConformanceMatchesItsRawWords) {
  // lddw.data gives the program both as asm and as raw words
  // 0x5566778800000018, 0x1122334400000000, 0x0000000000000095.
  llvm::Expected<std::vector<ebpf_insn>> P =
      assemble("lddw %r0, 0x1122334455667788\nexit\n");
  ASSERT_TRUE((bool)P) << llvm::toString(P.takeError());
  ASSERT_EQ(P->size(), 3u);
  EXPECT_EQ(bytesOf((*P)[0]), "18 00 00 00 88 77 66 55");
  EXPECT_EQ(bytesOf((*P)[1]), "00 00 00 00 44 33 22 11");
  EXPECT_EQ(bytesOf((*P)[2]), "95 00 00 00 00 00 00 00");
}

} // namespace
