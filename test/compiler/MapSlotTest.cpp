//===- MapSlotTest.cpp - Map and global data references through slots -----===//
//
// lddw of a map (EBPF_PSEUDO_MAP_IDX) loads the map's handle from the
// object's slot array, and lddw of an address in a map's value
// (EBPF_PSEUDO_MAP_IDX_VALUE) the value's address plus the offset
// (ebpfc/object.h). The tests fill the slots of a JIT-compiled object by
// hand, through its descriptor, with a fake handle and a value buffer, and
// check what programs read and write; helper 5 of raw programs (identity)
// shows the handle reaching a helper as its 64-bit argument.
//
//===----------------------------------------------------------------------===//
#include "InsnBuilder.h"

#include "ebpfc/Compiler.h"
#include "ebpfc/Jit.h"
#include "ebpfc/object.h"
#include "ebpfc/runtime.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cstring>
#include <regex>

using namespace ebpfc;
using namespace ebpfc::test;

namespace {

constexpr unsigned OptLevels[] = {0, 2};

/// lddw Dst, map Index
std::vector<ebpf_insn> lddwMap(unsigned Dst, uint32_t Index) {
  return lddw(Dst, Index, EBPF_PSEUDO_MAP_IDX);
}
/// lddw Dst, &value of map Index + Offset
std::vector<ebpf_insn> lddwMapValue(unsigned Dst, uint32_t Index,
                                    uint32_t Offset) {
  return lddw(Dst, uint64_t(Offset) << 32 | Index, EBPF_PSEUDO_MAP_IDX_VALUE);
}

/// A raw program with two maps: "counts" (hash) and ".data" (16 bytes).
BpfObject objectWithMaps(std::vector<ebpf_insn> Insns) {
  BpfObject Obj;
  Obj.Path = "maps.o";
  Program P;
  P.Name = "prog";
  P.Section = "raw";
  P.Type = ProgramType::Raw;
  P.Insns = std::move(Insns);
  Obj.Programs.push_back(std::move(P));
  MapDefinition Counts;
  Counts.Name = "counts";
  Counts.Section = ".maps";
  Counts.Type = MapType::Hash;
  Counts.KeySize = 4;
  Counts.ValueSize = 8;
  Counts.MaxEntries = 16;
  Obj.Maps.push_back(Counts);
  MapDefinition Data;
  Data.Name = Data.Section = ".data";
  Data.Kind = MapKind::GlobalData;
  Data.Type = MapType::Array;
  Data.KeySize = 4;
  Data.ValueSize = 16;
  Data.MaxEntries = 1;
  Data.InitialValue = {1, 0, 0, 0, 0x78, 0x56, 0x34, 0x12,
                       0, 0, 0, 0, 0,    0,    0,    0};
  Obj.Maps.push_back(Data);
  return Obj;
}

/// The slots a test fills in by hand, the way ebpf_object_open() would.
struct FakeSlots {
  alignas(8) uint8_t Value[16] = {};
  ebpf_map *Handle = reinterpret_cast<ebpf_map *>(uintptr_t(0x5eed0000));
};

/// JIT-compiles \p Obj, points its slots at \p Fake and runs its program.
llvm::Expected<uint64_t> runWithSlots(BpfObject Obj, FakeSlots &Fake,
                                      unsigned OptLevel) {
  llvm::Expected<std::unique_ptr<JitSession>> Session =
      JitSession::create(Obj, OptLevel);
  if (!Session)
    return Session.takeError();
  llvm::Expected<const ebpf_object_desc *> Desc =
      (*Session)->lookupObjectDescriptor();
  if (!Desc)
    return Desc.takeError();
  if ((*Desc)->num_maps != 2)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "expected 2 maps");
  (*Desc)->slots[0].map = Fake.Handle;
  (*Desc)->slots[1].value = Fake.Value;
  llvm::Expected<RawProgramFn> Fn = (*Session)->lookupRaw("prog");
  if (!Fn)
    return Fn.takeError();
  return (*Fn)(nullptr, 0);
}

std::string compile(BpfObject Obj, OutputKind Kind) {
  CompileOptions Opts;
  Opts.TargetTriple = "x86_64-linux-gnu";
  Opts.Output = Kind;
  llvm::SmallString<0> Text;
  llvm::raw_svector_ostream OS(Text);
  if (llvm::Error E = compileObject(Obj, Opts, OS))
    return "error: " + llvm::toString(std::move(E));
  return std::string(Text.str());
}

TEST(MapSlotTest, GlobalVariableIsReadThroughTheValueSlot) {
  // r0 = *(u32 *)(&.data + 4)
  for (unsigned Opt : OptLevels) {
    SCOPED_TRACE("-O" + std::to_string(Opt));
    FakeSlots Fake;
    uint32_t Want = 0xdeadbeef;
    std::memcpy(Fake.Value + 4, &Want, 4);
    llvm::Expected<uint64_t> R0 =
        runWithSlots(objectWithMaps(program({lddwMapValue(1, 1, 4),
                                             load(4, 0, 1, 0), exitInsn()})),
                     Fake, Opt);
    ASSERT_TRUE(static_cast<bool>(R0)) << llvm::toString(R0.takeError());
    EXPECT_EQ(*R0, Want);
  }
}

TEST(MapSlotTest, GlobalVariableIsWrittenThroughTheValueSlot) {
  // *(u64 *)(&.data + 8) += 5; r0 = the address written
  for (unsigned Opt : OptLevels) {
    SCOPED_TRACE("-O" + std::to_string(Opt));
    FakeSlots Fake;
    Fake.Value[8] = 10;
    llvm::Expected<uint64_t> R0 =
        runWithSlots(objectWithMaps(program(
                         {lddwMapValue(1, 1, 8), load(8, 2, 1, 0),
                          aluImm(true, EBPF_ALU_ADD, 2, 5),
                          storeReg(8, 1, 2, 0), mov64Reg(0, 1), exitInsn()})),
                     Fake, Opt);
    ASSERT_TRUE(static_cast<bool>(R0)) << llvm::toString(R0.takeError());
    EXPECT_EQ(*R0, reinterpret_cast<uintptr_t>(Fake.Value + 8));
    EXPECT_EQ(Fake.Value[8], 15);
  }
}

TEST(MapSlotTest, MapHandleReachesHelpersAsI64) {
  // r1 = map 0; r0 = identity(r1)
  std::vector<ebpf_insn> Insns =
      program({lddwMap(1, 0), callHelper(5), exitInsn()});
  for (unsigned Opt : OptLevels) {
    SCOPED_TRACE("-O" + std::to_string(Opt));
    FakeSlots Fake;
    llvm::Expected<uint64_t> R0 =
        runWithSlots(objectWithMaps(Insns), Fake, Opt);
    ASSERT_TRUE(static_cast<bool>(R0)) << llvm::toString(R0.takeError());
    EXPECT_EQ(*R0, reinterpret_cast<uintptr_t>(Fake.Handle));
  }
  // In the IR: the handle is loaded from slot 0 (the slot array's start)
  // and passed on as an integer.
  std::string IR = compile(objectWithMaps(Insns), OutputKind::LLVMIR);
  std::smatch M;
  ASSERT_TRUE(std::regex_search(
      IR, M, std::regex(R"((%[0-9]+) = load ptr, ptr @ebpf.map_slots, align)")))
      << IR;
  std::string Handle = M[1];
  ASSERT_TRUE(std::regex_search(
      IR, M, std::regex("(%[0-9]+) = ptrtoint ptr " + Handle + " to i64")))
      << IR;
  EXPECT_NE(
      IR.find("call i64 @ebpf_raw_helper_identity(i64 " + std::string(M[1])),
      std::string::npos)
      << IR;
}

TEST(MapSlotTest, MapHandleReachesMapHelpers) {
  if (!ebpf_find_helper(EBPF_PROG_XDP, 1))
    GTEST_SKIP() << "the runtime has no bpf_map_lookup_elem for XDP";
  // An XDP program: *(u32 *)(r10 - 4) = 0; r0 = lookup(map 0, r10 - 4).
  BpfObject Obj = objectWithMaps(
      program({storeImm(4, 10, -4, 0), lddwMap(1, 0), mov64Reg(2, 10),
               aluImm(true, EBPF_ALU_ADD, 2, -4), callHelper(1), exitInsn()}));
  Obj.Programs[0].Type = ProgramType::Xdp;
  Obj.Programs[0].Section = "xdp";
  std::string IR = compile(Obj, OutputKind::LLVMIR);
  std::smatch M;
  ASSERT_TRUE(std::regex_search(
      IR, M, std::regex(R"((%[0-9]+) = load ptr, ptr @ebpf.map_slots, align)")))
      << IR;
  std::string Handle = M[1];
  ASSERT_TRUE(std::regex_search(
      IR, M, std::regex("(%[0-9]+) = ptrtoint ptr " + Handle + " to i64")))
      << IR;
  EXPECT_TRUE(std::regex_search(
      IR, std::regex("call i64 @" +
                     std::string(ebpf_find_helper(EBPF_PROG_XDP, 1)->symbol) +
                     "\\(i64 " + std::string(M[1]) + ",")))
      << IR;
}

TEST(MapSlotTest, BadReferencesAreDiagnosed) {
  EXPECT_EQ(compile(objectWithMaps(program({lddwMap(1, 2), exitInsn()})),
                    OutputKind::Object),
            "error: maps.o:raw/prog: insn 0: map index 2 is out of range (the "
            "object has 2 maps)");
  EXPECT_EQ(
      compile(objectWithMaps(program({lddwMapValue(1, 0, 0), exitInsn()})),
              OutputKind::Object),
      "error: maps.o:raw/prog: insn 0: lddw of an address in map 'counts' "
      "needs an array map, not hash");
  EXPECT_EQ(
      compile(objectWithMaps(program({lddwMapValue(1, 1, 16), exitInsn()})),
              OutputKind::Object),
      "error: maps.o:raw/prog: insn 0: offset 16 is outside the value of map "
      "'.data' (16 bytes)");
  // lddw r1, &callback (at 3); exit; callback: r0 = 0; exit. A function's
  // address is a value (for bpf_loop); the entry's exit without r0 is
  // what is wrong.
  EXPECT_EQ(
      compile(objectWithMaps(program({lddw(1, 2, EBPF_PSEUDO_FUNC), exitInsn(),
                                      mov64(0, 0), exitInsn()})),
              OutputKind::Object),
      "error: maps.o:raw/prog: insn 2: R0 !read_ok");
}

#ifdef EBPFC_HAVE_RUNTIME_OBJECTS
TEST(MapSlotTest, OpenedObjectServesInitialValues) {
  // With the runtime's ebpf_object_open() filling the slots: the program
  // reads .data's initial value at 4 and writes 9 at 8, and the host sees
  // both.
  BpfObject Obj =
      objectWithMaps(program({lddwMapValue(1, 1, 4), load(4, 0, 1, 0),
                              storeImm(4, 1, 4, 9), exitInsn()}));
  llvm::Expected<std::unique_ptr<JitSession>> Session = JitSession::create(Obj);
  ASSERT_TRUE(static_cast<bool>(Session))
      << llvm::toString(Session.takeError());
  llvm::Expected<const ebpf_object_desc *> Desc =
      (*Session)->lookupObjectDescriptor();
  ASSERT_TRUE(static_cast<bool>(Desc)) << llvm::toString(Desc.takeError());
  ebpf_object_opts Opts = {};
  ebpf_object *Open = nullptr;
  ASSERT_EQ(ebpf_object_open(*Desc, &Opts, &Open), 0);
  ASSERT_NE((*Desc)->slots[1].value, nullptr);
  EXPECT_EQ((*Desc)->slots[0].map, ebpf_object_find_map(Open, "counts"));
  llvm::Expected<RawProgramFn> Fn = (*Session)->lookupRaw("prog");
  ASSERT_TRUE(static_cast<bool>(Fn)) << llvm::toString(Fn.takeError());
  EXPECT_EQ((*Fn)(nullptr, 0), 0x12345678u);
  uint32_t Key = 0;
  uint8_t Value[16];
  ASSERT_EQ(ebpf_map_lookup(ebpf_object_find_map(Open, ".data"), &Key, Value),
            0);
  EXPECT_EQ(Value[0], 1);
  EXPECT_EQ(Value[4], 0x78);
  EXPECT_EQ(Value[8], 9);
  ebpf_object_close(Open);
}
#endif

} // namespace
