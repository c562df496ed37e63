//===- Lifter.cpp - BPF bytecode to LLVM IR -------------------------------===//
//
// Each BPF function becomes an internal LLVM function i64(i64 x5): r1..r5 in,
// r0 out. Inside, the eleven registers are allocas (mem2reg/SROA promote
// them) and the 512-byte frame is one zeroed alloca whose end is r10; every
// register starts at 0, so no path ever reads undef. The bytecode maps onto a
// basic block per jump target, translated instruction by instruction.
//
// The lifter takes what the verifier proved (InsnFacts, Verifier.h) and
// decodes nothing on its own account. Memory accesses the verifier proved to
// be r10 + constant in the executing function's own frame go through a GEP
// on the frame alloca, so LLVM sees plain stack traffic it can promote.
// Context accesses go to the native context at the offset the verifier
// found: packet pointers, 32-bit fields in the kernel's view, are native
// pointers. All other addresses are integers turned into pointers. Integer
// operations whose LLVM counterpart has undefined cases (division by zero,
// INT_MIN / -1, oversized shifts) are guarded to give the BPF result.
//
// Maps are reached through the object's slot array (object.h): lddw of map i
// loads slots[i].map, lddw of an address in map i's value loads
// slots[i].value and adds the offset.
//
//===----------------------------------------------------------------------===//
#include "Lifter.h"

#include "InsnError.h"

#include "ebpfc/object.h"

#include "llvm/ADT/Twine.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"

#include <map>

using namespace ebpfc;
using namespace llvm;

namespace {

constexpr unsigned NumAllocatedRegs = 10; // r0..r9; r10 is derived
constexpr Align FrameAlign = Align::Constant<16>();

StringRef typeName(ProgramType Type) {
  std::string_view Name = programTypeName(Type);
  return StringRef(Name.data(), Name.size());
}

ebpf_prog_type runtimeType(ProgramType Type) {
  return static_cast<ebpf_prog_type>(static_cast<int>(Type));
}

/// Lifts the programs' functions into one module; owns what all functions of
/// a program share (the helper declarations, the function table).
class ProgramLifter {
public:
  ProgramLifter(const Program &Prog, const VerifiedProgram &Verified,
                const ObjectGlobals &Globals, Module &M)
      : Prog(Prog), Verified(Verified), Globals(Globals), M(M),
        Ctx(M.getContext()), I64(Type::getInt64Ty(Ctx)),
        FnTy(FunctionType::get(I64, {I64, I64, I64, I64, I64}, false)) {}

  Error lift(StringRef SymbolPrefix);

  const Program &Prog;
  const VerifiedProgram &Verified;
  const ObjectGlobals &Globals;
  Module &M;
  LLVMContext &Ctx;
  IntegerType *I64;
  FunctionType *FnTy;
  /// The LLVM function of each BPF function, by its first instruction.
  std::map<uint32_t, Function *> FunctionsByStart;

  FunctionCallee helperFunction(const ebpf_helper_info &Info);
  FunctionCallee trapFunction();

private:
  Error createEntryPoint(StringRef Symbol, Function *Body);
};

/// Translates one BPF function into its (already declared) LLVM function.
class FunctionLifter {
public:
  FunctionLifter(ProgramLifter &PL, const BpfFunction &Fn, Function *F)
      : PL(PL), Prog(PL.Prog), Verified(PL.Verified), Facts(Verified.Facts),
        Fn(Fn), F(F), Builder(PL.Ctx), I64(PL.I64),
        I32(Type::getInt32Ty(PL.Ctx)), PtrTy(PointerType::getUnqual(PL.Ctx)) {}

  Error lift();

private:
  void createBlocks();
  void createFrame();
  Error liftInsn(uint32_t Pc, const ebpf_insn &Insn, const ebpf_decoded &D);
  void liftAlu(const ebpf_insn &Insn, const ebpf_decoded &D);
  Value *liftDivMod(unsigned Op, bool Signed, Value *Lhs, Value *Rhs);
  void liftEndian(const ebpf_insn &Insn, const ebpf_decoded &D);
  Error liftLddw(uint32_t Pc, const ebpf_insn &Insn, const ebpf_decoded &D);
  Error liftLoad(uint32_t Pc, const ebpf_insn &Insn, const ebpf_decoded &D);
  Error liftStore(uint32_t Pc, const ebpf_insn &Insn, const ebpf_decoded &D);
  Error liftAtomic(uint32_t Pc, const ebpf_insn &Insn, const ebpf_decoded &D);
  void liftCondJump(uint32_t Pc, const ebpf_insn &Insn, const ebpf_decoded &D);
  Error liftHelperCall(uint32_t Pc, const ebpf_decoded &D);
  void liftLoop(bool Inlined);
  Error liftLegacyPacketLoad(uint32_t Pc, const ebpf_insn &Insn,
                             const ebpf_decoded &D);
  void liftCallx(const ebpf_decoded &D);
  Error liftLocalCall(uint32_t Pc, const ebpf_decoded &D);

  struct Address {
    Value *Ptr;
    Align Alignment;
    bool OnStack;
    /// A context packet pointer field: natively an 8-byte pointer.
    bool IsContextPointer;
  };
  Address addressOf(uint32_t Pc, unsigned BaseReg, int16_t Offset,
                    unsigned Size);

  Value *readReg(unsigned Reg);
  void writeReg(unsigned Reg, Value *V);
  /// The ALU/JMP operand of width \p Ty: a register or the immediate.
  Value *sourceOperand(const ebpf_insn &Insn, const ebpf_decoded &D,
                       IntegerType *Ty);
  Value *toReg(Value *V) { return Builder.CreateZExt(V, I64); }
  Value *callArgsAndCall(FunctionCallee Callee);
  BasicBlock *blockAt(uint32_t Pc) { return Blocks[Pc - Fn.Start]; }

  ProgramLifter &PL;
  const Program &Prog;
  const VerifiedProgram &Verified;
  ArrayRef<InsnFacts> Facts;
  const BpfFunction &Fn;
  Function *F;
  IRBuilder<> Builder;
  IntegerType *I64, *I32;
  PointerType *PtrTy;
  std::vector<BasicBlock *> Blocks; // by Pc - Fn.Start; null inside blocks
  AllocaInst *Regs[NumAllocatedRegs] = {};
  AllocaInst *Frame = nullptr;
  Value *FramePointer = nullptr; // r10 as an integer
};

} // namespace

//===-- Registers, operands and addresses ---------------------------------===//

Value *FunctionLifter::readReg(unsigned Reg) {
  if (Reg == EBPF_REG_FP)
    return FramePointer;
  return Builder.CreateLoad(I64, Regs[Reg]);
}

void FunctionLifter::writeReg(unsigned Reg, Value *V) {
  Builder.CreateStore(V, Regs[Reg]);
}

Value *FunctionLifter::sourceOperand(const ebpf_insn &Insn,
                                     const ebpf_decoded &D, IntegerType *Ty) {
  if (ebpf_source(Insn.opcode) == EBPF_SRC_X)
    return Builder.CreateTrunc(readReg(D.src), Ty);
  // 64-bit operations sign-extend the immediate; 32-bit ones use its low
  // 32 bits. Both are the low bits of the sign-extended value.
  return ConstantInt::get(Ty, static_cast<uint64_t>(D.imm));
}

FunctionLifter::Address FunctionLifter::addressOf(uint32_t Pc, unsigned BaseReg,
                                                  int16_t Offset,
                                                  unsigned Size) {
  const InsnFacts &Fact = Facts[Pc];
  switch (Fact.Region) {
  case AccessRegion::OwnStack: {
    int64_t FrameOffset = EBPF_STACK_SIZE + int64_t(Fact.StackOffset);
    Value *Ptr = Builder.CreateConstInBoundsGEP1_64(Builder.getInt8Ty(), Frame,
                                                    FrameOffset);
    return Address{Ptr, commonAlignment(FrameAlign, FrameOffset), true, false};
  }
  case AccessRegion::Context: {
    // The verifier proved the base is the unmodified context. Native
    // contexts are pointer-aligned and fields naturally aligned.
    Value *Base = Builder.CreateIntToPtr(readReg(BaseReg), PtrTy);
    Value *Ptr = Builder.CreateConstGEP1_64(Builder.getInt8Ty(), Base,
                                            Fact.ContextNativeOffset);
    if (Fact.ContextPacketPointer)
      return Address{Ptr, PL.M.getDataLayout().getPointerABIAlignment(0), false,
                     true};
    return Address{Ptr, Align(Size), false, false};
  }
  default:
    break;
  }
  Value *Addr = readReg(BaseReg);
  if (Offset != 0)
    Addr = Builder.CreateAdd(Addr, ConstantInt::get(I64, int64_t(Offset)));
  // BPF allows unaligned accesses to most memory; both targets handle them.
  return Address{Builder.CreateIntToPtr(Addr, PtrTy), Align(1), false, false};
}

//===-- Frame and control flow --------------------------------------------===//

/// One basic block per block start the verifier found. Its structural check
/// has made sure that jumps stay inside their function, land on
/// instructions (never in the middle of an lddw), and that no function runs
/// off its end.
void FunctionLifter::createBlocks() {
  Blocks.assign(Fn.End - Fn.Start, nullptr);
  for (uint32_t Pc = Fn.Start; Pc < Fn.End; ++Pc)
    if (Verified.BlockStarts[Pc])
      Blocks[Pc - Fn.Start] = BasicBlock::Create(PL.Ctx, "insn" + Twine(Pc), F);
}

void FunctionLifter::createFrame() {
  BasicBlock *Entry = BasicBlock::Create(PL.Ctx, "entry", F, Blocks[0]);
  Builder.SetInsertPoint(Entry);
  for (unsigned R = 0; R < NumAllocatedRegs; ++R)
    Regs[R] = Builder.CreateAlloca(I64, nullptr, "r" + Twine(R));
  Frame = Builder.CreateAlloca(
      ArrayType::get(Builder.getInt8Ty(), EBPF_STACK_SIZE), nullptr, "stack");
  Frame->setAlignment(FrameAlign);
  FramePointer =
      Builder.CreatePtrToInt(Builder.CreateConstInBoundsGEP1_64(
                                 Builder.getInt8Ty(), Frame, EBPF_STACK_SIZE),
                             I64, "r10");
  // Stack bytes a program reads before writing are zero, never undef.
  Builder.CreateMemSet(Frame, Builder.getInt8(0), EBPF_STACK_SIZE, FrameAlign);
  auto Arg = F->arg_begin();
  for (unsigned R = 0; R < NumAllocatedRegs; ++R) {
    bool IsArg = R >= 1 && R <= 5;
    Builder.CreateStore(IsArg ? static_cast<Value *>(&*Arg++)
                              : ConstantInt::get(I64, 0),
                        Regs[R]);
  }
  Builder.CreateBr(Blocks[0]);
}

Error FunctionLifter::lift() {
  createBlocks();
  createFrame();
  for (uint32_t Pc = Fn.Start; Pc < Fn.End;) {
    if (BasicBlock *BB = blockAt(Pc)) {
      // Fall through from the block before (the entry block has its branch).
      if (!Builder.GetInsertBlock()->getTerminator())
        Builder.CreateBr(BB);
      Builder.SetInsertPoint(BB);
    }
    const ebpf_decoded &D = Verified.Decoded[Pc];
    if (Error E = liftInsn(Pc, Prog.Insns[Pc], D))
      return E;
    Pc += D.slots;
  }
  if (!Builder.GetInsertBlock()->getTerminator())
    return insnError(Fn.End - 1, "control falls off the end of the function");
  // r10's integer value is only needed where a program uses it as a value.
  if (FramePointer->use_empty()) {
    auto *FP = cast<Instruction>(FramePointer);
    Value *End = FP->getOperand(0);
    FP->eraseFromParent();
    cast<Instruction>(End)->eraseFromParent();
  }
  return Error::success();
}

Error FunctionLifter::liftInsn(uint32_t Pc, const ebpf_insn &Insn,
                               const ebpf_decoded &D) {
  switch (D.kind) {
  case EBPF_KIND_ALU:
    liftAlu(Insn, D);
    return Error::success();
  case EBPF_KIND_ENDIAN:
    liftEndian(Insn, D);
    return Error::success();
  case EBPF_KIND_LDDW:
    return liftLddw(Pc, Insn, D);
  case EBPF_KIND_LD_PACKET:
    return liftLegacyPacketLoad(Pc, Insn, D);
  case EBPF_KIND_LOAD:
    return liftLoad(Pc, Insn, D);
  case EBPF_KIND_STORE_IMM:
  case EBPF_KIND_STORE_REG:
    return liftStore(Pc, Insn, D);
  case EBPF_KIND_ATOMIC:
    return liftAtomic(Pc, Insn, D);
  case EBPF_KIND_JA:
    Builder.CreateBr(blockAt(D.target));
    return Error::success();
  case EBPF_KIND_COND_JUMP:
    liftCondJump(Pc, Insn, D);
    return Error::success();
  case EBPF_KIND_CALL_HELPER:
    return liftHelperCall(Pc, D);
  case EBPF_KIND_CALL_LOCAL:
    return liftLocalCall(Pc, D);
  case EBPF_KIND_CALL_KFUNC:
    return insnError(Pc, "kfunc calls are not supported yet");
  case EBPF_KIND_CALLX:
    liftCallx(D);
    return Error::success();
  case EBPF_KIND_EXIT:
    Builder.CreateRet(readReg(0));
    return Error::success();
  }
  return insnError(Pc, "unknown instruction kind");
}

//===-- Arithmetic --------------------------------------------------------===//

void FunctionLifter::liftAlu(const ebpf_insn &Insn, const ebpf_decoded &D) {
  IntegerType *Ty = D.is64 ? I64 : I32;
  unsigned Op = ebpf_alu_op(Insn.opcode);
  unsigned Bits = Ty->getBitWidth();
  Value *Rhs = sourceOperand(Insn, D, Ty);
  // mov and neg do not read dst; don't emit a dead load for them.
  auto Lhs = [&] { return Builder.CreateTrunc(readReg(D.dst), Ty); };
  Value *Result = nullptr;
  switch (Op) {
  case EBPF_ALU_ADD:
    Result = Builder.CreateAdd(Lhs(), Rhs);
    break;
  case EBPF_ALU_SUB:
    Result = Builder.CreateSub(Lhs(), Rhs);
    break;
  case EBPF_ALU_MUL:
    Result = Builder.CreateMul(Lhs(), Rhs);
    break;
  case EBPF_ALU_OR:
    Result = Builder.CreateOr(Lhs(), Rhs);
    break;
  case EBPF_ALU_AND:
    Result = Builder.CreateAnd(Lhs(), Rhs);
    break;
  case EBPF_ALU_XOR:
    Result = Builder.CreateXor(Lhs(), Rhs);
    break;
  // Shift amounts are masked to the operand width, as the ISA defines; an
  // LLVM shift by the width or more would be poison.
  case EBPF_ALU_LSH:
    Result = Builder.CreateShl(Lhs(), Builder.CreateAnd(Rhs, Bits - 1));
    break;
  case EBPF_ALU_RSH:
    Result = Builder.CreateLShr(Lhs(), Builder.CreateAnd(Rhs, Bits - 1));
    break;
  case EBPF_ALU_ARSH:
    Result = Builder.CreateAShr(Lhs(), Builder.CreateAnd(Rhs, Bits - 1));
    break;
  case EBPF_ALU_NEG:
    Result = Builder.CreateNeg(Lhs());
    break;
  case EBPF_ALU_MOV:
    Result = Rhs;
    if (Insn.offset != 0) // movsx: sign-extend the low 8/16/32 bits
      Result = Builder.CreateSExt(
          Builder.CreateTrunc(Rhs, Builder.getIntNTy(Insn.offset)), Ty);
    break;
  case EBPF_ALU_DIV:
  case EBPF_ALU_MOD:
    Result = liftDivMod(Op, Insn.offset == 1, Lhs(), Rhs);
    break;
  }
  writeReg(D.dst, toReg(Result));
}

/// BPF division never traps: x / 0 = 0, x % 0 = x, and for the signed forms
/// INT_MIN / -1 = INT_MIN and INT_MIN % -1 = 0. LLVM's division is undefined
/// in exactly those cases, so a divisor that is not a known-safe constant is
/// replaced by 1 where it would be undefined and the result selected after.
Value *FunctionLifter::liftDivMod(unsigned Op, bool Signed, Value *Lhs,
                                  Value *Rhs) {
  bool IsDiv = Op == EBPF_ALU_DIV;
  Type *Ty = Lhs->getType();
  Value *Zero = ConstantInt::get(Ty, 0);
  Value *One = ConstantInt::get(Ty, 1);
  Value *MinusOne = Constant::getAllOnesValue(Ty);
  auto Divide = [&](Value *Divisor) -> Value * {
    if (Signed)
      return IsDiv ? Builder.CreateSDiv(Lhs, Divisor)
                   : Builder.CreateSRem(Lhs, Divisor);
    return IsDiv ? Builder.CreateUDiv(Lhs, Divisor)
                 : Builder.CreateURem(Lhs, Divisor);
  };

  if (auto *C = dyn_cast<ConstantInt>(Rhs)) {
    if (C->isZero())
      return IsDiv ? Zero : Lhs;
    if (Signed && C->isMinusOne())
      return IsDiv ? Builder.CreateNeg(Lhs) : Zero;
    return Divide(Rhs);
  }

  Value *IsZero = Builder.CreateICmpEQ(Rhs, Zero);
  if (!Signed) {
    Value *Quotient = Divide(Builder.CreateSelect(IsZero, One, Rhs));
    return Builder.CreateSelect(IsZero, IsDiv ? Zero : Lhs, Quotient);
  }
  // -1 is special-cased too: x / -1 = -x (wrapping, so INT_MIN stays) and
  // x % -1 = 0, which avoids the overflowing INT_MIN / -1 altogether.
  Value *IsMinusOne = Builder.CreateICmpEQ(Rhs, MinusOne);
  Value *Unsafe = Builder.CreateOr(IsZero, IsMinusOne);
  Value *Result = Divide(Builder.CreateSelect(Unsafe, One, Rhs));
  Result = Builder.CreateSelect(IsMinusOne,
                                IsDiv ? Builder.CreateNeg(Lhs) : Zero, Result);
  return Builder.CreateSelect(IsZero, IsDiv ? Zero : Lhs, Result);
}

/// le16/32/64 truncate (the targets are little-endian); be16/32/64 and the
/// ALU64 bswap forms byte-swap the truncated value.
void FunctionLifter::liftEndian(const ebpf_insn &Insn, const ebpf_decoded &D) {
  IntegerType *Ty = Builder.getIntNTy(static_cast<unsigned>(D.imm));
  bool Swap = D.is64 || ebpf_source(Insn.opcode) == EBPF_SRC_X;
  Value *V = Builder.CreateTrunc(readReg(D.dst), Ty);
  if (Swap)
    V = Builder.CreateUnaryIntrinsic(Intrinsic::bswap, V);
  writeReg(D.dst, toReg(V));
}

//===-- Memory ------------------------------------------------------------===//

Error FunctionLifter::liftLddw(uint32_t Pc, const ebpf_insn &Insn,
                               const ebpf_decoded &D) {
  unsigned Pseudo = ebpf_src(&Insn);
  switch (Pseudo) {
  case EBPF_PSEUDO_IMM64:
    writeReg(D.dst, ConstantInt::get(I64, static_cast<uint64_t>(D.imm)));
    return Error::success();
  case EBPF_PSEUDO_MAP_IDX:
  case EBPF_PSEUDO_MAP_IDX_VALUE:
    break;
  case EBPF_PSEUDO_MAP_FD:
  case EBPF_PSEUDO_MAP_VALUE:
    return insnError(Pc, "lddw of a map by file descriptor is not supported "
                         "(objects name maps by index)");
  case EBPF_PSEUDO_BTF_ID:
    return insnError(Pc, "lddw of a kernel variable (BTF id) is not supported");
  default: { // EBPF_PSEUDO_FUNC: a callback, as the address of its function
    auto It = PL.FunctionsByStart.find(static_cast<uint32_t>(D.target));
    if (D.target < 0 || It == PL.FunctionsByStart.end())
      return insnError(Pc, "lddw of function " + Twine(D.target) +
                               ", which does not start a function");
    writeReg(D.dst, Builder.CreatePtrToInt(It->second, I64));
    return Error::success();
  }
  }

  uint32_t Index = static_cast<uint32_t>(Insn.imm);
  ArrayRef<MapDefinition> Maps = PL.Globals.Maps;
  if (Index >= Maps.size() || !PL.Globals.MapSlots)
    return insnError(Pc, "map index " + Twine(Index) +
                             " is out of range (the object has " +
                             Twine(Maps.size()) + " maps)");
  const MapDefinition &Map = Maps[Index];
  GlobalVariable *Slots = PL.Globals.MapSlots;
  Type *SlotsTy = Slots->getValueType();
  // struct ebpf_map_slot { struct ebpf_map *map; void *value; }
  unsigned Field = Pseudo == EBPF_PSEUDO_MAP_IDX ? 0 : 1;
  Value *SlotField = Builder.CreateInBoundsGEP(
      SlotsTy, Slots,
      {Builder.getInt64(0), Builder.getInt64(Index), Builder.getInt32(Field)});
  Value *Loaded = Builder.CreateAlignedLoad(
      PtrTy, SlotField, PL.M.getDataLayout().getPointerABIAlignment(0));
  if (Pseudo == EBPF_PSEUDO_MAP_IDX) {
    writeReg(D.dst, Builder.CreatePtrToInt(Loaded, I64));
    return Error::success();
  }

  // Only array maps have a value at a fixed address (the kernel's
  // map_direct_value_addr), and the offset must lie inside it.
  uint32_t ValueOffset = static_cast<uint32_t>(uint64_t(D.imm) >> 32);
  if (Map.Type != MapType::Array)
    return insnError(Pc, "lddw of an address in map '" + Map.Name +
                             "' needs an array map, not " +
                             StringRef(mapTypeName(Map.Type).data(),
                                       mapTypeName(Map.Type).size()));
  if (ValueOffset >= Map.ValueSize)
    return insnError(Pc, "offset " + Twine(ValueOffset) +
                             " is outside the value of map '" + Map.Name +
                             "' (" + Twine(Map.ValueSize) + " bytes)");
  Value *Addr = Builder.CreateConstInBoundsGEP1_64(Builder.getInt8Ty(), Loaded,
                                                   ValueOffset);
  writeReg(D.dst, Builder.CreatePtrToInt(Addr, I64));
  return Error::success();
}

Error FunctionLifter::liftLoad(uint32_t Pc, const ebpf_insn &Insn,
                               const ebpf_decoded &D) {
  bool SignExtend = ebpf_mode(Insn.opcode) == EBPF_MODE_MEMSX;
  Address A = addressOf(Pc, D.src, Insn.offset, D.size);
  if (A.IsContextPointer) {
    writeReg(D.dst, Builder.CreateAlignedLoad(I64, A.Ptr, A.Alignment));
    return Error::success();
  }
  LoadInst *Load = Builder.CreateAlignedLoad(Builder.getIntNTy(D.size * 8),
                                             A.Ptr, A.Alignment);
  writeReg(D.dst, SignExtend ? Builder.CreateSExt(Load, I64) : toReg(Load));
  return Error::success();
}

Error FunctionLifter::liftStore(uint32_t Pc, const ebpf_insn &Insn,
                                const ebpf_decoded &D) {
  IntegerType *Ty = Builder.getIntNTy(D.size * 8);
  Value *V = D.kind == EBPF_KIND_STORE_IMM
                 ? ConstantInt::get(Ty, static_cast<uint64_t>(D.imm))
                 : Builder.CreateTrunc(readReg(D.src), Ty);
  Address A = addressOf(Pc, D.dst, Insn.offset, D.size);
  Builder.CreateAlignedStore(V, A.Ptr, A.Alignment);
  return Error::success();
}

/// LD_ABS and LD_IND (socket filters and tc): r0 = the big-endian 1-, 2-
/// or 4-byte value at packet offset imm (LD_ABS) or (s32)(src + imm)
/// (LD_IND, added in 32 bits as the kernel does), where the packet is the
/// one of the context in r6. An offset outside the packet ends the function
/// with r0 = 0, as in the kernel (which exits the current BPF function).
/// The kernel's negative offsets into the link-layer and network headers
/// (SKF_LL_OFF, SKF_NET_OFF) are outside the packet here.
Error FunctionLifter::liftLegacyPacketLoad(uint32_t Pc, const ebpf_insn &Insn,
                                           const ebpf_decoded &D) {
  // The verifier proved r6 is the context of a socket filter or tc
  // program.
  Align PtrAlign = PL.M.getDataLayout().getPointerABIAlignment(0);
  Value *CtxPtr = Builder.CreateIntToPtr(readReg(6), PtrTy);
  Value *Data = Builder.CreateAlignedLoad(
      I64,
      Builder.CreateConstGEP1_64(Builder.getInt8Ty(), CtxPtr,
                                 offsetof(ebpf_sk_buff, data)),
      PtrAlign);
  Value *End = Builder.CreateAlignedLoad(
      I64,
      Builder.CreateConstGEP1_64(Builder.getInt8Ty(), CtxPtr,
                                 offsetof(ebpf_sk_buff, data_end)),
      PtrAlign);

  Value *Offset = ConstantInt::get(I32, static_cast<uint64_t>(D.imm));
  if (ebpf_mode(Insn.opcode) == EBPF_MODE_IND)
    Offset =
        Builder.CreateAdd(Builder.CreateTrunc(readReg(D.src), I32), Offset);
  Offset = Builder.CreateSExt(Offset, I64);
  Value *Length = Builder.CreateSub(End, Data);
  Value *InPacket = Builder.CreateAnd(
      Builder.CreateICmpSGE(Offset, ConstantInt::get(I64, 0)),
      Builder.CreateICmpSLE(
          Builder.CreateAdd(Offset, ConstantInt::get(I64, D.size)), Length));
  BasicBlock *Load = BasicBlock::Create(PL.Ctx, "ldpkt.load", F);
  BasicBlock *Outside = BasicBlock::Create(PL.Ctx, "ldpkt.outside", F);
  Builder.CreateCondBr(InPacket, Load, Outside);
  Builder.SetInsertPoint(Outside);
  Builder.CreateRet(ConstantInt::get(I64, 0));

  Builder.SetInsertPoint(Load);
  Value *Ptr = Builder.CreateIntToPtr(Builder.CreateAdd(Data, Offset), PtrTy);
  Value *V =
      Builder.CreateAlignedLoad(Builder.getIntNTy(D.size * 8), Ptr, Align(1));
  if (D.size > 1)
    V = Builder.CreateUnaryIntrinsic(Intrinsic::bswap, V);
  writeReg(0, toReg(V));
  return Error::success();
}

/// Atomics on other memory are seq_cst read-modify-writes at natural
/// alignment (the kernel rejects misaligned atomics). A frame belongs to one
/// invocation of one function and no other thread can reach it, so atomics
/// on it are lowered as plain loads and stores, which SROA can promote.
Error FunctionLifter::liftAtomic(uint32_t Pc, const ebpf_insn &Insn,
                                 const ebpf_decoded &D) {
  IntegerType *Ty = D.size == 8 ? I64 : I32;
  Address A = addressOf(Pc, D.dst, Insn.offset, D.size);
  int Op = Insn.imm;
  Value *Old;

  if (Op == EBPF_ATOMIC_CMPXCHG) {
    Value *Expected = Builder.CreateTrunc(readReg(0), Ty);
    Value *New = Builder.CreateTrunc(readReg(D.src), Ty);
    if (A.OnStack) {
      Old = Builder.CreateAlignedLoad(Ty, A.Ptr, A.Alignment);
      Value *Stored =
          Builder.CreateSelect(Builder.CreateICmpEQ(Old, Expected), New, Old);
      Builder.CreateAlignedStore(Stored, A.Ptr, A.Alignment);
    } else {
      Value *Pair =
          Builder.CreateAtomicCmpXchg(A.Ptr, Expected, New, Align(D.size),
                                      AtomicOrdering::SequentiallyConsistent,
                                      AtomicOrdering::SequentiallyConsistent);
      Old = Builder.CreateExtractValue(Pair, 0);
    }
    writeReg(0, toReg(Old));
    return Error::success();
  }

  Value *Operand = Builder.CreateTrunc(readReg(D.src), Ty);
  AtomicRMWInst::BinOp RmwOp;
  Instruction::BinaryOps PlainOp = Instruction::Add;
  switch (Op & ~EBPF_ATOMIC_FETCH) {
  case EBPF_ATOMIC_ADD:
    RmwOp = AtomicRMWInst::Add;
    PlainOp = Instruction::Add;
    break;
  case EBPF_ATOMIC_OR:
    RmwOp = AtomicRMWInst::Or;
    PlainOp = Instruction::Or;
    break;
  case EBPF_ATOMIC_AND:
    RmwOp = AtomicRMWInst::And;
    PlainOp = Instruction::And;
    break;
  case EBPF_ATOMIC_XOR:
    RmwOp = AtomicRMWInst::Xor;
    PlainOp = Instruction::Xor;
    break;
  default: // EBPF_ATOMIC_XCHG without the fetch bit
    RmwOp = AtomicRMWInst::Xchg;
    break;
  }
  if (A.OnStack) {
    Old = Builder.CreateAlignedLoad(Ty, A.Ptr, A.Alignment);
    Value *New = RmwOp == AtomicRMWInst::Xchg
                     ? Operand
                     : Builder.CreateBinOp(PlainOp, Old, Operand);
    Builder.CreateAlignedStore(New, A.Ptr, A.Alignment);
  } else {
    Old = Builder.CreateAtomicRMW(RmwOp, A.Ptr, Operand, Align(D.size),
                                  AtomicOrdering::SequentiallyConsistent);
  }
  if (Op & EBPF_ATOMIC_FETCH) // fetch forms and xchg return the old value
    writeReg(D.src, toReg(Old));
  return Error::success();
}

//===-- Jumps and calls ---------------------------------------------------===//

void FunctionLifter::liftCondJump(uint32_t Pc, const ebpf_insn &Insn,
                                  const ebpf_decoded &D) {
  IntegerType *Ty = D.is64 ? I64 : I32;
  Value *Lhs = Builder.CreateTrunc(readReg(D.dst), Ty);
  Value *Rhs = sourceOperand(Insn, D, Ty);
  Value *Cond;
  switch (ebpf_jmp_op(Insn.opcode)) {
  case EBPF_JMP_JEQ:
    Cond = Builder.CreateICmpEQ(Lhs, Rhs);
    break;
  case EBPF_JMP_JNE:
    Cond = Builder.CreateICmpNE(Lhs, Rhs);
    break;
  case EBPF_JMP_JGT:
    Cond = Builder.CreateICmpUGT(Lhs, Rhs);
    break;
  case EBPF_JMP_JGE:
    Cond = Builder.CreateICmpUGE(Lhs, Rhs);
    break;
  case EBPF_JMP_JLT:
    Cond = Builder.CreateICmpULT(Lhs, Rhs);
    break;
  case EBPF_JMP_JLE:
    Cond = Builder.CreateICmpULE(Lhs, Rhs);
    break;
  case EBPF_JMP_JSGT:
    Cond = Builder.CreateICmpSGT(Lhs, Rhs);
    break;
  case EBPF_JMP_JSGE:
    Cond = Builder.CreateICmpSGE(Lhs, Rhs);
    break;
  case EBPF_JMP_JSLT:
    Cond = Builder.CreateICmpSLT(Lhs, Rhs);
    break;
  case EBPF_JMP_JSLE:
    Cond = Builder.CreateICmpSLE(Lhs, Rhs);
    break;
  default: // EBPF_JMP_JSET
    Cond = Builder.CreateIsNotNull(Builder.CreateAnd(Lhs, Rhs));
    break;
  }
  Builder.CreateCondBr(Cond, blockAt(D.target), blockAt(Pc + 1));
}

/// Calls \p Callee with r1..r5 and puts its result in r0. r1..r5 keep their
/// values: programs may not read them after a call, so any value will do.
Value *FunctionLifter::callArgsAndCall(FunctionCallee Callee) {
  Value *Args[5];
  for (unsigned R = 1; R <= 5; ++R)
    Args[R - 1] = readReg(R);
  CallInst *Call = Builder.CreateCall(Callee, Args);
  writeReg(0, Call);
  return Call;
}

Error FunctionLifter::liftHelperCall(uint32_t Pc, const ebpf_decoded &D) {
  const ebpf_helper_info *Info =
      ebpf_find_helper(runtimeType(Prog.Type), static_cast<uint32_t>(D.imm));
  if (!Info)
    return insnError(Pc, "unknown helper " + Twine(D.imm) +
                             " for program type " + typeName(Prog.Type));
  if (Info->id == 181) {
    liftLoop(Facts[Pc].InlinedLoop);
    return Error::success();
  }
  callArgsAndCall(PL.helperFunction(*Info));
  return Error::success();
}

/// bpf_loop(nr_loops, callback, ctx, flags), expanded in place: the
/// callback is a function of this module, so once its address folds into
/// a direct call LLVM can inline it into the loop. The results are the
/// kernel's: its helper's (a 32-bit count; -EINVAL for flags, -E2BIG past
/// 1 << 23 loops), or where it inlines the call (\p Inlined, flags known
/// 0) its inline_bpf_loop's (a 64-bit count; -E2BIG as a 32-bit value).
void FunctionLifter::liftLoop(bool Inlined) {
  constexpr uint32_t MaxLoops = 1u << 23; // the kernel's BPF_MAX_LOOPS
  LLVMContext &C = PL.Ctx;
  IntegerType *CountTy = Inlined ? I64 : I32;
  Value *Count = Builder.CreateTrunc(readReg(1), CountTy);
  Value *Callee = Builder.CreateIntToPtr(readReg(2), PtrTy);
  Value *Ctx = readReg(3);
  Value *Flags = Inlined ? Builder.getInt64(0) : readReg(4);
  BasicBlock *Check = BasicBlock::Create(C, "loop.check", F);
  BasicBlock *Header = BasicBlock::Create(C, "loop.header", F);
  BasicBlock *Body = BasicBlock::Create(C, "loop.body", F);
  BasicBlock *Done = BasicBlock::Create(C, "loop.done", F);
  BasicBlock *Entry = Builder.GetInsertBlock();
  Builder.CreateCondBr(Builder.CreateIsNotNull(Flags), Done, Check);

  Builder.SetInsertPoint(Check);
  Builder.CreateCondBr(
      Builder.CreateICmpUGT(Count, ConstantInt::get(CountTy, MaxLoops)), Done,
      Header);

  Builder.SetInsertPoint(Header);
  PHINode *Index = Builder.CreatePHI(CountTy, 2, "loop.index");
  Index->addIncoming(ConstantInt::get(CountTy, 0), Check);
  BasicBlock *Exit = BasicBlock::Create(C, "loop.exit", F, Done);
  Builder.CreateCondBr(Builder.CreateICmpULT(Index, Count), Body, Exit);

  Builder.SetInsertPoint(Body);
  Value *Zero = Builder.getInt64(0);
  Value *Ret = Builder.CreateCall(PL.FnTy, Callee,
                                  {toReg(Index), Ctx, Zero, Zero, Zero});
  Value *Next = Builder.CreateAdd(Index, ConstantInt::get(CountTy, 1));
  Index->addIncoming(Next, Body);
  Builder.CreateCondBr(Builder.CreateIsNotNull(Ret), Exit, Header);

  // Stopped by the callback at Index (Index + 1 calls), or all Count done.
  Builder.SetInsertPoint(Exit);
  PHINode *Calls = Builder.CreatePHI(CountTy, 2, "loop.calls");
  Calls->addIncoming(Index, Header);
  Calls->addIncoming(Next, Body);
  Value *CallCount = Inlined ? Calls : toReg(Calls);
  Builder.CreateBr(Done);

  Builder.SetInsertPoint(Done);
  PHINode *Result = Builder.CreatePHI(I64, 3, "loop.result");
  Result->addIncoming(Builder.getInt64(uint64_t(-22)), Entry); // -EINVAL
  Result->addIncoming(Builder.getInt64(Inlined ? uint32_t(-7) : uint64_t(-7)),
                      Check); // -E2BIG
  Result->addIncoming(CallCount, Exit);
  writeReg(0, Result);
}

/// callx becomes a switch over the ids of the program type's helpers; an id
/// the type lacks calls the runtime's trap, as the kernel would have
/// rejected the program.
void FunctionLifter::liftCallx(const ebpf_decoded &D) {
  Value *Id = readReg(D.dst);
  BasicBlock *Join = BasicBlock::Create(PL.Ctx, "callx.done", F);
  BasicBlock *Unknown = BasicBlock::Create(PL.Ctx, "callx.unknown", F);
  std::vector<const ebpf_helper_info *> Helpers = helpersOfType(Prog.Type);
  SwitchInst *Switch = Builder.CreateSwitch(Id, Unknown, Helpers.size());
  for (const ebpf_helper_info *Info : Helpers) {
    BasicBlock *Case =
        BasicBlock::Create(PL.Ctx, "callx." + Twine(Info->id), F, Unknown);
    Switch->addCase(ConstantInt::get(I64, Info->id), Case);
    Builder.SetInsertPoint(Case);
    callArgsAndCall(PL.helperFunction(*Info));
    Builder.CreateBr(Join);
  }
  Builder.SetInsertPoint(Unknown);
  writeReg(0, Builder.CreateCall(PL.trapFunction(), {Id}));
  Builder.CreateBr(Join);
  Builder.SetInsertPoint(Join);
}

Error FunctionLifter::liftLocalCall(uint32_t Pc, const ebpf_decoded &D) {
  auto It = PL.FunctionsByStart.find(static_cast<uint32_t>(D.target));
  if (D.target < 0 || It == PL.FunctionsByStart.end())
    return insnError(Pc, "call target " + Twine(D.target) +
                             " does not start a function");
  // r6..r9 are callee-saved for free: each LLVM function has its own.
  callArgsAndCall(FunctionCallee(PL.FnTy, It->second));
  return Error::success();
}

//===-- Programs ----------------------------------------------------------===//

/// The helper's declaration, with what helpers.def says of it: a helper
/// that touches no memory its arguments name (the clock, the random
/// generator, the CPU number) only reads and writes state of its own, so
/// LLVM may keep program memory in registers across the call.
FunctionCallee ProgramLifter::helperFunction(const ebpf_helper_info &Info) {
  FunctionCallee Callee = M.getOrInsertFunction(Info.symbol, FnTy);
  if (auto *F = dyn_cast<Function>(Callee.getCallee())) {
    F->setDoesNotThrow();
    if (Info.effects == EBPF_EFFECT_NONE)
      F->setMemoryEffects(MemoryEffects::inaccessibleMemOnly());
  }
  return Callee;
}

FunctionCallee ProgramLifter::trapFunction() {
  FunctionCallee Callee = M.getOrInsertFunction(
      "ebpf_trap_unknown_helper", FunctionType::get(I64, {I64}, false));
  if (auto *F = dyn_cast<Function>(Callee.getCallee()))
    F->setDoesNotThrow();
  return Callee;
}

Error ProgramLifter::createEntryPoint(StringRef Symbol, Function *Body) {
  if (M.getNamedValue(Symbol))
    return createStringError(inconvertibleErrorCode(),
                             "duplicate symbol '" + Symbol + "'");
  // Raw programs: uint64_t NAME(void *mem, uint64_t len), r1 = mem, r2 = len.
  // Every other type: uint64_t NAME(void *ctx), r1 = the native context.
  bool IsRaw = Prog.Type == ProgramType::Raw;
  PointerType *PtrTy = PointerType::getUnqual(Ctx);
  FunctionType *EntryTy = IsRaw ? FunctionType::get(I64, {PtrTy, I64}, false)
                                : FunctionType::get(I64, {PtrTy}, false);
  Function *Entry =
      Function::Create(EntryTy, GlobalValue::ExternalLinkage, Symbol, M);
  Entry->setDoesNotThrow();
  Entry->setUWTableKind(UWTableKind::Async);
  Entry->getArg(0)->setName(IsRaw ? "mem" : "ctx");
  if (IsRaw)
    Entry->getArg(1)->setName("len");
  IRBuilder<> Builder(BasicBlock::Create(Ctx, "entry", Entry));
  Value *Zero = ConstantInt::get(I64, 0);
  Value *R1 = Builder.CreatePtrToInt(Entry->getArg(0), I64);
  Value *R2 = IsRaw ? static_cast<Value *>(Entry->getArg(1)) : Zero;
  Builder.CreateRet(Builder.CreateCall(Body, {R1, R2, Zero, Zero, Zero}));
  return Error::success();
}

Error ProgramLifter::lift(StringRef SymbolPrefix) {
  if (Prog.Functions.empty())
    return createStringError(inconvertibleErrorCode(),
                             "program has no functions");
  std::vector<Function *> Functions;
  for (const BpfFunction &Fn : Prog.Functions) {
    // "bpf." keeps the entry function (named like the program) apart from
    // the exported symbol; LLVM renames internal clashes deterministically.
    std::string Name = "bpf.";
    Name += Fn.Name.empty() ? "insn" + std::to_string(Fn.Start) : Fn.Name;
    Function *F = Function::Create(FnTy, GlobalValue::InternalLinkage, Name, M);
    F->setDoesNotThrow();
    F->setUWTableKind(UWTableKind::Async);
    for (unsigned R = 1; R <= 5; ++R)
      F->getArg(R - 1)->setName("arg" + Twine(R));
    Functions.push_back(F);
    FunctionsByStart[Fn.Start] = F;
  }
  for (const BpfFunction &Fn : Prog.Functions)
    if (Fn.End <= Fn.Start || Fn.End > Prog.Insns.size())
      return createStringError(inconvertibleErrorCode(),
                               "function '" + Fn.Name + "' has no valid range");
  for (size_t I = 0; I < Prog.Functions.size(); ++I)
    if (Error E = FunctionLifter(*this, Prog.Functions[I], Functions[I]).lift())
      return E;
  return createEntryPoint(entrySymbol(Prog, SymbolPrefix), Functions[0]);
}

std::string ebpfc::entrySymbol(const Program &Prog, StringRef SymbolPrefix) {
  return (SymbolPrefix + Prog.Name).str();
}

Error ebpfc::liftProgram(const Program &Prog, const VerifiedProgram &Verified,
                         StringRef SymbolPrefix, const ObjectGlobals &Globals,
                         Module &M) {
  size_t Count = Prog.Insns.size();
  if (Verified.Facts.size() != Count || Verified.Decoded.size() != Count ||
      Verified.BlockStarts.size() != Count)
    return createStringError(inconvertibleErrorCode(),
                             "internal error: the verifier's facts do not "
                             "match the program");
  return ProgramLifter(Prog, Verified, Globals, M).lift(SymbolPrefix);
}

std::vector<const ebpf_helper_info *> ebpfc::helpersOfType(ProgramType Type) {
  std::vector<const ebpf_helper_info *> Helpers(
      ebpf_helpers_of_type(runtimeType(Type), nullptr, 0));
  ebpf_helpers_of_type(runtimeType(Type), Helpers.data(), Helpers.size());
  return Helpers;
}
