//===- DisassemblerTest.cpp - Disassembler output vs llvm-objdump ---------===//
//
// The expected texts are what `llvm-objdump -d --mcpu=v4` (LLVM 19) printed
// for the same bytes (assembled from `.byte` directives with llvm-mc), with
// its symbolic jump annotation ` <.text+0x..>` removed. The table covers every
// opcode of every class with register and immediate operands, negative and
// positive immediates and offsets, and the boundary values of each field.
// Encodings llvm-objdump cannot print faithfully are tested separately
// against the text Disassembler.h documents.
//
//===----------------------------------------------------------------------===//
#include "ebpfc/Disassembler.h"

#include "gtest/gtest.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

using namespace ebpfc;

namespace {

/// Instruction slots from bytes written as in llvm-objdump's raw column.
std::vector<ebpf_insn> fromBytes(llvm::StringRef Hex) {
  llvm::SmallVector<llvm::StringRef, 16> Words;
  llvm::SplitString(Hex, Words);
  EXPECT_EQ(Words.size() % 8, 0u) << Hex.str();
  std::vector<uint8_t> Bytes;
  for (llvm::StringRef Word : Words) {
    unsigned Byte = 0;
    EXPECT_FALSE(Word.getAsInteger(16, Byte)) << Word.str();
    Bytes.push_back((uint8_t)Byte);
  }
  std::vector<ebpf_insn> Insns;
  for (size_t At = 0; At + 8 <= Bytes.size(); At += 8) {
    ebpf_insn I;
    I.opcode = Bytes[At];
    I.regs = Bytes[At + 1];
    I.offset = (int16_t)(uint16_t)(Bytes[At + 2] | Bytes[At + 3] << 8);
    I.imm = (int32_t)((uint32_t)Bytes[At + 4] | (uint32_t)Bytes[At + 5] << 8 |
                      (uint32_t)Bytes[At + 6] << 16 |
                      (uint32_t)Bytes[At + 7] << 24);
    Insns.push_back(I);
  }
  return Insns;
}

std::string disassemble(llvm::StringRef Hex) {
  std::vector<ebpf_insn> Insns = fromBytes(Hex);
  return disassembleInsn(Insns.data(), Insns.size(), 0);
}

struct ObjdumpCase {
  const char *Bytes;
  const char *Text;
};

// clang-format off
const ObjdumpCase ObjdumpCases[] = {
    {"04 01 00 00 fb ff ff ff", "w1 += -0x5"},
    {"04 01 00 00 07 00 00 00", "w1 += 0x7"},
    {"0c 21 00 00 00 00 00 00", "w1 += w2"},
    {"14 01 00 00 fb ff ff ff", "w1 -= -0x5"},
    {"14 01 00 00 07 00 00 00", "w1 -= 0x7"},
    {"1c 21 00 00 00 00 00 00", "w1 -= w2"},
    {"24 01 00 00 fb ff ff ff", "w1 *= -0x5"},
    {"24 01 00 00 07 00 00 00", "w1 *= 0x7"},
    {"2c 21 00 00 00 00 00 00", "w1 *= w2"},
    {"34 01 00 00 fb ff ff ff", "w1 /= -0x5"},
    {"34 01 00 00 07 00 00 00", "w1 /= 0x7"},
    {"3c 21 00 00 00 00 00 00", "w1 /= w2"},
    {"44 01 00 00 fb ff ff ff", "w1 |= -0x5"},
    {"44 01 00 00 07 00 00 00", "w1 |= 0x7"},
    {"4c 21 00 00 00 00 00 00", "w1 |= w2"},
    {"54 01 00 00 fb ff ff ff", "w1 &= -0x5"},
    {"54 01 00 00 07 00 00 00", "w1 &= 0x7"},
    {"5c 21 00 00 00 00 00 00", "w1 &= w2"},
    {"64 01 00 00 fb ff ff ff", "w1 <<= -0x5"},
    {"64 01 00 00 07 00 00 00", "w1 <<= 0x7"},
    {"6c 21 00 00 00 00 00 00", "w1 <<= w2"},
    {"74 01 00 00 fb ff ff ff", "w1 >>= -0x5"},
    {"74 01 00 00 07 00 00 00", "w1 >>= 0x7"},
    {"7c 21 00 00 00 00 00 00", "w1 >>= w2"},
    {"84 01 00 00 00 00 00 00", "w1 = -w1"},
    {"94 01 00 00 fb ff ff ff", "w1 %= -0x5"},
    {"94 01 00 00 07 00 00 00", "w1 %= 0x7"},
    {"9c 21 00 00 00 00 00 00", "w1 %= w2"},
    {"a4 01 00 00 fb ff ff ff", "w1 ^= -0x5"},
    {"a4 01 00 00 07 00 00 00", "w1 ^= 0x7"},
    {"ac 21 00 00 00 00 00 00", "w1 ^= w2"},
    {"b4 01 00 00 fb ff ff ff", "w1 = -0x5"},
    {"b4 01 00 00 07 00 00 00", "w1 = 0x7"},
    {"bc 21 00 00 00 00 00 00", "w1 = w2"},
    {"c4 01 00 00 fb ff ff ff", "w1 s>>= -0x5"},
    {"c4 01 00 00 07 00 00 00", "w1 s>>= 0x7"},
    {"cc 21 00 00 00 00 00 00", "w1 s>>= w2"},
    {"07 01 00 00 fb ff ff ff", "r1 += -0x5"},
    {"07 01 00 00 07 00 00 00", "r1 += 0x7"},
    {"0f 21 00 00 00 00 00 00", "r1 += r2"},
    {"17 01 00 00 fb ff ff ff", "r1 -= -0x5"},
    {"17 01 00 00 07 00 00 00", "r1 -= 0x7"},
    {"1f 21 00 00 00 00 00 00", "r1 -= r2"},
    {"27 01 00 00 fb ff ff ff", "r1 *= -0x5"},
    {"27 01 00 00 07 00 00 00", "r1 *= 0x7"},
    {"2f 21 00 00 00 00 00 00", "r1 *= r2"},
    {"37 01 00 00 fb ff ff ff", "r1 /= -0x5"},
    {"37 01 00 00 07 00 00 00", "r1 /= 0x7"},
    {"3f 21 00 00 00 00 00 00", "r1 /= r2"},
    {"47 01 00 00 fb ff ff ff", "r1 |= -0x5"},
    {"47 01 00 00 07 00 00 00", "r1 |= 0x7"},
    {"4f 21 00 00 00 00 00 00", "r1 |= r2"},
    {"57 01 00 00 fb ff ff ff", "r1 &= -0x5"},
    {"57 01 00 00 07 00 00 00", "r1 &= 0x7"},
    {"5f 21 00 00 00 00 00 00", "r1 &= r2"},
    {"67 01 00 00 fb ff ff ff", "r1 <<= -0x5"},
    {"67 01 00 00 07 00 00 00", "r1 <<= 0x7"},
    {"6f 21 00 00 00 00 00 00", "r1 <<= r2"},
    {"77 01 00 00 fb ff ff ff", "r1 >>= -0x5"},
    {"77 01 00 00 07 00 00 00", "r1 >>= 0x7"},
    {"7f 21 00 00 00 00 00 00", "r1 >>= r2"},
    {"87 01 00 00 00 00 00 00", "r1 = -r1"},
    {"97 01 00 00 fb ff ff ff", "r1 %= -0x5"},
    {"97 01 00 00 07 00 00 00", "r1 %= 0x7"},
    {"9f 21 00 00 00 00 00 00", "r1 %= r2"},
    {"a7 01 00 00 fb ff ff ff", "r1 ^= -0x5"},
    {"a7 01 00 00 07 00 00 00", "r1 ^= 0x7"},
    {"af 21 00 00 00 00 00 00", "r1 ^= r2"},
    {"b7 01 00 00 fb ff ff ff", "r1 = -0x5"},
    {"b7 01 00 00 07 00 00 00", "r1 = 0x7"},
    {"bf 21 00 00 00 00 00 00", "r1 = r2"},
    {"c7 01 00 00 fb ff ff ff", "r1 s>>= -0x5"},
    {"c7 01 00 00 07 00 00 00", "r1 s>>= 0x7"},
    {"cf 21 00 00 00 00 00 00", "r1 s>>= r2"},
    {"34 01 01 00 fd ff ff ff", "w1 s/= -0x3"},
    {"3c 21 01 00 00 00 00 00", "w1 s/= w2"},
    {"94 01 01 00 fd ff ff ff", "w1 s%= -0x3"},
    {"9c 21 01 00 00 00 00 00", "w1 s%= w2"},
    {"37 01 01 00 fd ff ff ff", "r1 s/= -0x3"},
    {"3f 21 01 00 00 00 00 00", "r1 s/= r2"},
    {"97 01 01 00 fd ff ff ff", "r1 s%= -0x3"},
    {"9f 21 01 00 00 00 00 00", "r1 s%= r2"},
    {"bf 21 08 00 00 00 00 00", "r1 = (s8)r2"},
    {"bc 21 08 00 00 00 00 00", "w1 = (s8)w2"},
    {"bf 21 10 00 00 00 00 00", "r1 = (s16)r2"},
    {"bc 21 10 00 00 00 00 00", "w1 = (s16)w2"},
    {"bf 21 20 00 00 00 00 00", "r1 = (s32)r2"},
    {"d4 01 00 00 10 00 00 00", "r1 = le16 r1"},
    {"dc 01 00 00 10 00 00 00", "r1 = be16 r1"},
    {"d7 01 00 00 10 00 00 00", "r1 = bswap16 r1"},
    {"d4 01 00 00 20 00 00 00", "r1 = le32 r1"},
    {"dc 01 00 00 20 00 00 00", "r1 = be32 r1"},
    {"d7 01 00 00 20 00 00 00", "r1 = bswap32 r1"},
    {"d4 01 00 00 40 00 00 00", "r1 = le64 r1"},
    {"dc 01 00 00 40 00 00 00", "r1 = be64 r1"},
    {"d7 01 00 00 40 00 00 00", "r1 = bswap64 r1"},
    {"18 01 00 00 88 77 66 55 00 00 00 00 44 33 22 11", "r1 = 0x1122334455667788 ll"},
    {"18 01 00 00 ff ff ff ff 00 00 00 00 ff ff ff ff", "r1 = -0x1 ll"},
    {"18 01 00 00 05 00 00 00 00 00 00 00 00 00 00 00", "r1 = 0x5 ll"},
    {"18 11 00 00 03 00 00 00 00 00 00 00 00 00 00 00", "ld_pseudo\tr1, 0x1, 0x3"},
    {"18 21 00 00 03 00 00 00 00 00 00 00 04 00 00 00", "ld_pseudo\tr1, 0x2, 0x3"},
    {"18 41 00 00 03 00 00 00 00 00 00 00 00 00 00 00", "ld_pseudo\tr1, 0x4, 0x3"},
    {"61 21 10 00 00 00 00 00", "w1 = *(u32 *)(r2 + 0x10)"},
    {"61 21 f8 ff 00 00 00 00", "w1 = *(u32 *)(r2 - 0x8)"},
    {"62 01 04 00 34 12 00 00", "*(u32 *)(r1 + 0x4) = 0x1234"},
    {"62 01 fc ff ff ff ff ff", "*(u32 *)(r1 - 0x4) = -0x1"},
    {"63 21 10 00 00 00 00 00", "*(u32 *)(r1 + 0x10) = w2"},
    {"63 2a f8 ff 00 00 00 00", "*(u32 *)(r10 - 0x8) = w2"},
    {"69 21 10 00 00 00 00 00", "w1 = *(u16 *)(r2 + 0x10)"},
    {"69 21 f8 ff 00 00 00 00", "w1 = *(u16 *)(r2 - 0x8)"},
    {"6a 01 04 00 34 12 00 00", "*(u16 *)(r1 + 0x4) = 0x1234"},
    {"6a 01 fc ff ff ff ff ff", "*(u16 *)(r1 - 0x4) = -0x1"},
    {"6b 21 10 00 00 00 00 00", "*(u16 *)(r1 + 0x10) = w2"},
    {"6b 2a f8 ff 00 00 00 00", "*(u16 *)(r10 - 0x8) = w2"},
    {"71 21 10 00 00 00 00 00", "w1 = *(u8 *)(r2 + 0x10)"},
    {"71 21 f8 ff 00 00 00 00", "w1 = *(u8 *)(r2 - 0x8)"},
    {"72 01 04 00 34 12 00 00", "*(u8 *)(r1 + 0x4) = 0x1234"},
    {"72 01 fc ff ff ff ff ff", "*(u8 *)(r1 - 0x4) = -0x1"},
    {"73 21 10 00 00 00 00 00", "*(u8 *)(r1 + 0x10) = w2"},
    {"73 2a f8 ff 00 00 00 00", "*(u8 *)(r10 - 0x8) = w2"},
    {"79 21 10 00 00 00 00 00", "r1 = *(u64 *)(r2 + 0x10)"},
    {"79 21 f8 ff 00 00 00 00", "r1 = *(u64 *)(r2 - 0x8)"},
    {"7a 01 04 00 34 12 00 00", "*(u64 *)(r1 + 0x4) = 0x1234"},
    {"7a 01 fc ff ff ff ff ff", "*(u64 *)(r1 - 0x4) = -0x1"},
    {"7b 21 10 00 00 00 00 00", "*(u64 *)(r1 + 0x10) = r2"},
    {"7b 2a f8 ff 00 00 00 00", "*(u64 *)(r10 - 0x8) = r2"},
    {"81 21 10 00 00 00 00 00", "r1 = *(s32 *)(r2 + 0x10)"},
    {"81 21 f8 ff 00 00 00 00", "r1 = *(s32 *)(r2 - 0x8)"},
    {"89 21 10 00 00 00 00 00", "r1 = *(s16 *)(r2 + 0x10)"},
    {"89 21 f8 ff 00 00 00 00", "r1 = *(s16 *)(r2 - 0x8)"},
    {"91 21 10 00 00 00 00 00", "r1 = *(s8 *)(r2 + 0x10)"},
    {"91 21 f8 ff 00 00 00 00", "r1 = *(s8 *)(r2 - 0x8)"},
    {"c3 21 08 00 00 00 00 00", "lock *(u32 *)(r1 + 0x8) += w2"},
    {"c3 21 08 00 40 00 00 00", "lock *(u32 *)(r1 + 0x8) |= w2"},
    {"c3 21 08 00 50 00 00 00", "lock *(u32 *)(r1 + 0x8) &= w2"},
    {"c3 21 08 00 a0 00 00 00", "lock *(u32 *)(r1 + 0x8) ^= w2"},
    {"c3 21 08 00 01 00 00 00", "w2 = atomic_fetch_add((u32 *)(r1 + 0x8), w2)"},
    {"c3 21 08 00 41 00 00 00", "w2 = atomic_fetch_or((u32 *)(r1 + 0x8), w2)"},
    {"c3 21 08 00 51 00 00 00", "w2 = atomic_fetch_and((u32 *)(r1 + 0x8), w2)"},
    {"c3 21 08 00 a1 00 00 00", "w2 = atomic_fetch_xor((u32 *)(r1 + 0x8), w2)"},
    {"c3 21 08 00 e1 00 00 00", "w2 = xchg32_32(r1 + 0x8, w2)"},
    {"c3 21 08 00 f1 00 00 00", "w0 = cmpxchg32_32(r1 + 0x8, w0, w2)"},
    {"c3 21 f8 ff 00 00 00 00", "lock *(u32 *)(r1 - 0x8) += w2"},
    {"db 21 08 00 00 00 00 00", "lock *(u64 *)(r1 + 0x8) += r2"},
    {"db 21 08 00 40 00 00 00", "lock *(u64 *)(r1 + 0x8) |= r2"},
    {"db 21 08 00 50 00 00 00", "lock *(u64 *)(r1 + 0x8) &= r2"},
    {"db 21 08 00 a0 00 00 00", "lock *(u64 *)(r1 + 0x8) ^= r2"},
    {"db 21 08 00 01 00 00 00", "r2 = atomic_fetch_add((u64 *)(r1 + 0x8), r2)"},
    {"db 21 08 00 41 00 00 00", "r2 = atomic_fetch_or((u64 *)(r1 + 0x8), r2)"},
    {"db 21 08 00 51 00 00 00", "r2 = atomic_fetch_and((u64 *)(r1 + 0x8), r2)"},
    {"db 21 08 00 a1 00 00 00", "r2 = atomic_fetch_xor((u64 *)(r1 + 0x8), r2)"},
    {"db 21 08 00 e1 00 00 00", "r2 = xchg_64(r1 + 0x8, r2)"},
    {"db 21 08 00 f1 00 00 00", "r0 = cmpxchg_64(r1 + 0x8, r0, r2)"},
    {"db 21 f8 ff 00 00 00 00", "lock *(u64 *)(r1 - 0x8) += r2"},
    {"20 00 00 00 0c 00 00 00", "r0 = *(u32 *)skb[0xc]"},
    {"28 00 00 00 0c 00 00 00", "r0 = *(u16 *)skb[0xc]"},
    {"30 00 00 00 0c 00 00 00", "r0 = *(u8 *)skb[0xc]"},
    {"15 01 03 00 fb ff ff ff", "if r1 == -0x5 goto +0x3"},
    {"15 01 fe ff 07 00 00 00", "if r1 == 0x7 goto -0x2"},
    {"1d 21 03 00 00 00 00 00", "if r1 == r2 goto +0x3"},
    {"25 01 03 00 fb ff ff ff", "if r1 > -0x5 goto +0x3"},
    {"25 01 fe ff 07 00 00 00", "if r1 > 0x7 goto -0x2"},
    {"2d 21 03 00 00 00 00 00", "if r1 > r2 goto +0x3"},
    {"35 01 03 00 fb ff ff ff", "if r1 >= -0x5 goto +0x3"},
    {"35 01 fe ff 07 00 00 00", "if r1 >= 0x7 goto -0x2"},
    {"3d 21 03 00 00 00 00 00", "if r1 >= r2 goto +0x3"},
    {"45 01 03 00 fb ff ff ff", "if r1 & -0x5 goto +0x3"},
    {"45 01 fe ff 07 00 00 00", "if r1 & 0x7 goto -0x2"},
    {"4d 21 03 00 00 00 00 00", "if r1 & r2 goto +0x3"},
    {"55 01 03 00 fb ff ff ff", "if r1 != -0x5 goto +0x3"},
    {"55 01 fe ff 07 00 00 00", "if r1 != 0x7 goto -0x2"},
    {"5d 21 03 00 00 00 00 00", "if r1 != r2 goto +0x3"},
    {"65 01 03 00 fb ff ff ff", "if r1 s> -0x5 goto +0x3"},
    {"65 01 fe ff 07 00 00 00", "if r1 s> 0x7 goto -0x2"},
    {"6d 21 03 00 00 00 00 00", "if r1 s> r2 goto +0x3"},
    {"75 01 03 00 fb ff ff ff", "if r1 s>= -0x5 goto +0x3"},
    {"75 01 fe ff 07 00 00 00", "if r1 s>= 0x7 goto -0x2"},
    {"7d 21 03 00 00 00 00 00", "if r1 s>= r2 goto +0x3"},
    {"a5 01 03 00 fb ff ff ff", "if r1 < -0x5 goto +0x3"},
    {"a5 01 fe ff 07 00 00 00", "if r1 < 0x7 goto -0x2"},
    {"ad 21 03 00 00 00 00 00", "if r1 < r2 goto +0x3"},
    {"b5 01 03 00 fb ff ff ff", "if r1 <= -0x5 goto +0x3"},
    {"b5 01 fe ff 07 00 00 00", "if r1 <= 0x7 goto -0x2"},
    {"bd 21 03 00 00 00 00 00", "if r1 <= r2 goto +0x3"},
    {"c5 01 03 00 fb ff ff ff", "if r1 s< -0x5 goto +0x3"},
    {"c5 01 fe ff 07 00 00 00", "if r1 s< 0x7 goto -0x2"},
    {"cd 21 03 00 00 00 00 00", "if r1 s< r2 goto +0x3"},
    {"d5 01 03 00 fb ff ff ff", "if r1 s<= -0x5 goto +0x3"},
    {"d5 01 fe ff 07 00 00 00", "if r1 s<= 0x7 goto -0x2"},
    {"dd 21 03 00 00 00 00 00", "if r1 s<= r2 goto +0x3"},
    {"16 01 03 00 fb ff ff ff", "if w1 == -0x5 goto +0x3"},
    {"16 01 fe ff 07 00 00 00", "if w1 == 0x7 goto -0x2"},
    {"1e 21 03 00 00 00 00 00", "if w1 == w2 goto +0x3"},
    {"26 01 03 00 fb ff ff ff", "if w1 > -0x5 goto +0x3"},
    {"26 01 fe ff 07 00 00 00", "if w1 > 0x7 goto -0x2"},
    {"2e 21 03 00 00 00 00 00", "if w1 > w2 goto +0x3"},
    {"36 01 03 00 fb ff ff ff", "if w1 >= -0x5 goto +0x3"},
    {"36 01 fe ff 07 00 00 00", "if w1 >= 0x7 goto -0x2"},
    {"3e 21 03 00 00 00 00 00", "if w1 >= w2 goto +0x3"},
    {"46 01 03 00 fb ff ff ff", "if w1 & -0x5 goto +0x3"},
    {"46 01 fe ff 07 00 00 00", "if w1 & 0x7 goto -0x2"},
    {"4e 21 03 00 00 00 00 00", "if w1 & w2 goto +0x3"},
    {"56 01 03 00 fb ff ff ff", "if w1 != -0x5 goto +0x3"},
    {"56 01 fe ff 07 00 00 00", "if w1 != 0x7 goto -0x2"},
    {"5e 21 03 00 00 00 00 00", "if w1 != w2 goto +0x3"},
    {"66 01 03 00 fb ff ff ff", "if w1 s> -0x5 goto +0x3"},
    {"66 01 fe ff 07 00 00 00", "if w1 s> 0x7 goto -0x2"},
    {"6e 21 03 00 00 00 00 00", "if w1 s> w2 goto +0x3"},
    {"76 01 03 00 fb ff ff ff", "if w1 s>= -0x5 goto +0x3"},
    {"76 01 fe ff 07 00 00 00", "if w1 s>= 0x7 goto -0x2"},
    {"7e 21 03 00 00 00 00 00", "if w1 s>= w2 goto +0x3"},
    {"a6 01 03 00 fb ff ff ff", "if w1 < -0x5 goto +0x3"},
    {"a6 01 fe ff 07 00 00 00", "if w1 < 0x7 goto -0x2"},
    {"ae 21 03 00 00 00 00 00", "if w1 < w2 goto +0x3"},
    {"b6 01 03 00 fb ff ff ff", "if w1 <= -0x5 goto +0x3"},
    {"b6 01 fe ff 07 00 00 00", "if w1 <= 0x7 goto -0x2"},
    {"be 21 03 00 00 00 00 00", "if w1 <= w2 goto +0x3"},
    {"c6 01 03 00 fb ff ff ff", "if w1 s< -0x5 goto +0x3"},
    {"c6 01 fe ff 07 00 00 00", "if w1 s< 0x7 goto -0x2"},
    {"ce 21 03 00 00 00 00 00", "if w1 s< w2 goto +0x3"},
    {"d6 01 03 00 fb ff ff ff", "if w1 s<= -0x5 goto +0x3"},
    {"d6 01 fe ff 07 00 00 00", "if w1 s<= 0x7 goto -0x2"},
    {"de 21 03 00 00 00 00 00", "if w1 s<= w2 goto +0x3"},
    {"05 00 03 00 00 00 00 00", "goto +0x3"},
    {"05 00 ff ff 00 00 00 00", "goto -0x1"},
    {"06 00 00 00 03 00 00 00", "gotol +0x3"},
    {"06 00 00 00 fc ff ff ff", "gotol -0x4"},
    {"85 00 00 00 05 00 00 00", "call 0x5"},
    {"85 10 00 00 03 00 00 00", "call 0x3"},
    {"85 10 00 00 fd ff ff ff", "call -0x3"},
    {"85 20 00 00 4d 00 00 00", "call 0x4d"},
    {"85 00 00 00 ff ff ff ff", "call -0x1"},
    {"8d 03 00 00 00 00 00 00", "callx r3"},
    {"95 00 00 00 00 00 00 00", "exit"},
    {"b7 01 00 00 00 00 00 80", "r1 = -0x80000000"},
    {"b7 01 00 00 ff ff ff 7f", "r1 = 0x7fffffff"},
    {"07 01 00 00 ff ff ff ff", "r1 += -0x1"},
    {"62 01 00 80 00 00 00 00", "*(u32 *)(r1 - 0x8000) = 0x0"},
    {"62 01 ff 7f 00 00 00 00", "*(u32 *)(r1 + 0x7fff) = 0x0"},
    {"18 31 00 00 03 00 00 00 00 00 00 00 00 00 00 00", "ld_pseudo\tr1, 0x3, 0x3"},
    {"18 51 00 00 03 00 00 00 00 00 00 00 00 00 00 00", "ld_pseudo\tr1, 0x5, 0x3"},
    {"18 61 00 00 fd ff ff ff 00 00 00 00 00 00 00 00", "ld_pseudo\tr1, 0x6, 0xfffffffd"},
    {"18 02 00 00 00 00 00 00 00 00 00 00 00 00 00 80", "r2 = -0x8000000000000000 ll"},
    {"18 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00", "r2 = 0x0 ll"},
    {"15 01 00 00 00 00 00 00", "if r1 == 0x0 goto +0x0"},
    {"05 00 00 00 00 00 00 00", "goto +0x0"},
    {"06 00 00 00 00 00 00 00", "gotol +0x0"},
    {"05 00 00 80 00 00 00 00", "goto -0x8000"},
    {"85 00 00 00 00 00 00 00", "call 0x0"},
    {"b7 00 00 00 00 00 00 00", "r0 = 0x0"},
    {"7b 21 00 00 00 00 00 00", "*(u64 *)(r1 + 0x0) = r2"},
    {"20 00 00 00 00 f0 ff ff", "r0 = *(u32 *)skb[-0x1000]"},
    {"62 01 00 00 00 00 00 80", "*(u32 *)(r1 + 0x0) = -0x80000000"},
    // LD|IND with imm 0 (a non-zero imm is tested below).
    {"40 30 00 00 00 00 00 00", "r0 = *(u32 *)skb[r3]"},
    {"48 50 00 00 00 00 00 00", "r0 = *(u16 *)skb[r5]"},
    {"50 90 00 00 00 00 00 00", "r0 = *(u8 *)skb[r9]"},
};
// clang-format on

TEST(Disassembler, MatchesLlvmObjdump) {
  for (const ObjdumpCase &Case : ObjdumpCases)
    EXPECT_EQ(disassemble(Case.Bytes), Case.Text) << Case.Bytes;
}

TEST(Disassembler, CallxWithRegisterInImm) {
  // llvm-objdump prints the dst field (`callx r0`); the register is in imm.
  EXPECT_EQ(disassemble("8d 00 00 00 03 00 00 00"), "callx r3");
}

TEST(Disassembler, IndirectPacketLoadKeepsImm) {
  // llvm-objdump prints `skb[r3]`, dropping the imm.
  EXPECT_EQ(disassemble("40 30 00 00 0c 00 00 00"),
            "r0 = *(u32 *)skb[r3 + 0xc]");
  EXPECT_EQ(disassemble("48 30 00 00 fe ff ff ff"),
            "r0 = *(u16 *)skb[r3 - 0x2]");
}

TEST(Disassembler, InvalidInstructions) {
  EXPECT_EQ(disassemble("ff 00 00 00 00 00 00 00"),
            "<invalid: unknown opcode>");
  EXPECT_EQ(disassemble("07 0b 00 00 00 00 00 00"),
            "<invalid: invalid dst register>");
  EXPECT_EQ(disassemble("07 0a 00 00 00 00 00 00"),
            "<invalid: frame pointer is read only>");
  EXPECT_EQ(disassemble("bc 21 20 00 00 00 00 00"),
            "<invalid: invalid offset for an ALU instruction>");
  EXPECT_EQ(disassemble("c3 21 08 00 02 00 00 00"),
            "<invalid: invalid atomic operation>");
  EXPECT_EQ(disassemble("18 00 00 00 01 00 00 00"),
            "<invalid: lddw is missing its second half>");
}

TEST(Disassembler, PrintProgramFormat) {
  // lddw; a jump; an invalid slot; exit. Indices count slots, as
  // llvm-objdump's address column does for BPF.
  std::vector<ebpf_insn> Insns =
      fromBytes("18 00 00 00 88 77 66 55 00 00 00 00 44 33 22 11 "
                "55 01 01 00 05 00 00 00 "
                "ff 00 00 00 00 00 00 00 "
                "95 00 00 00 00 00 00 00");
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  printProgram(OS, Insns);
  EXPECT_EQ(OS.str(), "       0:\tr0 = 0x1122334455667788 ll\n"
                      "       2:\tif r1 != 0x5 goto +0x1\n"
                      "       3:\t<invalid: unknown opcode>\n"
                      "       4:\texit\n");
}

TEST(Disassembler, PrintProgramBadLddwTakesOneSlot) {
  // A lddw whose second half is not a zero slot is invalid; the listing
  // continues with the next slot.
  std::vector<ebpf_insn> Insns = fromBytes("18 00 00 00 01 00 00 00 "
                                           "95 00 00 00 00 00 00 00");
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  printProgram(OS, Insns);
  EXPECT_EQ(OS.str(), "       0:\t<invalid: invalid second half of lddw>\n"
                      "       1:\texit\n");
}

} // namespace
