//===- ObjectDescriptorTest.cpp - The descriptor a compiled object exports
//-===//
//
// Reads the descriptor of JIT-compiled objects through object.h's C structs
// (so a layout mismatch between the emitted constants and the header shows
// as wrong values) and checks it against the objects' known contents: the
// clang-built test input elf_maps.o, whose maps and global data
// ElfReaderTest checks against its source, and a raw program. Also the
// object names the descriptor symbol derives from.
//
//===----------------------------------------------------------------------===//
#include "InsnBuilder.h"

#include "ebpfc/Compiler.h"
#include "ebpfc/ElfReader.h"
#include "ebpfc/Jit.h"
#include "ebpfc/object.h"
#include "ebpfc/runtime.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace ebpfc;
using namespace ebpfc::test;

namespace {

BpfObject readInput(const std::string &Name) {
  std::string Path = std::string(EBPFC_TEST_INPUTS_DIR) + "/" + Name;
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    ADD_FAILURE() << Path << ": " << Buffer.getError().message();
    return BpfObject();
  }
  llvm::ArrayRef<uint8_t> Bytes(
      reinterpret_cast<const uint8_t *>((*Buffer)->getBufferStart()),
      (*Buffer)->getBufferSize());
  llvm::Expected<BpfObject> Obj = readElfObject(Path, Bytes);
  if (!Obj) {
    ADD_FAILURE() << llvm::toString(Obj.takeError());
    return BpfObject();
  }
  return std::move(*Obj);
}

std::vector<uint8_t> bytesAt(const void *P, size_t N) {
  auto *B = static_cast<const uint8_t *>(P);
  return std::vector<uint8_t>(B, B + N);
}

TEST(ObjectDescriptorTest, ObjectNames) {
  EXPECT_EQ(defaultObjectName("dir/xdp_filter.bpf.o"), "xdp_filter");
  EXPECT_EQ(defaultObjectName("/a/b/xdp-filter.o"), "xdp_filter");
  EXPECT_EQ(defaultObjectName("prog.bpf"), "prog");
  EXPECT_EQ(defaultObjectName("prog.bin"), "prog_bin");
  EXPECT_EQ(defaultObjectName("prog.o.o"), "prog_o");
  EXPECT_EQ(defaultObjectName("1st.o"), "_1st");
  EXPECT_EQ(defaultObjectName("-"), "stdin");
  EXPECT_TRUE(isValidObjectName("xdp_filter"));
  EXPECT_TRUE(isValidObjectName("_1"));
  EXPECT_FALSE(isValidObjectName("1st"));
  EXPECT_FALSE(isValidObjectName("a-b"));
  EXPECT_FALSE(isValidObjectName(""));

  BpfObject Obj;
  Obj.Path = "out/maps.bpf.o";
  CompileOptions Opts;
  EXPECT_EQ(objectName(Obj, Opts), "maps");
  EXPECT_EQ(objectDescriptorSymbol(Obj, Opts), "maps_ebpf_object");
  Opts.SymbolPrefix = "p_";
  EXPECT_EQ(objectDescriptorSymbol(Obj, Opts), "p_maps_ebpf_object");
  Opts.ObjectName = "other";
  EXPECT_EQ(objectDescriptorSymbol(Obj, Opts), "p_other_ebpf_object");
}

TEST(ObjectDescriptorTest, RawProgramsHaveADescriptorToo) {
  BpfObject Obj;
  Obj.Path = "dir/sum.bin";
  Program P;
  P.Name = "sum";
  P.Section = "raw";
  P.Type = ProgramType::Raw;
  P.Insns = program({mov64Reg(0, 2), exitInsn()});
  Obj.Programs.push_back(P);
  llvm::Expected<std::unique_ptr<JitSession>> Session = JitSession::create(Obj);
  ASSERT_TRUE(static_cast<bool>(Session))
      << llvm::toString(Session.takeError());
  llvm::Expected<const ebpf_object_desc *> Desc =
      (*Session)->lookupObjectDescriptor();
  ASSERT_TRUE(static_cast<bool>(Desc)) << llvm::toString(Desc.takeError());
  const ebpf_object_desc &D = **Desc;
  EXPECT_EQ(D.abi_version, uint32_t(EBPF_OBJECT_ABI_VERSION));
  EXPECT_STREQ(D.name, "sum_bin");
  EXPECT_STREQ(D.license, "");
  EXPECT_EQ(D.num_maps, 0u);
  EXPECT_EQ(D.maps, nullptr);
  EXPECT_EQ(D.slots, nullptr);
  ASSERT_EQ(D.num_progs, 1u);
  EXPECT_STREQ(D.progs[0].name, "sum");
  EXPECT_STREQ(D.progs[0].section, "raw");
  EXPECT_EQ(D.progs[0].type, uint32_t(EBPF_PROG_RAW));
  llvm::Expected<void *> Entry = (*Session)->lookup("sum");
  ASSERT_TRUE(static_cast<bool>(Entry)) << llvm::toString(Entry.takeError());
  EXPECT_EQ(reinterpret_cast<void *>(D.progs[0].entry), *Entry);
  // The entry point it names is the program.
  auto Fn = reinterpret_cast<RawProgramFn>(D.progs[0].entry);
  EXPECT_EQ(Fn(nullptr, 42), 42u);
}

TEST(ObjectDescriptorTest, MapsAndGlobalDataOfAClangBuiltObject) {
  BpfObject Obj = readInput("elf_maps.o");
  ASSERT_EQ(Obj.Programs.size(), 3u);
  // The programs call helpers and take a callback's address, which other
  // tests cover; the descriptor's maps do not depend on them.
  Obj.Programs.clear();
  llvm::Expected<std::unique_ptr<JitSession>> Session = JitSession::create(Obj);
  ASSERT_TRUE(static_cast<bool>(Session))
      << llvm::toString(Session.takeError());
  llvm::Expected<const ebpf_object_desc *> Desc =
      (*Session)->lookupObjectDescriptor();
  ASSERT_TRUE(static_cast<bool>(Desc)) << llvm::toString(Desc.takeError());
  const ebpf_object_desc &D = **Desc;
  EXPECT_STREQ(D.name, "elf_maps");
  EXPECT_STREQ(D.license, "GPL");
  EXPECT_EQ(D.num_progs, 0u);

  // elf_maps.c's maps in libbpf's order (legacy, BTF-defined, global data).
  struct Want {
    const char *Name;
    uint32_t Type, KeySize, ValueSize, MaxEntries, Flags;
  } Maps[] = {
      {"legacy_array", EBPF_MAP_ARRAY, 4, 8, 16, 0},
      {"legacy_hash", EBPF_MAP_PERCPU_HASH, 8, 16, 32, 1},
      {"stats", EBPF_MAP_PERCPU_ARRAY, 4, 16, 4, 0},
      {"recent", EBPF_MAP_LRU_HASH, 8, 12, 64, 2},
      {"counts", EBPF_MAP_HASH, 4, 8, 1024, 0},
      {".data", EBPF_MAP_ARRAY, 4, 8, 1, 0},
      {".rodata", EBPF_MAP_ARRAY, 4, 10, 1, 0x80},
      {".data.custom", EBPF_MAP_ARRAY, 4, 4, 1, 0},
      {".rodata.table", EBPF_MAP_ARRAY, 4, 4, 1, 0x80},
      {".bss", EBPF_MAP_ARRAY, 4, 8, 1, 0},
  };
  ASSERT_EQ(D.num_maps, std::size(Maps));
  ASSERT_NE(D.slots, nullptr);
  for (size_t I = 0; I < std::size(Maps); ++I) {
    const ebpf_map_desc &M = D.maps[I];
    SCOPED_TRACE(Maps[I].Name);
    EXPECT_STREQ(M.name, Maps[I].Name);
    EXPECT_EQ(M.type, Maps[I].Type);
    EXPECT_EQ(M.key_size, Maps[I].KeySize);
    EXPECT_EQ(M.value_size, Maps[I].ValueSize);
    EXPECT_EQ(M.max_entries, Maps[I].MaxEntries);
    EXPECT_EQ(M.flags, Maps[I].Flags);
    // Unopened: every slot is empty.
    EXPECT_EQ(D.slots[I].map, nullptr);
    EXPECT_EQ(D.slots[I].value, nullptr);
  }
  for (size_t I = 0; I < 5; ++I)
    EXPECT_EQ(D.maps[I].initial_value, nullptr) << Maps[I].Name;
  // packets_seen = 5; threshold = 100, ports = {22, 80, 443};
  // custom_counter = 7; table = {1, 2, 3, 4}; .bss is all zeros.
  ASSERT_NE(D.maps[5].initial_value, nullptr);
  EXPECT_EQ(bytesAt(D.maps[5].initial_value, 8),
            (std::vector<uint8_t>{5, 0, 0, 0, 0, 0, 0, 0}));
  ASSERT_NE(D.maps[6].initial_value, nullptr);
  EXPECT_EQ(bytesAt(D.maps[6].initial_value, 10),
            (std::vector<uint8_t>{100, 0, 0, 0, 22, 0, 80, 0, 0xbb, 0x01}));
  ASSERT_NE(D.maps[7].initial_value, nullptr);
  EXPECT_EQ(bytesAt(D.maps[7].initial_value, 4),
            (std::vector<uint8_t>{7, 0, 0, 0}));
  ASSERT_NE(D.maps[8].initial_value, nullptr);
  EXPECT_EQ(bytesAt(D.maps[8].initial_value, 4),
            (std::vector<uint8_t>{1, 2, 3, 4}));
  EXPECT_EQ(D.maps[9].initial_value, nullptr);
}

TEST(ObjectDescriptorTest, ProgramsOfAClangBuiltObject) {
  // xdp_count and sock_stats call bpf_map_lookup_elem; they compile once
  // the runtime has the helper for their program types.
  if (!ebpf_find_helper(EBPF_PROG_XDP, 1) ||
      !ebpf_find_helper(EBPF_PROG_SOCKET_FILTER, 1))
    GTEST_SKIP() << "the runtime has no bpf_map_lookup_elem for XDP and "
                    "socket programs";
  BpfObject Obj = readInput("elf_maps.o");
  // xdp_loop takes a callback's address, which is not supported yet.
  llvm::erase_if(Obj.Programs,
                 [](const Program &P) { return P.Name == "xdp_loop"; });
  ASSERT_EQ(Obj.Programs.size(), 2u);
  llvm::Expected<std::unique_ptr<JitSession>> Session = JitSession::create(Obj);
  ASSERT_TRUE(static_cast<bool>(Session))
      << llvm::toString(Session.takeError());
  llvm::Expected<const ebpf_object_desc *> Desc =
      (*Session)->lookupObjectDescriptor();
  ASSERT_TRUE(static_cast<bool>(Desc)) << llvm::toString(Desc.takeError());
  const ebpf_object_desc &D = **Desc;
  ASSERT_EQ(D.num_progs, 2u);
  EXPECT_STREQ(D.progs[0].name, "xdp_count");
  EXPECT_STREQ(D.progs[0].section, "xdp");
  EXPECT_EQ(D.progs[0].type, uint32_t(EBPF_PROG_XDP));
  EXPECT_STREQ(D.progs[1].name, "sock_stats");
  EXPECT_STREQ(D.progs[1].section, "socket");
  EXPECT_EQ(D.progs[1].type, uint32_t(EBPF_PROG_SOCKET_FILTER));
  for (unsigned I = 0; I < 2; ++I) {
    llvm::Expected<void *> Entry = (*Session)->lookup(D.progs[I].name);
    ASSERT_TRUE(static_cast<bool>(Entry)) << llvm::toString(Entry.takeError());
    EXPECT_EQ(reinterpret_cast<void *>(D.progs[I].entry), *Entry);
  }
}

#ifdef EBPFC_HAVE_RUNTIME_OBJECTS
TEST(ObjectDescriptorTest, OpenedObjectRunsItsPrograms) {
  // elf_maps.c's xdp_count and sock_stats, JIT-compiled, on the maps the
  // runtime creates from the descriptor. Expected values from the source:
  // xdp_count with ingress_ifindex 3 and rx_queue_index 101 adds 1 to
  // counts[3] (set to 10 first) and to packets_seen (5), 1 to drops (101 is
  // above threshold, 100) and ports[101 % 3] = 443 to static_total, and
  // returns XDP_PASS (2). sock_stats with len 6 and protocol 3 counts
  // one packet of 6 bytes in stats[6 & 3], adds table[2] = 3 to
  // custom_counter (7) and returns 1, as counts has key 3.
  BpfObject Obj = readInput("elf_maps.o");
  llvm::erase_if(Obj.Programs,
                 [](const Program &P) { return P.Name == "xdp_loop"; });
  llvm::Expected<std::unique_ptr<JitSession>> Session = JitSession::create(Obj);
  ASSERT_TRUE(static_cast<bool>(Session))
      << llvm::toString(Session.takeError());
  llvm::Expected<const ebpf_object_desc *> Desc =
      (*Session)->lookupObjectDescriptor();
  ASSERT_TRUE(static_cast<bool>(Desc)) << llvm::toString(Desc.takeError());
  ebpf_object_opts Opts = {};
  ebpf_object *Open = nullptr;
  ASSERT_EQ(ebpf_object_open(*Desc, &Opts, &Open), 0);
  auto Lookup = [&](const char *Map, uint32_t Key, void *Value) {
    return ebpf_map_lookup(ebpf_object_find_map(Open, Map), &Key, Value);
  };

  uint32_t Key = 3;
  uint64_t Count = 10;
  ASSERT_EQ(ebpf_map_update(ebpf_object_find_map(Open, "counts"), &Key, &Count,
                            EBPF_ANY),
            0);
  llvm::Expected<void *> XdpCount = (*Session)->lookup("xdp_count");
  ASSERT_TRUE(static_cast<bool>(XdpCount))
      << llvm::toString(XdpCount.takeError());
  ebpf_xdp_md Xdp;
  std::memset(&Xdp, 0, sizeof(Xdp));
  Xdp.kernel_fields[3] = 3;   // ingress_ifindex
  Xdp.kernel_fields[4] = 101; // rx_queue_index
  EXPECT_EQ(reinterpret_cast<uint64_t (*)(void *)>(*XdpCount)(&Xdp), 2u);
  ASSERT_EQ(Lookup("counts", 3, &Count), 0);
  EXPECT_EQ(Count, 11u);
  uint8_t Data[8], Bss[8];
  ASSERT_EQ(Lookup(".data", 0, Data), 0);
  EXPECT_EQ(bytesAt(Data, 8), (std::vector<uint8_t>{6, 0, 0, 0, 0, 0, 0, 0}));
  ASSERT_EQ(Lookup(".bss", 0, Bss), 0);
  EXPECT_EQ(bytesAt(Bss, 8), (std::vector<uint8_t>{1, 0, 0, 0, 0xbb, 1, 0, 0}));

  llvm::Expected<void *> SockStats = (*Session)->lookup("sock_stats");
  ASSERT_TRUE(static_cast<bool>(SockStats))
      << llvm::toString(SockStats.takeError());
  ebpf_sk_buff Skb;
  std::memset(&Skb, 0, sizeof(Skb));
  Skb.kernel_fields[0] = 6; // len
  Skb.kernel_fields[4] = 3; // protocol
  EXPECT_EQ(reinterpret_cast<uint64_t (*)(void *)>(*SockStats)(&Skb), 1u);
  uint64_t Pair[2];
  ASSERT_EQ(Lookup("stats", 2, Pair), 0);
  EXPECT_EQ(Pair[0], 1u);
  EXPECT_EQ(Pair[1], 6u);
  uint8_t Custom[4];
  ASSERT_EQ(Lookup(".data.custom", 0, Custom), 0);
  EXPECT_EQ(bytesAt(Custom, 4), (std::vector<uint8_t>{10, 0, 0, 0}));
  ebpf_object_close(Open);
}
#endif

TEST(ObjectDescriptorTest, PrefixedDescriptorInTheObjectFile) {
  BpfObject Obj = readInput("elf_maps.o");
  Obj.Programs.clear();
  CompileOptions Opts;
  Opts.TargetTriple = "x86_64-linux-gnu";
  Opts.Output = OutputKind::LLVMIR;
  Opts.SymbolPrefix = "p_";
  llvm::SmallString<0> Text;
  llvm::raw_svector_ostream OS(Text);
  ASSERT_FALSE(static_cast<bool>(compileObject(Obj, Opts, OS)));
  std::string IR(Text.str());
  EXPECT_NE(IR.find("@p_elf_maps_ebpf_object = "), std::string::npos) << IR;
  // Everything else the descriptor points at is internal or private.
  EXPECT_NE(IR.find("@ebpf.map_slots = internal global [10 x { ptr, ptr }] "
                    "zeroinitializer"),
            std::string::npos)
      << IR;
  EXPECT_NE(IR.find("@ebpf.map_descs = internal constant"), std::string::npos)
      << IR;
}

} // namespace
