//===- CodeEmitter.cpp - Native code and LLVM files from a module ---------===//
//
// Object files and assembly go through the target's codegen pipeline (the
// legacy pass manager, which LLVM 19 still uses for code generation); IR and
// bitcode are printed directly. Nothing here reads the host: the CPU is the
// architecture's baseline (Targets.cpp), so output is reproducible.
//
//===----------------------------------------------------------------------===//
#include "CodeEmitter.h"

#include "Targets.h"

#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Triple.h"

using namespace ebpfc;
using namespace llvm;

Expected<std::unique_ptr<TargetMachine>>
ebpfc::createTargetMachine(StringRef TripleName, unsigned OptLevel) {
  initializeTargets();
  Triple T(TripleName);
  std::string Message;
  const Target *TheTarget = TargetRegistry::lookupTarget(T.str(), Message);
  if (!TheTarget)
    return createStringError(inconvertibleErrorCode(),
                             "unsupported target '" + TripleName + "'");
  CodeGenOptLevel Level = OptLevel == 0   ? CodeGenOptLevel::None
                          : OptLevel == 1 ? CodeGenOptLevel::Less
                          : OptLevel == 2 ? CodeGenOptLevel::Default
                                          : CodeGenOptLevel::Aggressive;
  TargetOptions Options;
  std::unique_ptr<TargetMachine> TM(TheTarget->createTargetMachine(
      T.str(), baselineCPU(T), "", Options, Reloc::PIC_, std::nullopt, Level));
  if (!TM)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create a code generator for '" +
                                 TripleName + "'");
  return std::move(TM);
}

Error ebpfc::emitModule(Module &M, TargetMachine &TM, OutputKind Kind,
                        raw_pwrite_stream &Out) {
  switch (Kind) {
  case OutputKind::LLVMIR:
    M.print(Out, nullptr);
    return Error::success();
  case OutputKind::Bitcode:
    WriteBitcodeToFile(M, Out);
    return Error::success();
  case OutputKind::Object:
  case OutputKind::Assembly:
    break;
  }
  legacy::PassManager PM;
  CodeGenFileType FileType = Kind == OutputKind::Object
                                 ? CodeGenFileType::ObjectFile
                                 : CodeGenFileType::AssemblyFile;
  if (TM.addPassesToEmitFile(PM, Out, nullptr, FileType))
    return createStringError(inconvertibleErrorCode(),
                             "the target cannot emit this kind of file");
  PM.run(M);
  return Error::success();
}
