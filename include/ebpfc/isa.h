/*===- ebpfc/isa.h - The BPF instruction set (RFC 9669) ----------*- C -*-===//
 *
 * The encoding of BPF instructions and a decoder that classifies one
 * instruction slot and checks that every field holds a value RFC 9669 (and the
 * Linux kernel, where the RFC leaves room) allows. Everything in ebpfc that
 * reads bytecode -- the verifier, the interpreter, the lifter, the
 * disassembler -- goes through ebpf_decode(), so "which encodings are legal"
 * is decided in exactly one place.
 *
 * This header is C so that the runtime (a C library, cross-compiled for the
 * targets) can use it; it has no dependencies beyond <stdint.h>.
 *===----------------------------------------------------------------------===*/
#ifndef EBPFC_ISA_H
#define EBPFC_ISA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One 64-bit instruction slot, little-endian as stored in objects. The
 * register byte is split by accessor functions rather than bit-fields so the
 * layout does not depend on the compiler. */
struct ebpf_insn {
  uint8_t opcode;
  uint8_t regs; /* low nibble: dst_reg, high nibble: src_reg */
  int16_t offset;
  int32_t imm;
};

static inline unsigned ebpf_dst(const struct ebpf_insn *I) {
  return I->regs & 0x0f;
}
static inline unsigned ebpf_src(const struct ebpf_insn *I) {
  return I->regs >> 4;
}
static inline uint8_t ebpf_regs(unsigned Dst, unsigned Src) {
  return (uint8_t)((Dst & 0x0f) | ((Src & 0x0f) << 4));
}

/* The instruction in the 8 little-endian bytes at B, as objects store it.
 * Field by field, so the result is the same on a big-endian host. */
static inline struct ebpf_insn ebpf_insn_from_bytes(const uint8_t *B) {
  struct ebpf_insn I;
  I.opcode = B[0];
  I.regs = B[1];
  I.offset = (int16_t)(uint16_t)(B[2] | (B[3] << 8));
  I.imm = (int32_t)((uint32_t)B[4] | (uint32_t)B[5] << 8 |
                    (uint32_t)B[6] << 16 | (uint32_t)B[7] << 24);
  return I;
}

enum {
  EBPF_NUM_REGS = 11,    /* r0..r10 */
  EBPF_REG_FP = 10,      /* read-only frame pointer */
  EBPF_STACK_SIZE = 512, /* bytes per function frame */
  EBPF_MAX_CALL_DEPTH = 8,
};

/* Instruction classes (opcode & 0x07). */
enum {
  EBPF_CLS_LD = 0x00,
  EBPF_CLS_LDX = 0x01,
  EBPF_CLS_ST = 0x02,
  EBPF_CLS_STX = 0x03,
  EBPF_CLS_ALU = 0x04,
  EBPF_CLS_JMP = 0x05,
  EBPF_CLS_JMP32 = 0x06,
  EBPF_CLS_ALU64 = 0x07,
};

/* Source operand (opcode & 0x08) for ALU and JMP classes. */
enum { EBPF_SRC_K = 0x00, EBPF_SRC_X = 0x08 };

/* ALU operations (opcode & 0xf0). */
enum {
  EBPF_ALU_ADD = 0x00,
  EBPF_ALU_SUB = 0x10,
  EBPF_ALU_MUL = 0x20,
  EBPF_ALU_DIV = 0x30,
  EBPF_ALU_OR = 0x40,
  EBPF_ALU_AND = 0x50,
  EBPF_ALU_LSH = 0x60,
  EBPF_ALU_RSH = 0x70,
  EBPF_ALU_NEG = 0x80,
  EBPF_ALU_MOD = 0x90,
  EBPF_ALU_XOR = 0xa0,
  EBPF_ALU_MOV = 0xb0,
  EBPF_ALU_ARSH = 0xc0,
  EBPF_ALU_END = 0xd0,
};

/* Jump operations (opcode & 0xf0). */
enum {
  EBPF_JMP_JA = 0x00,
  EBPF_JMP_JEQ = 0x10,
  EBPF_JMP_JGT = 0x20,
  EBPF_JMP_JGE = 0x30,
  EBPF_JMP_JSET = 0x40,
  EBPF_JMP_JNE = 0x50,
  EBPF_JMP_JSGT = 0x60,
  EBPF_JMP_JSGE = 0x70,
  EBPF_JMP_CALL = 0x80,
  EBPF_JMP_EXIT = 0x90,
  EBPF_JMP_JLT = 0xa0,
  EBPF_JMP_JLE = 0xb0,
  EBPF_JMP_JSLT = 0xc0,
  EBPF_JMP_JSLE = 0xd0,
};

/* Load/store size (opcode & 0x18) and mode (opcode & 0xe0). */
enum {
  EBPF_SIZE_W = 0x00,
  EBPF_SIZE_H = 0x08,
  EBPF_SIZE_B = 0x10,
  EBPF_SIZE_DW = 0x18,
};
enum {
  EBPF_MODE_IMM = 0x00,
  EBPF_MODE_ABS = 0x20,
  EBPF_MODE_IND = 0x40,
  EBPF_MODE_MEM = 0x60,
  EBPF_MODE_MEMSX = 0x80,
  EBPF_MODE_ATOMIC = 0xc0,
};

/* Atomic operations, in the imm field of STX|ATOMIC. */
enum {
  EBPF_ATOMIC_ADD = 0x00,
  EBPF_ATOMIC_OR = 0x40,
  EBPF_ATOMIC_AND = 0x50,
  EBPF_ATOMIC_XOR = 0xa0,
  EBPF_ATOMIC_FETCH = 0x01,
  EBPF_ATOMIC_XCHG = 0xe0 | EBPF_ATOMIC_FETCH,
  EBPF_ATOMIC_CMPXCHG = 0xf0 | EBPF_ATOMIC_FETCH,
};

/* src_reg of LD|IMM|DW (lddw): how the 64-bit immediate is interpreted. */
enum {
  EBPF_PSEUDO_IMM64 = 0,
  EBPF_PSEUDO_MAP_FD = 1,
  EBPF_PSEUDO_MAP_VALUE = 2,
  EBPF_PSEUDO_BTF_ID = 3,
  EBPF_PSEUDO_FUNC = 4,
  EBPF_PSEUDO_MAP_IDX = 5,
  EBPF_PSEUDO_MAP_IDX_VALUE = 6,
};

/* src_reg of JMP|CALL|K. */
enum {
  EBPF_CALL_HELPER = 0,
  EBPF_CALL_LOCAL = 1,
  EBPF_CALL_KFUNC = 2,
};

/* Frequently used whole opcodes. */
enum {
  EBPF_OP_LDDW = EBPF_CLS_LD | EBPF_MODE_IMM | EBPF_SIZE_DW,  /* 0x18 */
  EBPF_OP_CALL = EBPF_CLS_JMP | EBPF_JMP_CALL | EBPF_SRC_K,   /* 0x85 */
  EBPF_OP_CALLX = EBPF_CLS_JMP | EBPF_JMP_CALL | EBPF_SRC_X,  /* 0x8d */
  EBPF_OP_EXIT = EBPF_CLS_JMP | EBPF_JMP_EXIT,                /* 0x95 */
  EBPF_OP_JA = EBPF_CLS_JMP | EBPF_JMP_JA,                    /* 0x05 */
  EBPF_OP_JA32 = EBPF_CLS_JMP32 | EBPF_JMP_JA,                /* 0x06 */
  EBPF_OP_LE = EBPF_CLS_ALU | EBPF_ALU_END | EBPF_SRC_K,      /* 0xd4 */
  EBPF_OP_BE = EBPF_CLS_ALU | EBPF_ALU_END | EBPF_SRC_X,      /* 0xdc */
  EBPF_OP_BSWAP = EBPF_CLS_ALU64 | EBPF_ALU_END | EBPF_SRC_K, /* 0xd7 */
};

static inline unsigned ebpf_class(uint8_t Op) { return Op & 0x07; }
static inline unsigned ebpf_source(uint8_t Op) { return Op & 0x08; }
static inline unsigned ebpf_alu_op(uint8_t Op) { return Op & 0xf0; }
static inline unsigned ebpf_jmp_op(uint8_t Op) { return Op & 0xf0; }
static inline unsigned ebpf_size(uint8_t Op) { return Op & 0x18; }
static inline unsigned ebpf_mode(uint8_t Op) { return Op & 0xe0; }

/* Bytes moved by a load/store of the given size field. */
static inline unsigned ebpf_size_bytes(unsigned Size) {
  switch (Size) {
  case EBPF_SIZE_B:
    return 1;
  case EBPF_SIZE_H:
    return 2;
  case EBPF_SIZE_W:
    return 4;
  default:
    return 8;
  }
}

/* What a decoded instruction does, coarse enough for a switch in each
 * consumer; the exact operation stays in the opcode fields. */
enum ebpf_kind {
  EBPF_KIND_ALU,       /* ALU/ALU64 arithmetic, mov, movsx, neg */
  EBPF_KIND_ENDIAN,    /* le/be (ALU) and bswap (ALU64) */
  EBPF_KIND_LDDW,      /* two-slot 64-bit immediate load, any pseudo form */
  EBPF_KIND_LD_PACKET, /* legacy LD|ABS and LD|IND packet loads */
  EBPF_KIND_LOAD,      /* LDX|MEM and LDX|MEMSX */
  EBPF_KIND_STORE_IMM, /* ST|MEM */
  EBPF_KIND_STORE_REG, /* STX|MEM */
  EBPF_KIND_ATOMIC,    /* STX|ATOMIC */
  EBPF_KIND_JA,        /* unconditional jump (ja, and gotol in JMP32) */
  EBPF_KIND_COND_JUMP, /* JMP/JMP32 comparisons */
  EBPF_KIND_CALL_HELPER,
  EBPF_KIND_CALL_LOCAL,
  EBPF_KIND_CALL_KFUNC,
  EBPF_KIND_CALLX, /* call the helper whose id is in a register */
  EBPF_KIND_EXIT,
};

struct ebpf_decoded {
  enum ebpf_kind kind;
  unsigned slots; /* 2 for lddw, else 1 */
  unsigned dst;   /* destination register (base register for stores) */
  unsigned src;   /* source register (base register for loads) */
  bool is64;      /* ALU64/JMP vs ALU/JMP32; for memory, size == DW */
  unsigned size;  /* bytes moved by a memory access (1, 2, 4, 8) */
  int64_t imm;    /* sign-extended imm; the full value for lddw */
  int32_t target; /* jump target / local call target: absolute index */
};

/* Decodes slot PC of INSNS (COUNT slots). Returns NULL on success and fills
 * *OUT; otherwise returns a static string saying what is wrong with the
 * instruction ("unknown opcode 0x8f", "invalid dst register 11", ...).
 * Jump and call targets are computed but not range-checked here: the
 * verifier checks them against function boundaries. */
static inline const char *ebpf_decode(const struct ebpf_insn *Insns,
                                      size_t Count, size_t Pc,
                                      struct ebpf_decoded *Out);

/*===-- Implementation ---------------------------------------------------===*/

static inline const char *ebpf_decode_alu(const struct ebpf_insn *I,
                                          struct ebpf_decoded *D) {
  unsigned Op = ebpf_alu_op(I->opcode);
  bool IsX = ebpf_source(I->opcode) == EBPF_SRC_X;
  D->kind = EBPF_KIND_ALU;
  if (ebpf_dst(I) == EBPF_REG_FP)
    return "frame pointer is read only";
  if (Op == EBPF_ALU_END) {
    D->kind = EBPF_KIND_ENDIAN;
    if (D->is64 && IsX)
      return "unknown opcode";
    if (ebpf_src(I) != 0 || I->offset != 0)
      return "reserved fields are not zero";
    if (I->imm != 16 && I->imm != 32 && I->imm != 64)
      return "invalid byte swap width";
    return 0;
  }
  if (Op > EBPF_ALU_END)
    return "unknown opcode";
  if (Op == EBPF_ALU_NEG) {
    if (IsX || ebpf_src(I) != 0 || I->offset != 0 || I->imm != 0)
      return IsX ? "unknown opcode" : "reserved fields are not zero";
    return 0;
  }
  if (IsX ? I->imm != 0 : ebpf_src(I) != 0)
    return "reserved fields are not zero";
  if (I->offset != 0) {
    bool Signed = (Op == EBPF_ALU_DIV || Op == EBPF_ALU_MOD) && I->offset == 1;
    bool MovSx =
        Op == EBPF_ALU_MOV && IsX &&
        (I->offset == 8 || I->offset == 16 || (D->is64 && I->offset == 32));
    if (!Signed && !MovSx)
      return "invalid offset for an ALU instruction";
  }
  return 0;
}

static inline const char *ebpf_decode_jmp(const struct ebpf_insn *I, size_t Pc,
                                          struct ebpf_decoded *D) {
  unsigned Op = ebpf_jmp_op(I->opcode);
  bool IsX = ebpf_source(I->opcode) == EBPF_SRC_X;
  bool Is32 = ebpf_class(I->opcode) == EBPF_CLS_JMP32;
  D->target = (int32_t)((int64_t)Pc + 1 + I->offset);
  switch (Op) {
  case EBPF_JMP_JA:
    D->kind = EBPF_KIND_JA;
    if (IsX || I->regs != 0)
      return IsX ? "unknown opcode" : "reserved fields are not zero";
    if (Is32) { /* gotol: the offset is in imm */
      if (I->offset != 0)
        return "reserved fields are not zero";
      D->target = (int32_t)((int64_t)Pc + 1 + I->imm);
    } else if (I->imm != 0) {
      return "reserved fields are not zero";
    }
    return 0;
  case EBPF_JMP_CALL:
    if (Is32)
      return "unknown opcode";
    if (IsX) {
      /* callx names its register in dst_reg (LLVM's encoding); the older
       * encoding of some runtimes puts it in imm, so accept that too. */
      D->kind = EBPF_KIND_CALLX;
      if (ebpf_src(I) != 0 || I->offset != 0)
        return "reserved fields are not zero";
      if (I->imm != 0) {
        if (ebpf_dst(I) != 0 || I->imm < 0 || I->imm > 10)
          return "invalid callx register";
        D->dst = (unsigned)I->imm;
      }
      return 0;
    }
    if (ebpf_dst(I) != 0 || I->offset != 0)
      return "reserved fields are not zero";
    switch (ebpf_src(I)) {
    case EBPF_CALL_HELPER:
      D->kind = EBPF_KIND_CALL_HELPER;
      return 0;
    case EBPF_CALL_LOCAL:
      D->kind = EBPF_KIND_CALL_LOCAL;
      D->target = (int32_t)((int64_t)Pc + 1 + I->imm);
      return 0;
    case EBPF_CALL_KFUNC:
      D->kind = EBPF_KIND_CALL_KFUNC;
      return 0;
    default:
      return "invalid call source";
    }
  case EBPF_JMP_EXIT:
    D->kind = EBPF_KIND_EXIT;
    if (Is32 || IsX)
      return "unknown opcode";
    if (I->regs != 0 || I->offset != 0 || I->imm != 0)
      return "reserved fields are not zero";
    return 0;
  case 0xe0:
  case 0xf0:
    return "unknown opcode";
  default:
    D->kind = EBPF_KIND_COND_JUMP;
    if (IsX ? I->imm != 0 : ebpf_src(I) != 0)
      return "reserved fields are not zero";
    return 0;
  }
}

static inline const char *ebpf_decode_mem(const struct ebpf_insn *Insns,
                                          size_t Count, size_t Pc,
                                          struct ebpf_decoded *D) {
  const struct ebpf_insn *I = &Insns[Pc];
  unsigned Cls = ebpf_class(I->opcode);
  unsigned Mode = ebpf_mode(I->opcode);
  D->size = ebpf_size_bytes(ebpf_size(I->opcode));
  D->is64 = D->size == 8;
  switch (Cls) {
  case EBPF_CLS_LD:
    if (Mode == EBPF_MODE_IMM && ebpf_size(I->opcode) == EBPF_SIZE_DW) {
      const struct ebpf_insn *Hi;
      D->kind = EBPF_KIND_LDDW;
      D->slots = 2;
      if (Pc + 1 >= Count)
        return "lddw is missing its second half";
      Hi = &Insns[Pc + 1];
      if (Hi->opcode != 0 || Hi->regs != 0 || Hi->offset != 0)
        return "invalid second half of lddw";
      if (ebpf_dst(I) == EBPF_REG_FP)
        return "frame pointer is read only";
      if (ebpf_src(I) > EBPF_PSEUDO_MAP_IDX_VALUE)
        return "invalid lddw source";
      if (I->offset != 0)
        return "reserved fields are not zero";
      D->imm =
          (int64_t)(((uint64_t)(uint32_t)Hi->imm << 32) | (uint32_t)I->imm);
      if (ebpf_src(I) == EBPF_PSEUDO_FUNC)
        D->target = (int32_t)((int64_t)Pc + 1 + I->imm);
      return 0;
    }
    if ((Mode == EBPF_MODE_ABS || Mode == EBPF_MODE_IND) &&
        ebpf_size(I->opcode) != EBPF_SIZE_DW) {
      D->kind = EBPF_KIND_LD_PACKET;
      if (ebpf_dst(I) != 0 || I->offset != 0 ||
          (Mode == EBPF_MODE_ABS && ebpf_src(I) != 0))
        return "reserved fields are not zero";
      return 0;
    }
    return "unknown opcode";
  case EBPF_CLS_LDX:
    D->kind = EBPF_KIND_LOAD;
    if (Mode != EBPF_MODE_MEM && !(Mode == EBPF_MODE_MEMSX && D->size != 8))
      return "unknown opcode";
    if (I->imm != 0)
      return "reserved fields are not zero";
    if (ebpf_dst(I) == EBPF_REG_FP)
      return "frame pointer is read only";
    return 0;
  case EBPF_CLS_ST:
    D->kind = EBPF_KIND_STORE_IMM;
    if (Mode != EBPF_MODE_MEM)
      return "unknown opcode";
    if (ebpf_src(I) != 0)
      return "reserved fields are not zero";
    return 0;
  default: /* STX */
    if (Mode == EBPF_MODE_MEM) {
      D->kind = EBPF_KIND_STORE_REG;
      if (I->imm != 0)
        return "reserved fields are not zero";
      return 0;
    }
    if (Mode == EBPF_MODE_ATOMIC && (D->size == 4 || D->size == 8)) {
      D->kind = EBPF_KIND_ATOMIC;
      switch (I->imm) {
      case EBPF_ATOMIC_ADD:
      case EBPF_ATOMIC_OR:
      case EBPF_ATOMIC_AND:
      case EBPF_ATOMIC_XOR:
      case EBPF_ATOMIC_ADD | EBPF_ATOMIC_FETCH:
      case EBPF_ATOMIC_OR | EBPF_ATOMIC_FETCH:
      case EBPF_ATOMIC_AND | EBPF_ATOMIC_FETCH:
      case EBPF_ATOMIC_XOR | EBPF_ATOMIC_FETCH:
      case EBPF_ATOMIC_XCHG:
      case EBPF_ATOMIC_CMPXCHG:
        break;
      default:
        return "invalid atomic operation";
      }
      /* The fetching forms (other than cmpxchg, which fetches into r0)
       * write the old value to src_reg; the kernel refuses r10 there. */
      if ((I->imm & EBPF_ATOMIC_FETCH) && I->imm != EBPF_ATOMIC_CMPXCHG &&
          ebpf_src(I) == EBPF_REG_FP)
        return "frame pointer is read only";
      return 0;
    }
    return "unknown opcode";
  }
}

static inline const char *ebpf_decode(const struct ebpf_insn *Insns,
                                      size_t Count, size_t Pc,
                                      struct ebpf_decoded *Out) {
  const struct ebpf_insn *I;
  struct ebpf_decoded D;
  const char *Err;
  if (Pc >= Count)
    return "instruction index out of range";
  I = &Insns[Pc];
  D.kind = EBPF_KIND_ALU;
  D.slots = 1;
  D.dst = ebpf_dst(I);
  D.src = ebpf_src(I);
  D.is64 = false;
  D.size = 0;
  D.imm = I->imm;
  D.target = -1;
  if (D.dst >= EBPF_NUM_REGS)
    return "invalid dst register";
  if (D.src >= EBPF_NUM_REGS)
    return "invalid src register";
  switch (ebpf_class(I->opcode)) {
  case EBPF_CLS_ALU:
  case EBPF_CLS_ALU64:
    D.is64 = ebpf_class(I->opcode) == EBPF_CLS_ALU64;
    Err = ebpf_decode_alu(I, &D);
    break;
  case EBPF_CLS_JMP:
  case EBPF_CLS_JMP32:
    D.is64 = ebpf_class(I->opcode) == EBPF_CLS_JMP;
    Err = ebpf_decode_jmp(I, Pc, &D);
    break;
  default:
    Err = ebpf_decode_mem(Insns, Count, Pc, &D);
    break;
  }
  if (!Err)
    *Out = D;
  return Err;
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EBPFC_ISA_H */
