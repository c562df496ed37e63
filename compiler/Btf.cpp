//===- Btf.cpp - Read BPF Type Format from .BTF and .BTF.ext --------------===//
//
// Decodes BTF into a vector indexed by type ID. Each record's length depends
// on its kind and member count, so the walk checks the remaining bytes before
// reading each one; names are looked up in the string section, which must end
// in a NUL so that every offset inside it yields a terminated string. Type
// chains (typedefs, modifiers, arrays) are followed with a depth limit, so a
// cyclic or absurdly deep chain is an error rather than a hang.
//
//===----------------------------------------------------------------------===//

#include "Btf.h"

#include "llvm/ADT/Twine.h"

using namespace llvm;

namespace ebpfc {

namespace {

constexpr uint16_t BtfMagic = 0xeb9f;
/// The kernel's limit on how far it follows a chain of types.
constexpr unsigned MaxResolveDepth = 32;

Error btfError(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), Message.str());
}

/// A bounds-checked little-endian reader over one byte range.
class Cursor {
public:
  explicit Cursor(ArrayRef<uint8_t> Bytes) : Bytes(Bytes) {}
  size_t offset() const { return Offset; }
  size_t remaining() const { return Bytes.size() - Offset; }
  bool has(uint64_t Count) const { return Count <= remaining(); }
  uint8_t u8() { return Bytes[Offset++]; }
  uint16_t u16() {
    uint16_t V = uint16_t(Bytes[Offset] | Bytes[Offset + 1] << 8);
    Offset += 2;
    return V;
  }
  uint32_t u32() {
    uint32_t V = uint32_t(Bytes[Offset]) | uint32_t(Bytes[Offset + 1]) << 8 |
                 uint32_t(Bytes[Offset + 2]) << 16 |
                 uint32_t(Bytes[Offset + 3]) << 24;
    Offset += 4;
    return V;
  }
  void skip(size_t Count) { Offset += Count; }

private:
  ArrayRef<uint8_t> Bytes;
  size_t Offset = 0;
};

/// Bytes that follow the common 12-byte header for each kind, per member
/// (PerMember) and once (Fixed); false for kinds this reader does not know.
bool recordLayout(BtfKind Kind, uint32_t &Fixed, uint32_t &PerMember) {
  Fixed = PerMember = 0;
  switch (Kind) {
  case BtfKind::Int:
  case BtfKind::Var:
  case BtfKind::DeclTag:
    Fixed = 4;
    return true;
  case BtfKind::Array:
    Fixed = 12;
    return true;
  case BtfKind::Struct:
  case BtfKind::Union:
  case BtfKind::Datasec:
  case BtfKind::Enum64:
    PerMember = 12;
    return true;
  case BtfKind::Enum:
  case BtfKind::FuncProto:
    PerMember = 8;
    return true;
  case BtfKind::Ptr:
  case BtfKind::Fwd:
  case BtfKind::Typedef:
  case BtfKind::Volatile:
  case BtfKind::Const:
  case BtfKind::Restrict:
  case BtfKind::Func:
  case BtfKind::Float:
  case BtfKind::TypeTag:
    return true;
  case BtfKind::Void:
    return false;
  }
  return false;
}

/// Checks a header's [Offset, Offset + Length) against the data after it.
bool subsectionInBounds(uint32_t Offset, uint32_t Length, size_t DataSize) {
  return Offset <= DataSize && Length <= DataSize - Offset;
}

} // namespace

Expected<StringRef> BtfTypes::string(uint32_t Offset) const {
  if (Offset >= Strings.size())
    return btfError("string offset " + Twine(Offset) +
                    " is outside the string section (" + Twine(Strings.size()) +
                    " bytes)");
  // The section ends in NUL (checked in parse), so this stops inside it.
  return StringRef(Strings.data() + Offset);
}

Expected<BtfTypes> BtfTypes::parse(ArrayRef<uint8_t> Section) {
  Cursor Header(Section);
  if (!Header.has(24))
    return btfError("truncated header (" + Twine(Section.size()) + " bytes)");
  uint16_t Magic = Header.u16();
  if (Magic != BtfMagic)
    return btfError("bad magic 0x" + Twine::utohexstr(Magic) +
                    (Magic == 0x9feb ? " (big-endian BTF)" : ""));
  uint8_t Version = Header.u8();
  if (Version != 1)
    return btfError("unsupported version " + Twine(Version));
  Header.u8(); // flags
  uint32_t HeaderLength = Header.u32();
  uint32_t TypeOffset = Header.u32(), TypeLength = Header.u32();
  uint32_t StringOffset = Header.u32(), StringLength = Header.u32();
  if (HeaderLength < 24 || HeaderLength > Section.size())
    return btfError("bad header length " + Twine(HeaderLength));
  ArrayRef<uint8_t> Data = Section.drop_front(HeaderLength);
  if (!subsectionInBounds(TypeOffset, TypeLength, Data.size()) ||
      TypeOffset % 4)
    return btfError("type section [" + Twine(TypeOffset) + ", +" +
                    Twine(TypeLength) + ") is misplaced (" +
                    Twine(Data.size()) + " bytes of data)");
  if (!subsectionInBounds(StringOffset, StringLength, Data.size()))
    return btfError("string section [" + Twine(StringOffset) + ", +" +
                    Twine(StringLength) + ") is outside the data (" +
                    Twine(Data.size()) + " bytes)");
  if (StringLength == 0 || Data[StringOffset] != 0 ||
      Data[StringOffset + StringLength - 1] != 0)
    return btfError("string section does not start and end with NUL");

  BtfTypes Result;
  Result.Strings = StringRef(
      reinterpret_cast<const char *>(Data.data() + StringOffset), StringLength);
  Result.Types.emplace_back(); // ID 0 is void

  Cursor C(Data.slice(TypeOffset, TypeLength));
  while (C.remaining()) {
    uint32_t Id = uint32_t(Result.Types.size());
    auto TypeError = [&](const Twine &Message) {
      return btfError("type " + Twine(Id) + ": " + Message);
    };
    if (!C.has(12))
      return TypeError("truncated (" + Twine(C.remaining()) + " bytes left)");
    uint32_t NameOffset = C.u32(), Info = C.u32(), SizeOrType = C.u32();
    BtfType T;
    T.Kind = BtfKind((Info >> 24) & 0x1f);
    uint32_t Vlen = Info & 0xffff;
    uint32_t Fixed, PerMember;
    if (!recordLayout(T.Kind, Fixed, PerMember))
      return TypeError("unknown kind " + Twine((Info >> 24) & 0x1f));
    if (!C.has(Fixed + uint64_t(Vlen) * PerMember))
      return TypeError("truncated (" + Twine(Vlen) + " members)");
    Expected<StringRef> Name = Result.string(NameOffset);
    if (!Name)
      return TypeError(toString(Name.takeError()));
    T.Name = *Name;
    switch (T.Kind) {
    case BtfKind::Int:
    case BtfKind::Enum:
    case BtfKind::Enum64:
    case BtfKind::Struct:
    case BtfKind::Union:
    case BtfKind::Datasec:
    case BtfKind::Float:
      T.Size = SizeOrType;
      break;
    default:
      T.Type = SizeOrType;
      break;
    }
    if (T.Kind == BtfKind::Array) {
      T.ElementType = C.u32();
      C.u32(); // index type
      T.ElementCount = C.u32();
    } else if (T.Kind == BtfKind::Struct || T.Kind == BtfKind::Union ||
               T.Kind == BtfKind::Datasec) {
      for (uint32_t M = 0; M < Vlen; ++M) {
        BtfType::Member Member;
        if (T.Kind == BtfKind::Datasec) {
          Member.Type = C.u32();
          Member.Offset = C.u32();
          Member.Size = C.u32();
        } else {
          Expected<StringRef> MemberName = Result.string(C.u32());
          if (!MemberName)
            return TypeError("member " + Twine(M) + ": " +
                             toString(MemberName.takeError()));
          Member.Name = *MemberName;
          Member.Type = C.u32();
          Member.Offset = C.u32();
        }
        T.Members.push_back(Member);
      }
    } else {
      C.skip(Fixed + size_t(Vlen) * PerMember);
    }
    Result.Types.push_back(std::move(T));
  }

  // Every reference must name a type that exists, so later walks need no
  // checks of their own beyond the depth limit.
  size_t Count = Result.Types.size();
  for (size_t Id = 1; Id < Count; ++Id) {
    const BtfType &T = Result.Types[Id];
    auto Check = [&](uint32_t Ref) { return Ref < Count; };
    bool Ok = Check(T.Type) && Check(T.ElementType);
    for (const BtfType::Member &M : T.Members)
      Ok = Ok && Check(M.Type);
    if (!Ok)
      return btfError("type " + Twine(Id) + ": refers to a type ID beyond " +
                      Twine(Count - 1));
  }
  return std::move(Result);
}

const BtfType *BtfTypes::type(uint32_t Id) const {
  if (Id == 0 || Id >= Types.size())
    return nullptr;
  return &Types[Id];
}

uint32_t BtfTypes::skipModifiers(uint32_t Id) const {
  for (unsigned Depth = 0; Depth < MaxResolveDepth; ++Depth) {
    const BtfType *T = type(Id);
    if (!T)
      return Id;
    switch (T->Kind) {
    case BtfKind::Typedef:
    case BtfKind::Volatile:
    case BtfKind::Const:
    case BtfKind::Restrict:
    case BtfKind::TypeTag:
      Id = T->Type;
      break;
    default:
      return Id;
    }
  }
  return Id;
}

Expected<uint32_t> BtfTypes::resolveSize(uint32_t Id) const {
  uint64_t Count = 1;
  for (unsigned Depth = 0; Depth < MaxResolveDepth; ++Depth) {
    const BtfType *T = type(Id);
    if (!T)
      return btfError("type " + Twine(Id) + " has no size");
    switch (T->Kind) {
    case BtfKind::Int:
    case BtfKind::Enum:
    case BtfKind::Enum64:
    case BtfKind::Struct:
    case BtfKind::Union:
    case BtfKind::Datasec:
    case BtfKind::Float: {
      uint64_t Size = Count * T->Size;
      if (Size > UINT32_MAX)
        return btfError("type " + Twine(Id) + ": size overflows");
      return uint32_t(Size);
    }
    case BtfKind::Ptr:
      return Count * 8 > UINT32_MAX ? UINT32_MAX : uint32_t(Count * 8);
    case BtfKind::Typedef:
    case BtfKind::Volatile:
    case BtfKind::Const:
    case BtfKind::Restrict:
    case BtfKind::TypeTag:
    case BtfKind::Var:
      Id = T->Type;
      break;
    case BtfKind::Array:
      Count *= T->ElementCount;
      if (Count > UINT32_MAX)
        return btfError("type " + Twine(Id) + ": array size overflows");
      Id = T->ElementType;
      break;
    default:
      return btfError("type " + Twine(Id) + " has no size");
    }
  }
  return btfError("type " + Twine(Id) + ": chain of types is too deep");
}

const BtfType *BtfTypes::findDatasec(StringRef Name) const {
  for (const BtfType &T : Types)
    if (T.Kind == BtfKind::Datasec && T.Name == Name)
      return &T;
  return nullptr;
}

Expected<std::map<std::string, std::vector<BtfLine>>>
parseBtfLineInfo(ArrayRef<uint8_t> Section, const BtfTypes &Types) {
  Cursor Header(Section);
  if (!Header.has(24))
    return btfError("truncated header (" + Twine(Section.size()) + " bytes)");
  uint16_t Magic = Header.u16();
  if (Magic != BtfMagic)
    return btfError("bad magic 0x" + Twine::utohexstr(Magic));
  uint8_t Version = Header.u8();
  if (Version != 1)
    return btfError("unsupported version " + Twine(Version));
  Header.u8(); // flags
  uint32_t HeaderLength = Header.u32();
  uint32_t FuncOffset = Header.u32(), FuncLength = Header.u32();
  uint32_t LineOffset = Header.u32(), LineLength = Header.u32();
  if (HeaderLength < 24 || HeaderLength > Section.size())
    return btfError("bad header length " + Twine(HeaderLength));
  ArrayRef<uint8_t> Data = Section.drop_front(HeaderLength);
  if (!subsectionInBounds(FuncOffset, FuncLength, Data.size()))
    return btfError("func_info [" + Twine(FuncOffset) + ", +" +
                    Twine(FuncLength) + ") is outside the section");
  if (!subsectionInBounds(LineOffset, LineLength, Data.size()))
    return btfError("line_info [" + Twine(LineOffset) + ", +" +
                    Twine(LineLength) + ") is outside the section");

  std::map<std::string, std::vector<BtfLine>> Result;
  if (LineLength == 0)
    return std::move(Result);
  Cursor C(Data.slice(LineOffset, LineLength));
  if (!C.has(4))
    return btfError("line_info: truncated");
  uint32_t RecordSize = C.u32();
  // Records may grow; the first 16 bytes are what this reader knows.
  if (RecordSize < 16 || RecordSize % 4)
    return btfError("line_info: bad record size " + Twine(RecordSize));
  while (C.remaining()) {
    if (!C.has(8))
      return btfError("line_info: truncated section header");
    Expected<StringRef> SectionName = Types.string(C.u32());
    if (!SectionName)
      return btfError("line_info: " + toString(SectionName.takeError()));
    uint32_t Count = C.u32();
    if (!C.has(uint64_t(Count) * RecordSize))
      return btfError("line_info of '" + *SectionName + "': " + Twine(Count) +
                      " records do not fit in the section");
    std::vector<BtfLine> &Lines = Result[SectionName->str()];
    for (uint32_t I = 0; I < Count; ++I) {
      size_t Start = C.offset();
      BtfLine L;
      L.InsnOffset = C.u32();
      Expected<StringRef> File = Types.string(C.u32());
      Expected<StringRef> Source = Types.string(C.u32());
      uint32_t LineColumn = C.u32();
      if (!File || !Source) {
        std::string Message =
            !File ? toString(File.takeError()) : toString(Source.takeError());
        consumeError(File.takeError());
        consumeError(Source.takeError());
        return btfError("line_info of '" + *SectionName + "', record " +
                        Twine(I) + ": " + Message);
      }
      if (L.InsnOffset % 8)
        return btfError("line_info of '" + *SectionName + "', record " +
                        Twine(I) + ": offset " + Twine(L.InsnOffset) +
                        " is not on an instruction");
      L.File = *File;
      L.Source = *Source;
      L.Line = LineColumn >> 10;
      L.Column = LineColumn & 0x3ff;
      Lines.push_back(L);
      C.skip(RecordSize - (C.offset() - Start));
    }
  }
  return std::move(Result);
}

} // namespace ebpfc
