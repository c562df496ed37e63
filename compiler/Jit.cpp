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

} // namespace

JitSession::JitSession(std::unique_ptr<orc::LLJIT> Jit,
                       std::string DescriptorSymbol)
    : Jit(std::move(Jit)), DescriptorSymbol(std::move(DescriptorSymbol)) {}

JitSession::~JitSession() = default;

Expected<std::unique_ptr<JitSession>> JitSession::create(BpfObject &Obj,
                                                         unsigned OptLevel) {
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
  Expected<std::unique_ptr<Module>> M = buildModule(Obj, Opts, **TM, *Ctx);
  if (!M)
    return M.takeError();

  Expected<std::unique_ptr<orc::LLJIT>> J =
      orc::LLJITBuilder()
          .setJITTargetMachineBuilder(std::move(*Builder))
          .create();
  if (!J)
    return J.takeError();
  if (Error E = defineRuntimeSymbols(**J))
    return std::move(E);
  if (Error E = (*J)->addIRModule(
          orc::ThreadSafeModule(std::move(*M), std::move(Ctx))))
    return std::move(E);
  return std::unique_ptr<JitSession>(
      new JitSession(std::move(*J), objectDescriptorSymbol(Obj, Opts)));
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
