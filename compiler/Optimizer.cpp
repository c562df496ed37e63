//===- Optimizer.cpp - LLVM's optimization pipeline over lifted IR --------===//
//
// The lifter emits IR in the same shape clang's front end does (allocas for
// locals, straight-line code per block), so LLVM's default per-module
// pipelines are the right tool: SROA and mem2reg promote registers and the
// stack frame, instcombine/GVN clean up the guards of division and shifts,
// and the inliner folds small subprograms into their callers. -O0 runs only
// the passes the O0 pipeline requires, keeping the lifted code as written.
//
// One pass is ours. BPF registers are integers, so a pointer into a frame
// that crosses a call (r1 = r10 - 8; call f) reaches the callee as an
// integer, and its accesses become inttoptr(ptrtoint(frame) + K) once the
// inliner has merged the two. LLVM keeps that form, because in general the
// integer might point into some other object. In lifted BPF it never does:
// a program only dereferences stack addresses inside the frame they were
// formed from (the verifier's job), so FoldFrameAddresses rewrites such
// accesses to a GEP on the frame, after which SROA can promote it.
// FoldBaseAddresses (FoldBaseAddresses.cpp) does the same for accesses at
// variable offsets from the frame or from the program's memory argument,
// so the loop vectorizer sees consecutive accesses as consecutive.
//
//===----------------------------------------------------------------------===//
#include "Optimizer.h"
#include "FoldBaseAddresses.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;

namespace {

/// inttoptr(ptrtoint(P) + C1 + ... + Cn) -> getelementptr i8, P, C1+...+Cn,
/// when P points into an alloca (a BPF stack frame).
struct FoldFrameAddresses : PassInfoMixin<FoldFrameAddresses> {
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &) {
    using namespace PatternMatch;
    SmallVector<Instruction *, 16> Dead;
    for (Instruction &I : instructions(F)) {
      auto *Cast = dyn_cast<IntToPtrInst>(&I);
      if (!Cast)
        continue;
      Value *Addr = Cast->getOperand(0);
      int64_t Offset = 0;
      const APInt *C;
      Value *Base;
      while (match(Addr, m_Add(m_Value(Base), m_APInt(C))) &&
             C->getBitWidth() == 64) {
        Offset += C->getSExtValue();
        Addr = Base;
      }
      auto *ToInt = dyn_cast<PtrToIntInst>(Addr);
      if (!ToInt || !isa<AllocaInst>(getUnderlyingObject(ToInt->getOperand(0))))
        continue;
      IRBuilder<> Builder(Cast);
      Value *Ptr =
          Builder.CreatePtrAdd(ToInt->getOperand(0), Builder.getInt64(Offset));
      Cast->replaceAllUsesWith(Ptr);
      Dead.push_back(Cast);
    }
    if (Dead.empty())
      return PreservedAnalyses::all();
    // The integer arithmetic and the ptrtoint usually die with the casts;
    // removing them now lets the next SROA see an unescaped frame.
    for (Instruction *I : Dead)
      RecursivelyDeleteTriviallyDeadInstructions(I);
    PreservedAnalyses PA;
    PA.preserveSet<CFGAnalyses>();
    return PA;
  }
};

} // namespace

void ebpfc::optimizeModule(Module &M, unsigned OptLevel, TargetMachine &TM) {
  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  PassBuilder PB(&TM);
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
  // After every instcombine, so the SROA that follows in the function
  // simplification pipeline sees the folded accesses.
  PB.registerPeepholeEPCallback(
      [](FunctionPassManager &FPM, OptimizationLevel) {
        FPM.addPass(FoldFrameAddresses());
        FPM.addPass(ebpfc::FoldBaseAddresses());
      });

  ModulePassManager MPM;
  switch (OptLevel) {
  case 0:
    MPM = PB.buildO0DefaultPipeline(OptimizationLevel::O0);
    break;
  case 1:
    MPM = PB.buildPerModuleDefaultPipeline(OptimizationLevel::O1);
    break;
  case 2:
    MPM = PB.buildPerModuleDefaultPipeline(OptimizationLevel::O2);
    break;
  default:
    MPM = PB.buildPerModuleDefaultPipeline(OptimizationLevel::O3);
    break;
  }
  MPM.run(M, MAM);
}
