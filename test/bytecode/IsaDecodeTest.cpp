//===- IsaDecodeTest.cpp - ebpf_decode() against RFC 9669 -----------------===//
//
// Checks that ebpf_decode() classifies legal encodings the way RFC 9669
// describes them (kind, operands, 64-bit lddw immediates, absolute jump
// targets) and rejects each kind of illegal encoding with its reason:
// unknown opcodes, registers above r10, writes to r10, non-zero reserved
// fields, a lddw without its second slot, bad atomic operations and bad byte
// swap widths. Instructions are written as their fields, opcodes as the hex
// values of the RFC's tables.
//
//===----------------------------------------------------------------------===//
#include "ebpfc/isa.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

namespace {

ebpf_insn insn(uint8_t Opcode, unsigned Dst = 0, unsigned Src = 0,
               int16_t Offset = 0, int32_t Imm = 0) {
  return ebpf_insn{Opcode, ebpf_regs(Dst, Src), Offset, Imm};
}

/// The reason ebpf_decode gives for rejecting slot Pc, or "" if it accepts.
std::string reject(const std::vector<ebpf_insn> &Insns, size_t Pc = 0) {
  ebpf_decoded D;
  const char *Reason = ebpf_decode(Insns.data(), Insns.size(), Pc, &D);
  return Reason ? Reason : "";
}

std::string reject(ebpf_insn I) { return reject(std::vector<ebpf_insn>{I}); }

ebpf_decoded decode(const std::vector<ebpf_insn> &Insns, size_t Pc = 0) {
  ebpf_decoded D;
  const char *Reason = ebpf_decode(Insns.data(), Insns.size(), Pc, &D);
  EXPECT_EQ(Reason, nullptr) << Reason;
  return D;
}

ebpf_decoded decode(ebpf_insn I) { return decode(std::vector<ebpf_insn>{I}); }

//===-- Accepted encodings
//-------------------------------------------------===//

TEST(IsaDecode, Alu64RegisterAndImmediate) {
  ebpf_decoded D = decode(insn(0x0f, 1, 2)); // add r1, r2
  EXPECT_EQ(D.kind, EBPF_KIND_ALU);
  EXPECT_EQ(D.slots, 1u);
  EXPECT_EQ(D.dst, 1u);
  EXPECT_EQ(D.src, 2u);
  EXPECT_TRUE(D.is64);

  D = decode(insn(0x07, 3, 0, 0, -5)); // add r3, -5
  EXPECT_EQ(D.imm, -5);
  EXPECT_TRUE(D.is64);
}

TEST(IsaDecode, Alu32) {
  ebpf_decoded D = decode(insn(0xb4, 1, 0, 0, -1)); // mov32 r1, -1
  EXPECT_EQ(D.kind, EBPF_KIND_ALU);
  EXPECT_FALSE(D.is64);
  EXPECT_EQ(D.imm, -1);
}

TEST(IsaDecode, SignedDivModAndMovsx) {
  // RFC 9669 4.1: sdiv/smod are DIV/MOD with offset 1; movsx is MOV|X with
  // offset 8, 16 or (ALU64 only) 32.
  EXPECT_EQ(reject(insn(0x3f, 1, 2, 1)), "");
  EXPECT_EQ(reject(insn(0x94, 1, 0, 1, 3)), "");
  EXPECT_EQ(reject(insn(0xbf, 1, 2, 8)), "");
  EXPECT_EQ(reject(insn(0xbf, 1, 2, 16)), "");
  EXPECT_EQ(reject(insn(0xbf, 1, 2, 32)), "");
  EXPECT_EQ(reject(insn(0xbc, 1, 2, 8)), "");
  EXPECT_EQ(reject(insn(0xbc, 1, 2, 16)), "");
}

TEST(IsaDecode, EndianAndBswap) {
  ebpf_decoded D = decode(insn(0xdc, 1, 0, 0, 16)); // be16
  EXPECT_EQ(D.kind, EBPF_KIND_ENDIAN);
  EXPECT_EQ(D.imm, 16);
  EXPECT_EQ(decode(insn(0xd4, 1, 0, 0, 64)).kind, EBPF_KIND_ENDIAN); // le64
  EXPECT_EQ(decode(insn(0xd7, 1, 0, 0, 32)).kind, EBPF_KIND_ENDIAN); // bswap32
}

TEST(IsaDecode, LddwCombinesBothHalves) {
  // RFC 9669 5.4: imm of the second slot is the upper 32 bits.
  std::vector<ebpf_insn> P = {insn(0x18, 0, 0, 0, 0x55667788),
                              insn(0, 0, 0, 0, 0x11223344), insn(0x95)};
  ebpf_decoded D = decode(P);
  EXPECT_EQ(D.kind, EBPF_KIND_LDDW);
  EXPECT_EQ(D.slots, 2u);
  EXPECT_EQ((uint64_t)D.imm, 0x1122334455667788ull);
  EXPECT_TRUE(D.is64);
  EXPECT_EQ(D.size, 8u);

  std::vector<ebpf_insn> AllOnes = {insn(0x18, 1, 0, 0, -1),
                                    insn(0, 0, 0, 0, -1)};
  EXPECT_EQ(decode(AllOnes).imm, -1);

  // The low half is not sign-extended into the high half.
  std::vector<ebpf_insn> Low = {insn(0x18, 1, 0, 0, -1), insn(0, 0, 0, 0, 0)};
  EXPECT_EQ(decode(Low).imm, 0xffffffffll);
}

TEST(IsaDecode, LddwPseudoFunctionTarget) {
  std::vector<ebpf_insn> P = {insn(0x18, 1, EBPF_PSEUDO_FUNC, 0, 3), insn(0),
                              insn(0x95)};
  EXPECT_EQ(decode(P).target, 4); // pc 0 + 1 + imm 3
}

TEST(IsaDecode, LoadsAndStores) {
  ebpf_decoded D = decode(insn(0x61, 1, 2, 16)); // ldxw r1, [r2+16]
  EXPECT_EQ(D.kind, EBPF_KIND_LOAD);
  EXPECT_EQ(D.size, 4u);
  EXPECT_FALSE(D.is64);
  EXPECT_EQ(decode(insn(0x79, 1, 2)).size, 8u); // ldxdw
  EXPECT_EQ(decode(insn(0x91, 1, 2)).size, 1u); // ldxsb (MEMSX)
  EXPECT_EQ(decode(insn(0x89, 1, 2)).size, 2u); // ldxsh
  EXPECT_EQ(decode(insn(0x81, 1, 2)).size, 4u); // ldxsw
  EXPECT_EQ(decode(insn(0x72, 10, 0, -1, 0x80)).kind, EBPF_KIND_STORE_IMM);
  EXPECT_EQ(decode(insn(0x7b, 10, 3, -8)).kind, EBPF_KIND_STORE_REG);
  EXPECT_EQ(decode(insn(0x6b, 1, 2)).size, 2u); // stxh
}

TEST(IsaDecode, AtomicOperations) {
  // RFC 9669 5.3: the operation is in imm, FETCH = 0x01.
  for (int32_t Op :
       {0x00, 0x40, 0x50, 0xa0, 0x01, 0x41, 0x51, 0xa1, 0xe1, 0xf1}) {
    EXPECT_EQ(decode(insn(0xdb, 1, 2, 0, Op)).kind, EBPF_KIND_ATOMIC) << Op;
    EXPECT_EQ(decode(insn(0xc3, 1, 2, 0, Op)).size, 4u) << Op;
  }
}

TEST(IsaDecode, LegacyPacketLoads) {
  EXPECT_EQ(decode(insn(0x20, 0, 0, 0, 12)).kind, EBPF_KIND_LD_PACKET);
  ebpf_decoded D = decode(insn(0x48, 0, 3, 0, 2)); // ldindh
  EXPECT_EQ(D.kind, EBPF_KIND_LD_PACKET);
  EXPECT_EQ(D.size, 2u);
  EXPECT_EQ(D.src, 3u);
}

TEST(IsaDecode, JumpTargetsAreAbsolute) {
  std::vector<ebpf_insn> P(10, insn(0x95));
  P[4] = insn(0x05, 0, 0, 3); // ja +3
  EXPECT_EQ(decode(P, 4).target, 8);
  P[4] = insn(0x05, 0, 0, -2); // ja -2
  EXPECT_EQ(decode(P, 4).target, 3);
  P[4] = insn(0x06, 0, 0, 0, 4); // gotol +4: offset in imm
  EXPECT_EQ(decode(P, 4).kind, EBPF_KIND_JA);
  EXPECT_EQ(decode(P, 4).target, 9);
  P[4] = insn(0x1e, 1, 2, -4); // jeq32 w1, w2, -4
  ebpf_decoded D = decode(P, 4);
  EXPECT_EQ(D.kind, EBPF_KIND_COND_JUMP);
  EXPECT_FALSE(D.is64);
  EXPECT_EQ(D.target, 1);
  P[4] = insn(0x85, 0, EBPF_CALL_LOCAL, 0, 2); // call local +2
  EXPECT_EQ(decode(P, 4).kind, EBPF_KIND_CALL_LOCAL);
  EXPECT_EQ(decode(P, 4).target, 7);
}

TEST(IsaDecode, Calls) {
  EXPECT_EQ(decode(insn(0x85, 0, 0, 0, 5)).kind, EBPF_KIND_CALL_HELPER);
  EXPECT_EQ(decode(insn(0x85, 0, 2, 0, 77)).kind, EBPF_KIND_CALL_KFUNC);
  ebpf_decoded D = decode(insn(0x8d, 2)); // callx r2 (register in dst)
  EXPECT_EQ(D.kind, EBPF_KIND_CALLX);
  EXPECT_EQ(D.dst, 2u);
  D = decode(insn(0x8d, 0, 0, 0, 3)); // older encoding: register in imm
  EXPECT_EQ(D.kind, EBPF_KIND_CALLX);
  EXPECT_EQ(D.dst, 3u);
  EXPECT_EQ(decode(insn(0x95)).kind, EBPF_KIND_EXIT);
}

//===-- Rejections
//---------------------------------------------------------===//

TEST(IsaDecodeReject, IndexOutOfRange) {
  EXPECT_EQ(reject({insn(0x95)}, 1), "instruction index out of range");
  EXPECT_EQ(reject({}, 0), "instruction index out of range");
}

TEST(IsaDecodeReject, RegistersAboveR10) {
  // RFC 9669 3: ten general purpose registers and the frame pointer r10.
  EXPECT_EQ(reject(insn(0x07, 11)), "invalid dst register");
  EXPECT_EQ(reject(insn(0x0f, 15, 1)), "invalid dst register");
  EXPECT_EQ(reject(insn(0x0f, 1, 11)), "invalid src register");
  EXPECT_EQ(reject(insn(0x61, 1, 12)), "invalid src register");
  EXPECT_EQ(reject(insn(0x7b, 13, 1)), "invalid dst register");
}

TEST(IsaDecodeReject, WritesToFramePointer) {
  EXPECT_EQ(reject(insn(0x07, 10, 0, 0, 8)), "frame pointer is read only");
  EXPECT_EQ(reject(insn(0xbc, 10, 1)), "frame pointer is read only");
  EXPECT_EQ(reject(insn(0x87, 10)), "frame pointer is read only");
  EXPECT_EQ(reject(insn(0xdc, 10, 0, 0, 16)), "frame pointer is read only");
  EXPECT_EQ(reject(insn(0x79, 10, 1)), "frame pointer is read only");
  EXPECT_EQ(reject({insn(0x18, 10), insn(0)}), "frame pointer is read only");
  // r10 as a base register of loads and stores is fine.
  EXPECT_EQ(reject(insn(0x79, 0, 10, -8)), "");
  EXPECT_EQ(reject(insn(0x7b, 10, 1, -8)), "");
  EXPECT_EQ(reject(insn(0x62, 10, 0, -4, 1)), "");
}

TEST(IsaDecodeReject, UnknownAluOpcodes) {
  // Operations 0xe and 0xf do not exist (RFC 9669 4.1 table 5).
  for (uint8_t Op : {0xe4, 0xec, 0xe7, 0xef, 0xf4, 0xfc, 0xf7, 0xff})
    EXPECT_EQ(reject(insn(Op, 1)), "unknown opcode") << std::hex << +Op;
  // ALU64|END|X (0xdf) is reserved; only 0xd7 (bswap) exists in ALU64.
  EXPECT_EQ(reject(insn(0xdf, 1, 0, 0, 16)), "unknown opcode");
  // NEG takes no source operand.
  EXPECT_EQ(reject(insn(0x8c, 1, 2)), "unknown opcode");
  EXPECT_EQ(reject(insn(0x8f, 1, 2)), "unknown opcode");
}

TEST(IsaDecodeReject, AluReservedFields) {
  EXPECT_EQ(reject(insn(0x07, 1, 2, 0, 1)), "reserved fields are not zero");
  EXPECT_EQ(reject(insn(0x0f, 1, 2, 0, 1)), "reserved fields are not zero");
  EXPECT_EQ(reject(insn(0x87, 1, 0, 0, 1)), "reserved fields are not zero");
  EXPECT_EQ(reject(insn(0x84, 1, 2)), "reserved fields are not zero");
  EXPECT_EQ(reject(insn(0x87, 1, 0, 1)), "reserved fields are not zero");
  EXPECT_EQ(reject(insn(0xdc, 1, 2, 0, 16)), "reserved fields are not zero");
  EXPECT_EQ(reject(insn(0xd7, 1, 0, 1, 16)), "reserved fields are not zero");
}

TEST(IsaDecodeReject, AluOffsets) {
  const char *Bad = "invalid offset for an ALU instruction";
  EXPECT_EQ(reject(insn(0x0f, 1, 2, 1)), Bad); // add with offset
  EXPECT_EQ(reject(insn(0x3f, 1, 2, 2)), Bad); // div offset must be 0 or 1
  EXPECT_EQ(reject(insn(0x9f, 1, 2, -1)), Bad);
  EXPECT_EQ(reject(insn(0xb7, 1, 0, 8, 1)), Bad); // movsx needs a register
  EXPECT_EQ(reject(insn(0xbf, 1, 2, 1)), Bad);
  EXPECT_EQ(reject(insn(0xbf, 1, 2, 64)), Bad);
  EXPECT_EQ(reject(insn(0xbc, 1, 2, 32)), Bad); // no 32-bit movsx in ALU
  EXPECT_EQ(reject(insn(0x2f, 1, 2, 1)), Bad);  // no signed mul
}

TEST(IsaDecodeReject, ByteSwapWidths) {
  // RFC 9669 4.2: imm is 16, 32 or 64.
  for (int32_t Width : {0, 8, 24, 48, 128, -16})
    for (uint8_t Op : {0xd4, 0xdc, 0xd7})
      EXPECT_EQ(reject(insn(Op, 1, 0, 0, Width)), "invalid byte swap width")
          << std::hex << +Op << " " << std::dec << Width;
}

TEST(IsaDecodeReject, UnknownJumpOpcodes) {
  for (uint8_t Op : {0xe5, 0xed, 0xf5, 0xfd, 0xe6, 0xee, 0xf6, 0xfe})
    EXPECT_EQ(reject(insn(Op, 1)), "unknown opcode") << std::hex << +Op;
  EXPECT_EQ(reject(insn(0x0d)), "unknown opcode");             // JA|X
  EXPECT_EQ(reject(insn(0x0e)), "unknown opcode");             // JMP32 JA|X
  EXPECT_EQ(reject(insn(0x86, 0, 0, 0, 1)), "unknown opcode"); // JMP32 call
  EXPECT_EQ(reject(insn(0x8e, 1)), "unknown opcode");          // JMP32 callx
  EXPECT_EQ(reject(insn(0x96)), "unknown opcode");             // JMP32 exit
  EXPECT_EQ(reject(insn(0x9d)), "unknown opcode");             // exit|X
}

TEST(IsaDecodeReject, JumpReservedFields) {
  const char *Reserved = "reserved fields are not zero";
  EXPECT_EQ(reject(insn(0x05, 1, 0, 1)), Reserved);    // ja with dst
  EXPECT_EQ(reject(insn(0x05, 0, 1, 1)), Reserved);    // ja with src
  EXPECT_EQ(reject(insn(0x05, 0, 0, 1, 1)), Reserved); // ja with imm
  EXPECT_EQ(reject(insn(0x06, 0, 0, 1, 1)), Reserved); // gotol with offset
  EXPECT_EQ(reject(insn(0x15, 1, 2, 1, 0)), Reserved); // jeq K with src
  EXPECT_EQ(reject(insn(0x1d, 1, 2, 1, 7)), Reserved); // jeq X with imm
  EXPECT_EQ(reject(insn(0x16, 1, 2, 1, 0)), Reserved); // jeq32 K with src
  EXPECT_EQ(reject(insn(0x85, 1, 0, 0, 5)), Reserved); // call with dst
  EXPECT_EQ(reject(insn(0x85, 0, 0, 1, 5)), Reserved); // call with offset
  EXPECT_EQ(reject(insn(0x8d, 1, 1)), Reserved);       // callx with src
  EXPECT_EQ(reject(insn(0x8d, 1, 0, 1)), Reserved);    // callx with offset
  EXPECT_EQ(reject(insn(0x95, 1)), Reserved);          // exit with dst
  EXPECT_EQ(reject(insn(0x95, 0, 0, 1)), Reserved);    // exit with offset
  EXPECT_EQ(reject(insn(0x95, 0, 0, 0, 1)), Reserved); // exit with imm
}

TEST(IsaDecodeReject, CallSourceAndCallxRegister) {
  EXPECT_EQ(reject(insn(0x85, 0, 3, 0, 1)), "invalid call source");
  EXPECT_EQ(reject(insn(0x85, 0, 10, 0, 1)), "invalid call source");
  EXPECT_EQ(reject(insn(0x8d, 0, 0, 0, 11)), "invalid callx register");
  EXPECT_EQ(reject(insn(0x8d, 0, 0, 0, -1)), "invalid callx register");
  EXPECT_EQ(reject(insn(0x8d, 2, 0, 0, 3)), "invalid callx register");
}

TEST(IsaDecodeReject, Lddw) {
  EXPECT_EQ(reject({insn(0x18, 0, 0, 0, 1)}),
            "lddw is missing its second half");
  EXPECT_EQ(reject({insn(0x95), insn(0x18, 0, 0, 0, 1)}, 1),
            "lddw is missing its second half");
  const char *BadHalf = "invalid second half of lddw";
  EXPECT_EQ(reject({insn(0x18), insn(0x95)}), BadHalf);
  EXPECT_EQ(reject({insn(0x18), insn(0, 1)}), BadHalf);
  EXPECT_EQ(reject({insn(0x18), insn(0, 0, 1)}), BadHalf);
  EXPECT_EQ(reject({insn(0x18), insn(0, 0, 0, 1)}), BadHalf);
  EXPECT_EQ(reject({insn(0x18, 1, 7), insn(0)}), "invalid lddw source");
  EXPECT_EQ(reject({insn(0x18, 1, 15), insn(0)}), "invalid src register");
  EXPECT_EQ(reject({insn(0x18, 1, 0, 1), insn(0)}),
            "reserved fields are not zero");
}

TEST(IsaDecodeReject, LoadClassOpcodes) {
  // LD holds only lddw and the legacy packet loads (RFC 9669 5).
  for (uint8_t Op : {0x00, 0x08, 0x10, 0x38, 0x58, 0x60, 0x68, 0x80, 0xc0})
    EXPECT_EQ(reject({insn(Op), insn(0)}), "unknown opcode") << std::hex << +Op;
}

TEST(IsaDecodeReject, PacketLoadReservedFields) {
  const char *Reserved = "reserved fields are not zero";
  EXPECT_EQ(reject(insn(0x20, 1, 0, 0, 12)), Reserved); // dst must be 0
  EXPECT_EQ(reject(insn(0x20, 0, 0, 1, 12)), Reserved); // no offset
  EXPECT_EQ(reject(insn(0x20, 0, 3, 0, 12)), Reserved); // ABS has no src
  EXPECT_EQ(reject(insn(0x40, 0, 3, 0, 12)), "");       // IND has one
  EXPECT_EQ(reject(insn(0x40, 2, 3, 0, 12)), Reserved);
}

TEST(IsaDecodeReject, LdxModesAndFields) {
  for (uint8_t Op : {0x01, 0x19, 0x21, 0x41, 0xa1, 0xc1, 0xe1})
    EXPECT_EQ(reject(insn(Op, 1, 2)), "unknown opcode") << std::hex << +Op;
  EXPECT_EQ(reject(insn(0x99, 1, 2)), "unknown opcode"); // no ldxsdw
  EXPECT_EQ(reject(insn(0x61, 1, 2, 0, 1)), "reserved fields are not zero");
}

TEST(IsaDecodeReject, StoreModesAndFields) {
  for (uint8_t Op : {0x02, 0x22, 0x42, 0x82, 0xc2, 0xda})
    EXPECT_EQ(reject(insn(Op, 1)), "unknown opcode") << std::hex << +Op;
  EXPECT_EQ(reject(insn(0x62, 1, 2, 0, 1)), "reserved fields are not zero");
  for (uint8_t Op : {0x03, 0x23, 0x43, 0x83, 0x8b})
    EXPECT_EQ(reject(insn(Op, 1, 2)), "unknown opcode") << std::hex << +Op;
  EXPECT_EQ(reject(insn(0x63, 1, 2, 0, 1)), "reserved fields are not zero");
}

TEST(IsaDecodeReject, Atomics) {
  // Only 32- and 64-bit atomics exist.
  EXPECT_EQ(reject(insn(0xd3, 1, 2)), "unknown opcode"); // byte
  EXPECT_EQ(reject(insn(0xcb, 1, 2)), "unknown opcode"); // half
  // RFC 9669 5.3: add/or/and/xor (with or without FETCH), xchg and cmpxchg
  // (which always fetch); nothing else.
  for (int32_t Op :
       {0x02, 0x10, 0x11, 0x20, 0x30, 0x80, 0xe0, 0xf0, 0x100, 0x141, -1})
    EXPECT_EQ(reject(insn(0xdb, 1, 2, 0, Op)), "invalid atomic operation")
        << std::hex << Op;
}

} // namespace

// RFC 9669 section 3: opcode, then dst_reg in the low and src_reg in the high
// nibble, then a little-endian 16-bit offset and 32-bit immediate.
TEST(IsaDecodeTest, InsnFromBytesIsLittleEndian) {
  const uint8_t Bytes[8] = {0x61, 0x21, 0xfe, 0xff, 0x78, 0x56, 0x34, 0x92};
  ebpf_insn I = ebpf_insn_from_bytes(Bytes);
  EXPECT_EQ(I.opcode, 0x61);
  EXPECT_EQ(ebpf_dst(&I), 1u);
  EXPECT_EQ(ebpf_src(&I), 2u);
  EXPECT_EQ(I.offset, -2);
  EXPECT_EQ(static_cast<uint32_t>(I.imm), 0x92345678u);
}
