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
//  3. The relocations of executable sections are resolved once per section:
//     each local call gets the function it calls (a relocated call names a
//     symbol; an unrelocated one is relative within its own section).
//  4. Each program gets its own instruction vector: its instructions, then
//     every subprogram it calls, transitively, appended once, with each call
//     rewritten to a relative offset within the combined vector.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/ElfReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Format.h"

#include <gelf.h>
#include <libelf.h>

#include <cstring>
#include <map>
#include <memory>
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

/// An executable section split into instructions, with what its relocations
/// and local calls resolve to.
struct CodeSection {
  size_t Index = 0;
  std::string Name;
  std::vector<ebpf_insn> Insns;
  /// False for the second slot of an lddw, which is not an instruction.
  std::vector<bool> IsInsnStart;
  std::vector<FunctionSymbol> Functions; ///< sorted by Start
  /// Local calls by the index of the call instruction.
  std::map<uint32_t, CallTarget> Calls;
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
    HadErrors = true;
    Errors = joinErrors(std::move(Errors), std::move(E));
  }

  Error checkHeader();
  Error readSections();
  Error readSymbols();
  void readCodeSection(size_t Index);
  void readFunctions(CodeSection &Code);
  void resolveRelocations(CodeSection &Code, size_t RelSection);
  void resolveLocalCall(CodeSection &Code, uint32_t Insn, size_t TargetSection,
                        int64_t TargetInsn);
  Program linkProgram(const CodeSection &Code, size_t Entry) const;

  StringRef Path;
  ArrayRef<uint8_t> Bytes;
  /// libelf may write into the image it reads, so it gets its own copy.
  std::unique_ptr<char[]> Image;
  ::Elf *Elf = nullptr;
  std::vector<SectionInfo> Sections;
  std::vector<SymbolInfo> Symbols;
  size_t SymbolTable = 0;
  std::map<size_t, CodeSection> CodeSections; ///< by section index
  Error Errors = Error::success();
  bool HadErrors = false;
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
  for (size_t I = 0; I < Count; ++I) {
    // Field by field from little-endian bytes, so big-endian hosts work too.
    const uint8_t *B = S.Contents.data() + I * InsnSize;
    ebpf_insn &Insn = C.Insns[I];
    Insn.opcode = B[0];
    Insn.regs = B[1];
    Insn.offset = int16_t(readLE16(B + 2));
    Insn.imm = int32_t(readLE32(B + 4));
  }
  for (size_t I = 0; I < Count; ++I)
    if (C.Insns[I].opcode == EBPF_OP_LDDW && I + 1 < Count)
      C.IsInsnStart[++I] = false;
  readFunctions(C);
}

/// Records that the call at INSN of CODE goes to instruction TARGETINSN of
/// section TARGETSECTION, which must be where a function starts.
void ObjectReader::resolveLocalCall(CodeSection &Code, uint32_t Insn,
                                    size_t TargetSection, int64_t TargetInsn) {
  auto It = CodeSections.find(TargetSection);
  if (It == CodeSections.end()) {
    report(insnError(Code, Insn,
                     "call into section '" + Sections[TargetSection].Name +
                         "', which holds no code"));
    return;
  }
  const CodeSection &Callee = It->second;
  auto F = llvm::find_if(Callee.Functions, [&](const FunctionSymbol &F) {
    return F.Start == TargetInsn;
  });
  if (F == Callee.Functions.end()) {
    report(insnError(Code, Insn,
                     "call target " + Twine(TargetInsn) + " in section '" +
                         Callee.Name + "' is not the start of a function"));
    return;
  }
  Code.Calls[Insn] = {TargetSection, size_t(F - Callee.Functions.begin())};
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
      resolveLocalCall(Code, Insn, Sym.Sym.st_shndx, Target);
      break;
    }
    case R_BPF_64_64:
      if (I0.opcode != EBPF_OP_LDDW) {
        report(insnError(Code, Insn,
                         "R_BPF_64_64 relocation on an instruction that is "
                         "not lddw"));
        continue;
      }
      report(insnError(Code, Insn,
                       "map and global data references are not supported "
                       "yet"));
      break;
    default:
      report(
          insnError(Code, Insn, "unsupported relocation type " + Twine(Type)));
      break;
    }
  }
}

Program ObjectReader::linkProgram(const CodeSection &Section,
                                  size_t Entry) const {
  const FunctionSymbol &Main = Section.Functions[Entry];
  Program P;
  P.Name = Main.Name;
  P.Section = Section.Name;
  P.Type = *programTypeForSection(Section.Name);

  // Subprograms are laid out depth first, in the order their calls appear,
  // as libbpf does, so instruction indices match what the kernel would see.
  // The walk keeps its own stack: an object may chain many functions.
  struct Frame {
    const CodeSection *Code;
    const FunctionSymbol *Function;
    uint32_t OutStart;
    std::map<uint32_t, CallTarget>::const_iterator NextCall, EndCall;
  };
  std::map<std::pair<size_t, size_t>, uint32_t> PlacedAt;
  std::vector<Frame> Stack;
  // Appends function F of C unless it is already placed; returns where it
  // starts in P.Insns.
  auto Place = [&](const CodeSection &C, size_t F) -> uint32_t {
    auto [It, New] = PlacedAt.try_emplace({C.Index, F}, 0);
    if (!New)
      return It->second;
    const FunctionSymbol &Fn = C.Functions[F];
    It->second = uint32_t(P.Insns.size());
    P.Insns.insert(P.Insns.end(), C.Insns.begin() + Fn.Start,
                   C.Insns.begin() + Fn.End);
    Stack.push_back({&C, &Fn, It->second, C.Calls.lower_bound(Fn.Start),
                     C.Calls.lower_bound(Fn.End)});
    return It->second;
  };
  Place(Section, Entry);
  while (!Stack.empty()) {
    Frame &Top = Stack.back();
    if (Top.NextCall == Top.EndCall) {
      Stack.pop_back();
      continue;
    }
    auto [CallInsn, Target] = *Top.NextCall++;
    uint32_t Pc = Top.OutStart + (CallInsn - Top.Function->Start);
    // Place may push a frame, so Top is not used after this.
    uint32_t Callee = Place(CodeSections.at(Target.Section), Target.Function);
    P.Insns[Pc].imm = int32_t(int64_t(Callee) - (int64_t(Pc) + 1));
  }
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
  if (!HadErrors)
    for (auto &[Index, C] : CodeSections)
      for (uint32_t I = 0; I < C.Insns.size(); ++I) {
        const ebpf_insn &Insn = C.Insns[I];
        if (C.IsInsnStart[I] && Insn.opcode == EBPF_OP_CALL &&
            ebpf_src(&Insn) == EBPF_CALL_LOCAL && !C.Calls.count(I))
          resolveLocalCall(C, I, Index, int64_t(I) + 1 + Insn.imm);
      }

  for (auto &[Index, C] : CodeSections) {
    if (C.Name == ".text")
      continue;
    bool HasPrograms = llvm::any_of(
        C.Functions, [](const FunctionSymbol &F) { return F.IsGlobal; });
    if (!HasPrograms)
      continue;
    if (!programTypeForSection(C.Name)) {
      report(sectionError(Index, "program type '" +
                                     StringRef(C.Name).split('/').first +
                                     "' is not supported"));
      continue;
    }
  }
  if (HadErrors)
    return std::move(Errors);

  for (auto &[Index, C] : CodeSections) {
    if (C.Name == ".text" || !programTypeForSection(C.Name))
      continue;
    for (size_t F = 0; F < C.Functions.size(); ++F)
      if (C.Functions[F].IsGlobal)
        Obj.Programs.push_back(linkProgram(C, F));
  }
  if (Obj.Programs.empty())
    return error("no programs (a program is a global function in an "
                 "executable section other than .text)");
  return std::move(Obj);
}

} // namespace

Expected<BpfObject> readElfObject(StringRef Path, ArrayRef<uint8_t> Bytes) {
  ObjectReader Reader(Path, Bytes);
  return Reader.read();
}

} // namespace ebpfc
