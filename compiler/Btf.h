//===- Btf.h - Read BPF Type Format from .BTF and .BTF.ext ------*- C++ -*-===//
//
// The ELF reader needs BTF for two things: the definitions of BTF-defined
// maps (libbpf's `.maps` section, whose layout is only described by types)
// and the line table in .BTF.ext. This reader parses the type and string
// sections once, checking every record against the section's bounds, and
// answers the few questions those two users ask. The format is the kernel's
// (Documentation/bpf/btf.rst); only little-endian BTF is accepted.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_COMPILER_BTF_H
#define EBPFC_COMPILER_BTF_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ebpfc {

/// BTF type kinds (BTF_KIND_*).
enum class BtfKind : uint8_t {
  Void = 0,
  Int = 1,
  Ptr = 2,
  Array = 3,
  Struct = 4,
  Union = 5,
  Enum = 6,
  Fwd = 7,
  Typedef = 8,
  Volatile = 9,
  Const = 10,
  Restrict = 11,
  Func = 12,
  FuncProto = 13,
  Var = 14,
  Datasec = 15,
  Float = 16,
  DeclTag = 17,
  TypeTag = 18,
  Enum64 = 19,
};

/// One decoded type. Which fields mean something depends on Kind.
struct BtfType {
  BtfKind Kind = BtfKind::Void;
  llvm::StringRef Name;
  uint32_t Size = 0; ///< Int, Enum, Struct, Union, Datasec, Float
  uint32_t Type = 0; ///< the referenced type: Ptr, Typedef, modifiers, Var
  /// Array: element type and count.
  uint32_t ElementType = 0;
  uint32_t ElementCount = 0;
  struct Member {
    llvm::StringRef Name;
    uint32_t Type = 0;
    uint32_t Offset = 0; ///< Struct/Union: bit offset; Datasec: byte offset
    uint32_t Size = 0;   ///< Datasec only
  };
  /// Struct and Union members; Datasec variables.
  std::vector<Member> Members;
};

class BtfTypes {
public:
  /// Parses a .BTF section. Errors describe what is wrong ("type 7: ...").
  static llvm::Expected<BtfTypes> parse(llvm::ArrayRef<uint8_t> Section);

  /// Type ID, or nullptr for 0 (void) and IDs out of range.
  const BtfType *type(uint32_t Id) const;
  /// Follows typedefs and const/volatile/restrict/type tags.
  uint32_t skipModifiers(uint32_t Id) const;
  /// The size in bytes of an object of type ID, as libbpf's
  /// btf__resolve_size computes it.
  llvm::Expected<uint32_t> resolveSize(uint32_t Id) const;
  /// The Datasec type named NAME, or nullptr.
  const BtfType *findDatasec(llvm::StringRef Name) const;
  /// The string at OFFSET of the string section, or an error.
  llvm::Expected<llvm::StringRef> string(uint32_t Offset) const;

private:
  llvm::StringRef Strings;
  std::vector<BtfType> Types; ///< index = type ID; [0] is void
};

/// One .BTF.ext line_info record.
struct BtfLine {
  uint32_t InsnOffset = 0; ///< byte offset in the code section
  llvm::StringRef File;
  llvm::StringRef Source; ///< the text of the source line
  uint32_t Line = 0;
  uint32_t Column = 0;
};

/// Parses the line_info part of a .BTF.ext section: the records of each
/// code section, by section name. Strings point into TYPES' string section.
llvm::Expected<std::map<std::string, std::vector<BtfLine>>>
parseBtfLineInfo(llvm::ArrayRef<uint8_t> Section, const BtfTypes &Types);

} // namespace ebpfc

#endif // EBPFC_COMPILER_BTF_H
