//===- SharedObjectLinker.cpp - Link a shared object with lld -------------===//
//
// `ebpfc --shared`: the relocatable object the pipeline emitted is linked
// into a shared object by lld's ELF driver, in this process. The runtime's
// helpers stay undefined in it, to be bound when the host (which links
// libebpfrt) loads it, so a compiled filter can be shipped as a plugin.
// lld infers the target from the object, so this serves every target.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/Compiler.h"

#include "lld/Common/Driver.h"
#include "llvm/Support/raw_ostream.h"

LLD_HAS_DRIVER(elf)

using namespace llvm;

namespace ebpfc {

Error linkSharedObject(StringRef ObjectPath, StringRef OutputPath) {
  std::string Object = ObjectPath.str(), Output = OutputPath.str();
  // No build id and no host-dependent search paths keep the output a pure
  // function of the object, as the compiler's own output is.
  const char *Args[] = {
      "ld.lld",      "-shared", "--build-id=none", "--hash-style=gnu", "-z",
      "noexecstack", "-o",      Output.c_str(),    Object.c_str()};
  std::string Diagnostics;
  raw_string_ostream DiagnosticsOS(Diagnostics);
  lld::Result R =
      lld::lldMain(Args, nulls(), DiagnosticsOS, {{lld::Gnu, &lld::elf::link}});
  if (R.retCode != 0)
    return createStringError(inconvertibleErrorCode(), "%s: linking failed: %s",
                             Output.c_str(),
                             StringRef(Diagnostics).trim().str().c_str());
  return Error::success();
}

} // namespace ebpfc
