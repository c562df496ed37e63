/*===- runtime/interpreter.c - The reference BPF interpreter -------------===//
 *
 * ebpf_interpret() executes bytecode with the exact semantics of RFC 9669 and
 * is the reference that compiled code is tested against. It works in two
 * steps: a validation pass (ebpf_interp_validate) runs ebpf_decode() over
 * every instruction, so the decoder alone decides which encodings are legal;
 * then a loop (ebpf_interpret_validated) dispatches on the opcode byte,
 * trusting the fields the decoder checked. Callers that run one program many
 * times may validate once and call the loop directly.
 *
 * Safety does not rely on a verifier: every load, store and atomic is
 * checked against the call chain's stack frames and the embedder's memory
 * regions, every transfer of control against the program's bounds, and the
 * call depth against EBPF_MAX_CALL_DEPTH. Nothing is allocated: the frames
 * live in a fixed array on the C stack.
 *
 * The interpreter assumes a little-endian host, matching the little-endian
 * bytecode it runs (loads and stores copy bytes in host order).
 *===----------------------------------------------------------------------===*/

#include "ebpfc/runtime.h"

#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the interpreter runs little-endian bytecode on a little-endian host"
#endif

/* What a call frame keeps for its caller: where to resume and the
 * callee-saved registers r6..r9. The BPF calling convention (the kernel's
 * Documentation/bpf/standardization/abi.rst) has calls preserve r6..r9; the
 * callee may use them freely, so the interpreter restores them on return. */
struct call_frame {
  size_t return_pc;
  uint64_t saved_regs[4];
};

struct interp_memory {
  /* Frames 0..depth are live; frame I's stack is stacks[I], and r10 points
   * one past its end. A pointer into any live frame is valid, since a callee
   * may receive a pointer into its caller's stack. */
  uint8_t (*stacks)[EBPF_STACK_SIZE];
  unsigned depth;
  const struct ebpf_interp_env *env;
};

/* Returns the host address of the SIZE bytes at ADDR if the program may
 * access them (write access if WRITE), or NULL. */
static void *check_access(const struct interp_memory *M, uint64_t addr,
                          unsigned size, bool write) {
  uint64_t stack_base = (uint64_t)(uintptr_t)M->stacks;
  uint64_t stack_bytes = (uint64_t)(M->depth + 1) * EBPF_STACK_SIZE;
  uint64_t offset = addr - stack_base;
  size_t i;
  /* Inside the live frames and not straddling two of them. */
  if (offset < stack_bytes &&
      (offset % EBPF_STACK_SIZE) + size <= EBPF_STACK_SIZE)
    return (void *)(uintptr_t)addr;
  for (i = 0; i < M->env->num_regions; ++i) {
    const struct ebpf_mem_region *R = &M->env->regions[i];
    uint64_t rel = addr - R->start;
    if (rel < R->size && size <= R->size - rel && (R->writable || !write))
      return (void *)(uintptr_t)addr;
  }
  return NULL;
}

static uint64_t load_bytes(const void *P, unsigned size) {
  switch (size) {
  case 1: {
    uint8_t V;
    memcpy(&V, P, 1);
    return V;
  }
  case 2: {
    uint16_t V;
    memcpy(&V, P, 2);
    return V;
  }
  case 4: {
    uint32_t V;
    memcpy(&V, P, 4);
    return V;
  }
  default: {
    uint64_t V;
    memcpy(&V, P, 8);
    return V;
  }
  }
}

static void store_bytes(void *P, unsigned size, uint64_t value) {
  switch (size) {
  case 1: {
    uint8_t V = (uint8_t)value;
    memcpy(P, &V, 1);
    break;
  }
  case 2: {
    uint16_t V = (uint16_t)value;
    memcpy(P, &V, 2);
    break;
  }
  case 4: {
    uint32_t V = (uint32_t)value;
    memcpy(P, &V, 4);
    break;
  }
  default:
    memcpy(P, &value, 8);
    break;
  }
}

static uint64_t sign_extend(uint64_t value, unsigned bytes) {
  switch (bytes) {
  case 1:
    return (uint64_t)(int64_t)(int8_t)value;
  case 2:
    return (uint64_t)(int64_t)(int16_t)value;
  case 4:
    return (uint64_t)(int64_t)(int32_t)value;
  default:
    return value;
  }
}

static uint16_t bswap16(uint16_t V) { return (uint16_t)((V << 8) | (V >> 8)); }
static uint32_t bswap32(uint32_t V) {
  return ((V & 0xffu) << 24) | ((V & 0xff00u) << 8) | ((V >> 8) & 0xff00u) |
         (V >> 24);
}
static uint64_t bswap64(uint64_t V) {
  return ((uint64_t)bswap32((uint32_t)V) << 32) | bswap32((uint32_t)(V >> 32));
}

/* Signed division and modulo (offset 1). RFC 9669, section 4.1: division by
 * zero gives 0, modulo by zero leaves the dividend, and INT_MIN / -1 wraps to
 * INT_MIN (so INT_MIN % -1 is 0); the remainder takes the dividend's sign.
 * Dividing by -1 is negation done in unsigned arithmetic, which wraps instead
 * of trapping. */
static uint32_t sdiv32(uint32_t A, uint32_t B) {
  if (B == 0)
    return 0;
  if (B == UINT32_MAX)
    return 0u - A;
  return (uint32_t)((int32_t)A / (int32_t)B);
}
static uint32_t smod32(uint32_t A, uint32_t B) {
  if (B == 0)
    return A;
  if (B == UINT32_MAX)
    return 0;
  return (uint32_t)((int32_t)A % (int32_t)B);
}
static uint64_t sdiv64(uint64_t A, uint64_t B) {
  if (B == 0)
    return 0;
  if (B == UINT64_MAX)
    return 0u - A;
  return (uint64_t)((int64_t)A / (int64_t)B);
}
static uint64_t smod64(uint64_t A, uint64_t B) {
  if (B == 0)
    return A;
  if (B == UINT64_MAX)
    return 0;
  return (uint64_t)((int64_t)A % (int64_t)B);
}

/* Atomic read-modify-write (RFC 9669, section 5.3). The operation is really
 * atomic when the address is naturally aligned, so programs sharing a region
 * with other threads behave as in the kernel; the kernel rejects unaligned
 * atomics, and for those the interpreter falls back to a plain update. The
 * returned value is the old contents of memory. */
static uint64_t atomic_update(void *P, unsigned size, int32_t op,
                              uint64_t operand, uint64_t expected) {
  uint64_t old, updated;
#if defined(__GNUC__)
  if (((uintptr_t)P & (size - 1)) == 0) {
    if (size == 4) {
      uint32_t *W = (uint32_t *)P, V = (uint32_t)operand;
      switch (op & ~EBPF_ATOMIC_FETCH) {
      case EBPF_ATOMIC_ADD:
        return __atomic_fetch_add(W, V, __ATOMIC_SEQ_CST);
      case EBPF_ATOMIC_OR:
        return __atomic_fetch_or(W, V, __ATOMIC_SEQ_CST);
      case EBPF_ATOMIC_AND:
        return __atomic_fetch_and(W, V, __ATOMIC_SEQ_CST);
      case EBPF_ATOMIC_XOR:
        return __atomic_fetch_xor(W, V, __ATOMIC_SEQ_CST);
      case EBPF_ATOMIC_XCHG & ~EBPF_ATOMIC_FETCH:
        return __atomic_exchange_n(W, V, __ATOMIC_SEQ_CST);
      default: {
        uint32_t E = (uint32_t)expected;
        __atomic_compare_exchange_n(W, &E, V, false, __ATOMIC_SEQ_CST,
                                    __ATOMIC_SEQ_CST);
        return E;
      }
      }
    } else {
      uint64_t *W = (uint64_t *)P;
      switch (op & ~EBPF_ATOMIC_FETCH) {
      case EBPF_ATOMIC_ADD:
        return __atomic_fetch_add(W, operand, __ATOMIC_SEQ_CST);
      case EBPF_ATOMIC_OR:
        return __atomic_fetch_or(W, operand, __ATOMIC_SEQ_CST);
      case EBPF_ATOMIC_AND:
        return __atomic_fetch_and(W, operand, __ATOMIC_SEQ_CST);
      case EBPF_ATOMIC_XOR:
        return __atomic_fetch_xor(W, operand, __ATOMIC_SEQ_CST);
      case EBPF_ATOMIC_XCHG & ~EBPF_ATOMIC_FETCH:
        return __atomic_exchange_n(W, operand, __ATOMIC_SEQ_CST);
      default: {
        uint64_t E = expected;
        __atomic_compare_exchange_n(W, &E, operand, false, __ATOMIC_SEQ_CST,
                                    __ATOMIC_SEQ_CST);
        return E;
      }
      }
    }
  }
#endif
  old = load_bytes(P, size);
  switch (op & ~EBPF_ATOMIC_FETCH) {
  case EBPF_ATOMIC_ADD:
    updated = old + operand;
    break;
  case EBPF_ATOMIC_OR:
    updated = old | operand;
    break;
  case EBPF_ATOMIC_AND:
    updated = old & operand;
    break;
  case EBPF_ATOMIC_XOR:
    updated = old ^ operand;
    break;
  case EBPF_ATOMIC_XCHG & ~EBPF_ATOMIC_FETCH:
    updated = operand;
    break;
  default: /* cmpxchg */
    updated = old == expected ? operand : old;
    break;
  }
  store_bytes(P, size, updated);
  return old;
}

static struct ebpf_interp_result interp_stop(enum ebpf_interp_status status,
                                             size_t pc, uint64_t address) {
  struct ebpf_interp_result R;
  R.status = status;
  R.r0 = 0;
  R.pc = pc;
  R.address = address;
  return R;
}

/* Checks every instruction with the decoder, so that the dispatch loop
 * runs exactly the encodings RFC 9669 allows: registers are below 11,
 * reserved fields are zero, r10 is never a destination, lddw has its second
 * half, and no slot other than the second half of an lddw has opcode 0 (the
 * decoder rejects opcode 0, LD|IMM|W). */
size_t ebpf_interp_validate(const struct ebpf_insn *insns, size_t count) {
  size_t pc = 0;
  while (pc < count) {
    struct ebpf_decoded D;
    if (ebpf_decode(insns, count, pc, &D))
      return pc;
    pc += D.slots;
  }
  return count;
}

struct ebpf_interp_result ebpf_interpret(const struct ebpf_insn *insns,
                                         size_t count,
                                         const struct ebpf_interp_env *env,
                                         uint64_t r1, uint64_t r2) {
  size_t bad = ebpf_interp_validate(insns, count);
  if (bad != count)
    return interp_stop(EBPF_INTERP_BAD_INSN, bad, 0);
  return ebpf_interpret_validated(insns, count, env, r1, r2);
}

/* The dispatch loop stays memory-safe even for a program that skipped
 * validation: every register field indexes a 16-entry file, lddw checks
 * that its second half exists, and memory and control flow are checked as
 * always. Only the exact rejection of bad encodings needs validation. */
struct ebpf_interp_result
ebpf_interpret_validated(const struct ebpf_insn *insns, size_t count,
                         const struct ebpf_interp_env *env, uint64_t r1,
                         uint64_t r2) {
  _Alignas(16) uint8_t stacks[EBPF_MAX_CALL_DEPTH][EBPF_STACK_SIZE];
  struct call_frame frames[EBPF_MAX_CALL_DEPTH];
  struct interp_memory M;
  uint64_t reg[16]; /* r0..r10; the rest only absorb invalid encodings */
  /* Instructions left before insn_limit stops the program; with no limit,
   * more than any run could execute. */
  uint64_t budget = env->insn_limit ? env->insn_limit : UINT64_MAX;
  size_t pc = 0;
  /* The instruction being executed, and the one executed before it: a bad
   * transfer of control is blamed on the instruction that made it. */
  size_t cur = 0, prev = 0;

  if (count == 0)
    return interp_stop(EBPF_INTERP_BAD_JUMP, 0, 0);

  M.stacks = stacks;
  M.depth = 0;
  M.env = env;
  memset(stacks[0], 0, EBPF_STACK_SIZE);
  memset(reg, 0, sizeof(reg));
  reg[1] = r1;
  reg[2] = r2;
  reg[EBPF_REG_FP] = (uint64_t)(uintptr_t)(stacks[0] + EBPF_STACK_SIZE);

  for (;;) {
    const struct ebpf_insn *I;
    unsigned dst, src;
    /* Falling off the end, or jumping or calling outside the program. */
    if (pc >= count)
      return interp_stop(EBPF_INTERP_BAD_JUMP, cur, 0);
    if (budget-- == 0)
      return interp_stop(EBPF_INTERP_INSN_LIMIT, pc, 0);
    prev = cur;
    cur = pc;
    I = &insns[pc];
    dst = ebpf_dst(I);
    src = ebpf_src(I);
    ++pc;

/* ALU operations over A (dst) and B (src register or immediate). 32-bit
 * operations see the low halves and zero-extend their result; 64-bit
 * operations sign-extend the immediate (RFC 9669, section 4.1). */
#define ALU32(OP, EXPR)                                                        \
  case EBPF_CLS_ALU | EBPF_SRC_K | (OP): {                                     \
    uint32_t A = (uint32_t)reg[dst], B = (uint32_t)I->imm;                     \
    reg[dst] = (uint32_t)(EXPR);                                               \
    break;                                                                     \
  }                                                                            \
  case EBPF_CLS_ALU | EBPF_SRC_X | (OP): {                                     \
    uint32_t A = (uint32_t)reg[dst], B = (uint32_t)reg[src];                   \
    reg[dst] = (uint32_t)(EXPR);                                               \
    break;                                                                     \
  }
#define ALU64(OP, EXPR)                                                        \
  case EBPF_CLS_ALU64 | EBPF_SRC_K | (OP): {                                   \
    uint64_t A = reg[dst], B = (uint64_t)(int64_t)I->imm;                      \
    reg[dst] = (EXPR);                                                         \
    break;                                                                     \
  }                                                                            \
  case EBPF_CLS_ALU64 | EBPF_SRC_X | (OP): {                                   \
    uint64_t A = reg[dst], B = reg[src];                                       \
    reg[dst] = (EXPR);                                                         \
    break;                                                                     \
  }
/* Conditional jumps: JMP compares 64 bits with a sign-extended immediate,
 * JMP32 the low 32 bits (RFC 9669, section 4.3). */
#define JUMP(OP, EXPR64, EXPR32)                                               \
  case EBPF_CLS_JMP | EBPF_SRC_K | (OP): {                                     \
    uint64_t A = reg[dst], B = (uint64_t)(int64_t)I->imm;                      \
    if (EXPR64)                                                                \
      pc += I->offset;                                                         \
    break;                                                                     \
  }                                                                            \
  case EBPF_CLS_JMP | EBPF_SRC_X | (OP): {                                     \
    uint64_t A = reg[dst], B = reg[src];                                       \
    if (EXPR64)                                                                \
      pc += I->offset;                                                         \
    break;                                                                     \
  }                                                                            \
  case EBPF_CLS_JMP32 | EBPF_SRC_K | (OP): {                                   \
    uint32_t A = (uint32_t)reg[dst], B = (uint32_t)I->imm;                     \
    if (EXPR32)                                                                \
      pc += I->offset;                                                         \
    break;                                                                     \
  }                                                                            \
  case EBPF_CLS_JMP32 | EBPF_SRC_X | (OP): {                                   \
    uint32_t A = (uint32_t)reg[dst], B = (uint32_t)reg[src];                   \
    if (EXPR32)                                                                \
      pc += I->offset;                                                         \
    break;                                                                     \
  }
#define LOAD(OPCODE, BYTES, SIGNED)                                            \
  case (OPCODE): {                                                             \
    uint64_t Addr = reg[src] + (uint64_t)(int64_t)I->offset;                   \
    const void *P = check_access(&M, Addr, (BYTES), false);                    \
    if (!P)                                                                    \
      return interp_stop(EBPF_INTERP_OUT_OF_BOUNDS, cur, Addr);                \
    reg[dst] = load_bytes(P, (BYTES));                                         \
    if (SIGNED)                                                                \
      reg[dst] = sign_extend(reg[dst], (BYTES));                               \
    break;                                                                     \
  }
/* ST stores the sign-extended immediate, STX the source register; both
 * store its low BYTES bytes. */
#define STORE(OPCODE, BYTES, VALUE)                                            \
  case (OPCODE): {                                                             \
    uint64_t Addr = reg[dst] + (uint64_t)(int64_t)I->offset;                   \
    void *P = check_access(&M, Addr, (BYTES), true);                           \
    if (!P)                                                                    \
      return interp_stop(EBPF_INTERP_OUT_OF_BOUNDS, cur, Addr);                \
    store_bytes(P, (BYTES), (VALUE));                                          \
    break;                                                                     \
  }

    switch (I->opcode) {
      ALU32(EBPF_ALU_ADD, A + B)
      ALU32(EBPF_ALU_SUB, A - B)
      ALU32(EBPF_ALU_MUL, A * B)
      ALU32(EBPF_ALU_DIV, I->offset ? sdiv32(A, B) : B ? A / B : 0)
      ALU32(EBPF_ALU_OR, A | B)
      ALU32(EBPF_ALU_AND, A & B)
      ALU32(EBPF_ALU_LSH, A << (B & 31))
      ALU32(EBPF_ALU_RSH, A >> (B & 31))
      ALU32(EBPF_ALU_MOD, I->offset ? smod32(A, B) : B ? A % B : A)
      ALU32(EBPF_ALU_XOR, A ^ B)
      ALU32(EBPF_ALU_ARSH, (uint32_t)((int32_t)A >> (B & 31)))
      ALU64(EBPF_ALU_ADD, A + B)
      ALU64(EBPF_ALU_SUB, A - B)
      ALU64(EBPF_ALU_MUL, A * B)
      ALU64(EBPF_ALU_DIV, I->offset ? sdiv64(A, B) : B ? A / B : 0)
      ALU64(EBPF_ALU_OR, A | B)
      ALU64(EBPF_ALU_AND, A & B)
      ALU64(EBPF_ALU_LSH, A << (B & 63))
      ALU64(EBPF_ALU_RSH, A >> (B & 63))
      ALU64(EBPF_ALU_MOD, I->offset ? smod64(A, B) : B ? A % B : A)
      ALU64(EBPF_ALU_XOR, A ^ B)
      ALU64(EBPF_ALU_ARSH, (uint64_t)((int64_t)A >> (B & 63)))

    case EBPF_CLS_ALU | EBPF_ALU_NEG:
      reg[dst] = (uint32_t)(0u - (uint32_t)reg[dst]);
      break;
    case EBPF_CLS_ALU64 | EBPF_ALU_NEG:
      reg[dst] = 0u - reg[dst];
      break;

    /* mov, and movsx (offset 8/16/32) which sign-extends the low bits of
     * src; the 32-bit form then zero-extends its 32-bit result. */
    case EBPF_CLS_ALU | EBPF_SRC_K | EBPF_ALU_MOV:
      reg[dst] = (uint32_t)I->imm;
      break;
    case EBPF_CLS_ALU | EBPF_SRC_X | EBPF_ALU_MOV:
      reg[dst] = (uint32_t)(I->offset ? sign_extend(reg[src], I->offset / 8)
                                      : reg[src]);
      break;
    case EBPF_CLS_ALU64 | EBPF_SRC_K | EBPF_ALU_MOV:
      reg[dst] = (uint64_t)(int64_t)I->imm;
      break;
    case EBPF_CLS_ALU64 | EBPF_SRC_X | EBPF_ALU_MOV:
      reg[dst] = I->offset ? sign_extend(reg[src], I->offset / 8) : reg[src];
      break;

    /* Byte order (RFC 9669, section 4.2). On this little-endian target le
     * only truncates; be and the unconditional bswap swap and truncate. */
    case EBPF_OP_LE:
      if (I->imm == 16)
        reg[dst] = (uint16_t)reg[dst];
      else if (I->imm == 32)
        reg[dst] = (uint32_t)reg[dst];
      break;
    case EBPF_OP_BE:
    case EBPF_OP_BSWAP:
      if (I->imm == 16)
        reg[dst] = bswap16((uint16_t)reg[dst]);
      else if (I->imm == 32)
        reg[dst] = bswap32((uint32_t)reg[dst]);
      else
        reg[dst] = bswap64(reg[dst]);
      break;

    case EBPF_OP_LDDW:
      if (cur + 1 >= count)
        return interp_stop(EBPF_INTERP_BAD_INSN, cur, 0);
      if (src != EBPF_PSEUDO_IMM64)
        return interp_stop(EBPF_INTERP_UNSUPPORTED, cur, 0);
      reg[dst] =
          ((uint64_t)(uint32_t)insns[cur + 1].imm << 32) | (uint32_t)I->imm;
      ++pc;
      break;

    /* Legacy packet access needs a socket buffer context. */
    case EBPF_CLS_LD | EBPF_MODE_ABS | EBPF_SIZE_W:
    case EBPF_CLS_LD | EBPF_MODE_ABS | EBPF_SIZE_H:
    case EBPF_CLS_LD | EBPF_MODE_ABS | EBPF_SIZE_B:
    case EBPF_CLS_LD | EBPF_MODE_IND | EBPF_SIZE_W:
    case EBPF_CLS_LD | EBPF_MODE_IND | EBPF_SIZE_H:
    case EBPF_CLS_LD | EBPF_MODE_IND | EBPF_SIZE_B:
      return interp_stop(EBPF_INTERP_UNSUPPORTED, cur, 0);

      LOAD(EBPF_CLS_LDX | EBPF_MODE_MEM | EBPF_SIZE_B, 1, false)
      LOAD(EBPF_CLS_LDX | EBPF_MODE_MEM | EBPF_SIZE_H, 2, false)
      LOAD(EBPF_CLS_LDX | EBPF_MODE_MEM | EBPF_SIZE_W, 4, false)
      LOAD(EBPF_CLS_LDX | EBPF_MODE_MEM | EBPF_SIZE_DW, 8, false)
      LOAD(EBPF_CLS_LDX | EBPF_MODE_MEMSX | EBPF_SIZE_B, 1, true)
      LOAD(EBPF_CLS_LDX | EBPF_MODE_MEMSX | EBPF_SIZE_H, 2, true)
      LOAD(EBPF_CLS_LDX | EBPF_MODE_MEMSX | EBPF_SIZE_W, 4, true)
      STORE(EBPF_CLS_ST | EBPF_MODE_MEM | EBPF_SIZE_B, 1,
            (uint64_t)(int64_t)I->imm)
      STORE(EBPF_CLS_ST | EBPF_MODE_MEM | EBPF_SIZE_H, 2,
            (uint64_t)(int64_t)I->imm)
      STORE(EBPF_CLS_ST | EBPF_MODE_MEM | EBPF_SIZE_W, 4,
            (uint64_t)(int64_t)I->imm)
      STORE(EBPF_CLS_ST | EBPF_MODE_MEM | EBPF_SIZE_DW, 8,
            (uint64_t)(int64_t)I->imm)
      STORE(EBPF_CLS_STX | EBPF_MODE_MEM | EBPF_SIZE_B, 1, reg[src])
      STORE(EBPF_CLS_STX | EBPF_MODE_MEM | EBPF_SIZE_H, 2, reg[src])
      STORE(EBPF_CLS_STX | EBPF_MODE_MEM | EBPF_SIZE_W, 4, reg[src])
      STORE(EBPF_CLS_STX | EBPF_MODE_MEM | EBPF_SIZE_DW, 8, reg[src])

    case EBPF_CLS_STX | EBPF_MODE_ATOMIC | EBPF_SIZE_W:
    case EBPF_CLS_STX | EBPF_MODE_ATOMIC | EBPF_SIZE_DW: {
      unsigned Size = ebpf_size_bytes(ebpf_size(I->opcode));
      uint64_t Addr = reg[dst] + (uint64_t)(int64_t)I->offset;
      uint64_t Mask = Size == 4 ? UINT32_MAX : UINT64_MAX;
      void *P = check_access(&M, Addr, Size, true);
      uint64_t Old;
      if (!P)
        return interp_stop(EBPF_INTERP_OUT_OF_BOUNDS, cur, Addr);
      Old = atomic_update(P, Size, I->imm, reg[src] & Mask, reg[0] & Mask);
      /* The fetched value is zero-extended into the 64-bit register;
       * cmpxchg returns it in r0, the other fetching forms in src. */
      if (I->imm == EBPF_ATOMIC_CMPXCHG)
        reg[0] = Old;
      else if (I->imm & EBPF_ATOMIC_FETCH)
        reg[src] = Old;
      break;
    }

    case EBPF_OP_JA:
      pc += I->offset;
      break;
    case EBPF_OP_JA32: /* gotol: the offset is in imm */
      pc += I->imm;
      break;
      JUMP(EBPF_JMP_JEQ, A == B, A == B)
      JUMP(EBPF_JMP_JNE, A != B, A != B)
      JUMP(EBPF_JMP_JGT, A > B, A > B)
      JUMP(EBPF_JMP_JGE, A >= B, A >= B)
      JUMP(EBPF_JMP_JLT, A < B, A < B)
      JUMP(EBPF_JMP_JLE, A <= B, A <= B)
      JUMP(EBPF_JMP_JSET, (A & B) != 0, (A & B) != 0)
      JUMP(EBPF_JMP_JSGT, (int64_t)A > (int64_t)B, (int32_t)A > (int32_t)B)
      JUMP(EBPF_JMP_JSGE, (int64_t)A >= (int64_t)B, (int32_t)A >= (int32_t)B)
      JUMP(EBPF_JMP_JSLT, (int64_t)A < (int64_t)B, (int32_t)A < (int32_t)B)
      JUMP(EBPF_JMP_JSLE, (int64_t)A <= (int64_t)B, (int32_t)A <= (int32_t)B)

    case EBPF_OP_CALL:
      if (src == EBPF_CALL_LOCAL) {
        struct call_frame *F;
        if (M.depth + 1 >= EBPF_MAX_CALL_DEPTH)
          return interp_stop(EBPF_INTERP_CALL_DEPTH, cur, 0);
        F = &frames[M.depth];
        F->return_pc = pc;
        memcpy(F->saved_regs, &reg[6], sizeof(F->saved_regs));
        ++M.depth;
        memset(stacks[M.depth], 0, EBPF_STACK_SIZE);
        reg[EBPF_REG_FP] =
            (uint64_t)(uintptr_t)(stacks[M.depth] + EBPF_STACK_SIZE);
        pc += I->imm;
        break;
      }
      if (src == EBPF_CALL_KFUNC)
        return interp_stop(EBPF_INTERP_UNSUPPORTED, cur, 0);
      {
        const struct ebpf_helper_info *H =
            ebpf_find_helper(env->type, (uint32_t)I->imm);
        if (!H || !H->fn)
          return interp_stop(EBPF_INTERP_UNKNOWN_HELPER, cur, 0);
        reg[0] = H->fn(reg[1], reg[2], reg[3], reg[4], reg[5]);
      }
      break;
    case EBPF_OP_CALLX: {
      /* The decoder accepts the register in imm (an older encoding) too. */
      uint64_t Id = reg[I->imm ? (unsigned)I->imm & 0x0f : dst];
      const struct ebpf_helper_info *H =
          Id <= UINT32_MAX ? ebpf_find_helper(env->type, (uint32_t)Id) : NULL;
      if (!H || !H->fn)
        return interp_stop(EBPF_INTERP_UNKNOWN_HELPER, cur, 0);
      reg[0] = H->fn(reg[1], reg[2], reg[3], reg[4], reg[5]);
      break;
    }
    case EBPF_OP_EXIT:
      if (M.depth == 0) {
        struct ebpf_interp_result R = interp_stop(EBPF_INTERP_OK, cur, 0);
        R.r0 = reg[0];
        return R;
      }
      --M.depth;
      memcpy(&reg[6], frames[M.depth].saved_regs,
             sizeof(frames[M.depth].saved_regs));
      reg[EBPF_REG_FP] =
          (uint64_t)(uintptr_t)(stacks[M.depth] + EBPF_STACK_SIZE);
      pc = frames[M.depth].return_pc;
      break;

    /* Validation leaves opcode 0 only in second halves of lddw, so control
     * got here by a jump or call into the middle of one. */
    case 0:
      return interp_stop(EBPF_INTERP_BAD_JUMP, prev, 0);
    default:
      return interp_stop(EBPF_INTERP_BAD_INSN, cur, 0);
    }
#undef ALU32
#undef ALU64
#undef JUMP
#undef LOAD
#undef STORE
  }
}

const char *ebpf_interp_status_string(enum ebpf_interp_status status) {
  switch (status) {
  case EBPF_INTERP_OK:
    return "ok";
  case EBPF_INTERP_BAD_INSN:
    return "invalid instruction";
  case EBPF_INTERP_OUT_OF_BOUNDS:
    return "out-of-bounds memory access";
  case EBPF_INTERP_UNKNOWN_HELPER:
    return "call to unknown helper";
  case EBPF_INTERP_CALL_DEPTH:
    return "call stack too deep";
  case EBPF_INTERP_INSN_LIMIT:
    return "instruction limit reached";
  case EBPF_INTERP_BAD_JUMP:
    return "control left the program";
  case EBPF_INTERP_UNSUPPORTED:
    return "unsupported instruction";
  }
  return "unknown status";
}
