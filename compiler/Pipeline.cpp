//===- Pipeline.cpp - The compiler, stage by stage ------------------------===//
//
// The whole compiler in two functions: compileObject picks the target and
// writes the output, buildModule runs the stages in between. Each stage is
// one unit with its own header:
//
//   verifyProgram   (VerifyObject.cpp over verifier/) structure, then every
//                                    path explored; the facts it proved
//   liftProgram     (Lifter.cpp)     verified bytecode -> LLVM IR, one module
//   emitObjectDescriptor (ObjectDescriptor.cpp) the object's maps and
//                                    programs, for the runtime
//   optimizeModule  (Optimizer.cpp)  LLVM's pipeline at -O0..-O3
//   emitModule      (CodeEmitter.cpp) object, assembly, IR or bitcode
//
// Errors keep going across programs, so one run reports every rejected
// program of an object, each prefixed with where it comes from.
//
//===----------------------------------------------------------------------===//
#include "Pipeline.h"

#include "CodeEmitter.h"
#include "InsnError.h"
#include "Lifter.h"
#include "ObjectDescriptor.h"
#include "Optimizer.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/Path.h"
#include "llvm/Target/TargetMachine.h"

using namespace ebpfc;
using namespace llvm;

char InsnError::ID;

void InsnError::log(raw_ostream &OS) const {
  OS << "insn " << Insn << ": " << Message;
}

Error ebpfc::locatedError(const BpfObject &Obj, const Program &Prog,
                          const Twine &Message) {
  return createStringError(inconvertibleErrorCode(),
                           Obj.Path + ":" + Prog.Section + "/" + Prog.Name +
                               ": " + Message);
}

Error ebpfc::locateErrors(const BpfObject &Obj, const Program &Prog, Error E) {
  Error Located = Error::success();
  handleAllErrors(std::move(E), [&](const ErrorInfoBase &EI) {
    std::string Message = EI.message();
    if (EI.isA<InsnError>()) {
      const auto &IE = static_cast<const InsnError &>(EI);
      // lld's style: the location in the message, the source below it.
      std::string Where = "insn " + std::to_string(IE.insn());
      std::string Context;
      if (const LineInfo *L = findLineInfo(Prog, IE.insn())) {
        Where += " (line " + std::to_string(L->Line) + " of " +
                 sys::path::filename(L->File).str() + ")";
        if (!StringRef(L->Source).trim().empty())
          Context = "\n>>> " + StringRef(L->Source).trim().str();
      }
      Message = Where + ": " + IE.text() + Context;
    }
    Located = joinErrors(std::move(Located), locatedError(Obj, Prog, Message));
  });
  return Located;
}

Expected<std::unique_ptr<Module>> ebpfc::buildModule(BpfObject &Obj,
                                                     const CompileOptions &Opts,
                                                     TargetMachine &TM,
                                                     LLVMContext &Ctx) {
  // The file name without directories, so output does not depend on where
  // the build runs.
  auto M = std::make_unique<Module>(sys::path::filename(Obj.Path), Ctx);
  M->setTargetTriple(TM.getTargetTriple().str());
  M->setDataLayout(TM.createDataLayout());

  ObjectGlobals Globals;
  Globals.Maps = Obj.Maps;
  Globals.MapSlots = createMapSlots(*M, Obj);
  // Every rejected program is reported, whichever stage rejects it.
  Error Errors = Error::success();
  for (Program &Prog : Obj.Programs) {
    Expected<VerifiedProgram> Verified =
        verifyProgram(Obj, Prog, Opts.MemSize, nullptr, Opts.VerifierLog);
    if (!Verified) {
      Errors = joinErrors(std::move(Errors), Verified.takeError());
      continue;
    }
    if (Error E = liftProgram(Prog, *Verified, Opts.SymbolPrefix, Globals, *M))
      Errors =
          joinErrors(std::move(Errors), locateErrors(Obj, Prog, std::move(E)));
  }
  if (Errors)
    return std::move(Errors);
  if (Error E = emitObjectDescriptor(*M, Obj, objectName(Obj, Opts),
                                     objectDescriptorSymbol(Obj, Opts),
                                     Opts.SymbolPrefix, Globals.MapSlots))
    return std::move(E);

  std::string Broken;
  raw_string_ostream BrokenOS(Broken);
  if (verifyModule(*M, &BrokenOS))
    return createStringError(inconvertibleErrorCode(),
                             Obj.Path +
                                 ": internal error: invalid IR: " + Broken);

  optimizeModule(*M, Opts.OptLevel, TM);
  return std::move(M);
}

Error ebpfc::compileObject(BpfObject &Obj, const CompileOptions &Opts,
                           raw_pwrite_stream &Out) {
  Expected<std::string> Triple = normalizeTargetTriple(Opts.TargetTriple);
  if (!Triple)
    return Triple.takeError();
  Expected<std::unique_ptr<TargetMachine>> TM =
      createTargetMachine(*Triple, Opts.OptLevel);
  if (!TM)
    return TM.takeError();
  LLVMContext Ctx;
  Expected<std::unique_ptr<Module>> M = buildModule(Obj, Opts, **TM, Ctx);
  if (!M)
    return M.takeError();
  return emitModule(**M, **TM, Opts.Output, Out);
}
