//===- Disassembler.cpp - BPF bytecode as LLVM's BPF assembly -------------===//
//
// Turns one decoded instruction into the text llvm-objdump prints for it (see
// Disassembler.h for the exact contract and the few deliberate departures).
// ebpf_decode() decides legality and classifies the instruction; this file
// only chooses words. The forms were taken from llvm-objdump 19's output on
// every opcode with assorted field values, not from LLVM's sources.
//
//===----------------------------------------------------------------------===//
#include "ebpfc/Disassembler.h"

#include "llvm/Support/Format.h"

#include <cinttypes>
#include <cstdio>

using namespace ebpfc;

namespace {

/// llvm-objdump prints every immediate and offset as signed hexadecimal:
/// `0x5`, `-0x5`, `0x0`.
std::string signedHex(int64_t Value) {
  uint64_t Magnitude = Value < 0 ? 0 - (uint64_t)Value : (uint64_t)Value;
  char Buf[24];
  std::snprintf(Buf, sizeof(Buf), "%s0x%" PRIx64, Value < 0 ? "-" : "",
                Magnitude);
  return Buf;
}

std::string unsignedHex(uint64_t Value) {
  char Buf[24];
  std::snprintf(Buf, sizeof(Buf), "0x%" PRIx64, Value);
  return Buf;
}

/// Jump offsets always carry a sign: `+0x3`, `-0x2`, `+0x0`.
std::string jumpOffset(int64_t Offset) {
  return Offset < 0 ? signedHex(Offset) : "+" + signedHex(Offset);
}

std::string reg(unsigned Number, bool Is64) {
  return (Is64 ? "r" : "w") + std::to_string(Number);
}

/// `r2 + 0x8` / `r10 - 0x8`: a base register and a displacement.
std::string baseAndOffset(unsigned Base, int16_t Offset) {
  return "r" + std::to_string(Base) + (Offset < 0 ? " - " : " + ") +
         unsignedHex(Offset < 0 ? -(int64_t)Offset : Offset);
}

/// `(r2 + 0x8)`, the address operand of loads and stores.
std::string address(unsigned Base, int16_t Offset) {
  return "(" + baseAndOffset(Base, Offset) + ")";
}

std::string sizeType(unsigned Bytes, bool Signed) {
  return (Signed ? "s" : "u") + std::to_string(Bytes * 8);
}

const char *aluOperator(const ebpf_insn &I) {
  bool Signed = I.offset == 1;
  switch (ebpf_alu_op(I.opcode)) {
  case EBPF_ALU_ADD:
    return "+=";
  case EBPF_ALU_SUB:
    return "-=";
  case EBPF_ALU_MUL:
    return "*=";
  case EBPF_ALU_DIV:
    return Signed ? "s/=" : "/=";
  case EBPF_ALU_OR:
    return "|=";
  case EBPF_ALU_AND:
    return "&=";
  case EBPF_ALU_LSH:
    return "<<=";
  case EBPF_ALU_RSH:
    return ">>=";
  case EBPF_ALU_MOD:
    return Signed ? "s%=" : "%=";
  case EBPF_ALU_XOR:
    return "^=";
  case EBPF_ALU_MOV:
    return "=";
  default: // EBPF_ALU_ARSH; neg and end are printed elsewhere
    return "s>>=";
  }
}

const char *jumpCondition(const ebpf_insn &I) {
  switch (ebpf_jmp_op(I.opcode)) {
  case EBPF_JMP_JEQ:
    return "==";
  case EBPF_JMP_JGT:
    return ">";
  case EBPF_JMP_JGE:
    return ">=";
  case EBPF_JMP_JSET:
    return "&";
  case EBPF_JMP_JNE:
    return "!=";
  case EBPF_JMP_JSGT:
    return "s>";
  case EBPF_JMP_JSGE:
    return "s>=";
  case EBPF_JMP_JLT:
    return "<";
  case EBPF_JMP_JLE:
    return "<=";
  case EBPF_JMP_JSLT:
    return "s<";
  default: // EBPF_JMP_JSLE
    return "s<=";
  }
}

std::string printAlu(const ebpf_insn &I, const ebpf_decoded &D) {
  std::string Dst = reg(D.dst, D.is64);
  unsigned Op = ebpf_alu_op(I.opcode);
  if (Op == EBPF_ALU_NEG)
    return Dst + " = -" + Dst;
  if (ebpf_source(I.opcode) == EBPF_SRC_K)
    return Dst + " " + aluOperator(I) + " " + signedHex(D.imm);
  std::string Src = reg(D.src, D.is64);
  if (Op == EBPF_ALU_MOV && I.offset != 0) // movsx
    return Dst + " = (s" + std::to_string(I.offset) + ")" + Src;
  return Dst + " " + aluOperator(I) + " " + Src;
}

std::string printEndian(const ebpf_insn &I, const ebpf_decoded &D) {
  // Both the ALU (le/be) and the ALU64 (bswap) forms name the full register.
  const char *Name = I.opcode == EBPF_OP_BSWAP ? "bswap"
                     : I.opcode == EBPF_OP_BE  ? "be"
                                               : "le";
  std::string Dst = reg(D.dst, true);
  return Dst + " = " + Name + std::to_string(D.imm) + " " + Dst;
}

std::string printLddw(const ebpf_insn &I, const ebpf_decoded &D) {
  if (D.src == EBPF_PSEUDO_IMM64)
    return reg(D.dst, true) + " = " + signedHex(D.imm) + " ll";
  // The pseudo forms (map fd, map value, BTF id, function, ...) have no
  // assignment syntax; llvm-objdump shows the raw fields, the low half of
  // the immediate only, with a tab after the mnemonic.
  return "ld_pseudo\t" + reg(D.dst, true) + ", " + unsignedHex(D.src) + ", " +
         unsignedHex((uint32_t)I.imm);
}

std::string printPacketLoad(const ebpf_insn &I, const ebpf_decoded &D) {
  std::string Prefix = "r0 = *(" + sizeType(D.size, false) + " *)skb[";
  if (ebpf_mode(I.opcode) == EBPF_MODE_ABS)
    return Prefix + signedHex(D.imm) + "]";
  std::string Index = reg(D.src, true);
  // llvm-objdump drops a non-zero imm of LD|IND; keep it visible.
  if (I.imm != 0)
    Index += (I.imm < 0 ? " - " : " + ") +
             unsignedHex(I.imm < 0 ? -(int64_t)I.imm : I.imm);
  return Prefix + Index + "]";
}

std::string printLoad(const ebpf_insn &I, const ebpf_decoded &D) {
  bool SignExtend = ebpf_mode(I.opcode) == EBPF_MODE_MEMSX;
  // Zero-extending loads narrower than 64 bits write the 32-bit
  // subregister in the v4 syntax; sign-extending ones fill all 64 bits.
  bool Wide = SignExtend || D.size == 8;
  return reg(D.dst, Wide) + " = *(" + sizeType(D.size, SignExtend) + " *)" +
         address(D.src, I.offset);
}

std::string printStore(const ebpf_insn &I, const ebpf_decoded &D) {
  std::string Target =
      "*(" + sizeType(D.size, false) + " *)" + address(D.dst, I.offset);
  if (D.kind == EBPF_KIND_STORE_IMM)
    return Target + " = " + signedHex(D.imm);
  return Target + " = " + reg(D.src, D.size == 8);
}

std::string printAtomic(const ebpf_insn &I, const ebpf_decoded &D) {
  bool Is64 = D.size == 8;
  std::string Src = reg(D.src, Is64);
  std::string Width = sizeType(D.size, false);
  std::string Where = baseAndOffset(D.dst, I.offset);
  if (I.imm == EBPF_ATOMIC_XCHG)
    return Src + " = " + (Is64 ? "xchg_64(" : "xchg32_32(") + Where + ", " +
           Src + ")";
  if (I.imm == EBPF_ATOMIC_CMPXCHG) {
    std::string R0 = reg(0, Is64);
    return R0 + " = " + (Is64 ? "cmpxchg_64(" : "cmpxchg32_32(") + Where +
           ", " + R0 + ", " + Src + ")";
  }
  const char *Name, *Operator;
  switch (I.imm & ~EBPF_ATOMIC_FETCH) {
  case EBPF_ATOMIC_ADD:
    Name = "add", Operator = "+=";
    break;
  case EBPF_ATOMIC_OR:
    Name = "or", Operator = "|=";
    break;
  case EBPF_ATOMIC_AND:
    Name = "and", Operator = "&=";
    break;
  default: // EBPF_ATOMIC_XOR
    Name = "xor", Operator = "^=";
    break;
  }
  if (I.imm & EBPF_ATOMIC_FETCH)
    return Src + " = atomic_fetch_" + Name + "((" + Width + " *)" +
           address(D.dst, I.offset) + ", " + Src + ")";
  return "lock *(" + Width + " *)" + address(D.dst, I.offset) + " " + Operator +
         " " + Src;
}

std::string printJump(const ebpf_insn &I, const ebpf_decoded &D) {
  if (D.kind == EBPF_KIND_JA)
    return ebpf_class(I.opcode) == EBPF_CLS_JMP32
               ? "gotol " + jumpOffset(I.imm)
               : "goto " + jumpOffset(I.offset);
  std::string Rhs = ebpf_source(I.opcode) == EBPF_SRC_X ? reg(D.src, D.is64)
                                                        : signedHex(D.imm);
  return "if " + reg(D.dst, D.is64) + " " + jumpCondition(I) + " " + Rhs +
         " goto " + jumpOffset(I.offset);
}

} // namespace

std::string ebpfc::disassembleInsn(const ebpf_insn *Insns, size_t Count,
                                   size_t Pc) {
  ebpf_decoded D;
  if (const char *Reason = ebpf_decode(Insns, Count, Pc, &D))
    return std::string("<invalid: ") + Reason + ">";
  const ebpf_insn &I = Insns[Pc];
  switch (D.kind) {
  case EBPF_KIND_ALU:
    return printAlu(I, D);
  case EBPF_KIND_ENDIAN:
    return printEndian(I, D);
  case EBPF_KIND_LDDW:
    return printLddw(I, D);
  case EBPF_KIND_LD_PACKET:
    return printPacketLoad(I, D);
  case EBPF_KIND_LOAD:
    return printLoad(I, D);
  case EBPF_KIND_STORE_IMM:
  case EBPF_KIND_STORE_REG:
    return printStore(I, D);
  case EBPF_KIND_ATOMIC:
    return printAtomic(I, D);
  case EBPF_KIND_JA:
  case EBPF_KIND_COND_JUMP:
    return printJump(I, D);
  case EBPF_KIND_CALL_HELPER:
  case EBPF_KIND_CALL_LOCAL:
  case EBPF_KIND_CALL_KFUNC:
    // llvm-objdump prints the imm of all three alike; for a local call it
    // is the pc-relative distance to the callee.
    return "call " + signedHex(D.imm);
  case EBPF_KIND_CALLX:
    return "callx " + reg(D.dst, true);
  case EBPF_KIND_EXIT:
    return "exit";
  }
  return "<invalid: unhandled instruction kind>";
}

void ebpfc::printProgram(llvm::raw_ostream &OS,
                         llvm::ArrayRef<ebpf_insn> Insns) {
  for (size_t Pc = 0; Pc < Insns.size();) {
    OS << llvm::format("%8zu:\t", Pc)
       << disassembleInsn(Insns.data(), Insns.size(), Pc) << '\n';
    ebpf_decoded D;
    bool Valid = ebpf_decode(Insns.data(), Insns.size(), Pc, &D) == nullptr;
    Pc += Valid ? D.slots : 1;
  }
}
