//===- FoldBaseAddresses.cpp - Integer addresses as offsets from a base ---===//
//
// BPF registers are integers, so the lifter addresses all memory except
// frame slots at known offsets through inttoptr of an i64. Once a raw
// program's body is inlined into its entry point, a byte scan reads
// inttoptr(ptrtoint(%mem) + i). LLVM cannot tell from such integers that
// consecutive iterations read consecutive bytes (the loop vectorizer needs
// the pointer's SCEV, which stops at inttoptr), so it emits one scalar load
// per element. Addressed as getelementptr i8, %mem, i the same loop gets
// wide loads.
//
// The pass classifies every integer value of the function:
//  - Pure: computed only from integer constants, the integer arguments of
//    an externally visible function (the entry point's length), and integer
//    arithmetic, comparisons, selects, phis, casts and a few side-effect-free
//    integer intrinsics of pure values. Loads, calls, ptrtoint, and the
//    arguments of internal functions (BPF registers, which may hold
//    pointers) are not pure: such a value could be a pointer or a
//    difference of pointers.
//  - Based(P): ptrtoint(P) + S with S pure, where P is a pointer argument or
//    an alloca, possibly with constant GEPs on top. ptrtoint(P) is based;
//    add or disjoint or of a based and a pure value is based; a based value
//    minus a pure one is based; a phi or select whose inputs all have the
//    same base P (and, for the select, a pure condition) is based.
//  - Bad: everything else, including any value mixing two bases, or a base
//    with an operand that is not pure.
// The classes are found with an optimistic fixed point over the def-use
// graph: every instruction starts as "not yet known" and only moves down
// (to Pure or Based, then to Bad), so loop phis such as an induction
// variable become Pure or Based unless some input contradicts it. Values
// still unknown at the end (cycles no definition reaches) become Bad and
// the iteration continues; the result satisfies every rule above, which by
// induction over an execution means each based value really is
// ptrtoint(P) plus a pointer-free integer.
//
// Every load, store and atomic whose address is inttoptr(A) with A based on
// P then addresses getelementptr i8, P, (A - ptrtoint P) instead; a plain
// GEP (not inbounds), so no new poison. Instcombine and SCEV fold the
// subtraction away. This is sound because the offset carries no
// provenance: it is computed from constants and the caller's integers, never
// from another pointer, so the GEP addresses the same byte as the integer
// did, with P's provenance, and P is the object the program was given (its
// memory or its stack frame). The only accesses whose meaning changes are
// those outside that object, and a BPF program that addresses outside the
// memory it was given has no defined behaviour in ebpfc anyway (the verifier
// rejects it); this also covers offsets that reach another object through
// control flow alone, e.g. a counter incremented until it equals a distance
// between pointers. Nothing is rewritten when the offset could carry another
// object's provenance, e.g. a pointer difference stored to and reloaded from
// memory, or the context's packet pointers, which are loaded values.
//
//===----------------------------------------------------------------------===//
#include "FoldBaseAddresses.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace ebpfc;

namespace {

struct AddressClass {
  enum KindTy { Unknown, Pure, Based, Bad } Kind = Unknown;
  Value *Base = nullptr; ///< P, for Based

  static AddressClass pure() { return {Pure, nullptr}; }
  static AddressClass based(Value *P) { return {Based, P}; }
  static AddressClass bad() { return {Bad, nullptr}; }
  bool operator==(const AddressClass &O) const {
    return Kind == O.Kind && Base == O.Base;
  }
  bool operator!=(const AddressClass &O) const { return !(*this == O); }
};

/// The meet of two classes: the class of a value that may be either.
AddressClass meet(AddressClass A, AddressClass B) {
  if (A.Kind == AddressClass::Unknown)
    return B;
  if (B.Kind == AddressClass::Unknown)
    return A;
  return A == B ? A : AddressClass::bad();
}

/// An object the program was given: a pointer argument or an alloca, with
/// constant offsets on top (the frame pointer r10 is the frame's end).
bool isBaseObject(const Value *P) {
  while (auto *GEP = dyn_cast<GetElementPtrInst>(P)) {
    if (!GEP->hasAllConstantIndices())
      return false;
    P = GEP->getPointerOperand();
  }
  return (isa<Argument>(P) && P->getType()->isPointerTy()) ||
         isa<AllocaInst>(P);
}

/// Integer intrinsics that only compute on their operands.
bool isPureIntrinsic(Intrinsic::ID ID) {
  switch (ID) {
  case Intrinsic::bswap:
  case Intrinsic::bitreverse:
  case Intrinsic::ctpop:
  case Intrinsic::ctlz:
  case Intrinsic::cttz:
  case Intrinsic::abs:
  case Intrinsic::smin:
  case Intrinsic::smax:
  case Intrinsic::umin:
  case Intrinsic::umax:
  case Intrinsic::fshl:
  case Intrinsic::fshr:
    return true;
  default:
    return false;
  }
}

class AddressClassifier {
public:
  AddressClassifier(Function &F, const DataLayout &DL) : F(F), DL(DL) {}

  void run() {
    SmallVector<Instruction *, 64> Worklist;
    for (Instruction &I : instructions(F))
      if (I.getType()->isIntegerTy()) {
        Classes[&I] = AddressClass();
        Worklist.push_back(&I);
      }
    propagate(Worklist);
    // Whatever is still unknown is only reached from cycles without a
    // definition; give up on it and let that settle the rest.
    for (auto &[V, Class] : Classes)
      if (Class.Kind == AddressClass::Unknown) {
        Class = AddressClass::bad();
        for (User *U : V->users())
          if (auto *I = dyn_cast<Instruction>(U); I && Classes.count(I))
            Worklist.push_back(I);
      }
    propagate(Worklist);
  }

  AddressClass classOf(Value *V) const {
    if (!V->getType()->isIntegerTy())
      return AddressClass::bad();
    if (isa<ConstantInt>(V) || isa<UndefValue>(V))
      return AddressClass::pure();
    if (isa<Argument>(V))
      return F.hasLocalLinkage() ? AddressClass::bad() : AddressClass::pure();
    auto It = Classes.find(V);
    return It == Classes.end() ? AddressClass::bad() : It->second;
  }

private:
  void propagate(SmallVectorImpl<Instruction *> &Worklist) {
    while (!Worklist.empty()) {
      Instruction *I = Worklist.pop_back_val();
      AddressClass New = evaluate(*I);
      AddressClass &Old = Classes[I];
      if (New == Old)
        continue;
      Old = New;
      for (User *U : I->users())
        if (auto *UI = dyn_cast<Instruction>(U); UI && Classes.count(UI))
          Worklist.push_back(UI);
    }
  }

  /// Pure if every operand is pure.
  AddressClass allPure(Instruction &I) const {
    bool SawUnknown = false;
    for (Value *Op : I.operands()) {
      AddressClass C = classOf(Op);
      if (C.Kind == AddressClass::Based || C.Kind == AddressClass::Bad)
        return AddressClass::bad();
      SawUnknown |= C.Kind == AddressClass::Unknown;
    }
    return SawUnknown ? AddressClass() : AddressClass::pure();
  }

  /// A + B: pure + pure, based + pure or pure + based.
  AddressClass add(AddressClass A, AddressClass B) const {
    if (A.Kind == AddressClass::Bad || B.Kind == AddressClass::Bad)
      return AddressClass::bad();
    if (A.Kind == AddressClass::Unknown || B.Kind == AddressClass::Unknown)
      return AddressClass();
    if (A.Kind == AddressClass::Pure)
      return B;
    if (B.Kind == AddressClass::Pure)
      return A;
    return AddressClass::bad();
  }

  /// A - B: pure - pure or based - pure.
  AddressClass sub(AddressClass A, AddressClass B) const {
    if (B.Kind == AddressClass::Based)
      return AddressClass::bad();
    return add(A, B);
  }

  AddressClass evaluate(Instruction &I) const {
    switch (I.getOpcode()) {
    case Instruction::PtrToInt: {
      Value *P = I.getOperand(0);
      if (!isBaseObject(P) ||
          I.getType()->getIntegerBitWidth() !=
              DL.getPointerSizeInBits(P->getType()->getPointerAddressSpace()))
        return AddressClass::bad();
      return AddressClass::based(P);
    }
    case Instruction::Add:
      return add(classOf(I.getOperand(0)), classOf(I.getOperand(1)));
    case Instruction::Or:
      // A disjoint or is an add; any other or of a base is not an offset.
      if (cast<PossiblyDisjointInst>(I).isDisjoint())
        return add(classOf(I.getOperand(0)), classOf(I.getOperand(1)));
      return allPure(I);
    case Instruction::Sub:
      return sub(classOf(I.getOperand(0)), classOf(I.getOperand(1)));
    case Instruction::Mul:
    case Instruction::UDiv:
    case Instruction::SDiv:
    case Instruction::URem:
    case Instruction::SRem:
    case Instruction::Shl:
    case Instruction::LShr:
    case Instruction::AShr:
    case Instruction::And:
    case Instruction::Xor:
    case Instruction::ICmp:
    case Instruction::ZExt:
    case Instruction::SExt:
    case Instruction::Trunc:
    case Instruction::Freeze:
      return allPure(I);
    case Instruction::Select: {
      auto &Sel = cast<SelectInst>(I);
      AddressClass Cond = classOf(Sel.getCondition());
      if (Cond.Kind == AddressClass::Based || Cond.Kind == AddressClass::Bad)
        return AddressClass::bad();
      AddressClass Result =
          meet(classOf(Sel.getTrueValue()), classOf(Sel.getFalseValue()));
      if (Cond.Kind == AddressClass::Unknown &&
          Result.Kind != AddressClass::Bad)
        return AddressClass();
      return Result;
    }
    case Instruction::PHI: {
      AddressClass Result;
      for (Value *In : cast<PHINode>(I).incoming_values())
        Result = meet(Result, classOf(In));
      return Result;
    }
    case Instruction::Call:
      if (auto *II = dyn_cast<IntrinsicInst>(&I);
          II && isPureIntrinsic(II->getIntrinsicID()))
        return allPure(I);
      return AddressClass::bad();
    default:
      return AddressClass::bad();
    }
  }

  Function &F;
  const DataLayout &DL;
  DenseMap<Value *, AddressClass> Classes;
};

/// Whether \p U is the address operand of a memory access.
bool isAccessAddress(const Use &U) {
  const User *UserV = U.getUser();
  if (auto *Load = dyn_cast<LoadInst>(UserV))
    return U.getOperandNo() == Load->getPointerOperandIndex();
  if (auto *Store = dyn_cast<StoreInst>(UserV))
    return U.getOperandNo() == Store->getPointerOperandIndex();
  if (auto *RMW = dyn_cast<AtomicRMWInst>(UserV))
    return U.getOperandNo() == RMW->getPointerOperandIndex();
  if (auto *CmpXchg = dyn_cast<AtomicCmpXchgInst>(UserV))
    return U.getOperandNo() == CmpXchg->getPointerOperandIndex();
  return false;
}

/// ptrtoint(P) available at \p At: an existing one (so instcombine sees
/// (ptrtoint(P) + S) - ptrtoint(P) and folds it to S) or a new one.
Value *baseAsInteger(Value *P, Type *IntTy, IRBuilder<> &Builder,
                     const DominatorTree &DT) {
  Instruction *At = &*Builder.GetInsertPoint();
  for (User *U : P->users())
    if (auto *PI = dyn_cast<PtrToIntInst>(U);
        PI && PI->getType() == IntTy && DT.dominates(PI, At))
      return PI;
  return Builder.CreatePtrToInt(P, IntTy);
}

} // namespace

PreservedAnalyses ebpfc::FoldBaseAddresses::run(Function &F,
                                                FunctionAnalysisManager &FAM) {
  SmallVector<IntToPtrInst *, 16> Casts;
  for (Instruction &I : instructions(F))
    if (auto *Cast = dyn_cast<IntToPtrInst>(&I))
      if (any_of(Cast->uses(), isAccessAddress))
        Casts.push_back(Cast);
  if (Casts.empty())
    return PreservedAnalyses::all();

  AddressClassifier Classifier(F, F.getParent()->getDataLayout());
  Classifier.run();
  const DominatorTree &DT = FAM.getResult<DominatorTreeAnalysis>(F);
  bool Changed = false;
  for (IntToPtrInst *Cast : Casts) {
    Value *Addr = Cast->getOperand(0);
    AddressClass Class = Classifier.classOf(Addr);
    if (Class.Kind != AddressClass::Based)
      continue;
    Value *P = Class.Base;
    if (P->getType() != Cast->getType())
      continue;
    for (Use &U : make_early_inc_range(Cast->uses())) {
      auto *Access = cast<Instruction>(U.getUser());
      if (!isAccessAddress(U))
        continue;
      if (auto *PI = dyn_cast<Instruction>(P); PI && !DT.dominates(PI, Access))
        continue;
      IRBuilder<> Builder(Access);
      Value *Offset = Builder.CreateSub(
          Addr, baseAsInteger(P, Addr->getType(), Builder, DT), "offset");
      U.set(Builder.CreatePtrAdd(P, Offset, "addr"));
      Changed = true;
    }
    if (Cast->use_empty())
      RecursivelyDeleteTriviallyDeadInstructions(Cast);
  }
  if (!Changed)
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  return PA;
}
