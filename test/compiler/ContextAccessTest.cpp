//===- ContextAccessTest.cpp - Context loads rewritten to the native ABI --===//
//
// XDP, socket filter and tc programs receive the native contexts of
// ebpfc/object.h. These tests build such a context by hand, run programs
// that read and write it at the kernel's offsets through the JIT, and check
// the results against values computed from the struct definitions: packet
// pointers come from the native pointer fields, every other field from its
// kernel offset. They also check the lifter's diagnostics for context
// accesses it cannot rewrite.
//
//===----------------------------------------------------------------------===//
#include "InsnBuilder.h"

#include "ebpfc/Compiler.h"
#include "ebpfc/Jit.h"
#include "ebpfc/object.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace ebpfc;
using namespace ebpfc::test;

namespace {

constexpr bool A64 = true;
constexpr unsigned OptLevels[] = {0, 2};

using ContextProgramFn = uint64_t (*)(void *Ctx);

BpfObject objectOf(ProgramType Type, std::vector<ebpf_insn> Insns) {
  BpfObject Obj;
  Obj.Path = "ctx.o";
  Program P;
  P.Name = "prog";
  P.Section = std::string(programTypeName(Type));
  P.Type = Type;
  P.Insns = std::move(Insns);
  Obj.Programs.push_back(std::move(P));
  return Obj;
}

/// Compiles \p Insns as a program of \p Type and runs it on \p Ctx.
llvm::Expected<uint64_t> run(ProgramType Type,
                             const std::vector<ebpf_insn> &Insns, void *Ctx,
                             unsigned OptLevel) {
  BpfObject Obj = objectOf(Type, Insns);
  llvm::Expected<std::unique_ptr<JitSession>> Session =
      JitSession::create(Obj, OptLevel);
  if (!Session)
    return Session.takeError();
  llvm::Expected<void *> Entry = (*Session)->lookup("prog");
  if (!Entry)
    return Entry.takeError();
  return reinterpret_cast<ContextProgramFn>(*Entry)(Ctx);
}

std::string compileError(ProgramType Type, std::vector<ebpf_insn> Insns) {
  BpfObject Obj = objectOf(Type, std::move(Insns));
  llvm::SmallString<0> Text;
  llvm::raw_svector_ostream OS(Text);
  CompileOptions Opts;
  Opts.TargetTriple = "x86_64-linux-gnu";
  llvm::Error E = compileObject(Obj, Opts, OS);
  return E ? llvm::toString(std::move(E)) : "";
}

ebpf_xdp_md xdpContext(std::vector<uint8_t> &Packet) {
  ebpf_xdp_md Ctx;
  std::memset(&Ctx, 0, sizeof(Ctx));
  Ctx.data = Packet.data();
  Ctx.data_end = Packet.data() + Packet.size();
  Ctx.data_meta = Ctx.data;
  Ctx.kernel_fields[3] = 2; // ingress_ifindex (offset 12)
  Ctx.kernel_fields[4] = 7; // rx_queue_index (offset 16)
  return Ctx;
}

// r0 = data + 2 <= data_end ? data[1] + rx_queue_index : 999
const std::vector<ebpf_insn> XdpSecondBytePlusQueue = program({
    load(4, 2, 1, 0),                   // 0: r2 = ctx->data
    load(4, 3, 1, 4),                   // 1: r3 = ctx->data_end
    load(4, 6, 1, 16),                  // 2: r6 = ctx->rx_queue_index
    mov64Reg(4, 2),                     // 3
    aluImm(A64, EBPF_ALU_ADD, 4, 2),    // 4: r4 = data + 2
    jmpReg(A64, EBPF_JMP_JGT, 4, 3, 3), // 5: if r4 > r3 goto 9
    load(1, 0, 2, 1),                   // 6: r0 = data[1]
    aluReg(A64, EBPF_ALU_ADD, 0, 6),    // 7
    exitInsn(),                         // 8
    mov64(0, 999),                      // 9
    exitInsn(),                         // 10
});

TEST(ContextAccessTest, XdpPacketPointersAndFields) {
  for (unsigned Opt : OptLevels) {
    SCOPED_TRACE("-O" + std::to_string(Opt));
    std::vector<uint8_t> Packet = {0x10, 0x20, 0x30};
    ebpf_xdp_md Ctx = xdpContext(Packet);
    llvm::Expected<uint64_t> R0 =
        run(ProgramType::Xdp, XdpSecondBytePlusQueue, &Ctx, Opt);
    ASSERT_TRUE(static_cast<bool>(R0)) << llvm::toString(R0.takeError());
    EXPECT_EQ(*R0, 0x20u + 7);

    // One byte: data + 2 is past data_end.
    std::vector<uint8_t> Short = {0x10};
    Ctx = xdpContext(Short);
    R0 = run(ProgramType::Xdp, XdpSecondBytePlusQueue, &Ctx, Opt);
    ASSERT_TRUE(static_cast<bool>(R0)) << llvm::toString(R0.takeError());
    EXPECT_EQ(*R0, 999u);
  }
}

TEST(ContextAccessTest, ContextThroughCopiesSpillsAndCalls) {
  // main spills ctx, reloads it into r7, and passes r7 to f, which reads
  // data_end through it and returns data_end - data (data read in main
  // through the reloaded copy).
  std::vector<ebpf_insn> Insns = program({
      storeReg(8, 10, 1, -8),          // 0: *(u64 *)(r10 - 8) = ctx
      mov64(1, 0),                     // 1
      load(8, 7, 10, -8),              // 2: r7 = ctx
      load(4, 6, 7, 0),                // 3: r6 = ctx->data
      mov64Reg(1, 7),                  // 4
      mov64(2, 0),                     // 5
      callLocal(2),                    // 6: r0 = f(r1)
      aluReg(A64, EBPF_ALU_SUB, 0, 6), // 7
      exitInsn(),                      // 8
      load(4, 0, 1, 4),                // 9: f: r0 = *(u32 *)(r1 + 4)
      exitInsn(),                      // 10
  });
  for (unsigned Opt : OptLevels) {
    SCOPED_TRACE("-O" + std::to_string(Opt));
    std::vector<uint8_t> Packet(60, 0xab);
    ebpf_xdp_md Ctx = xdpContext(Packet);
    llvm::Expected<uint64_t> R0 = run(ProgramType::Xdp, Insns, &Ctx, Opt);
    ASSERT_TRUE(static_cast<bool>(R0)) << llvm::toString(R0.takeError());
    EXPECT_EQ(*R0, 60u);
  }
}

TEST(ContextAccessTest, SocketFilterSkbFields) {
  // cb[0] = len; r0 = len * 1000 + the low half of protocol.
  std::vector<ebpf_insn> Insns = program({
      load(4, 4, 1, 0),                   // r4 = skb->len
      storeReg(4, 1, 4, 48),              // skb->cb[0] = r4
      load(2, 5, 1, 16),                  // r5 = (u16)skb->protocol
      mov64Reg(0, 4),                     //
      aluImm(A64, EBPF_ALU_MUL, 0, 1000), //
      aluReg(A64, EBPF_ALU_ADD, 0, 5),    //
      exitInsn(),
  });
  for (unsigned Opt : OptLevels) {
    SCOPED_TRACE("-O" + std::to_string(Opt));
    ebpf_sk_buff Skb;
    std::memset(&Skb, 0, sizeof(Skb));
    Skb.kernel_fields[0] = 56;         // len
    Skb.kernel_fields[4] = 0x12340008; // protocol
    llvm::Expected<uint64_t> R0 =
        run(ProgramType::SocketFilter, Insns, &Skb, Opt);
    ASSERT_TRUE(static_cast<bool>(R0)) << llvm::toString(R0.takeError());
    EXPECT_EQ(*R0, 56u * 1000 + 0x0008);
    EXPECT_EQ(Skb.kernel_fields[12], 56u); // cb[0] at offset 48
  }
  // Socket filters have no direct packet access, as in the kernel.
  EXPECT_EQ(compileError(ProgramType::SocketFilter,
                         program({load(4, 2, 1, 76), mov64(0, 0), exitInsn()})),
            "ctx.o:socket/prog: insn 0: invalid bpf_context access off=76 "
            "size=4\nnote: context field 'data' of __sk_buff is not available "
            "to socket programs");
}

TEST(ContextAccessTest, TcMetadataAndWritableFields) {
  std::vector<ebpf_insn> Insns = program({
      load(4, 2, 1, 140),              // r2 = skb->data_meta
      load(4, 3, 1, 76),               // r3 = skb->data
      mov64Reg(0, 3),                  //
      aluReg(A64, EBPF_ALU_SUB, 0, 2), // r0 = data - data_meta
      load(8, 4, 1, 152),              // r4 = skb->tstamp
      aluImm(A64, EBPF_ALU_ADD, 4, 1), //
      storeReg(8, 1, 4, 152),          // skb->tstamp = r4
      storeImm(4, 1, 72, 5),           // skb->tc_classid = 5
      exitInsn(),
  });
  for (unsigned Opt : OptLevels) {
    SCOPED_TRACE("-O" + std::to_string(Opt));
    std::vector<uint8_t> Buffer(64, 0);
    ebpf_sk_buff Skb;
    std::memset(&Skb, 0, sizeof(Skb));
    Skb.data_meta = Buffer.data() + 8;
    Skb.data = Buffer.data() + 12;
    Skb.data_end = Buffer.data() + 64;
    uint64_t Tstamp = 0x1122334455667788ull;
    std::memcpy(&Skb.kernel_fields[152 / 4], &Tstamp, 8);
    llvm::Expected<uint64_t> R0 = run(ProgramType::SchedCls, Insns, &Skb, Opt);
    ASSERT_TRUE(static_cast<bool>(R0)) << llvm::toString(R0.takeError());
    EXPECT_EQ(*R0, 4u);
    std::memcpy(&Tstamp, &Skb.kernel_fields[152 / 4], 8);
    EXPECT_EQ(Tstamp, 0x1122334455667789ull);
    EXPECT_EQ(Skb.kernel_fields[72 / 4], 5u);
  }
}

TEST(ContextAccessTest, PointerFieldLoadIsA64BitLoadOfTheNativeField) {
  BpfObject Obj =
      objectOf(ProgramType::Xdp, program({load(4, 0, 1, 4), exitInsn()}));
  CompileOptions Opts;
  Opts.TargetTriple = "x86_64-linux-gnu";
  Opts.Output = OutputKind::LLVMIR;
  llvm::SmallString<0> Text;
  llvm::raw_svector_ostream OS(Text);
  ASSERT_FALSE(static_cast<bool>(compileObject(Obj, Opts, OS)));
  std::string IR(Text.str());
  // data_end lives at offsetof(struct ebpf_xdp_md, data_end) = 6 * 4 + 8,
  // a pointer: one 8-byte load, where the kernel's view has 4 bytes at 4.
  EXPECT_NE(IR.find("ptr %ctx, i64 32"), std::string::npos) << IR;
  EXPECT_NE(IR.find("load i64, ptr"), std::string::npos) << IR;
  EXPECT_EQ(IR.find("load i32"), std::string::npos) << IR;
  EXPECT_EQ(IR.find("inttoptr"), std::string::npos) << IR;
}

//===-- Legacy packet loads -----------------------------------------------===//

/// LD_ABS (Src = -1) or LD_IND of \p Bytes at Src + Imm.
ebpf_insn legacyLoad(unsigned Bytes, int Src, int32_t Imm) {
  unsigned Mode = Src < 0 ? EBPF_MODE_ABS : EBPF_MODE_IND;
  return insn(EBPF_CLS_LD | Mode | sizeField(Bytes), 0, Src < 0 ? 0 : Src, 0,
              Imm);
}

TEST(ContextAccessTest, LegacyPacketLoadsReadBigEndian) {
  // r0 = be16 at 2 + be32 at r7 + 3 (r7 = 1) + the byte at 7, the last one
  // in the packet.
  std::vector<ebpf_insn> Insns = program({
      mov64Reg(6, 1),                  // the context the loads use
      legacyLoad(2, -1, 2),            // r0 = 0x0054
      mov64Reg(8, 0),                  //
      mov64(7, 1),                     //
      legacyLoad(4, 7, 3),             // r0 = 0xaabbccdd
      aluReg(A64, EBPF_ALU_ADD, 8, 0), //
      legacyLoad(1, -1, 7),            // r0 = 0xdd
      aluReg(A64, EBPF_ALU_ADD, 0, 8), //
      exitInsn(),
  });
  for (ProgramType Type : {ProgramType::SocketFilter, ProgramType::SchedCls})
    for (unsigned Opt : OptLevels) {
      SCOPED_TRACE("-O" + std::to_string(Opt));
      std::vector<uint8_t> Packet = {0x45, 0x00, 0x00, 0x54, 0xaa,
                                     0xbb, 0xcc, 0xdd, 0x11};
      ebpf_sk_buff Skb;
      std::memset(&Skb, 0, sizeof(Skb));
      Skb.data = Packet.data();
      Skb.data_end = Packet.data() + 8; // the last byte is outside
      llvm::Expected<uint64_t> R0 = run(Type, Insns, &Skb, Opt);
      ASSERT_TRUE(static_cast<bool>(R0)) << llvm::toString(R0.takeError());
      EXPECT_EQ(*R0, 0x0054u + 0xaabbccddu + 0xdd);
    }
}

TEST(ContextAccessTest, LegacyPacketLoadOutsideThePacketReturnsZero) {
  // Each load is out of bounds: past the end, or a negative LD_IND offset
  // ((s32)(0xffffffff + 1 - 2) = -1); the program returns 0 at once.
  for (std::vector<ebpf_insn> Insns :
       {program({mov64Reg(6, 1), mov64(0, 7), legacyLoad(4, -1, 6), mov64(0, 9),
                 exitInsn()}),
        program({mov64Reg(6, 1), lddw(2, 0xffffffffull), mov64(0, 7),
                 legacyLoad(1, 2, -1), mov64(0, 9), exitInsn()})}) {
    for (unsigned Opt : OptLevels) {
      SCOPED_TRACE("-O" + std::to_string(Opt));
      std::vector<uint8_t> Packet(9, 0xff);
      ebpf_sk_buff Skb;
      std::memset(&Skb, 0, sizeof(Skb));
      Skb.data = Packet.data();
      Skb.data_end = Packet.data() + 9;
      llvm::Expected<uint64_t> R0 =
          run(ProgramType::SocketFilter, Insns, &Skb, Opt);
      ASSERT_TRUE(static_cast<bool>(R0)) << llvm::toString(R0.takeError());
      EXPECT_EQ(*R0, 0u);
    }
  }
}

TEST(ContextAccessTest, LegacyPacketLoadsNeedTheContextInR6) {
  EXPECT_EQ(compileError(ProgramType::SocketFilter,
                         program({legacyLoad(1, -1, 0), exitInsn()})),
            "ctx.o:socket/prog: insn 0: at the time of BPF_LD_ABS|IND R6 != "
            "pointer to skb");
  EXPECT_EQ(
      compileError(ProgramType::Xdp,
                   program({mov64Reg(6, 1), legacyLoad(1, -1, 0), exitInsn()})),
      "ctx.o:xdp/prog: insn 1: legacy packet loads need a socket "
      "filter or tc program, not xdp");
}

//===-- Diagnostics -------------------------------------------------------===//

TEST(ContextAccessTest, AccessThroughMaybeContextIsRejected) {
  // r2 is the context on one path and the stack on the other: one
  // instruction cannot be compiled for both, as the kernel says.
  EXPECT_EQ(
      compileError(ProgramType::Xdp,
                   program({load(4, 3, 1, 12), mov64Reg(2, 1),
                            jmpImm(A64, EBPF_JMP_JEQ, 3, 0, 2), mov64Reg(2, 10),
                            aluImm(A64, EBPF_ALU_ADD, 2, -24),
                            load(4, 0, 2, 16), exitInsn()})),
      "ctx.o:xdp/prog: insn 5: same insn cannot be used with different "
      "pointers");
  // ctx plus a variable, or a constant: the kernel only reads the context
  // through its unmodified pointer.
  EXPECT_EQ(
      compileError(ProgramType::Xdp,
                   program({load(4, 3, 1, 12), aluReg(A64, EBPF_ALU_ADD, 1, 3),
                            load(4, 0, 1, 0), exitInsn()})),
      "ctx.o:xdp/prog: insn 2: dereference of modified ctx ptr R1 off=0 "
      "disallowed");
  EXPECT_EQ(
      compileError(ProgramType::Xdp, program({aluImm(A64, EBPF_ALU_ADD, 1, 4),
                                              load(4, 0, 1, 0), exitInsn()})),
      "ctx.o:xdp/prog: insn 1: dereference of modified ctx ptr R1 off=4 "
      "disallowed");
}

TEST(ContextAccessTest, UnknownContextOffsetsAreRejected) {
  EXPECT_EQ(
      compileError(ProgramType::Xdp, program({load(4, 0, 1, 24), exitInsn()})),
      "ctx.o:xdp/prog: insn 0: invalid bpf_context access off=24 si"
      "ze=4\n"
      "note: context offset 24 is outside xdp_md (24 bytes)");
  EXPECT_EQ(
      compileError(ProgramType::Xdp, program({load(4, 0, 1, -4), exitInsn()})),
      "ctx.o:xdp/prog: insn 0: invalid bpf_context access off=-4 si"
      "ze=4\n"
      "note: context offset -4 is outside xdp_md (24 bytes)");
  EXPECT_EQ(compileError(ProgramType::SchedCls,
                         program({load(1, 0, 1, 182), exitInsn()})),
            "ctx.o:tc/prog: insn 0: invalid bpf_context access off=182 si"
            "ze=1\n"
            "note: context offset 182 is not a field of __sk_buff");
  EXPECT_EQ(
      compileError(ProgramType::Xdp, program({load(2, 0, 1, 12), exitInsn()})),
      "ctx.o:xdp/prog: insn 0: invalid bpf_context access off=12 si"
      "ze=2\n"
      "note: 2-byte load at context offset 12 does not fit context "
      "field 'ingress_ifindex' of xdp_md (4 bytes)");
  EXPECT_EQ(compileError(ProgramType::SocketFilter,
                         program({load(4, 0, 1, 2), exitInsn()})),
            "ctx.o:socket/prog: insn 0: invalid bpf_context access off=2 "
            "size=4\n"
            "note: misaligned 4-byte access at context offset 2");
  EXPECT_EQ(compileError(ProgramType::SocketFilter,
                         program({load(4, 0, 1, 72), exitInsn()})),
            "ctx.o:socket/prog: insn 0: invalid bpf_context access off=72"
            " size=4\n"
            "note: context field 'tc_classid' of __sk_buff is not availab"
            "le to socket programs");
  EXPECT_EQ(compileError(ProgramType::SchedCls,
                         program({load(8, 0, 1, 168), exitInsn()})),
            "ctx.o:tc/prog: insn 0: invalid bpf_context access off=168 si"
            "ze=8\n"
            "note: context field 'sk' of __sk_buff is not supported");
}

TEST(ContextAccessTest, PointerFieldsAreReadWhole) {
  EXPECT_EQ(
      compileError(ProgramType::Xdp, program({load(8, 0, 1, 0), exitInsn()})),
      "ctx.o:xdp/prog: insn 0: invalid bpf_context access off=0 siz"
      "e=8\n"
      "note: 8-byte access to context field 'data' of xdp_md, a pac"
      "ket pointer, which is read with 4-byte loads");
  EXPECT_EQ(compileError(ProgramType::SchedCls,
                         program({load(2, 0, 1, 78), exitInsn()})),
            "ctx.o:tc/prog: insn 0: invalid bpf_context access off=78 siz"
            "e=2\n"
            "note: 2-byte access to context field 'data' of __sk_buff, a "
            "packet pointer, which is read with 4-byte loads");
  EXPECT_EQ(
      compileError(ProgramType::Xdp, program({loadSx(4, 0, 1, 4), exitInsn()})),
      "ctx.o:xdp/prog: insn 0: invalid bpf_context access off=4 siz"
      "e=4\n"
      "note: sign-extending load of context field 'data_end' of xdp"
      "_md, a packet pointer");
}

TEST(ContextAccessTest, StoresToPointerAndReadOnlyFieldsAreRejected) {
  EXPECT_EQ(
      compileError(ProgramType::Xdp,
                   program({mov64(2, 0), storeReg(4, 1, 2, 0), exitInsn()})),
      "ctx.o:xdp/prog: insn 1: invalid bpf_context access off=0 siz"
      "e=4\n"
      "note: store to context field 'data' of xdp_md, a packet poin"
      "ter");
  EXPECT_EQ(compileError(ProgramType::SchedCls,
                         program({storeImm(4, 1, 80, 0), exitInsn()})),
            "ctx.o:tc/prog: insn 0: invalid bpf_context access off=80 siz"
            "e=4\n"
            "note: store to context field 'data_end' of __sk_buff, a pack"
            "et pointer");
  EXPECT_EQ(compileError(ProgramType::Xdp,
                         program({storeImm(4, 1, 16, 0), exitInsn()})),
            "ctx.o:xdp/prog: insn 0: invalid bpf_context access off=16 si"
            "ze=4\n"
            "note: store to read-only context field 'rx_queue_index' of x"
            "dp_md");
  EXPECT_EQ(compileError(ProgramType::SocketFilter,
                         program({storeImm(4, 1, 8, 1), exitInsn()})),
            "ctx.o:socket/prog: insn 0: invalid bpf_context access off=8 "
            "size=4\n"
            "note: store to read-only context field 'mark' of __sk_buff");
  EXPECT_EQ(
      compileError(ProgramType::SchedCls,
                   program({mov64(2, 1), atomic(4, EBPF_ATOMIC_ADD, 1, 2, 48),
                            exitInsn()})),
      "ctx.o:tc/prog: insn 1: BPF_ATOMIC stores into R1 ctx is not "
      "allowed");
}

} // namespace
