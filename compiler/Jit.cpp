//===- Jit.cpp - Compiling BPF programs in process ------------------------===//
//
// The JIT runs the same stages as compileObject (buildModule) for a target
// machine that describes the host, then gives the module to ORC's LLJIT,
// which generates code and links it in memory.
//
// Compiled code calls the runtime's helpers by their C symbols. Instead of
// relying on the host exporting them (-rdynamic), the session defines every
// helper symbol of every program type as an absolute symbol at the address
// the runtime's table holds, plus the trap that callx of an unknown id
// calls. Everything else (memset, memcpy) comes from the process's libraries.
//
//===----------------------------------------------------------------------===//
#include "ebpfc/Jit.h"

#include "Lifter.h"
#include "Pipeline.h"
#include "Targets.h"

#include "ebpfc/object.h"
#include "ebpfc/runtime.h"

#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Target/TargetMachine.h"

using namespace ebpfc;
using namespace llvm;

namespace {

orc::ExecutorSymbolDef runtimeSymbol(const void *Address) {
  return {orc::ExecutorAddr(reinterpret_cast<uintptr_t>(Address)),
          JITSymbolFlags::Exported | JITSymbolFlags::Callable};
}

Error defineRuntimeSymbols(orc::LLJIT &J) {
  orc::SymbolMap Symbols;
  for (ProgramType Type : {ProgramType::Raw, ProgramType::Xdp,
                           ProgramType::SocketFilter, ProgramType::SchedCls})
    for (const ebpf_helper_info *Info : helpersOfType(Type))
      Symbols[J.mangleAndIntern(Info->symbol)] =
          runtimeSymbol(reinterpret_cast<const void *>(Info->fn));
  Symbols[J.mangleAndIntern("ebpf_trap_unknown_helper")] =
      runtimeSymbol(reinterpret_cast<const void *>(&ebpf_trap_unknown_helper));
  return J.getMainJITDylib().define(orc::absoluteSymbols(std::move(Symbols)));
}

/// An LLJIT for the host with the runtime's symbols defined in it.
Expected<std::unique_ptr<orc::LLJIT>>
createHostJit(orc::JITTargetMachineBuilder Builder) {
  Expected<std::unique_ptr<orc::LLJIT>> J =
      orc::LLJITBuilder()
          .setJITTargetMachineBuilder(std::move(Builder))
          .create();
  if (!J)
    return J.takeError();
  if (Error E = defineRuntimeSymbols(**J))
    return std::move(E);
  return std::move(*J);
}

/// The one exported "<prefix><object>_ebpf_object" symbol of an object
/// ebpfc compiled, which names everything else in it.
Expected<std::string> findDescriptorSymbol(StringRef Path,
                                           const object::ObjectFile &File) {
  std::string Found;
  for (const object::SymbolRef &Sym : File.symbols()) {
    Expected<uint32_t> Flags = Sym.getFlags();
    Expected<StringRef> Name = Sym.getName();
    if (!Flags || !Name) {
      consumeError(Flags.takeError());
      consumeError(Name.takeError());
      continue;
    }
    if (!(*Flags & object::SymbolRef::SF_Global) ||
        (*Flags & object::SymbolRef::SF_Undefined) ||
        !Name->ends_with("_ebpf_object"))
      continue;
    if (!Found.empty())
      return createStringError(inconvertibleErrorCode(),
                               "%s: more than one BPF object descriptor "
                               "('%s' and '%s')",
                               Path.str().c_str(), Found.c_str(),
                               Name->str().c_str());
    Found = Name->str();
  }
  if (Found.empty())
    return createStringError(inconvertibleErrorCode(),
                             "%s: not an object compiled by ebpfc (no "
                             "*_ebpf_object descriptor)",
                             Path.str().c_str());
  return Found;
}

} // namespace

JitSession::JitSession(std::unique_ptr<orc::LLJIT> Jit,
                       std::string DescriptorSymbol)
    : Jit(std::move(Jit)), DescriptorSymbol(std::move(DescriptorSymbol)) {}

JitSession::~JitSession() = default;

Expected<std::unique_ptr<JitSession>>
JitSession::create(BpfObject &Obj, unsigned OptLevel, uint64_t MemSize) {
  initializeTargets();
  Expected<orc::JITTargetMachineBuilder> Builder =
      orc::JITTargetMachineBuilder::detectHost();
  if (!Builder)
    return Builder.takeError();
  Builder->setCodeGenOptLevel(OptLevel == 0   ? CodeGenOptLevel::None
                              : OptLevel == 1 ? CodeGenOptLevel::Less
                              : OptLevel == 2 ? CodeGenOptLevel::Default
                                              : CodeGenOptLevel::Aggressive);
  Expected<std::unique_ptr<TargetMachine>> TM = Builder->createTargetMachine();
  if (!TM)
    return TM.takeError();

  auto Ctx = std::make_unique<LLVMContext>();
  CompileOptions Opts;
  Opts.OptLevel = OptLevel;
  Opts.MemSize = MemSize;
  Expected<std::unique_ptr<Module>> M = buildModule(Obj, Opts, **TM, *Ctx);
  if (!M)
    return M.takeError();

  Expected<std::unique_ptr<orc::LLJIT>> J = createHostJit(std::move(*Builder));
  if (!J)
    return J.takeError();
  if (Error E = (*J)->addIRModule(
          orc::ThreadSafeModule(std::move(*M), std::move(Ctx))))
    return std::move(E);
  return std::unique_ptr<JitSession>(
      new JitSession(std::move(*J), objectDescriptorSymbol(Obj, Opts)));
}

Expected<std::unique_ptr<JitSession>>
JitSession::loadNativeObject(StringRef Path, ArrayRef<uint8_t> Bytes) {
  initializeTargets();
  StringRef Contents(reinterpret_cast<const char *>(Bytes.data()),
                     Bytes.size());
  Expected<std::unique_ptr<object::ObjectFile>> File =
      object::ObjectFile::createObjectFile(MemoryBufferRef(Contents, Path));
  if (!File)
    return createStringError(inconvertibleErrorCode(), "%s: %s",
                             Path.str().c_str(),
                             toString(File.takeError()).c_str());
  Expected<orc::JITTargetMachineBuilder> Builder =
      orc::JITTargetMachineBuilder::detectHost();
  if (!Builder)
    return Builder.takeError();
  Triple ObjectTriple = (*File)->makeTriple();
  if (ObjectTriple.getArch() != Builder->getTargetTriple().getArch())
    return createStringError(
        inconvertibleErrorCode(), "%s: compiled for %s; this host is %s",
        Path.str().c_str(), ObjectTriple.getArchName().str().c_str(),
        Builder->getTargetTriple().getArchName().str().c_str());
  Expected<std::string> Descriptor = findDescriptorSymbol(Path, **File);
  if (!Descriptor)
    return Descriptor.takeError();

  Expected<std::unique_ptr<orc::LLJIT>> J = createHostJit(std::move(*Builder));
  if (!J)
    return J.takeError();
  if (Error E =
          (*J)->addObjectFile(MemoryBuffer::getMemBufferCopy(Contents, Path)))
    return std::move(E);
  return std::unique_ptr<JitSession>(
      new JitSession(std::move(*J), std::move(*Descriptor)));
}

Expected<void *> JitSession::lookup(StringRef ProgramName) {
  Expected<orc::ExecutorAddr> Addr = Jit->lookup(ProgramName);
  if (!Addr) {
    // ORC's "Symbols not found: [ x ]" speaks of symbols, not programs.
    consumeError(Addr.takeError());
    return createStringError(inconvertibleErrorCode(),
                             "no program named '" + ProgramName + "'");
  }
  return Addr->toPtr<void *>();
}

Expected<RawProgramFn> JitSession::lookupRaw(StringRef ProgramName) {
  Expected<void *> Addr = lookup(ProgramName);
  if (!Addr)
    return Addr.takeError();
  return reinterpret_cast<RawProgramFn>(*Addr);
}

Expected<const ebpf_object_desc *> JitSession::lookupObjectDescriptor() {
  Expected<orc::ExecutorAddr> Addr = Jit->lookup(DescriptorSymbol);
  if (!Addr)
    return Addr.takeError();
  return Addr->toPtr<const ebpf_object_desc *>();
}
