//===- RawReader.cpp - Read raw BPF bytecode ------------------------------===//
//
// Turns a flat file of instruction slots into a one-program BpfObject. The
// slots are decoded field by field from little-endian bytes so the reader is
// correct on big-endian hosts too.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/RawReader.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace ebpfc {

std::string rawProgramName(StringRef Path) {
  std::string Name = sys::path::stem(Path).str();
  for (char &C : Name)
    if (!isAlnum(C) && C != '_')
      C = '_';
  if (Name.empty() || isDigit(Name[0]))
    Name.insert(Name.begin(), '_');
  return Name;
}

Expected<BpfObject> readRawBytecode(StringRef Path, ArrayRef<uint8_t> Bytes,
                                    ProgramType Type) {
  // Located like every other diagnostic: FILE:SECTION/PROGRAM.
  std::string Name = rawProgramName(Path);
  std::string Location = (Path + ":raw/" + Name).str();
  if (Bytes.empty())
    return createStringError(inconvertibleErrorCode(), "%s: empty program",
                             Location.c_str());
  if (Bytes.size() % 8 != 0)
    return createStringError(
        inconvertibleErrorCode(),
        "%s: insn %zu: truncated instruction (%zu trailing bytes; a BPF "
        "instruction is 8 bytes)",
        Location.c_str(), Bytes.size() / 8, Bytes.size() % 8);

  Program Prog;
  Prog.Name = std::move(Name);
  Prog.Section = "raw";
  Prog.Type = Type;
  Prog.Insns.reserve(Bytes.size() / 8);
  for (size_t Off = 0; Off < Bytes.size(); Off += 8)
    Prog.Insns.push_back(ebpf_insn_from_bytes(&Bytes[Off]));

  BpfObject Obj;
  Obj.Path = Path.str();
  Obj.Programs.push_back(std::move(Prog));
  return std::move(Obj);
}

} // namespace ebpfc
