//===- verifier/ProgramType.cpp - Names of BPF program types --------------===//
//
// The spelling of each program type on the command line and in diagnostics.
// The names follow bpftool's `--type` words where one exists.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/Program.h"

namespace ebpfc {

namespace {
struct TypeName {
  ProgramType Type;
  std::string_view Name;
};
constexpr TypeName TypeNames[] = {
    {ProgramType::Raw, "raw"},
    {ProgramType::Xdp, "xdp"},
    {ProgramType::SocketFilter, "socket"},
    {ProgramType::SchedCls, "tc"},
};
} // namespace

std::string_view programTypeName(ProgramType Type) {
  for (const TypeName &T : TypeNames)
    if (T.Type == Type)
      return T.Name;
  return "unknown";
}

std::optional<ProgramType> parseProgramType(std::string_view Name) {
  for (const TypeName &T : TypeNames)
    if (T.Name == Name)
      return T.Type;
  return std::nullopt;
}

} // namespace ebpfc
