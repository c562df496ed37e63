//===- ElfReaderTest.cpp - Tests of the BPF ELF object reader -------------===//
//
// The inputs are C programs under test/inputs, compiled by clang at build
// time. The expected instructions, names and call offsets were derived by
// hand from `llvm-objdump-19 -dr` of the same objects: subprograms are laid
// out depth first in call order (libbpf's layout) and each call's imm is
// (callee start) - (call index + 1) in the linked vector.
//
// Malformed inputs are made by corrupting a valid object's bytes; the
// structures are located with the ELF definitions of <elf.h>, independently
// of the reader. Line information is checked against the source files.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/ElfReader.h"

#include "gtest/gtest.h"

#include <elf.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

using namespace ebpfc;

namespace {

std::vector<uint8_t> readInput(const std::string &Name) {
  std::string Path = std::string(EBPFC_TEST_INPUTS_DIR) + "/" + Name;
  std::ifstream In(Path, std::ios::binary);
  EXPECT_TRUE(In) << "cannot open " << Path;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(In), {});
}

/// The 1-based number and text of the first line of test input SOURCE that
/// contains NEEDLE.
std::pair<uint32_t, std::string> sourceLine(const std::string &Source,
                                            const std::string &Needle) {
  std::ifstream In(std::string(EBPFC_TEST_INPUTS_SOURCE_DIR) + "/" + Source);
  std::string Line;
  for (uint32_t Number = 1; std::getline(In, Line); ++Number)
    if (Line.find(Needle) != std::string::npos)
      return {Number, Line};
  ADD_FAILURE() << Needle << " not found in " << Source;
  return {0, ""};
}

BpfObject readOk(const std::vector<uint8_t> &Bytes,
                 const std::string &Path = "test.o") {
  llvm::Expected<BpfObject> Obj = readElfObject(Path, Bytes);
  if (!Obj) {
    ADD_FAILURE() << llvm::toString(Obj.takeError());
    return BpfObject();
  }
  return std::move(*Obj);
}

std::string readError(const std::vector<uint8_t> &Bytes) {
  llvm::Expected<BpfObject> Obj = readElfObject("bad.o", Bytes);
  if (Obj) {
    ADD_FAILURE() << "malformed object was accepted";
    return "";
  }
  return llvm::toString(Obj.takeError());
}

const Program *findProgram(const BpfObject &Obj, const std::string &Name) {
  for (const Program &P : Obj.Programs)
    if (P.Name == Name)
      return &P;
  ADD_FAILURE() << "no program " << Name;
  return nullptr;
}

// Raw access to an object's headers, for corrupting them.
template <typename T> T load(const std::vector<uint8_t> &B, size_t Off) {
  T V;
  EXPECT_LE(Off + sizeof(T), B.size());
  std::memcpy(&V, B.data() + Off, sizeof(T));
  return V;
}
template <typename T>
void store(std::vector<uint8_t> &B, size_t Off, const T &V) {
  ASSERT_LE(Off + sizeof(T), B.size());
  std::memcpy(B.data() + Off, &V, sizeof(T));
}

Elf64_Ehdr header(const std::vector<uint8_t> &B) {
  return load<Elf64_Ehdr>(B, 0);
}
size_t sectionHeaderOffset(const std::vector<uint8_t> &B, size_t Index) {
  return header(B).e_shoff + Index * sizeof(Elf64_Shdr);
}
Elf64_Shdr sectionHeader(const std::vector<uint8_t> &B, size_t Index) {
  return load<Elf64_Shdr>(B, sectionHeaderOffset(B, Index));
}
std::string sectionName(const std::vector<uint8_t> &B, size_t Index) {
  Elf64_Shdr Names = sectionHeader(B, header(B).e_shstrndx);
  return reinterpret_cast<const char *>(B.data() + Names.sh_offset +
                                        sectionHeader(B, Index).sh_name);
}
size_t findSection(const std::vector<uint8_t> &B, const std::string &Name) {
  for (size_t I = 1; I < header(B).e_shnum; ++I)
    if (sectionName(B, I) == Name)
      return I;
  ADD_FAILURE() << "no section " << Name;
  return 0;
}
/// File offset of the symbol table entry named NAME.
size_t findSymbol(const std::vector<uint8_t> &B, const std::string &Name) {
  size_t Symtab = findSection(B, ".symtab");
  Elf64_Shdr H = sectionHeader(B, Symtab);
  Elf64_Shdr Strings = sectionHeader(B, H.sh_link);
  for (size_t Off = H.sh_offset; Off < H.sh_offset + H.sh_size;
       Off += sizeof(Elf64_Sym)) {
    Elf64_Sym S = load<Elf64_Sym>(B, Off);
    if (Name == reinterpret_cast<const char *>(B.data() + Strings.sh_offset +
                                               S.st_name))
      return Off;
  }
  ADD_FAILURE() << "no symbol " << Name;
  return 0;
}

// An instruction as llvm-objdump prints its bytes: opcode, regs, offset, imm.
void expectInsn(const ebpf_insn &I, uint8_t Opcode, uint8_t Regs,
                int16_t Offset, int32_t Imm) {
  EXPECT_EQ(I.opcode, Opcode);
  EXPECT_EQ(I.regs, Regs);
  EXPECT_EQ(I.offset, Offset);
  EXPECT_EQ(I.imm, Imm);
}
void expectLocalCall(const Program &P, size_t Pc, int32_t Imm) {
  ASSERT_LT(Pc, P.Insns.size());
  SCOPED_TRACE(P.Name + " insn " + std::to_string(Pc));
  expectInsn(P.Insns[Pc], 0x85, 0x10, 0, Imm);
}
// The first instructions of the two .text functions of elf_calls.c.
void expectMixAt(const Program &P, size_t Start) {
  SCOPED_TRACE(P.Name + ": mix at " + std::to_string(Start));
  ASSERT_LE(Start + 5, P.Insns.size());
  expectInsn(P.Insns[Start], 0xbf, 0x12, 0, 0);     // r2 = r1
  expectInsn(P.Insns[Start + 1], 0x07, 0x02, 0, 7); // r2 += 7
  expectInsn(P.Insns[Start + 3], 0xa7, 0x00, 0, 5); // r0 ^= 5
  expectInsn(P.Insns[Start + 4], 0x95, 0x00, 0, 0); // exit
}
void expectScaleAt(const Program &P, size_t Start) {
  SCOPED_TRACE(P.Name + ": scale at " + std::to_string(Start));
  ASSERT_LE(Start + 4, P.Insns.size());
  expectInsn(P.Insns[Start], 0xbf, 0x10, 0, 0);     // r0 = r1
  expectInsn(P.Insns[Start + 1], 0x27, 0x00, 0, 3); // r0 *= 3
  expectInsn(P.Insns[Start + 2], 0x0f, 0x20, 0, 0); // r0 += r2
  expectInsn(P.Insns[Start + 3], 0x95, 0x00, 0, 0); // exit
}

class ElfCallsTest : public ::testing::Test {
protected:
  void SetUp() override { Bytes = readInput("elf_calls.o"); }
  std::vector<uint8_t> Bytes;
};

TEST_F(ElfCallsTest, FindsProgramsInSectionOrder) {
  BpfObject Obj = readOk(Bytes, "elf_calls.o");
  EXPECT_EQ(Obj.Path, "elf_calls.o");
  EXPECT_EQ(Obj.License, "Dual BSD/GPL");
  ASSERT_EQ(Obj.Programs.size(), 5u);
  struct Expected {
    const char *Name, *Section;
    ProgramType Type;
  } Want[] = {
      {"xdp_mix", "xdp", ProgramType::Xdp},
      {"xdp_drop", "xdp", ProgramType::Xdp},
      {"sock_len", "socket", ProgramType::SocketFilter},
      {"tc_mark", "tc", ProgramType::SchedCls},
      {"cls_plain", "classifier/ingress", ProgramType::SchedCls},
  };
  for (size_t I = 0; I < std::size(Want); ++I) {
    EXPECT_EQ(Obj.Programs[I].Name, Want[I].Name);
    EXPECT_EQ(Obj.Programs[I].Section, Want[I].Section);
    EXPECT_EQ(Obj.Programs[I].Type, Want[I].Type) << Want[I].Name;
  }
}

TEST_F(ElfCallsTest, ProgramWithoutCallsIsCopied) {
  BpfObject Obj = readOk(Bytes);
  const Program *Drop = findProgram(Obj, "xdp_drop");
  ASSERT_TRUE(Drop);
  ASSERT_EQ(Drop->Insns.size(), 2u);
  expectInsn(Drop->Insns[0], 0xb7, 0x00, 0, 1); // r0 = XDP_DROP
  expectInsn(Drop->Insns[1], 0x95, 0x00, 0, 0);

  const Program *Cls = findProgram(Obj, "cls_plain");
  ASSERT_TRUE(Cls);
  ASSERT_EQ(Cls->Insns.size(), 5u);
  expectInsn(Cls->Insns[2], 0x25, 0x01, 1, 100); // if r1 > 100 goto +1
}

// xdp_mix (4 insns) calls the global mix through its symbol (imm -1); mix
// calls the static scale inside .text without a relocation.
TEST_F(ElfCallsTest, AppendsGlobalAndStaticTextFunctions) {
  BpfObject Obj = readOk(Bytes);
  const Program *P = findProgram(Obj, "xdp_mix");
  ASSERT_TRUE(P);
  ASSERT_EQ(P->Insns.size(), 4u + 5u + 4u);
  expectInsn(P->Insns[0], 0x61, 0x11, 12, 0); // r1 = ingress_ifindex
  expectLocalCall(*P, 1, 4 - 2);              // mix at 4
  expectMixAt(*P, 4);
  expectLocalCall(*P, 6, 9 - 7); // scale at 9
  expectScaleAt(*P, 9);
}

// sock_len (socket insns 4..11) calls the static twice at the start of its
// own section (unrelocated, imm -7), then mix. twice calls scale through the
// .text section symbol (imm 4 = scale's index 5 minus one). Depth first:
// twice at 8, scale at 12, mix at 16.
TEST_F(ElfCallsTest, AppendsSameSectionFunctionDepthFirst) {
  BpfObject Obj = readOk(Bytes);
  const Program *P = findProgram(Obj, "sock_len");
  ASSERT_TRUE(P);
  ASSERT_EQ(P->Insns.size(), 8u + 4u + 4u + 5u);
  expectInsn(P->Insns[0], 0xbf, 0x16, 0, 0); // r6 = r1
  expectLocalCall(*P, 2, 8 - 3);             // twice
  expectLocalCall(*P, 5, 16 - 6);            // mix
  expectInsn(P->Insns[8], 0xbf, 0x12, 0, 0); // twice: r2 = r1
  expectLocalCall(*P, 9, 12 - 10);           // twice -> scale
  expectInsn(P->Insns[10], 0x07, 0x00, 0, 1);
  expectScaleAt(*P, 12);
  expectMixAt(*P, 16);
  expectLocalCall(*P, 18, 12 - 19); // mix -> scale, placed once
}

// tc_mark calls mix (symbol) and scale (section symbol, imm 4); mix's own
// call to scale reuses the copy placed while following mix.
TEST_F(ElfCallsTest, SharesSubprogramsCalledTwice) {
  BpfObject Obj = readOk(Bytes);
  const Program *P = findProgram(Obj, "tc_mark");
  ASSERT_TRUE(P);
  ASSERT_EQ(P->Insns.size(), 9u + 5u + 4u);
  expectLocalCall(*P, 2, 9 - 3);
  expectMixAt(*P, 9);
  expectLocalCall(*P, 11, 14 - 12);
  expectScaleAt(*P, 14);
  expectLocalCall(*P, 6, 14 - 7);
}

TEST_F(ElfCallsTest, ProgramTypesFollowLibbpfSectionNames) {
  EXPECT_EQ(programTypeForSection("xdp"), ProgramType::Xdp);
  EXPECT_EQ(programTypeForSection("xdp/devmap"), ProgramType::Xdp);
  EXPECT_EQ(programTypeForSection("xdp.frags"), ProgramType::Xdp);
  EXPECT_EQ(programTypeForSection("socket"), ProgramType::SocketFilter);
  EXPECT_EQ(programTypeForSection("socket/x"), ProgramType::SocketFilter);
  EXPECT_EQ(programTypeForSection("tc"), ProgramType::SchedCls);
  EXPECT_EQ(programTypeForSection("tc/ingress"), ProgramType::SchedCls);
  EXPECT_EQ(programTypeForSection("classifier"), ProgramType::SchedCls);
  EXPECT_EQ(programTypeForSection("tcx/egress"), ProgramType::SchedCls);
  EXPECT_EQ(programTypeForSection("raw"), ProgramType::Raw);
  EXPECT_EQ(programTypeForSection("raw/mem"), ProgramType::Raw);
  EXPECT_EQ(programTypeForSection("xdpfoo"), std::nullopt);
  EXPECT_EQ(programTypeForSection("kprobe/foo"), std::nullopt);
  EXPECT_EQ(programTypeForSection("tcx"), std::nullopt);
  EXPECT_EQ(programTypeForSection(""), std::nullopt);
}

TEST_F(ElfCallsTest, RecognizesElfMagic) {
  EXPECT_TRUE(isElfObject(Bytes));
  EXPECT_FALSE(isElfObject(std::vector<uint8_t>{0x7f, 'E', 'L'}));
  EXPECT_FALSE(isElfObject(std::vector<uint8_t>(64, 0xb7)));
}

//===-- Malformed objects -------------------------------------------------===//

TEST_F(ElfCallsTest, RejectsEveryTruncation) {
  // The section header table is at the end of clang's objects, so no proper
  // prefix is a valid object.
  for (size_t Size = 0; Size < Bytes.size(); ++Size) {
    std::vector<uint8_t> Prefix(Bytes.begin(), Bytes.begin() + Size);
    llvm::Expected<BpfObject> Obj = readElfObject("cut.o", Prefix);
    ASSERT_FALSE(Obj) << "prefix of " << Size << " bytes accepted";
    std::string Message = llvm::toString(Obj.takeError());
    ASSERT_EQ(Message.rfind("cut.o: ", 0), 0u) << Message;
  }
}

TEST_F(ElfCallsTest, RejectsWrongKindsOfElf) {
  std::vector<uint8_t> B = Bytes;
  B[EI_CLASS] = ELFCLASS32;
  EXPECT_EQ(readError(B), "bad.o: not a 64-bit ELF object");
  B = Bytes;
  B[EI_DATA] = ELFDATA2MSB;
  EXPECT_NE(readError(B).find("not a little-endian ELF object"),
            std::string::npos);
  B = Bytes;
  store<uint16_t>(B, offsetof(Elf64_Ehdr, e_machine), EM_X86_64);
  EXPECT_EQ(readError(B), "bad.o: not a BPF object (e_machine 62)");
  B = Bytes;
  store<uint16_t>(B, offsetof(Elf64_Ehdr, e_type), ET_EXEC);
  EXPECT_EQ(readError(B), "bad.o: not a relocatable object (e_type 2)");
  B = Bytes;
  B[0] = 0;
  EXPECT_EQ(readError(B), "bad.o: not an ELF object");
}

TEST_F(ElfCallsTest, RejectsSectionTableOutsideFile) {
  std::vector<uint8_t> B = Bytes;
  store<uint64_t>(B, offsetof(Elf64_Ehdr, e_shoff), B.size() - 8);
  EXPECT_NE(readError(B).find("section header table"), std::string::npos);
  store<uint64_t>(B, offsetof(Elf64_Ehdr, e_shoff), ~uint64_t(0) - 100);
  EXPECT_NE(readError(B).find("section header table"), std::string::npos);
  B = Bytes;
  store<uint16_t>(B, offsetof(Elf64_Ehdr, e_shnum), 0xfff0);
  EXPECT_NE(readError(B).find("bad.o: "), std::string::npos);
  B = Bytes;
  store<uint16_t>(B, offsetof(Elf64_Ehdr, e_shstrndx), 0x7000);
  EXPECT_NE(readError(B).find("bad.o: "), std::string::npos);
}

TEST_F(ElfCallsTest, RejectsSectionContentsOutsideFile) {
  std::vector<uint8_t> B = Bytes;
  size_t Xdp = findSection(B, "xdp");
  size_t Hdr = sectionHeaderOffset(B, Xdp);
  store<uint64_t>(B, Hdr + offsetof(Elf64_Shdr, sh_offset), B.size() - 8);
  EXPECT_NE(readError(B).find("section 'xdp': contents"), std::string::npos);
  B = Bytes;
  store<uint64_t>(B, Hdr + offsetof(Elf64_Shdr, sh_size), ~uint64_t(0) - 7);
  EXPECT_NE(readError(B).find("section 'xdp': contents"), std::string::npos);
}

TEST_F(ElfCallsTest, RejectsSectionSizeNotMultipleOfInsn) {
  std::vector<uint8_t> B = Bytes;
  size_t Hdr = sectionHeaderOffset(B, findSection(B, "tc"));
  store<uint64_t>(B, Hdr + offsetof(Elf64_Shdr, sh_size), 9 * 8 - 4);
  EXPECT_NE(readError(B).find("section 'tc': size 68 is not a multiple of 8"),
            std::string::npos);
}

// .relxdp holds one relocation: the call at offset 8 of xdp, against mix.
class ElfRelocationTest : public ElfCallsTest {
protected:
  size_t relocation() {
    return sectionHeader(Bytes, findSection(Bytes, ".relxdp")).sh_offset;
  }
};

TEST_F(ElfRelocationTest, RejectsOffsetOutsideSection) {
  store<uint64_t>(Bytes, relocation() + offsetof(Elf64_Rel, r_offset), 0x1000);
  EXPECT_EQ(readError(Bytes),
            "bad.o: section '.relxdp': relocation 0 (offset 4096): outside "
            "section 'xdp'");
  store<uint64_t>(Bytes, relocation() + offsetof(Elf64_Rel, r_offset),
                  ~uint64_t(0));
  EXPECT_NE(readError(Bytes).find("outside section 'xdp'"), std::string::npos);
}

TEST_F(ElfRelocationTest, RejectsOffsetBetweenInstructions) {
  store<uint64_t>(Bytes, relocation() + offsetof(Elf64_Rel, r_offset), 12);
  EXPECT_EQ(readError(Bytes),
            "bad.o: section '.relxdp': relocation 0 (offset 12): not on an "
            "instruction of section 'xdp'");
}

TEST_F(ElfRelocationTest, RejectsSymbolOutOfRange) {
  Elf64_Rel R = load<Elf64_Rel>(Bytes, relocation());
  R.r_info = ELF64_R_INFO(100000, ELF64_R_TYPE(R.r_info));
  store(Bytes, relocation(), R);
  EXPECT_NE(readError(Bytes).find("relocation 0 (offset 8): symbol index "
                                  "100000 is out of range"),
            std::string::npos);
}

TEST_F(ElfRelocationTest, RejectsUndefinedSymbol) {
  // Symbol 0 is the null symbol; point the relocation at a symbol made
  // undefined instead.
  size_t Mix = findSymbol(Bytes, "mix");
  Elf64_Sym S = load<Elf64_Sym>(Bytes, Mix);
  S.st_shndx = SHN_UNDEF;
  store(Bytes, Mix, S);
  EXPECT_NE(readError(Bytes).find("section 'xdp': insn 1: reference to "
                                  "undefined symbol 'mix'"),
            std::string::npos);
}

TEST_F(ElfRelocationTest, RejectsRelocationOnWrongInstruction) {
  store<uint64_t>(Bytes, relocation() + offsetof(Elf64_Rel, r_offset), 16);
  EXPECT_NE(readError(Bytes).find("section 'xdp': insn 2: R_BPF_64_32 "
                                  "relocation on an instruction that is not "
                                  "a local call"),
            std::string::npos);
  Bytes = readInput("elf_calls.o");
  Elf64_Rel R = load<Elf64_Rel>(Bytes, relocation());
  R.r_info = ELF64_R_INFO(ELF64_R_SYM(R.r_info), 77);
  store(Bytes, relocation(), R);
  EXPECT_NE(readError(Bytes).find("insn 1: unsupported relocation type 77"),
            std::string::npos);
}

TEST_F(ElfCallsTest, RejectsCallIntoTheMiddleOfAFunction) {
  // sock_len's unrelocated call to twice: socket insn 6, imm -7.
  size_t Socket = sectionHeader(Bytes, findSection(Bytes, "socket")).sh_offset;
  store<int32_t>(Bytes, Socket + 6 * 8 + 4, -6);
  EXPECT_EQ(readError(Bytes),
            "bad.o: section 'socket': insn 6: call target 1 in section "
            "'socket' is not the start of a function");
  store<int32_t>(Bytes, Socket + 6 * 8 + 4, 1000);
  EXPECT_NE(readError(Bytes).find("call target 1007 in section 'socket'"),
            std::string::npos);
}

TEST_F(ElfCallsTest, RejectsFunctionOutsideItsSection) {
  size_t Mix = findSymbol(Bytes, "mix");
  Elf64_Sym S = load<Elf64_Sym>(Bytes, Mix);
  S.st_value = 4;
  store(Bytes, Mix, S);
  EXPECT_NE(readError(Bytes).find("section '.text': function 'mix': offset "
                                  "4 or size 40 is not a multiple of 8"),
            std::string::npos);
  S.st_value = 8 * 8;
  store(Bytes, Mix, S);
  EXPECT_NE(readError(Bytes).find("section '.text': function 'mix': [64, "
                                  "104) is not within the section (72 "
                                  "bytes)"),
            std::string::npos);
}

TEST_F(ElfCallsTest, RejectsObjectWithoutPrograms) {
  for (const char *Name :
       {"xdp_mix", "xdp_drop", "sock_len", "tc_mark", "cls_plain"}) {
    size_t Off = findSymbol(Bytes, Name);
    Elf64_Sym S = load<Elf64_Sym>(Bytes, Off);
    S.st_info = ELF64_ST_INFO(STB_LOCAL, STT_FUNC);
    store(Bytes, Off, S);
  }
  EXPECT_NE(readError(Bytes).find("bad.o: no programs"), std::string::npos);
}

TEST_F(ElfCallsTest, RejectsUnsupportedProgramType) {
  // Rename section "tc" to "kp" in place.
  size_t Tc = findSection(Bytes, "tc");
  Elf64_Shdr Names = sectionHeader(Bytes, header(Bytes).e_shstrndx);
  size_t NameOff = Names.sh_offset + sectionHeader(Bytes, Tc).sh_name;
  Bytes[NameOff] = 'k';
  Bytes[NameOff + 1] = 'p';
  EXPECT_EQ(readError(Bytes),
            "bad.o: section 'kp': program type 'kp' is not supported");
}

// Overwriting any single byte of the headers, the symbol table or the
// relocations with assorted values must give a result or an error, never a
// crash or a hang (run under sanitizers for the full benefit).
TEST_F(ElfCallsTest, SurvivesCorruptedBytes) {
  std::vector<std::pair<size_t, size_t>> Ranges = {
      {0, sizeof(Elf64_Ehdr)},
      {header(Bytes).e_shoff, header(Bytes).e_shnum * sizeof(Elf64_Shdr)}};
  for (const char *Name : {".symtab", ".relxdp", ".relsocket", ".reltc"}) {
    Elf64_Shdr H = sectionHeader(Bytes, findSection(Bytes, Name));
    Ranges.push_back({H.sh_offset, H.sh_size});
  }
  size_t Accepted = 0, Rejected = 0;
  for (auto [Start, Size] : Ranges)
    for (size_t Off = Start; Off < Start + Size; ++Off)
      for (uint8_t Value : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
        std::vector<uint8_t> B = Bytes;
        B[Off] = Value;
        llvm::Expected<BpfObject> Obj = readElfObject("fuzz.o", B);
        if (Obj)
          ++Accepted;
        else {
          ++Rejected;
          llvm::consumeError(Obj.takeError());
        }
      }
  EXPECT_GT(Accepted, 0u);
  EXPECT_GT(Rejected, 0u);
}

//===-- Maps and global data ---------------------------------------------===//

class ElfMapsTest : public ::testing::Test {
protected:
  void SetUp() override { Bytes = readInput("elf_maps.o"); }
  std::vector<uint8_t> Bytes;
};

// Hand-derived from elf_maps.c: legacy definitions first (by offset), then
// the BTF-defined maps by offset in .maps, then global data sections in
// section order (see `llvm-readelf -S`).
TEST_F(ElfMapsTest, ReadsMapsInLibbpfOrder) {
  BpfObject Obj = readOk(Bytes);
  EXPECT_EQ(Obj.License, "GPL");
  struct Expected {
    const char *Name, *Section;
    MapKind Kind;
    MapType Type;
    uint32_t KeySize, ValueSize, MaxEntries, Flags;
  } Want[] = {
      {"legacy_array", "maps", MapKind::Legacy, MapType::Array, 4, 8, 16, 0},
      {"legacy_hash", "maps", MapKind::Legacy, MapType::PercpuHash, 8, 16, 32,
       1},
      {"stats", ".maps", MapKind::BtfDefined, MapType::PercpuArray, 4, 16, 4,
       0},
      {"recent", ".maps", MapKind::BtfDefined, MapType::LruHash, 8, 12, 64, 2},
      {"counts", ".maps", MapKind::BtfDefined, MapType::Hash, 4, 8, 1024, 0},
      {".data", ".data", MapKind::GlobalData, MapType::Array, 4, 8, 1, 0},
      {".rodata", ".rodata", MapKind::GlobalData, MapType::Array, 4, 10, 1,
       0x80},
      {".data.custom", ".data.custom", MapKind::GlobalData, MapType::Array, 4,
       4, 1, 0},
      {".rodata.table", ".rodata.table", MapKind::GlobalData, MapType::Array, 4,
       4, 1, 0x80},
      {".bss", ".bss", MapKind::GlobalData, MapType::Array, 4, 8, 1, 0},
  };
  ASSERT_EQ(Obj.Maps.size(), std::size(Want));
  for (size_t I = 0; I < std::size(Want); ++I) {
    const MapDefinition &M = Obj.Maps[I];
    SCOPED_TRACE(M.Name);
    EXPECT_EQ(M.Name, Want[I].Name);
    EXPECT_EQ(M.Section, Want[I].Section);
    EXPECT_EQ(M.Kind, Want[I].Kind);
    EXPECT_EQ(M.Type, Want[I].Type);
    EXPECT_EQ(M.KeySize, Want[I].KeySize);
    EXPECT_EQ(M.ValueSize, Want[I].ValueSize);
    EXPECT_EQ(M.MaxEntries, Want[I].MaxEntries);
    EXPECT_EQ(M.Flags, Want[I].Flags);
    EXPECT_EQ(M.ReadOnly, Want[I].Flags == 0x80);
    if (M.Kind != MapKind::GlobalData) {
      EXPECT_TRUE(M.InitialValue.empty());
      EXPECT_TRUE(M.Variables.empty());
    }
  }
  EXPECT_EQ(mapTypeName(MapType::PercpuArray), "percpu_array");
}

TEST_F(ElfMapsTest, GlobalDataHoldsInitialValuesAndVariables) {
  BpfObject Obj = readOk(Bytes);
  ASSERT_EQ(Obj.Maps.size(), 10u);
  // packets_seen = 5 (u64).
  EXPECT_EQ(Obj.Maps[5].InitialValue,
            (std::vector<uint8_t>{5, 0, 0, 0, 0, 0, 0, 0}));
  // threshold = 100 (u32), then ports = {22, 80, 443} (u16).
  EXPECT_EQ(Obj.Maps[6].InitialValue,
            (std::vector<uint8_t>{100, 0, 0, 0, 22, 0, 80, 0, 0xbb, 0x01}));
  EXPECT_EQ(Obj.Maps[7].InitialValue, (std::vector<uint8_t>{7, 0, 0, 0}));
  EXPECT_EQ(Obj.Maps[8].InitialValue, (std::vector<uint8_t>{1, 2, 3, 4}));
  EXPECT_EQ(Obj.Maps[9].InitialValue, std::vector<uint8_t>(8, 0));

  const std::vector<MapVariable> &Rodata = Obj.Maps[6].Variables;
  ASSERT_EQ(Rodata.size(), 2u);
  EXPECT_EQ(Rodata[0].Name, "threshold");
  EXPECT_EQ(Rodata[0].Offset, 0u);
  EXPECT_EQ(Rodata[0].Size, 4u);
  EXPECT_EQ(Rodata[1].Name, "ports");
  EXPECT_EQ(Rodata[1].Offset, 4u);
  EXPECT_EQ(Rodata[1].Size, 6u);
  const std::vector<MapVariable> &Bss = Obj.Maps[9].Variables;
  ASSERT_EQ(Bss.size(), 2u);
  EXPECT_EQ(Bss[0].Name, "drops");
  EXPECT_TRUE(Bss[0].IsGlobal);
  EXPECT_EQ(Bss[1].Name, "static_total");
  EXPECT_EQ(Bss[1].Offset, 4u);
  EXPECT_FALSE(Bss[1].IsGlobal);
}

void expectMapLoad(const Program &P, size_t Pc, uint8_t Dst, uint32_t Map) {
  SCOPED_TRACE(P.Name + " insn " + std::to_string(Pc));
  ASSERT_LT(Pc + 1, P.Insns.size());
  expectInsn(P.Insns[Pc], 0x18, uint8_t(Dst | EBPF_PSEUDO_MAP_IDX << 4), 0,
             int32_t(Map));
  expectInsn(P.Insns[Pc + 1], 0, 0, 0, 0);
}
void expectValueLoad(const Program &P, size_t Pc, uint8_t Dst, uint32_t Map,
                     int32_t Offset) {
  SCOPED_TRACE(P.Name + " insn " + std::to_string(Pc));
  ASSERT_LT(Pc + 1, P.Insns.size());
  expectInsn(P.Insns[Pc], 0x18, uint8_t(Dst | EBPF_PSEUDO_MAP_IDX_VALUE << 4),
             0, int32_t(Map));
  expectInsn(P.Insns[Pc + 1], 0, 0, 0, Offset);
}

// xdp_count is xdp insns 0..34; lookup_count (.text 0..6) is appended at 35.
TEST_F(ElfMapsTest, RewritesGlobalDataLoads) {
  BpfObject Obj = readOk(Bytes);
  const Program *P = findProgram(Obj, "xdp_count");
  ASSERT_TRUE(P);
  ASSERT_EQ(P->Insns.size(), 35u + 7u);
  expectValueLoad(*P, 7, 1, 5, 0);  // packets_seen
  expectValueLoad(*P, 13, 2, 6, 0); // threshold
  expectValueLoad(*P, 17, 2, 9, 0); // drops
  expectValueLoad(*P, 24, 2, 6, 4); // ports
  expectValueLoad(*P, 28, 2, 9, 4); // static_total: .bss+4
  expectLocalCall(*P, 2, 35 - 3);
  expectMapLoad(*P, 35 + 3, 1, 4); // counts, in the appended subprogram
  ASSERT_EQ(P->FunctionSymbols.size(), 2u);
  EXPECT_EQ(P->FunctionSymbols[1].Name, "lookup_count");
  EXPECT_EQ(P->FunctionSymbols[1].Start, 35u);
  EXPECT_EQ(P->FunctionSymbols[1].End, 42u);
}

TEST_F(ElfMapsTest, RewritesMapLoadsOfBothKinds) {
  BpfObject Obj = readOk(Bytes);
  const Program *P = findProgram(Obj, "sock_stats");
  ASSERT_TRUE(P);
  ASSERT_EQ(P->Insns.size(), 53u + 7u);
  expectMapLoad(*P, 6, 1, 2);                // stats
  expectMapLoad(*P, 22, 1, 3);               // recent
  expectMapLoad(*P, 28, 1, 0);               // legacy_array
  expectMapLoad(*P, 31, 1, 1);               // legacy_hash
  expectValueLoad(*P, 37, 2, 8, 0);          // table
  expectValueLoad(*P, 41, 2, 7, 0);          // custom_counter
  expectLocalCall(*P, 47, 53 - 48);          // lookup_count
  expectMapLoad(*P, 53 + 3, 1, 4);           // counts
  expectInsn(P->Insns[8], 0x85, 0x00, 0, 1); // helper calls stay as they are
}

// xdp_loop (xdp insns 35..42) loads the address of count_down (.text 7..12,
// relocated as .text+0x38): the callee is appended at 8 and the lddw becomes
// BPF_PSEUDO_FUNC with a relative imm, as for a call.
TEST_F(ElfMapsTest, RewritesCallbackAddresses) {
  BpfObject Obj = readOk(Bytes);
  const Program *P = findProgram(Obj, "xdp_loop");
  ASSERT_TRUE(P);
  ASSERT_EQ(P->Insns.size(), 8u + 6u);
  expectInsn(P->Insns[1], 0x18, uint8_t(2 | EBPF_PSEUDO_FUNC << 4), 0, 8 - 2);
  expectInsn(P->Insns[2], 0, 0, 0, 0);
  expectInsn(P->Insns[8], 0x67, 0x01, 0, 32); // count_down: r1 <<= 32
  ebpf_decoded D;
  ASSERT_EQ(ebpf_decode(P->Insns.data(), P->Insns.size(), 1, &D), nullptr);
  EXPECT_EQ(D.target, 8);
}

TEST_F(ElfMapsTest, KeepsLineInformation) {
  BpfObject Obj = readOk(Bytes);
  const Program *P = findProgram(Obj, "xdp_count");
  ASSERT_TRUE(P);
  ASSERT_FALSE(P->Lines.empty());
  for (size_t I = 1; I < P->Lines.size(); ++I)
    EXPECT_LE(P->Lines[I - 1].Insn, P->Lines[I].Insn);

  auto Entry = sourceLine("elf_maps.c", "int xdp_count(");
  EXPECT_EQ(P->Lines[0].Insn, 0u);
  EXPECT_EQ(P->Lines[0].Line, Entry.first);
  EXPECT_EQ(P->Lines[0].Source, Entry.second);
  EXPECT_NE(P->Lines[0].File.find("elf_maps.c"), std::string::npos);

  // insn 7 loads packets_seen for the increment.
  auto Increment = sourceLine("elf_maps.c", "packets_seen++;");
  const LineInfo *L = findLineInfo(*P, 7);
  ASSERT_TRUE(L);
  EXPECT_EQ(L->Line, Increment.first);
  EXPECT_EQ(L->Source, Increment.second);
  EXPECT_GT(L->Column, 0u);

  // The appended subprogram's lines moved with it: its map load is 38.
  auto Lookup = sourceLine("elf_maps.c", "bpf_map_lookup_elem(&counts");
  L = findLineInfo(*P, 38);
  ASSERT_TRUE(L);
  EXPECT_EQ(L->Line, Lookup.first);
  EXPECT_EQ(L->Source, Lookup.second);
}

TEST_F(ElfMapsTest, RejectsUnsupportedMapType) {
  std::vector<uint8_t> B = readInput("elf_lpm_trie.o");
  EXPECT_EQ(readError(B), "bad.o: section '.maps': map 'routes': map type 11 "
                          "(lpm_trie) is not supported (supported: hash, "
                          "array, percpu_hash, percpu_array, lru_hash, "
                          "ringbuf)");
  // The legacy definition of legacy_array: type is its first u32.
  size_t Maps = sectionHeader(Bytes, findSection(Bytes, "maps")).sh_offset;
  store<uint32_t>(Bytes, Maps, 12);
  EXPECT_EQ(readError(Bytes), "bad.o: section 'maps': map 'legacy_array': "
                              "map type 12 (array_of_maps) is not supported "
                              "(supported: hash, array, percpu_hash, "
                              "percpu_array, lru_hash, ringbuf)");
}

TEST_F(ElfMapsTest, RejectsBadLegacyDefinitions) {
  size_t Maps = sectionHeader(Bytes, findSection(Bytes, "maps")).sh_offset;
  store<uint32_t>(Bytes, Maps + 4, 8); // legacy_array's key_size
  EXPECT_EQ(readError(Bytes), "bad.o: section 'maps': map 'legacy_array': "
                              "array maps have 4-byte keys, not 8");
  store<uint32_t>(Bytes, Maps + 4, 4);
  store<uint32_t>(Bytes, Maps + 12, 0); // max_entries
  EXPECT_EQ(readError(Bytes),
            "bad.o: section 'maps': map 'legacy_array': max_entries is 0");
  store<uint32_t>(Bytes, Maps + 12, 16);
  size_t Sym = findSymbol(Bytes, "legacy_hash");
  Elf64_Sym S = load<Elf64_Sym>(Bytes, Sym);
  S.st_value = 36; // 20 bytes from 36 run past the 40-byte section
  store(Bytes, Sym, S);
  EXPECT_NE(readError(Bytes).find("map 'legacy_hash': definition [36, +20) "
                                  "is outside the section"),
            std::string::npos);
}

TEST_F(ElfMapsTest, RejectsReferenceToUndefinedMap) {
  // lookup_count's lddw of counts is .text insn 3; move its addend past the
  // map so that it names no map.
  size_t Text = sectionHeader(Bytes, findSection(Bytes, ".text")).sh_offset;
  store<int32_t>(Bytes, Text + 3 * 8 + 4, 8);
  EXPECT_EQ(readError(Bytes), "bad.o: section '.text': insn 3: reference to "
                              "'counts', which is not a map defined in "
                              "section '.maps'");
}

TEST_F(ElfMapsTest, RejectsGlobalDataOffsetOutsideSection) {
  // xdp insn 24 loads ports (.rodata+4); .rodata is 10 bytes.
  size_t Xdp = sectionHeader(Bytes, findSection(Bytes, "xdp")).sh_offset;
  store<int32_t>(Bytes, Xdp + 24 * 8 + 4, 7);
  EXPECT_EQ(readError(Bytes), "bad.o: section 'xdp': insn 24: offset 11 of "
                              "'ports' is outside section '.rodata' (10 "
                              "bytes)");
}

TEST_F(ElfMapsTest, RejectsMapsWithoutBtf) {
  size_t Btf = findSection(Bytes, ".BTF");
  Elf64_Shdr Names = sectionHeader(Bytes, header(Bytes).e_shstrndx);
  Bytes[Names.sh_offset + sectionHeader(Bytes, Btf).sh_name + 3] = 'X';
  EXPECT_EQ(readError(Bytes), "bad.o: section '.maps': BTF-defined maps need "
                              "the object's BTF (.BTF); compile with -g");
}

TEST_F(ElfMapsTest, RejectsMalformedBtf) {
  size_t Btf = sectionHeader(Bytes, findSection(Bytes, ".BTF")).sh_offset;
  std::vector<uint8_t> B = Bytes;
  store<uint32_t>(B, Btf + 12, 0xfffffff0); // type_len
  EXPECT_NE(readError(B).find("bad.o: section '.BTF': type section"),
            std::string::npos);
  B = Bytes;
  store<uint16_t>(B, Btf, 0x9feb);
  EXPECT_EQ(readError(B),
            "bad.o: section '.BTF': bad magic 0x9feb (big-endian BTF)");
  B = Bytes;
  // The first type's info word: kind 31 does not exist.
  uint32_t HeaderLength = load<uint32_t>(B, Btf + 4);
  uint32_t TypeOffset = load<uint32_t>(B, Btf + 8);
  store<uint32_t>(B, Btf + HeaderLength + TypeOffset + 4, 31u << 24);
  EXPECT_EQ(readError(B), "bad.o: section '.BTF': type 1: unknown kind 31");
  B = Bytes;
  size_t Ext = sectionHeader(B, findSection(B, ".BTF.ext")).sh_offset;
  store<uint32_t>(B, Ext + 20, 0xffff); // line_info_len
  EXPECT_NE(readError(B).find("bad.o: section '.BTF.ext': line_info"),
            std::string::npos);
}

// As SurvivesCorruptedBytes, over the BTF, the line table, the map
// definitions and the relocations that refer to maps.
TEST_F(ElfMapsTest, SurvivesCorruptedBytes) {
  std::vector<std::pair<size_t, size_t>> Ranges;
  for (const char *Name :
       {".BTF", ".BTF.ext", "maps", ".rel.text", ".relxdp", ".relsocket"}) {
    Elf64_Shdr H = sectionHeader(Bytes, findSection(Bytes, Name));
    Ranges.push_back({H.sh_offset, H.sh_size});
  }
  size_t Accepted = 0, Rejected = 0;
  for (auto [Start, Size] : Ranges)
    for (size_t Off = Start; Off < Start + Size; ++Off)
      for (uint8_t Value : {0x00, 0x01, 0x80, 0xff}) {
        std::vector<uint8_t> B = Bytes;
        B[Off] = Value;
        llvm::Expected<BpfObject> Obj = readElfObject("fuzz.o", B);
        if (Obj)
          ++Accepted;
        else {
          ++Rejected;
          llvm::consumeError(Obj.takeError());
        }
      }
  EXPECT_GT(Accepted, 0u);
  EXPECT_GT(Rejected, 0u);
}

} // namespace
