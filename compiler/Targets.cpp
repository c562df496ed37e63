//===- Targets.cpp - The architectures ebpfc compiles for -----------------===//
//
// ebpfc emits code for 64-bit little-endian Linux: x86-64 and AArch64. Any
// spelling of those triples that LLVM normalizes to the same architecture,
// OS and environment is accepted and rewritten to one canonical form, so the
// triple recorded in the output never depends on how the host's toolchain
// names itself (x86_64-pc-linux-gnu vs x86_64-linux-gnu).
//
// Only the two backends are registered (not LLVM's InitializeAll*), which
// keeps start-up cheap.
//
//===----------------------------------------------------------------------===//
#include "Targets.h"

#include "ebpfc/Compiler.h"

#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

extern "C" {
void LLVMInitializeX86TargetInfo();
void LLVMInitializeX86Target();
void LLVMInitializeX86TargetMC();
void LLVMInitializeX86AsmPrinter();
void LLVMInitializeAArch64TargetInfo();
void LLVMInitializeAArch64Target();
void LLVMInitializeAArch64TargetMC();
void LLVMInitializeAArch64AsmPrinter();
}

using namespace ebpfc;
using namespace llvm;

void ebpfc::initializeTargets() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    LLVMInitializeAArch64TargetInfo();
    LLVMInitializeAArch64Target();
    LLVMInitializeAArch64TargetMC();
    LLVMInitializeAArch64AsmPrinter();
  });
}

StringRef ebpfc::baselineCPU(const Triple &T) {
  return T.getArch() == Triple::x86_64 ? "x86-64" : "generic";
}

Expected<std::string> ebpfc::normalizeTargetTriple(StringRef Name) {
  std::string Requested =
      Name.empty() ? sys::getDefaultTargetTriple() : Name.str();
  Triple T(Triple::normalize(Requested));
  bool KnownArch =
      T.getArch() == Triple::x86_64 || T.getArch() == Triple::aarch64;
  bool KnownEnvironment = T.getEnvironment() == Triple::GNU ||
                          T.getEnvironment() == Triple::UnknownEnvironment;
  if (!KnownArch || !T.isOSLinux() || !KnownEnvironment)
    return createStringError(inconvertibleErrorCode(),
                             "unsupported target '" + Requested + "'");
  return (Triple::getArchTypeName(T.getArch()) + "-unknown-linux-gnu").str();
}

bool ebpfc::isSupportedTarget(StringRef Name) {
  Expected<std::string> Normalized = normalizeTargetTriple(Name);
  if (!Normalized) {
    consumeError(Normalized.takeError());
    return false;
  }
  return true;
}
