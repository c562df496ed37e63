//===- FoldBaseAddressesTest.cpp - Integer addresses as base + offset -----===//
//
// The pass that turns accesses through inttoptr(ptrtoint(P) + S) into
// getelementptr i8, P, ... must fire exactly when S is computed without
// pointers and P is a pointer argument or an alloca: small hand-written IR
// modules for each rule, and for each way an offset can carry a pointer
// (loaded, another ptrtoint, a phi of two bases, a call, a BPF register
// argument), in which case the inttoptr must stay.
//
//===----------------------------------------------------------------------===//
#include "../../compiler/FoldBaseAddresses.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"

#include "gtest/gtest.h"

#include <memory>
#include <string>
#include <vector>

using namespace llvm;

namespace {

class FoldBaseAddressesTest : public testing::Test {
protected:
  /// Parses \p IR, runs the pass (then instcombine, if asked) over @f.
  Function &run(const char *IR, bool ThenInstCombine = false) {
    SMDiagnostic Diag;
    M = parseAssemblyString(IR, Diag, Ctx);
    if (!M) {
      std::string Message;
      raw_string_ostream OS(Message);
      Diag.print("test", OS);
      ADD_FAILURE() << Message;
      std::abort();
    }
    Function &F = *M->getFunction("f");
    LoopAnalysisManager LAM;
    FunctionAnalysisManager FAM;
    CGSCCAnalysisManager CGAM;
    ModuleAnalysisManager MAM;
    PassBuilder PB;
    PB.registerModuleAnalyses(MAM);
    PB.registerCGSCCAnalyses(CGAM);
    PB.registerFunctionAnalyses(FAM);
    PB.registerLoopAnalyses(LAM);
    PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
    FunctionPassManager FPM;
    FPM.addPass(ebpfc::FoldBaseAddresses());
    if (ThenInstCombine)
      FPM.addPass(InstCombinePass());
    FPM.run(F, FAM);
    std::string Errors;
    raw_string_ostream OS(Errors);
    EXPECT_FALSE(verifyModule(*M, &OS)) << Errors;
    return F;
  }

  /// The address operands of @f's loads, stores and atomics, in order.
  static std::vector<Value *> addresses(Function &F) {
    std::vector<Value *> Result;
    for (BasicBlock &BB : F)
      for (Instruction &I : BB) {
        if (auto *Load = dyn_cast<LoadInst>(&I))
          Result.push_back(Load->getPointerOperand());
        else if (auto *Store = dyn_cast<StoreInst>(&I))
          Result.push_back(Store->getPointerOperand());
        else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I))
          Result.push_back(RMW->getPointerOperand());
        else if (auto *CmpXchg = dyn_cast<AtomicCmpXchgInst>(&I))
          Result.push_back(CmpXchg->getPointerOperand());
      }
    return Result;
  }

  static Value *argument(Function &F, StringRef Name) {
    for (Argument &A : F.args())
      if (A.getName() == Name)
        return &A;
    return nullptr;
  }

  /// Whether \p Addr is a plain byte GEP directly on \p Base.
  static bool isByteGepOn(Value *Addr, Value *Base) {
    auto *GEP = dyn_cast<GetElementPtrInst>(Addr);
    return GEP && GEP->getPointerOperand() == Base &&
           GEP->getSourceElementType()->isIntegerTy(8) &&
           GEP->getNumIndices() == 1 && !GEP->isInBounds();
  }

  LLVMContext Ctx;
  std::unique_ptr<Module> M;
};

//===-- Rewritten
//----------------------------------------------------------===//

TEST_F(FoldBaseAddressesTest, ArgumentPlusIntegerArgument) {
  Function &F = run(R"(
define i8 @f(ptr %mem, i64 %len) {
  %base = ptrtoint ptr %mem to i64
  %a = add i64 %base, %len
  %p = inttoptr i64 %a to ptr
  %v = load i8, ptr %p
  ret i8 %v
}
)",
                    /*ThenInstCombine=*/true);
  std::vector<Value *> Addrs = addresses(F);
  ASSERT_EQ(Addrs.size(), 1u);
  // After instcombine, (ptrtoint mem + len) - ptrtoint mem is just len.
  auto *GEP = dyn_cast<GetElementPtrInst>(Addrs[0]);
  ASSERT_TRUE(GEP);
  EXPECT_EQ(GEP->getPointerOperand(), argument(F, "mem"));
  EXPECT_EQ(GEP->getOperand(1), argument(F, "len"));
}

TEST_F(FoldBaseAddressesTest, LoopIndexAndLoopPointer) {
  // A byte scan with an index (mem + i) and a walk that advances the
  // address itself (p += 2), as the lifter emits them.
  Function &F = run(R"(
define i64 @f(ptr %mem, i64 %len) {
entry:
  %base = ptrtoint ptr %mem to i64
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %p = phi i64 [ %base, %entry ], [ %p.next, %loop ]
  %sum = phi i64 [ 0, %entry ], [ %sum.next, %loop ]
  %a = add i64 %base, %i
  %ptr = inttoptr i64 %a to ptr
  %byte = load i8, ptr %ptr
  %wptr = inttoptr i64 %p to ptr
  %word = load i16, ptr %wptr
  %b64 = zext i8 %byte to i64
  %w64 = zext i16 %word to i64
  %s1 = add i64 %sum, %b64
  %sum.next = add i64 %s1, %w64
  %i.next = add i64 %i, 1
  %p.next = add i64 %p, 2
  %done = icmp uge i64 %i.next, %len
  br i1 %done, label %exit, label %loop
exit:
  ret i64 %sum.next
}
)");
  Value *Mem = argument(F, "mem");
  std::vector<Value *> Addrs = addresses(F);
  ASSERT_EQ(Addrs.size(), 2u);
  EXPECT_TRUE(isByteGepOn(Addrs[0], Mem));
  EXPECT_TRUE(isByteGepOn(Addrs[1], Mem));
}

TEST_F(FoldBaseAddressesTest, SelectOfTwoOffsetsFromOneBase) {
  Function &F = run(R"(
define i8 @f(ptr %mem, i64 %len) {
  %base = ptrtoint ptr %mem to i64
  %first = add i64 %base, 4
  %last = add i64 %base, %len
  %last1 = sub i64 %last, 1
  %small = icmp ult i64 %len, 8
  %a = select i1 %small, i64 %first, i64 %last1
  %p = inttoptr i64 %a to ptr
  %v = load i8, ptr %p
  ret i8 %v
}
)");
  std::vector<Value *> Addrs = addresses(F);
  ASSERT_EQ(Addrs.size(), 1u);
  EXPECT_TRUE(isByteGepOn(Addrs[0], argument(F, "mem")));
}

TEST_F(FoldBaseAddressesTest, PureArithmeticOnTheOffset) {
  // Shifts, masks, casts and disjoint ors of integers are offsets too.
  Function &F = run(R"(
define i8 @f(ptr %mem, i64 %len) {
  %base = ptrtoint ptr %mem to i64
  %t = trunc i64 %len to i32
  %m = and i32 %t, 255
  %s = shl i32 %m, 2
  %z = zext i32 %s to i64
  %a = add i64 %z, %base
  %b = or disjoint i64 %a, 1
  %p = inttoptr i64 %b to ptr
  %v = load i8, ptr %p
  ret i8 %v
}
)");
  std::vector<Value *> Addrs = addresses(F);
  ASSERT_EQ(Addrs.size(), 1u);
  EXPECT_TRUE(isByteGepOn(Addrs[0], argument(F, "mem")));
}

TEST_F(FoldBaseAddressesTest, StoresAndAtomicsOnAFrame) {
  // A variable offset from the frame's end (r10 - 8 - 8 * i).
  Function &F = run(R"(
define void @f(i64 %len, i64 %v) {
  %frame = alloca [512 x i8], align 8
  %end = getelementptr inbounds i8, ptr %frame, i64 512
  %r10 = ptrtoint ptr %end to i64
  %i = and i64 %len, 7
  %scaled = shl i64 %i, 3
  %a0 = sub i64 %r10, 8
  %a = sub i64 %a0, %scaled
  %p = inttoptr i64 %a to ptr
  store i64 %v, ptr %p
  %old = atomicrmw add ptr %p, i64 %v seq_cst
  %pair = cmpxchg ptr %p, i64 %old, i64 %v seq_cst seq_cst
  ret void
}
)");
  Value *End = nullptr;
  for (Instruction &I : F.getEntryBlock())
    if (I.getName() == "end")
      End = &I;
  ASSERT_TRUE(End);
  std::vector<Value *> Addrs = addresses(F);
  ASSERT_EQ(Addrs.size(), 3u);
  for (Value *Addr : Addrs)
    EXPECT_TRUE(isByteGepOn(Addr, End));
}

TEST_F(FoldBaseAddressesTest, StoredPointerValueIsNotAnAddress) {
  // Only address operands change: storing the pointer itself keeps it.
  Function &F = run(R"(
define void @f(ptr %mem, i64 %len, ptr %out) {
  %base = ptrtoint ptr %mem to i64
  %a = add i64 %base, %len
  %p = inttoptr i64 %a to ptr
  store ptr %p, ptr %out
  ret void
}
)");
  StoreInst *Store = nullptr;
  for (Instruction &I : F.getEntryBlock())
    if (auto *S = dyn_cast<StoreInst>(&I))
      Store = S;
  ASSERT_TRUE(Store);
  EXPECT_TRUE(isa<IntToPtrInst>(Store->getValueOperand()));
  EXPECT_EQ(Store->getPointerOperand(), argument(F, "out"));
}

//===-- Left alone
//---------------------------------------------------------===//

TEST_F(FoldBaseAddressesTest, OffsetLoadedFromMemory) {
  Function &F = run(R"(
define i8 @f(ptr %mem, ptr %offsets) {
  %base = ptrtoint ptr %mem to i64
  %o = load i64, ptr %offsets
  %a = add i64 %base, %o
  %p = inttoptr i64 %a to ptr
  %v = load i8, ptr %p
  ret i8 %v
}
)");
  EXPECT_TRUE(isa<IntToPtrInst>(addresses(F)[1]));
}

TEST_F(FoldBaseAddressesTest, OffsetFromAnotherPointer) {
  // mem + (other - mem) is other.
  Function &F = run(R"(
define i8 @f(ptr %mem, ptr %other) {
  %base = ptrtoint ptr %mem to i64
  %o = ptrtoint ptr %other to i64
  %d = sub i64 %o, %base
  %a = add i64 %base, %d
  %p = inttoptr i64 %a to ptr
  %v = load i8, ptr %p
  ret i8 %v
}
)");
  EXPECT_TRUE(isa<IntToPtrInst>(addresses(F)[0]));
}

TEST_F(FoldBaseAddressesTest, TwoBasesMergedInAPhi) {
  Function &F = run(R"(
define i8 @f(ptr %mem, ptr %other, i1 %c) {
entry:
  %m = ptrtoint ptr %mem to i64
  %o = ptrtoint ptr %other to i64
  br i1 %c, label %left, label %join
left:
  br label %join
join:
  %b = phi i64 [ %m, %entry ], [ %o, %left ]
  %a = add i64 %b, 3
  %p = inttoptr i64 %a to ptr
  %v = load i8, ptr %p
  ret i8 %v
}
)");
  EXPECT_TRUE(isa<IntToPtrInst>(addresses(F)[0]));
}

TEST_F(FoldBaseAddressesTest, LoopOffsetThatLoadsInItsCycle) {
  // The induction looks pure until the back edge brings in a loaded value.
  Function &F = run(R"(
define i8 @f(ptr %mem, ptr %steps, i64 %n) {
entry:
  %base = ptrtoint ptr %mem to i64
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %step = load i64, ptr %steps
  %i.next = add i64 %i, %step
  %done = icmp uge i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  %a = add i64 %base, %i.next
  %p = inttoptr i64 %a to ptr
  %v = load i8, ptr %p
  ret i8 %v
}
)");
  EXPECT_TRUE(isa<IntToPtrInst>(addresses(F)[1]));
}

TEST_F(FoldBaseAddressesTest, OffsetFromACall) {
  Function &F = run(R"(
declare i64 @offset()
define i8 @f(ptr %mem) {
  %base = ptrtoint ptr %mem to i64
  %o = call i64 @offset()
  %a = add i64 %base, %o
  %p = inttoptr i64 %a to ptr
  %v = load i8, ptr %p
  ret i8 %v
}
)");
  EXPECT_TRUE(isa<IntToPtrInst>(addresses(F)[0]));
}

TEST_F(FoldBaseAddressesTest, BaseLoadedFromAContextField) {
  // Packet data pointers are loaded from the context: not a given object.
  Function &F = run(R"(
define i8 @f(ptr %ctx, i64 %len) {
  %data = load ptr, ptr %ctx
  %base = ptrtoint ptr %data to i64
  %a = add i64 %base, %len
  %p = inttoptr i64 %a to ptr
  %v = load i8, ptr %p
  ret i8 %v
}
)");
  EXPECT_TRUE(isa<IntToPtrInst>(addresses(F)[1]));
}

TEST_F(FoldBaseAddressesTest, RegisterArgumentOfAnInternalFunction) {
  // A BPF function's arguments are registers and may hold pointers.
  Function &F = run(R"(
define internal i64 @f(i64 %arg1, i64 %arg2) {
  %frame = alloca [512 x i8], align 8
  %base = ptrtoint ptr %frame to i64
  %a = add i64 %base, %arg1
  %p = inttoptr i64 %a to ptr
  %v = load i64, ptr %p
  ret i64 %v
}
)");
  EXPECT_TRUE(isa<IntToPtrInst>(addresses(F)[0]));
}

TEST_F(FoldBaseAddressesTest, MaskedBaseOrTwoBasesAdded) {
  Function &F = run(R"(
define void @f(ptr %mem, i64 %len) {
  %base = ptrtoint ptr %mem to i64
  %masked = and i64 %base, -16
  %p1 = inttoptr i64 %masked to ptr
  store i8 0, ptr %p1
  %twice = add i64 %base, %base
  %p2 = inttoptr i64 %twice to ptr
  store i8 0, ptr %p2
  %neg = sub i64 %len, %base
  %p3 = inttoptr i64 %neg to ptr
  store i8 0, ptr %p3
  ret void
}
)");
  std::vector<Value *> Addrs = addresses(F);
  ASSERT_EQ(Addrs.size(), 3u);
  for (Value *Addr : Addrs)
    EXPECT_TRUE(isa<IntToPtrInst>(Addr));
}

TEST_F(FoldBaseAddressesTest, SelectOnAPointerComparison) {
  Function &F = run(R"(
define i8 @f(ptr %mem, ptr %other) {
  %base = ptrtoint ptr %mem to i64
  %o = ptrtoint ptr %other to i64
  %c = icmp ult i64 %o, %base
  %x = add i64 %base, 1
  %y = add i64 %base, 2
  %a = select i1 %c, i64 %x, i64 %y
  %p = inttoptr i64 %a to ptr
  %v = load i8, ptr %p
  ret i8 %v
}
)");
  EXPECT_TRUE(isa<IntToPtrInst>(addresses(F)[0]));
}

} // namespace
