//===- ElfReader.cpp - Read BPF programs from ELF objects -----------------===//
//
// Turns a relocatable object from `clang -target bpf` into a BpfObject, the
// way libbpf prepares an object for loading:
//
//  1. The ELF header is checked by hand (so a bad file gets a precise
//     message), then libelf walks the section header table and the symbol
//     table. Every offset, size and index taken from the file is checked
//     against the file before it is used, so no input can crash the reader.
//  2. Each executable section is split into instructions; its function
//     symbols mark where functions start and end. Global functions outside
//     .text are programs; everything else is a subprogram.
//  3. Maps are collected in libbpf's order: legacy `maps` definitions,
//     BTF-defined maps of `.maps` (whose layout only BTF describes), then one
//     single-entry array map per global data section (.data, .rodata, .bss
//     and their .NAME variants).
//  4. The relocations of executable sections are resolved once per section:
//     each local call gets the function it calls (a relocated call names a
//     symbol; an unrelocated one is relative within its own section), each
//     lddw of a symbol gets the map, global variable or function it loads.
//  5. Each program gets its own instruction vector: its instructions, then
//     every subprogram it calls, transitively, appended once, with each call
//     rewritten to a relative offset within the combined vector and each lddw
//     to the pseudo form naming a map index. The .BTF.ext line table follows
//     the instructions to their new places.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/ElfReader.h"

#include "Btf.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

#include <gelf.h>
#include <libelf.h>

#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

using namespace llvm;

namespace ebpfc {

bool isElfObject(ArrayRef<uint8_t> Bytes) {
  return Bytes.size() >= SELFMAG &&
         std::memcmp(Bytes.data(), ELFMAG, SELFMAG) == 0;
}

std::optional<ProgramType> programTypeForSection(StringRef Section) {
  // libbpf matches a SEC() name either exactly or as "PREFIX/anything".
  auto Matches = [&](StringRef Prefix) {
    return Section == Prefix ||
           (Section.starts_with(Prefix) && Section.size() > Prefix.size() &&
            Section[Prefix.size()] == '/');
  };
  if (Matches("xdp") || Matches("xdp.frags"))
    return ProgramType::Xdp;
  if (Matches("socket"))
    return ProgramType::SocketFilter;
  if (Matches("tc") || Matches("classifier") || Section.starts_with("tcx/"))
    return ProgramType::SchedCls;
  // ebpfc's own: a program over a plain memory block, as in the conformance
  // suite.
  if (Matches("raw"))
    return ProgramType::Raw;
  return std::nullopt;
}

namespace {

constexpr size_t InsnSize = sizeof(ebpf_insn);
/// The kernel's limit on a (privileged) program's size, subprograms
/// included; larger programs can never load.
constexpr size_t MaxProgramInsns = 1000000;
/// All programs of one object together.
constexpr size_t MaxObjectInsns = 8 * MaxProgramInsns;

/// One function symbol of an executable section: instructions [Start, End).
struct FunctionSymbol {
  std::string Name;
  uint32_t Start = 0;
  uint32_t End = 0;
  bool IsGlobal = false;
};

/// Where a local call goes: a function of a code section.
struct CallTarget {
  size_t Section = 0;  ///< section header index of the callee's section
  size_t Function = 0; ///< index into that section's Functions
};

/// What an instruction that refers to something else resolves to.
struct Reference {
  enum KindType {
    Call,            ///< call: a local call of Target
    FunctionAddress, ///< lddw: the address of Target (a callback)
    Map,             ///< lddw: map MapIndex
    MapValue,        ///< lddw: the address Offset bytes into map MapIndex
  } Kind = Call;
  CallTarget Target;
  uint32_t MapIndex = 0;
  uint32_t Offset = 0;
};

/// An executable section split into instructions, with what its relocations
/// and local calls resolve to.
struct CodeSection {
  size_t Index = 0;
  std::string Name;
  std::vector<ebpf_insn> Insns;
  /// False for the second slot of an lddw, which is not an instruction.
  std::vector<bool> IsInsnStart;
  std::vector<FunctionSymbol> Functions; ///< sorted by Start
  /// Local calls and lddw references by instruction index.
  std::map<uint32_t, Reference> References;
};

struct SectionInfo {
  std::string Name;
  GElf_Shdr Header{};
  ArrayRef<uint8_t> Contents; ///< empty for SHT_NOBITS
};

struct SymbolInfo {
  std::string Name;
  GElf_Sym Sym{};
  unsigned type() const { return GELF_ST_TYPE(Sym.st_info); }
  unsigned binding() const { return GELF_ST_BIND(Sym.st_info); }
};

uint16_t readLE16(const uint8_t *B) { return uint16_t(B[0] | B[1] << 8); }
uint32_t readLE32(const uint8_t *B) {
  return uint32_t(B[0]) | uint32_t(B[1]) << 8 | uint32_t(B[2]) << 16 |
         uint32_t(B[3]) << 24;
}
uint64_t readLE64(const uint8_t *B) {
  return uint64_t(readLE32(B)) | uint64_t(readLE32(B + 4)) << 32;
}

/// True if [Offset, Offset + Size) lies within [0, Limit), without overflow.
bool inRange(uint64_t Offset, uint64_t Size, uint64_t Limit) {
  return Offset <= Limit && Size <= Limit - Offset;
}

class ObjectReader {
public:
  ObjectReader(StringRef Path, ArrayRef<uint8_t> Bytes)
      : Path(Path), Bytes(Bytes) {}
  ~ObjectReader() {
    consumeError(std::move(Errors));
    if (Elf)
      elf_end(Elf);
  }

  Expected<BpfObject> read();

private:
  Error error(const Twine &Message) const {
    return createStringError(inconvertibleErrorCode(),
                             (Path + ": " + Message).str());
  }
  Error sectionError(size_t Section, const Twine &Message) const {
    return error("section '" + Sections[Section].Name + "': " + Message);
  }
  Error insnError(const CodeSection &Code, uint32_t Insn,
                  const Twine &Message) const {
    return sectionError(Code.Index, "insn " + Twine(Insn) + ": " + Message);
  }
  /// Keeps reading after an error that does not corrupt what follows, so
  /// one run reports every problem of this kind.
  void report(Error E) {
    ++ErrorCount;
    Errors = joinErrors(std::move(Errors), std::move(E));
  }

  Error checkHeader();
  Error readSections();
  Error readSymbols();
  void readCodeSection(size_t Index);
  void readFunctions(CodeSection &Code);
  Error readBtf();
  void readMaps();
  void readLegacyMaps(size_t Section);
  void readBtfMaps(size_t Section);
  void readGlobalData(size_t Section);
  void addMap(MapDefinition Map, uint32_t RawType, size_t Section,
              uint64_t Offset);
  void resolveRelocations(CodeSection &Code, size_t RelSection);
  std::optional<CallTarget> findFunction(const CodeSection &Code, uint32_t Insn,
                                         size_t TargetSection,
                                         int64_t TargetInsn, bool IsCall);
  std::optional<Reference> resolveLoad(const CodeSection &Code, uint32_t Insn,
                                       const SymbolInfo &Sym);
  Expected<Program> linkProgram(const CodeSection &Code, size_t Entry) const;

  StringRef Path;
  ArrayRef<uint8_t> Bytes;
  /// libelf may write into the image it reads, so it gets its own copy.
  std::unique_ptr<char[]> Image;
  ::Elf *Elf = nullptr;
  std::vector<SectionInfo> Sections;
  std::vector<SymbolInfo> Symbols;
  size_t SymbolTable = 0;
  std::map<size_t, CodeSection> CodeSections; ///< by section index
  std::optional<BtfTypes> Btf;
  /// .BTF.ext line records by code section name.
  std::map<std::string, std::vector<BtfLine>> BtfLines;
  std::vector<MapDefinition> Maps;
  /// Where each of Maps is defined: section index and offset in it.
  std::vector<std::pair<size_t, uint64_t>> MapLocations;
  Error Errors = Error::success();
  size_t ErrorCount = 0;
  /// Map sections with a rejected definition: references into them would
  /// only repeat that error.
  std::set<size_t> SectionsWithBadMaps;
};

Error ObjectReader::checkHeader() {
  if (Bytes.size() < sizeof(Elf64_Ehdr)) {
    if (!isElfObject(Bytes))
      return error("not an ELF object");
    return error("truncated ELF header (" + Twine(Bytes.size()) +
                 " bytes, need " + Twine(sizeof(Elf64_Ehdr)) + ")");
  }
  if (!isElfObject(Bytes))
    return error("not an ELF object");
  const uint8_t *Ident = Bytes.data();
  if (Ident[EI_CLASS] != ELFCLASS64)
    return error("not a 64-bit ELF object");
  if (Ident[EI_DATA] != ELFDATA2LSB)
    return error("not a little-endian ELF object (ebpfc reads bpfel objects)");
  uint16_t Type = readLE16(Bytes.data() + offsetof(Elf64_Ehdr, e_type));
  uint16_t Machine = readLE16(Bytes.data() + offsetof(Elf64_Ehdr, e_machine));
  if (Machine != EM_BPF)
    return error("not a BPF object (e_machine " + Twine(Machine) + ")");
  if (Type != ET_REL)
    return error("not a relocatable object (e_type " + Twine(Type) + ")");
  uint64_t ShOff = readLE64(Bytes.data() + offsetof(Elf64_Ehdr, e_shoff));
  uint16_t ShEntSize =
      readLE16(Bytes.data() + offsetof(Elf64_Ehdr, e_shentsize));
  uint16_t ShNum = readLE16(Bytes.data() + offsetof(Elf64_Ehdr, e_shnum));
  if (ShOff == 0)
    return error("no section header table");
  if (ShEntSize != sizeof(Elf64_Shdr))
    return error("bad section header size " + Twine(ShEntSize));
  // With more than SHN_LORESERVE sections e_shnum is 0 and the count lives
  // in section 0; libelf reads that, and readSections checks it again.
  uint64_t TableSize = uint64_t(ShNum ? ShNum : 1) * sizeof(Elf64_Shdr);
  if (!inRange(ShOff, TableSize, Bytes.size()))
    return error("section header table at offset " + Twine(ShOff) +
                 " is outside the file (" + Twine(Bytes.size()) + " bytes)");
  return Error::success();
}

Error ObjectReader::readSections() {
  Image.reset(new char[Bytes.size()]);
  std::memcpy(Image.get(), Bytes.data(), Bytes.size());
  Elf = elf_memory(Image.get(), Bytes.size());
  if (!Elf || elf_kind(Elf) != ELF_K_ELF)
    return error(Twine("malformed ELF object: ") + elf_errmsg(-1));
  size_t Count = 0, NameTable = 0;
  if (elf_getshdrnum(Elf, &Count) != 0 ||
      elf_getshdrstrndx(Elf, &NameTable) != 0)
    return error(Twine("malformed section header table: ") + elf_errmsg(-1));
  GElf_Ehdr Ehdr;
  if (!gelf_getehdr(Elf, &Ehdr))
    return error(Twine("malformed ELF header: ") + elf_errmsg(-1));
  if (!inRange(Ehdr.e_shoff, uint64_t(Count) * sizeof(Elf64_Shdr),
               Bytes.size()))
    return error("section header table (" + Twine(Count) +
                 " sections) is outside the file");
  if (NameTable == 0 || NameTable >= Count)
    return error("no section name table");

  Sections.resize(Count);
  for (size_t I = 1; I < Count; ++I) {
    Elf_Scn *Scn = elf_getscn(Elf, I);
    SectionInfo &S = Sections[I];
    if (!Scn || !gelf_getshdr(Scn, &S.Header))
      return error("section " + Twine(I) +
                   ": malformed header: " + elf_errmsg(-1));
    const char *Name = elf_strptr(Elf, NameTable, S.Header.sh_name);
    if (!Name)
      return error("section " + Twine(I) + ": name offset " +
                   Twine(S.Header.sh_name) +
                   " is outside the section name table");
    S.Name = Name;
    if (S.Header.sh_type == SHT_NOBITS)
      continue;
    if (!inRange(S.Header.sh_offset, S.Header.sh_size, Bytes.size()))
      return sectionError(
          I, "contents [" + Twine(S.Header.sh_offset) + ", " +
                 Twine(S.Header.sh_offset) + "+" + Twine(S.Header.sh_size) +
                 ") are outside the file (" + Twine(Bytes.size()) + " bytes)");
    S.Contents = Bytes.slice(S.Header.sh_offset, S.Header.sh_size);
  }
  return Error::success();
}

Error ObjectReader::readSymbols() {
  for (size_t I = 1; I < Sections.size(); ++I) {
    if (Sections[I].Header.sh_type != SHT_SYMTAB)
      continue;
    if (SymbolTable)
      return sectionError(I, "more than one symbol table");
    SymbolTable = I;
  }
  if (!SymbolTable)
    return error("no symbol table");
  const SectionInfo &Table = Sections[SymbolTable];
  if (Table.Header.sh_entsize != sizeof(Elf64_Sym))
    return sectionError(SymbolTable,
                        "bad symbol size " + Twine(Table.Header.sh_entsize));
  size_t Names = Table.Header.sh_link;
  if (Names == 0 || Names >= Sections.size() ||
      Sections[Names].Header.sh_type != SHT_STRTAB)
    return sectionError(SymbolTable,
                        "sh_link " + Twine(Names) + " is not a string table");
  Elf_Data *Data = elf_getdata(elf_getscn(Elf, SymbolTable), nullptr);
  if (!Data && Table.Header.sh_size != 0)
    return sectionError(SymbolTable, Twine("unreadable: ") + elf_errmsg(-1));
  size_t Count = Data ? Data->d_size / sizeof(Elf64_Sym) : 0;
  Symbols.resize(Count);
  for (size_t I = 0; I < Count; ++I) {
    SymbolInfo &S = Symbols[I];
    if (!gelf_getsym(Data, int(I), &S.Sym))
      return sectionError(SymbolTable, "symbol " + Twine(I) +
                                           ": unreadable: " + elf_errmsg(-1));
    if (S.Sym.st_name == 0)
      continue;
    const char *Name = elf_strptr(Elf, Names, S.Sym.st_name);
    if (!Name)
      return sectionError(SymbolTable, "symbol " + Twine(I) + ": name offset " +
                                           Twine(S.Sym.st_name) +
                                           " is outside the string table");
    S.Name = Name;
  }
  // A section symbol has no name of its own; use its section's, which is
  // what a diagnostic about it should show.
  for (SymbolInfo &S : Symbols)
    if (S.type() == STT_SECTION && S.Sym.st_shndx < Sections.size())
      S.Name = Sections[S.Sym.st_shndx].Name;
  return Error::success();
}

void ObjectReader::readFunctions(CodeSection &Code) {
  uint64_t Size = Code.Insns.size() * InsnSize;
  for (const SymbolInfo &S : Symbols) {
    if (S.type() != STT_FUNC || S.Sym.st_shndx != Code.Index)
      continue;
    uint64_t Value = S.Sym.st_value, Length = S.Sym.st_size;
    if (Value % InsnSize || Length % InsnSize) {
      report(sectionError(Code.Index, "function '" + S.Name + "': offset " +
                                          Twine(Value) + " or size " +
                                          Twine(Length) +
                                          " is not a multiple of 8"));
      continue;
    }
    if (Length == 0 || !inRange(Value, Length, Size)) {
      report(sectionError(Code.Index, "function '" + S.Name + "': [" +
                                          Twine(Value) + ", " +
                                          Twine(Value + Length) +
                                          ") is not within the section (" +
                                          Twine(Size) + " bytes)"));
      continue;
    }
    FunctionSymbol F;
    F.Name = S.Name;
    F.Start = uint32_t(Value / InsnSize);
    F.End = uint32_t((Value + Length) / InsnSize);
    F.IsGlobal = S.binding() == STB_GLOBAL || S.binding() == STB_WEAK;
    Code.Functions.push_back(std::move(F));
  }
  llvm::sort(Code.Functions,
             [](const FunctionSymbol &A, const FunctionSymbol &B) {
               return std::tie(A.Start, A.Name) < std::tie(B.Start, B.Name);
             });
}

void ObjectReader::readCodeSection(size_t Index) {
  const SectionInfo &S = Sections[Index];
  if (S.Header.sh_type != SHT_PROGBITS) {
    report(sectionError(Index, "executable section is not SHT_PROGBITS"));
    return;
  }
  if (S.Contents.size() % InsnSize) {
    report(sectionError(Index, "size " + Twine(S.Contents.size()) +
                                   " is not a multiple of 8"));
    return;
  }
  CodeSection &C = CodeSections[Index];
  C.Index = Index;
  C.Name = S.Name;
  size_t Count = S.Contents.size() / InsnSize;
  C.Insns.resize(Count);
  C.IsInsnStart.assign(Count, true);
  for (size_t I = 0; I < Count; ++I)
    C.Insns[I] = ebpf_insn_from_bytes(S.Contents.data() + I * InsnSize);
  for (size_t I = 0; I < Count; ++I)
    if (C.Insns[I].opcode == EBPF_OP_LDDW && I + 1 < Count)
      C.IsInsnStart[++I] = false;
  readFunctions(C);
}

/// The function of section TARGETSECTION that starts at instruction
/// TARGETINSN, which the instruction INSN of CODE calls (ISCALL) or loads
/// the address of.
std::optional<CallTarget> ObjectReader::findFunction(const CodeSection &Code,
                                                     uint32_t Insn,
                                                     size_t TargetSection,
                                                     int64_t TargetInsn,
                                                     bool IsCall) {
  StringRef What = IsCall ? "call target" : "function address";
  auto It = CodeSections.find(TargetSection);
  if (It == CodeSections.end()) {
    report(insnError(Code, Insn,
                     What + " in section '" + Sections[TargetSection].Name +
                         "', which holds no code"));
    return std::nullopt;
  }
  const CodeSection &Callee = It->second;
  auto F = llvm::find_if(Callee.Functions, [&](const FunctionSymbol &F) {
    return F.Start == TargetInsn;
  });
  if (F == Callee.Functions.end()) {
    report(insnError(Code, Insn,
                     What + " " + Twine(TargetInsn) + " in section '" +
                         Callee.Name + "' is not the start of a function"));
    return std::nullopt;
  }
  return CallTarget{TargetSection, size_t(F - Callee.Functions.begin())};
}

constexpr uint32_t BpfFlagReadOnlyProg = 1u << 7; // BPF_F_RDONLY_PROG
/// Global data becomes a map value held in memory; far larger sections are
/// corrupt headers, not programs.
constexpr uint64_t MaxGlobalDataSize = 64u << 20;

/// The kernel's names for map types (enum bpf_map_type), for diagnostics.
StringRef kernelMapTypeName(uint32_t Type) {
  static const char *const Names[] = {
      "unspec",
      "hash",
      "array",
      "prog_array",
      "perf_event_array",
      "percpu_hash",
      "percpu_array",
      "stack_trace",
      "cgroup_array",
      "lru_hash",
      "lru_percpu_hash",
      "lpm_trie",
      "array_of_maps",
      "hash_of_maps",
      "devmap",
      "sockmap",
      "cpumap",
      "xskmap",
      "sockhash",
      "cgroup_storage",
      "reuseport_sockarray",
      "percpu_cgroup_storage",
      "queue",
      "stack",
      "sk_storage",
      "devmap_hash",
      "struct_ops",
      "ringbuf",
      "inode_storage",
      "task_storage",
      "bloom_filter",
      "user_ringbuf",
      "cgrp_storage",
      "arena",
  };
  return Type < std::size(Names) ? Names[Type] : "unknown";
}

bool isGlobalDataSection(const SectionInfo &S) {
  StringRef Name = S.Name;
  auto Is = [&](StringRef Base) {
    return Name == Base ||
           (Name.starts_with(Base) && Name.size() > Base.size() &&
            Name[Base.size()] == '.');
  };
  if (Is(".data") || Is(".rodata"))
    return S.Header.sh_type == SHT_PROGBITS;
  return Is(".bss") && S.Header.sh_type == SHT_NOBITS;
}

Error ObjectReader::readBtf() {
  size_t BtfIndex = 0, ExtIndex = 0;
  for (size_t I = 1; I < Sections.size(); ++I) {
    if (Sections[I].Name == ".BTF")
      BtfIndex = I;
    else if (Sections[I].Name == ".BTF.ext")
      ExtIndex = I;
  }
  // Objects built without -g have no BTF; they just cannot use BTF-defined
  // maps and have no line table.
  if (!BtfIndex)
    return Error::success();
  Expected<BtfTypes> Types = BtfTypes::parse(Sections[BtfIndex].Contents);
  if (!Types)
    return sectionError(BtfIndex, toString(Types.takeError()));
  Btf = std::move(*Types);
  if (!ExtIndex)
    return Error::success();
  auto Lines = parseBtfLineInfo(Sections[ExtIndex].Contents, *Btf);
  if (!Lines)
    return sectionError(ExtIndex, toString(Lines.takeError()));
  BtfLines = std::move(*Lines);
  return Error::success();
}

/// Checks a map's definition the way the kernel would when creating it, and
/// adds it to Maps if it is one ebpfc supports.
void ObjectReader::addMap(MapDefinition Map, uint32_t RawType, size_t Section,
                          uint64_t Offset) {
  auto MapError = [&](const Twine &Message) {
    report(sectionError(Section, "map '" + Map.Name + "': " + Message));
  };
  switch (RawType) {
  case uint32_t(MapType::Hash):
  case uint32_t(MapType::Array):
  case uint32_t(MapType::PercpuHash):
  case uint32_t(MapType::PercpuArray):
  case uint32_t(MapType::LruHash):
  case uint32_t(MapType::Ringbuf):
    Map.Type = MapType(RawType);
    break;
  default:
    MapError("map type " + Twine(RawType) + " (" + kernelMapTypeName(RawType) +
             ") is not supported (supported: hash, array, percpu_hash, "
             "percpu_array, lru_hash, ringbuf)");
    return;
  }
  if (Map.Type == MapType::Ringbuf) {
    // The kernel's ringbuf_map_alloc: no key or value, a power-of-two
    // number of pages.
    if (Map.KeySize || Map.ValueSize)
      MapError("ring buffers have no key or value (key size " +
               Twine(Map.KeySize) + ", value size " + Twine(Map.ValueSize) +
               ")");
    else if (Map.MaxEntries < 4096 || (Map.MaxEntries & (Map.MaxEntries - 1)))
      MapError("a ring buffer's max_entries (its size in bytes) must be a "
               "power of two and at least 4096, not " +
               Twine(Map.MaxEntries));
    else {
      Maps.push_back(std::move(Map));
      MapLocations.push_back({Section, Offset});
    }
    return;
  }
  const char *Missing = Map.KeySize == 0      ? "key size"
                        : Map.ValueSize == 0  ? "value size"
                        : Map.MaxEntries == 0 ? "max_entries"
                                              : nullptr;
  if (Missing) {
    MapError(Twine(Missing) + " is 0");
    return;
  }
  if ((Map.Type == MapType::Array || Map.Type == MapType::PercpuArray) &&
      Map.KeySize != 4) {
    MapError("array maps have 4-byte keys, not " + Twine(Map.KeySize));
    return;
  }
  Maps.push_back(std::move(Map));
  MapLocations.push_back({Section, Offset});
}

/// struct bpf_map_def, the definition before BTF: five u32 fields.
void ObjectReader::readLegacyMaps(size_t Section) {
  const SectionInfo &S = Sections[Section];
  if (S.Header.sh_type != SHT_PROGBITS) {
    report(sectionError(Section, "map definitions are not SHT_PROGBITS"));
    return;
  }
  std::vector<const SymbolInfo *> Defs;
  for (const SymbolInfo &Sym : Symbols)
    if (Sym.Sym.st_shndx == Section &&
        (Sym.type() == STT_OBJECT || Sym.type() == STT_NOTYPE) &&
        !Sym.Name.empty())
      Defs.push_back(&Sym);
  llvm::sort(Defs, [](const SymbolInfo *A, const SymbolInfo *B) {
    return std::tie(A->Sym.st_value, A->Name) <
           std::tie(B->Sym.st_value, B->Name);
  });
  constexpr uint64_t DefSize = 5 * 4;
  for (const SymbolInfo *Sym : Defs) {
    uint64_t Offset = Sym->Sym.st_value, Size = Sym->Sym.st_size;
    auto MapError = [&](const Twine &Message) {
      report(sectionError(Section, "map '" + Sym->Name + "': " + Message));
    };
    if (Size < DefSize) {
      MapError("definition is " + Twine(Size) + " bytes, need " +
               Twine(DefSize));
      continue;
    }
    if (!inRange(Offset, Size, S.Contents.size())) {
      MapError("definition [" + Twine(Offset) + ", +" + Twine(Size) +
               ") is outside the section");
      continue;
    }
    const uint8_t *Def = S.Contents.data() + Offset;
    // Extensions of other loaders (pinning, inner map ids) follow the five
    // fields; ebpfc would silently ignore them, so they must be unused.
    if (std::any_of(Def + DefSize, Def + Size, [](uint8_t B) { return B; })) {
      MapError("non-zero fields after map_flags are not supported");
      continue;
    }
    MapDefinition Map;
    Map.Name = Sym->Name;
    Map.Section = S.Name;
    Map.Kind = MapKind::Legacy;
    Map.KeySize = readLE32(Def + 4);
    Map.ValueSize = readLE32(Def + 8);
    Map.MaxEntries = readLE32(Def + 12);
    Map.Flags = readLE32(Def + 16);
    addMap(std::move(Map), readLE32(Def), Section, Offset);
  }
}

/// libbpf's BTF-defined maps: each variable of section .maps is a struct
/// whose members encode the definition in their types. __uint(name, N)
/// declares `int (*name)[N]`, so the value is the array's element count;
/// __type(name, T) declares `T *name`, so the size is T's.
void ObjectReader::readBtfMaps(size_t Section) {
  if (!Btf) {
    report(sectionError(Section, "BTF-defined maps need the object's BTF "
                                 "(.BTF); compile with -g"));
    return;
  }
  const BtfType *Datasec = Btf->findDatasec(".maps");
  if (!Datasec) {
    report(sectionError(Section, "the BTF does not describe this section"));
    return;
  }
  struct Found {
    uint64_t Offset;
    MapDefinition Map;
    uint32_t RawType;
  };
  std::vector<Found> Defined;
  for (const BtfType::Member &Var : Datasec->Members) {
    const BtfType *V = Btf->type(Var.Type);
    if (!V || V->Kind != BtfKind::Var) {
      report(sectionError(Section, "BTF type " + Twine(Var.Type) +
                                       " in the section is not a variable"));
      continue;
    }
    std::string Name = V->Name.str();
    auto MapError = [&](const Twine &Message) {
      report(sectionError(Section, "map '" + Name + "': " + Message));
    };
    // clang leaves the offsets in the BTF zero; like libbpf, take each
    // map's place from its symbol.
    auto Sym = llvm::find_if(Symbols, [&](const SymbolInfo &S) {
      return S.Sym.st_shndx == Section && S.type() != STT_SECTION &&
             S.Name == Name;
    });
    if (Sym == Symbols.end()) {
      MapError("no symbol in the section");
      continue;
    }
    const BtfType *Def = Btf->type(Btf->skipModifiers(V->Type));
    if (!Def || Def->Kind != BtfKind::Struct) {
      MapError("the definition is not a struct");
      continue;
    }

    std::optional<uint32_t> Type, KeySize, ValueSize, MaxEntries, Flags;
    bool Ok = true;
    for (const BtfType::Member &M : Def->Members) {
      const BtfType *Ptr = Btf->type(Btf->skipModifiers(M.Type));
      auto IntField = [&]() -> std::optional<uint32_t> {
        const BtfType *Array =
            Ptr && Ptr->Kind == BtfKind::Ptr ? Btf->type(Ptr->Type) : nullptr;
        if (!Array || Array->Kind != BtfKind::Array) {
          MapError("field '" + M.Name +
                   "' is not declared with __uint (a pointer to an array)");
          return std::nullopt;
        }
        return Array->ElementCount;
      };
      auto TypeSize = [&]() -> std::optional<uint32_t> {
        if (!Ptr || Ptr->Kind != BtfKind::Ptr) {
          MapError("field '" + M.Name +
                   "' is not declared with __type (a pointer)");
          return std::nullopt;
        }
        Expected<uint32_t> Size = Btf->resolveSize(Ptr->Type);
        if (!Size) {
          MapError("field '" + M.Name + "': " + toString(Size.takeError()));
          return std::nullopt;
        }
        return *Size;
      };
      auto Set = [&](std::optional<uint32_t> &Field,
                     std::optional<uint32_t> Value, StringRef What) {
        if (!Value) {
          Ok = false;
        } else if (Field && *Field != *Value) {
          MapError("conflicting " + What + ": " + Twine(*Field) + " and " +
                   Twine(*Value));
          Ok = false;
        } else {
          Field = Value;
        }
      };
      if (M.Name == "type")
        Set(Type, IntField(), "map types");
      else if (M.Name == "max_entries")
        Set(MaxEntries, IntField(), "max_entries");
      else if (M.Name == "map_flags")
        Set(Flags, IntField(), "map_flags");
      else if (M.Name == "key_size")
        Set(KeySize, IntField(), "key sizes");
      else if (M.Name == "key")
        Set(KeySize, TypeSize(), "key sizes");
      else if (M.Name == "value_size")
        Set(ValueSize, IntField(), "value sizes");
      else if (M.Name == "value")
        Set(ValueSize, TypeSize(), "value sizes");
      else if (M.Name == "pinning" || M.Name == "numa_node" ||
               M.Name == "map_extra") {
        // Meaningful only to a kernel (pinning in bpffs, NUMA placement) or
        // to map types ebpfc rejects anyway (bloom filters).
        if (!IntField())
          Ok = false;
      } else if (M.Name == "values") {
        MapError("initial 'values' (maps of maps, program arrays) are not "
                 "supported");
        Ok = false;
      } else {
        MapError("unknown field '" + M.Name + "'");
        Ok = false;
      }
    }
    if (!Ok)
      continue;
    if (!Type) {
      MapError("no map type");
      continue;
    }
    MapDefinition Map;
    Map.Name = Name;
    Map.Section = Sections[Section].Name;
    Map.Kind = MapKind::BtfDefined;
    Map.KeySize = KeySize.value_or(0);
    Map.ValueSize = ValueSize.value_or(0);
    Map.MaxEntries = MaxEntries.value_or(0);
    Map.Flags = Flags.value_or(0);
    Defined.push_back({Sym->Sym.st_value, std::move(Map), *Type});
  }
  // libbpf sorts the section's variables by offset.
  llvm::sort(Defined, [](const Found &A, const Found &B) {
    return std::tie(A.Offset, A.Map.Name) < std::tie(B.Offset, B.Map.Name);
  });
  for (Found &F : Defined)
    addMap(std::move(F.Map), F.RawType, Section, F.Offset);
}

/// A global data section is an array map with one entry whose value is the
/// whole section, as libbpf creates for the kernel.
void ObjectReader::readGlobalData(size_t Section) {
  const SectionInfo &S = Sections[Section];
  uint64_t Size = S.Header.sh_size;
  if (Size == 0)
    return;
  if (Size > MaxGlobalDataSize) {
    report(sectionError(Section, Twine(Size) +
                                     " bytes of global data is more than "
                                     "ebpfc supports (" +
                                     Twine(MaxGlobalDataSize) + ")"));
    return;
  }
  MapDefinition Map;
  Map.Name = S.Name;
  Map.Section = S.Name;
  Map.Kind = MapKind::GlobalData;
  Map.KeySize = 4;
  Map.ValueSize = uint32_t(Size);
  Map.MaxEntries = 1;
  Map.ReadOnly = StringRef(S.Name).starts_with(".rodata");
  Map.Flags = Map.ReadOnly ? BpfFlagReadOnlyProg : 0;
  if (S.Header.sh_type == SHT_NOBITS)
    Map.InitialValue.assign(Size, 0);
  else
    Map.InitialValue.assign(S.Contents.begin(), S.Contents.end());
  for (const SymbolInfo &Sym : Symbols) {
    if (Sym.Sym.st_shndx != Section || Sym.type() != STT_OBJECT)
      continue;
    if (!inRange(Sym.Sym.st_value, Sym.Sym.st_size, Size)) {
      report(sectionError(Section, "variable '" + Sym.Name + "' [" +
                                       Twine(Sym.Sym.st_value) + ", +" +
                                       Twine(Sym.Sym.st_size) +
                                       ") is outside the section"));
      continue;
    }
    Map.Variables.push_back({Sym.Name, uint32_t(Sym.Sym.st_value),
                             uint32_t(Sym.Sym.st_size),
                             Sym.binding() != STB_LOCAL});
  }
  llvm::sort(Map.Variables, [](const MapVariable &A, const MapVariable &B) {
    return std::tie(A.Offset, A.Name) < std::tie(B.Offset, B.Name);
  });
  addMap(std::move(Map), uint32_t(MapType::Array), Section, 0);
}

void ObjectReader::readMaps() {
  // libbpf's order: legacy definitions, BTF-defined maps, global data.
  for (size_t I = 1; I < Sections.size(); ++I) {
    size_t Before = ErrorCount;
    if (Sections[I].Name == "maps")
      readLegacyMaps(I);
    if (ErrorCount != Before)
      SectionsWithBadMaps.insert(I);
  }
  for (size_t I = 1; I < Sections.size(); ++I) {
    size_t Before = ErrorCount;
    if (Sections[I].Name == ".maps")
      readBtfMaps(I);
    if (ErrorCount != Before)
      SectionsWithBadMaps.insert(I);
  }
  for (size_t I = 1; I < Sections.size(); ++I)
    if (isGlobalDataSection(Sections[I]))
      readGlobalData(I);
}

/// What the lddw at INSN of CODE, relocated against SYM, loads: a map, an
/// address in global data, or a function's address.
std::optional<Reference> ObjectReader::resolveLoad(const CodeSection &Code,
                                                   uint32_t Insn,
                                                   const SymbolInfo &Sym) {
  // The second slot must belong to the same function, since functions are
  // copied one by one.
  for (const FunctionSymbol &F : Code.Functions)
    if (F.Start <= Insn && Insn < F.End && Insn + 1 >= F.End) {
      report(insnError(Code, Insn,
                       "lddw at the end of function '" + F.Name +
                           "' is missing its second half"));
      return std::nullopt;
    }
  if (Insn + 1 >= Code.Insns.size()) {
    report(insnError(Code, Insn, "lddw is missing its second half"));
    return std::nullopt;
  }
  // The addend is the 64-bit immediate clang left in the instruction: the
  // offset from the symbol (a section symbol for static variables).
  uint64_t Addend = uint64_t(uint32_t(Code.Insns[Insn].imm)) |
                    uint64_t(uint32_t(Code.Insns[Insn + 1].imm)) << 32;
  uint64_t Address = Sym.Sym.st_value + Addend;
  size_t Target = Sym.Sym.st_shndx;
  const std::string &TargetName = Sections[Target].Name;

  if (CodeSections.count(Target)) {
    if (Address % InsnSize) {
      report(insnError(Code, Insn,
                       "address of '" + Sym.Name + "'+" + Twine(Addend) +
                           " is not on an instruction"));
      return std::nullopt;
    }
    std::optional<CallTarget> F =
        findFunction(Code, Insn, Target, int64_t(Address / InsnSize),
                     /*IsCall=*/false);
    if (!F)
      return std::nullopt;
    Reference R;
    R.Kind = Reference::FunctionAddress;
    R.Target = *F;
    return R;
  }
  for (size_t M = 0; M < Maps.size(); ++M) {
    if (MapLocations[M].first != Target)
      continue;
    Reference R;
    R.MapIndex = uint32_t(M);
    if (Maps[M].Kind == MapKind::GlobalData) {
      if (Address > Maps[M].ValueSize) {
        report(insnError(Code, Insn,
                         "offset " + Twine(Address) + " of '" + Sym.Name +
                             "' is outside section '" + TargetName + "' (" +
                             Twine(Maps[M].ValueSize) + " bytes)"));
        return std::nullopt;
      }
      R.Kind = Reference::MapValue;
      R.Offset = uint32_t(Address);
      return R;
    }
    if (MapLocations[M].second == Address) {
      R.Kind = Reference::Map;
      return R;
    }
  }
  // A map whose definition was rejected has been reported already.
  if (SectionsWithBadMaps.count(Target))
    return std::nullopt;
  if (TargetName == ".maps" || TargetName == "maps")
    report(insnError(Code, Insn,
                     "reference to '" + Sym.Name +
                         "', which is not a map "
                         "defined in section '" +
                         TargetName + "'"));
  else
    report(insnError(Code, Insn,
                     "reference to '" + Sym.Name + "' in section '" +
                         TargetName +
                         "', which holds no maps, global data or code"));
  return std::nullopt;
}
void ObjectReader::resolveRelocations(CodeSection &Code, size_t RelSection) {
  const SectionInfo &Rel = Sections[RelSection];
  if (Rel.Header.sh_type == SHT_RELA) {
    report(sectionError(RelSection, "RELA relocations are not supported in "
                                    "BPF objects"));
    return;
  }
  if (Rel.Header.sh_link != SymbolTable) {
    report(sectionError(RelSection, "sh_link " + Twine(Rel.Header.sh_link) +
                                        " is not the symbol table"));
    return;
  }
  if (Rel.Header.sh_entsize != sizeof(Elf64_Rel)) {
    report(sectionError(RelSection,
                        "bad relocation size " + Twine(Rel.Header.sh_entsize)));
    return;
  }
  Elf_Data *Data = elf_getdata(elf_getscn(Elf, RelSection), nullptr);
  if (!Data) {
    if (Rel.Header.sh_size != 0)
      report(sectionError(RelSection, Twine("unreadable: ") + elf_errmsg(-1)));
    return;
  }
  size_t Count = Data->d_size / sizeof(Elf64_Rel);
  std::map<uint32_t, bool> Seen;
  for (size_t I = 0; I < Count; ++I) {
    GElf_Rel R;
    if (!gelf_getrel(Data, int(I), &R)) {
      report(sectionError(RelSection, "relocation " + Twine(I) +
                                          ": unreadable: " + elf_errmsg(-1)));
      return;
    }
    auto RelError = [&](const Twine &Message) {
      report(sectionError(RelSection, "relocation " + Twine(I) + " (offset " +
                                          Twine(R.r_offset) + "): " + Message));
    };
    uint64_t Offset = R.r_offset;
    if (Offset / InsnSize >= Code.Insns.size()) {
      RelError("outside section '" + Code.Name + "'");
      continue;
    }
    uint32_t Insn = uint32_t(Offset / InsnSize);
    if (Offset % InsnSize || !Code.IsInsnStart[Insn]) {
      RelError("not on an instruction of section '" + Code.Name + "'");
      continue;
    }
    if (!Seen.try_emplace(Insn, true).second) {
      RelError("second relocation of insn " + Twine(Insn));
      continue;
    }
    size_t SymIndex = GELF_R_SYM(R.r_info);
    unsigned Type = GELF_R_TYPE(R.r_info);
    if (SymIndex == 0 || SymIndex >= Symbols.size()) {
      RelError("symbol index " + Twine(SymIndex) + " is out of range (" +
               Twine(Symbols.size()) + " symbols)");
      continue;
    }
    const SymbolInfo &Sym = Symbols[SymIndex];
    if (Sym.Sym.st_shndx == SHN_UNDEF) {
      report(insnError(Code, Insn,
                       "reference to undefined symbol '" + Sym.Name +
                           "' (extern functions and variables are not "
                           "supported)"));
      continue;
    }
    if (Sym.Sym.st_shndx >= Sections.size()) {
      report(insnError(Code, Insn,
                       "reference to symbol '" + Sym.Name +
                           "' in special section " + Twine(Sym.Sym.st_shndx)));
      continue;
    }
    const ebpf_insn &I0 = Code.Insns[Insn];
    switch (Type) {
    case R_BPF_64_32: {
      if (I0.opcode != EBPF_OP_CALL || ebpf_src(&I0) != EBPF_CALL_LOCAL) {
        report(insnError(Code, Insn,
                         "R_BPF_64_32 relocation on an instruction that is "
                         "not a local call"));
        continue;
      }
      if (Sym.Sym.st_value % InsnSize) {
        report(insnError(Code, Insn,
                         "call to symbol '" + Sym.Name + "' at offset " +
                             Twine(Sym.Sym.st_value) +
                             ", which is not on an instruction"));
        continue;
      }
      // As in libbpf: a call to a global function names its symbol with
      // imm -1; a call to a static function names the section symbol and
      // imm holds the callee's instruction index minus one.
      int64_t Target = int64_t(Sym.Sym.st_value / InsnSize) + I0.imm + 1;
      std::optional<CallTarget> Callee =
          findFunction(Code, Insn, Sym.Sym.st_shndx, Target, /*IsCall=*/true);
      if (Callee) {
        Reference R;
        R.Kind = Reference::Call;
        R.Target = *Callee;
        Code.References[Insn] = R;
      }
      break;
    }
    case R_BPF_64_64: {
      if (I0.opcode != EBPF_OP_LDDW) {
        report(insnError(Code, Insn,
                         "R_BPF_64_64 relocation on an instruction that is "
                         "not lddw"));
        continue;
      }
      if (std::optional<Reference> R = resolveLoad(Code, Insn, Sym))
        Code.References[Insn] = *R;
      break;
    }
    default:
      report(
          insnError(Code, Insn, "unsupported relocation type " + Twine(Type)));
      break;
    }
  }
}

Expected<Program> ObjectReader::linkProgram(const CodeSection &Section,
                                            size_t Entry) const {
  const FunctionSymbol &Main = Section.Functions[Entry];
  Program P;
  P.Name = Main.Name;
  P.Section = Section.Name;
  P.Type = *programTypeForSection(Section.Name);

  // Subprograms are laid out depth first, in the order their calls appear,
  // as libbpf does, so instruction indices match what the kernel would see.
  // The walk keeps its own stack: an object may chain many functions.
  struct Placement {
    const CodeSection *Code;
    const FunctionSymbol *Function;
    uint32_t OutStart;
  };
  struct Frame {
    Placement Where;
    std::map<uint32_t, Reference>::const_iterator Next, End;
  };
  std::map<std::pair<size_t, size_t>, uint32_t> PlacedAt;
  std::vector<Placement> Layout;
  std::vector<Frame> Stack;
  // Appends function F of C unless it is already placed; returns where it
  // starts in P.Insns.
  bool TooLarge = false;
  auto Place = [&](const CodeSection &C, size_t F) -> uint32_t {
    auto [It, New] = PlacedAt.try_emplace({C.Index, F}, 0);
    if (!New)
      return It->second;
    const FunctionSymbol &Fn = C.Functions[F];
    if (P.Insns.size() + (Fn.End - Fn.Start) > MaxProgramInsns) {
      TooLarge = true;
      return 0;
    }
    It->second = uint32_t(P.Insns.size());
    P.Insns.insert(P.Insns.end(), C.Insns.begin() + Fn.Start,
                   C.Insns.begin() + Fn.End);
    P.FunctionSymbols.push_back(
        {Fn.Name, It->second, It->second + (Fn.End - Fn.Start)});
    Placement Where{&C, &Fn, It->second};
    Layout.push_back(Where);
    Stack.push_back({Where, C.References.lower_bound(Fn.Start),
                     C.References.lower_bound(Fn.End)});
    return It->second;
  };
  Place(Section, Entry);
  while (!Stack.empty() && !TooLarge) {
    Frame &Top = Stack.back();
    if (Top.Next == Top.End) {
      Stack.pop_back();
      continue;
    }
    auto [Insn, Ref] = *Top.Next++;
    uint32_t Pc = Top.Where.OutStart + (Insn - Top.Where.Function->Start);
    // Place may push a frame and grow P.Insns, so neither Top nor references
    // into P.Insns live across it.
    switch (Ref.Kind) {
    case Reference::Call: {
      uint32_t Callee =
          Place(CodeSections.at(Ref.Target.Section), Ref.Target.Function);
      P.Insns[Pc].imm = int32_t(int64_t(Callee) - (int64_t(Pc) + 1));
      break;
    }
    case Reference::FunctionAddress: {
      // The kernel's BPF_PSEUDO_FUNC: imm is relative, like a call's.
      uint32_t Callee =
          Place(CodeSections.at(Ref.Target.Section), Ref.Target.Function);
      ebpf_insn &Load = P.Insns[Pc];
      Load.regs = ebpf_regs(ebpf_dst(&Load), EBPF_PSEUDO_FUNC);
      Load.imm = int32_t(int64_t(Callee) - (int64_t(Pc) + 1));
      P.Insns[Pc + 1].imm = 0;
      break;
    }
    case Reference::Map: {
      ebpf_insn &Load = P.Insns[Pc];
      Load.regs = ebpf_regs(ebpf_dst(&Load), EBPF_PSEUDO_MAP_IDX);
      Load.imm = int32_t(Ref.MapIndex);
      P.Insns[Pc + 1].imm = 0;
      break;
    }
    case Reference::MapValue: {
      ebpf_insn &Load = P.Insns[Pc];
      Load.regs = ebpf_regs(ebpf_dst(&Load), EBPF_PSEUDO_MAP_IDX_VALUE);
      Load.imm = int32_t(Ref.MapIndex);
      P.Insns[Pc + 1].imm = int32_t(Ref.Offset);
      break;
    }
    }
  }
  if (TooLarge)
    return sectionError(Section.Index,
                        "program '" + P.Name + "' has more than " +
                            Twine(MaxProgramInsns) +
                            " instructions with its subprograms");

  // The line table follows each function to where it was placed.
  for (const Placement &Where : Layout) {
    auto Lines = BtfLines.find(Where.Code->Name);
    if (Lines == BtfLines.end())
      continue;
    for (const BtfLine &L : Lines->second) {
      uint64_t Insn = L.InsnOffset / InsnSize;
      if (Insn < Where.Function->Start || Insn >= Where.Function->End)
        continue;
      P.Lines.push_back(
          {uint32_t(Where.OutStart + (Insn - Where.Function->Start)),
           L.File.str(), L.Line, L.Column, L.Source.str()});
    }
  }
  // Clang emits each section's records in order, so this is only a
  // safeguard for hand-made objects: findLineInfo relies on the order.
  llvm::sort(P.Lines, [](const LineInfo &A, const LineInfo &B) {
    return std::tie(A.Insn, A.Line, A.Column) <
           std::tie(B.Insn, B.Line, B.Column);
  });
  return P;
}

Expected<BpfObject> ObjectReader::read() {
  if (Error E = checkHeader())
    return std::move(E);
  if (elf_version(EV_CURRENT) == EV_NONE)
    return error(Twine("libelf: ") + elf_errmsg(-1));
  if (Error E = readSections())
    return std::move(E);
  if (Error E = readSymbols())
    return std::move(E);
  if (Error E = readBtf())
    return std::move(E);

  BpfObject Obj;
  Obj.Path = Path.str();
  for (size_t I = 1; I < Sections.size(); ++I) {
    const SectionInfo &S = Sections[I];
    if (S.Name == "license") {
      StringRef Text(reinterpret_cast<const char *>(S.Contents.data()),
                     S.Contents.size());
      Obj.License = Text.take_until([](char C) { return C == '\0'; }).str();
    }
    if ((S.Header.sh_flags & SHF_EXECINSTR) && S.Header.sh_size > 0)
      readCodeSection(I);
  }
  readMaps();

  // Relocations are resolved after every code section is read, since a call
  // may go to a section that comes later.
  for (size_t I = 1; I < Sections.size(); ++I) {
    const GElf_Shdr &H = Sections[I].Header;
    if (H.sh_type != SHT_REL && H.sh_type != SHT_RELA)
      continue;
    // Relocations of .BTF, .BTF.ext and debug info only matter to linkers.
    auto Target = CodeSections.find(H.sh_info);
    if (Target != CodeSections.end())
      resolveRelocations(Target->second, I);
  }
  // Local calls without a relocation go to a function of the same section;
  // imm is relative to the call. After a bad relocation this would only
  // repeat the error for the call it belonged to.
  if (ErrorCount == 0)
    for (auto &[Index, C] : CodeSections)
      for (uint32_t I = 0; I < C.Insns.size(); ++I) {
        const ebpf_insn &Insn = C.Insns[I];
        if (!C.IsInsnStart[I] || Insn.opcode != EBPF_OP_CALL ||
            ebpf_src(&Insn) != EBPF_CALL_LOCAL || C.References.count(I))
          continue;
        std::optional<CallTarget> Callee =
            findFunction(C, I, Index, int64_t(I) + 1 + Insn.imm,
                         /*IsCall=*/true);
        if (Callee) {
          Reference R;
          R.Kind = Reference::Call;
          R.Target = *Callee;
          C.References[I] = R;
        }
      }

  for (auto &[Index, C] : CodeSections) {
    if (C.Name == ".text")
      continue;
    bool HasPrograms = llvm::any_of(
        C.Functions, [](const FunctionSymbol &F) { return F.IsGlobal; });
    if (HasPrograms && !programTypeForSection(C.Name))
      report(sectionError(Index, "program type '" +
                                     StringRef(C.Name).split('/').first +
                                     "' is not supported"));
  }
  if (ErrorCount != 0)
    return std::move(Errors);

  // Subprograms are copied into every program that calls them; the limits
  // keep a small malicious object from multiplying into gigabytes.
  size_t TotalInsns = 0;
  for (auto &[Index, C] : CodeSections) {
    if (C.Name == ".text" || !programTypeForSection(C.Name))
      continue;
    for (size_t F = 0; F < C.Functions.size(); ++F) {
      if (!C.Functions[F].IsGlobal)
        continue;
      Expected<Program> P = linkProgram(C, F);
      if (!P)
        return P.takeError();
      TotalInsns += P->Insns.size();
      if (TotalInsns > MaxObjectInsns)
        return error("the programs have more than " + Twine(MaxObjectInsns) +
                     " instructions in all");
      Obj.Programs.push_back(std::move(*P));
    }
  }
  if (Obj.Programs.empty())
    return error("no programs (a program is a global function in an "
                 "executable section other than .text)");
  Obj.Maps = std::move(Maps);
  return std::move(Obj);
}

} // namespace

Expected<BpfObject> readElfObject(StringRef Path, ArrayRef<uint8_t> Bytes) {
  ObjectReader Reader(Path, Bytes);
  return Reader.read();
}

} // namespace ebpfc
