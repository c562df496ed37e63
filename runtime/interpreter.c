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
 * Programs of an open object (env->object) reach its maps through lddw
 * map references and may access the maps' values; packet programs get
 * their native context (env->ctx), whose kernel-layout fields and packet
 * buffer they may access, and whose packet pointer fields read as the
 * native pointers; socket filters and tc programs may also read the packet
 * with the legacy LD_ABS and LD_IND loads. Helpers are the runtime's own
 * functions, called after the interpreter has checked the memory their
 * pointer arguments name, so a helper call cannot reach memory the program
 * itself could not.
 *
 * The interpreter assumes a little-endian host, matching the little-endian
 * bytecode it runs (loads and stores copy bytes in host order).
 *===----------------------------------------------------------------------===*/

#include "internal.h"

#include <errno.h>
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
  /* The frame above this one is a callback's, which the helper at
   * RETURN_PC - 1 runs again until it is done: bpf_loop with INDEX = 0,
   * 1, ... < COUNT, or bpf_for_each_map_elem over MAP's elements (ITER,
   * INDEX counting them). */
  enum { PLAIN_CALL, LOOP_CALLBACK, FOR_EACH_CALLBACK } kind;
  uint32_t index, count;
  size_t callback;
  uint64_t ctx;
  struct ebpf_map *map;
  struct ebpf_rt_map_iter iter;
};

/* The kernel's BPF_MAX_LOOPS. */
enum { MAX_LOOPS = 1 << 23 };

enum context_kind { NO_CONTEXT, XDP_CONTEXT, SKB_CONTEXT };

struct interp_memory {
  /* Frames 0..depth are live; frame I's stack is stacks[I], and r10 points
   * one past its end. A pointer into any live frame is valid, since a callee
   * may receive a pointer into its caller's stack. */
  uint8_t (*stacks)[EBPF_STACK_SIZE];
  unsigned depth;
  const struct ebpf_interp_env *env;
  /* The native context; its first context_size bytes have the kernel's
   * layout and are what the program sees. */
  enum context_kind context;
  uint64_t context_start;
  uint64_t context_size;
  /* bpf_for_each_map_elem callbacks: frame I (I >= 1) may read the KEY_SIZE
   * bytes at KEYS[I], its element's key, when it is such a callback's. */
  const void *keys[EBPF_MAX_CALL_DEPTH];
  uint32_t key_size[EBPF_MAX_CALL_DEPTH];
};

/* The kernel struct's 32-bit packet pointer fields, by context kind. */
static const uint32_t xdp_pointer_fields[3] = {
    EBPF_XDP_MD_DATA, EBPF_XDP_MD_DATA_END, EBPF_XDP_MD_DATA_META};
static const uint32_t skb_pointer_fields[3] = {EBPF_SKB_DATA, EBPF_SKB_DATA_END,
                                               EBPF_SKB_DATA_META};

/* The native pointer that a 32-bit load of pointer field I yields. */
static void *context_pointer(const struct interp_memory *M, unsigned i) {
  if (M->context == XDP_CONTEXT) {
    const struct ebpf_xdp_md *X = M->env->ctx;
    return i == 0 ? X->data : i == 1 ? X->data_end : X->data_meta;
  } else {
    const struct ebpf_sk_buff *S = M->env->ctx;
    return i == 0 ? S->data : i == 1 ? S->data_end : S->data_meta;
  }
}

static const uint32_t *pointer_fields(const struct interp_memory *M) {
  return M->context == XDP_CONTEXT ? xdp_pointer_fields : skb_pointer_fields;
}

/* The packet buffer of the context: [*LO, *HI). */
static void packet_bounds(const struct interp_memory *M, uint64_t *lo,
                          uint64_t *hi) {
  if (M->context == XDP_CONTEXT) {
    const struct ebpf_xdp_md *X = M->env->ctx;
    *lo = (uint64_t)(uintptr_t)X->buffer_start;
    *hi = (uint64_t)(uintptr_t)X->buffer_end;
  } else {
    const struct ebpf_sk_buff *S = M->env->ctx;
    *lo = (uint64_t)(uintptr_t)(S->data_meta && S->data_meta <= S->data
                                    ? S->data_meta
                                    : S->data);
    *hi = (uint64_t)(uintptr_t)S->data_end;
  }
}

/* The memory a context, its packet and the object's map values add. */
static bool check_object_access(const struct interp_memory *M, uint64_t addr,
                                uint64_t size, bool write) {
  uint32_t i;
  if (M->context != NO_CONTEXT) {
    uint64_t rel = addr - M->context_start, lo, hi;
    if (rel < M->context_size && size <= M->context_size - rel) {
      /* Pointer fields hold no value of their own here. */
      for (i = 0; i < 3; ++i)
        if (rel < pointer_fields(M)[i] + 4u &&
            pointer_fields(M)[i] < rel + size)
          return false;
      return true;
    }
    packet_bounds(M, &lo, &hi);
    rel = addr - lo;
    if (lo < hi && rel < hi - lo && size <= hi - lo - rel)
      return true;
  }
  if (M->env->object) {
    struct ebpf_object *obj = M->env->object;
    for (i = 0; i < ebpf_rt_object_num_maps(obj); ++i)
      if (ebpf_rt_map_value_access(ebpf_rt_object_map(obj, i), addr, size,
                                   write))
        return true;
  }
  return false;
}

/* Returns the host address of the SIZE bytes at ADDR if the program may
 * access them (write access if WRITE), or NULL. */
static void *check_access(const struct interp_memory *M, uint64_t addr,
                          uint64_t size, bool write) {
  uint64_t stack_base = (uint64_t)(uintptr_t)M->stacks;
  uint64_t stack_bytes = (uint64_t)(M->depth + 1) * EBPF_STACK_SIZE;
  uint64_t offset = addr - stack_base;
  size_t i;
  /* Inside the live frames and not straddling two of them. */
  if (offset < stack_bytes &&
      (offset % EBPF_STACK_SIZE) + size <= EBPF_STACK_SIZE)
    return (void *)(uintptr_t)addr;
  for (i = 1; !write && i <= M->depth; ++i) {
    uint64_t rel = addr - (uint64_t)(uintptr_t)M->keys[i];
    if (M->keys[i] && rel < M->key_size[i] && size <= M->key_size[i] - rel)
      return (void *)(uintptr_t)addr;
  }
  for (i = 0; i < M->env->num_regions; ++i) {
    const struct ebpf_mem_region *R = &M->env->regions[i];
    uint64_t rel = addr - R->start;
    if (rel < R->size && size <= R->size - rel && (R->writable || !write))
      return (void *)(uintptr_t)addr;
  }
  if ((M->context != NO_CONTEXT || M->env->object) &&
      check_object_access(M, addr, size, write))
    return (void *)(uintptr_t)addr;
  return NULL;
}

/* A 32-bit load of one of the context's packet pointer fields yields the
 * native pointer, as the kernel rewrites such loads. */
static bool load_context_pointer(const struct interp_memory *M, uint64_t addr,
                                 uint64_t *value) {
  unsigned i;
  if (M->context == NO_CONTEXT)
    return false;
  for (i = 0; i < 3; ++i)
    if (addr == M->context_start + pointer_fields(M)[i]) {
      *value = (uint64_t)(uintptr_t)context_pointer(M, i);
      return true;
    }
  return false;
}

/* The legacy packet loads LD_ABS and LD_IND (socket filters and tc only):
 * the SIZE-byte big-endian value at OFFSET of the packet of the context
 * that r6 (CTX) holds, zero-extended, as the kernel's bpf_gen_ld_abs and
 * bpf_skb_load_helper_{8,16,32} compute it; the compiler's lifter does the
 * same. Returns EBPF_INTERP_OK with *IN_PACKET false when the bytes are not
 * all inside data..data_end: the caller then ends the current function
 * with r0 = 0. The kernel reads negative offsets from SKF_LL_OFF and
 * SKF_NET_OFF in the link-layer and network headers; here, as in compiled
 * code, every negative offset is outside the packet. */
static enum ebpf_interp_status
load_packet_legacy(const struct interp_memory *M, uint64_t ctx, int32_t offset,
                   unsigned size, bool *in_packet, uint64_t *value) {
  const struct ebpf_sk_buff *S;
  uint64_t lo, hi;
  const uint8_t *P;
  unsigned i;
  if (M->env->type != EBPF_PROG_SOCKET_FILTER &&
      M->env->type != EBPF_PROG_SCHED_CLS)
    return EBPF_INTERP_UNSUPPORTED;
  /* The kernel's verifier insists on the context itself in r6 ("R6 !=
   * pointer to skb"); so does the compiler, at offset 0. */
  if (M->context != SKB_CONTEXT || ctx != M->context_start)
    return EBPF_INTERP_OUT_OF_BOUNDS;
  S = M->env->ctx;
  lo = (uint64_t)(uintptr_t)S->data;
  hi = (uint64_t)(uintptr_t)S->data_end;
  *in_packet = offset >= 0 && lo <= hi && (uint64_t)offset + size <= hi - lo;
  if (!*in_packet)
    return EBPF_INTERP_OK;
  P = (const uint8_t *)S->data + offset;
  *value = 0;
  for (i = 0; i < size; ++i)
    *value = (*value << 8) | P[i];
  return EBPF_INTERP_OK;
}

/* For helpers that read memory no argument bounds (bpf_trace_printk's %s):
 * how many bytes from ADDR the program could read itself. */
static size_t readable_bytes(const void *memory, uint64_t addr, size_t max) {
  size_t n = 0;
  while (n < max && check_access(memory, addr + n, 1, false))
    ++n;
  return n;
}

static bool is_map_of_object(const struct interp_memory *M, uint64_t handle) {
  return M->env->object && ebpf_rt_object_owns_map(M->env->object, handle);
}

/* Whether ADDR is a record reserved in one of the object's ring buffers and
 * not yet submitted or discarded. */
static bool is_reserved_record(const struct interp_memory *M, uint64_t addr) {
  struct ebpf_object *obj = M->env->object;
  uint32_t i, n = obj ? ebpf_rt_object_num_maps(obj) : 0;
  for (i = 0; i < n; ++i) {
    const struct ebpf_map *map = ebpf_rt_object_map(obj, i);
    if (map->type == EBPF_MAP_RINGBUF && ebpf_rt_ringbuf_is_reserved(map, addr))
      return true;
  }
  return false;
}

/* Checks the pointer arguments of helper ID as the kernel's verifier would
 * have: maps of the program's object, memory of the sizes the helper will
 * touch, the program's own context. Returns false with *FAULT set to the
 * offending argument otherwise. */
static bool check_helper_args(const struct interp_memory *M, uint32_t id,
                              const uint64_t *reg, uint64_t *fault) {
  const struct ebpf_map *map = (const struct ebpf_map *)(uintptr_t)reg[1];
  uint64_t context = (uint64_t)(uintptr_t)M->env->ctx;
  if (M->env->type == EBPF_PROG_RAW)
    return true; /* its one helper takes no pointers */
  switch (id) {
  case 1: /* map_lookup_elem(map, key) */
  case 3: /* map_delete_elem(map, key) */
  case 2: /* map_update_elem(map, key, value, flags) */
    if (!is_map_of_object(M, reg[1])) {
      *fault = reg[1];
      return false;
    }
    if (!check_access(M, reg[2], map->key_size, false)) {
      *fault = reg[2];
      return false;
    }
    if (id == 2 && !check_access(M, reg[3], map->value_size, false)) {
      *fault = reg[3];
      return false;
    }
    return true;
  case 6: /* trace_printk(fmt, fmt_size, ...) */
    if ((uint32_t)reg[2] && !check_access(M, reg[1], (uint32_t)reg[2], false)) {
      *fault = reg[1];
      return false;
    }
    return true;
  case 26: /* skb_load_bytes(skb, offset, to, len) */
    if (context == 0 || reg[1] != context) {
      *fault = reg[1];
      return false;
    }
    if ((uint32_t)reg[4] && !check_access(M, reg[3], (uint32_t)reg[4], true)) {
      *fault = reg[3];
      return false;
    }
    return true;
  case 130: /* ringbuf_output(map, data, size, flags) */
  case 131: /* ringbuf_reserve(map, size, flags) */
  case 134: /* ringbuf_query(map, flags) */
    if (!is_map_of_object(M, reg[1]) || map->type != EBPF_MAP_RINGBUF) {
      *fault = reg[1];
      return false;
    }
    if (id == 130 && reg[3] && !check_access(M, reg[2], reg[3], false)) {
      *fault = reg[2];
      return false;
    }
    return true;
  case 132: /* ringbuf_submit(data, flags) */
  case 133: /* ringbuf_discard(data, flags) */
    if (!is_reserved_record(M, reg[1])) {
      *fault = reg[1];
      return false;
    }
    return true;
  case 44: /* xdp_adjust_head(xdp, delta) */
  case 54: /* xdp_adjust_meta(xdp, delta) */
  case 65: /* xdp_adjust_tail(xdp, delta) */
    if (context == 0 || reg[1] != context) {
      *fault = reg[1];
      return false;
    }
    return true;
  default:
    return true;
  }
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

/* Calls helper ID (of the program's type) with r1..r5, result in r0. */
static enum ebpf_interp_status call_helper(const struct interp_memory *M,
                                           uint64_t id, uint64_t *reg,
                                           uint64_t *fault) {
  const struct ebpf_helper_info *H =
      id <= UINT32_MAX ? ebpf_find_helper(M->env->type, (uint32_t)id) : NULL;
  if (!H || !H->fn)
    return EBPF_INTERP_UNKNOWN_HELPER;
  if (!check_helper_args(M, H->id, reg, fault))
    return EBPF_INTERP_OUT_OF_BOUNDS;
  reg[0] = H->fn(reg[1], reg[2], reg[3], reg[4], reg[5]);
  return EBPF_INTERP_OK;
}

/* lddw with a map reference (src EBPF_PSEUDO_MAP_IDX or _VALUE). */
static enum ebpf_interp_status load_map_reference(const struct interp_memory *M,
                                                  const struct ebpf_insn *I,
                                                  uint64_t *value) {
  struct ebpf_object *obj = M->env->object;
  const struct ebpf_map *map;
  uint32_t index = (uint32_t)I[0].imm, offset = (uint32_t)I[1].imm;
  if (!obj)
    return EBPF_INTERP_UNSUPPORTED;
  if (index >= ebpf_rt_object_num_maps(obj))
    return EBPF_INTERP_BAD_INSN;
  map = ebpf_rt_object_map(obj, index);
  if (ebpf_src(I) == EBPF_PSEUDO_MAP_IDX) {
    *value = (uint64_t)(uintptr_t)map;
    return EBPF_INTERP_OK;
  }
  /* Direct value access: array maps only, within the value (the kernel's
   * map_direct_value_addr). */
  if (map->type != EBPF_MAP_ARRAY)
    return EBPF_INTERP_UNSUPPORTED;
  if (offset >= map->value_size)
    return EBPF_INTERP_BAD_INSN;
  *value = (uint64_t)(uintptr_t)map->storage + offset;
  return EBPF_INTERP_OK;
}

static struct ebpf_interp_result run(const struct ebpf_insn *insns,
                                     size_t count, struct interp_memory *Mem,
                                     uint64_t r1, uint64_t r2);

/* The dispatch loop stays memory-safe even for a program that skipped
 * validation: every register field indexes a 16-entry file, lddw checks
 * that its second half exists, and memory and control flow are checked as
 * always. Only the exact rejection of bad encodings needs validation. */
struct ebpf_interp_result
ebpf_interpret_validated(const struct ebpf_insn *insns, size_t count,
                         const struct ebpf_interp_env *env, uint64_t r1,
                         uint64_t r2) {
  _Alignas(16) uint8_t stacks[EBPF_MAX_CALL_DEPTH][EBPF_STACK_SIZE];
  struct interp_memory M;
  struct ebpf_rt_thread saved = ebpf_rt_thread_state;
  struct ebpf_interp_result R;

  memset(&M, 0, sizeof(M));
  M.stacks = stacks;
  M.depth = 0;
  M.env = env;
  M.context = NO_CONTEXT;
  M.context_start = (uint64_t)(uintptr_t)env->ctx;
  M.context_size = 0;
  if (env->ctx && env->type == EBPF_PROG_XDP) {
    M.context = XDP_CONTEXT;
    M.context_size = EBPF_XDP_MD_SIZE;
  } else if (env->ctx && (env->type == EBPF_PROG_SOCKET_FILTER ||
                          env->type == EBPF_PROG_SCHED_CLS)) {
    M.context = SKB_CONTEXT;
    M.context_size = EBPF_SKB_KERNEL_SIZE;
  }

  /* What the helpers need to know about this run. */
  ebpf_rt_thread_state.readable = readable_bytes;
  if (env->object)
    ebpf_rt_thread_state.object = env->object;
  R = run(insns, count, &M, r1, r2);
  ebpf_rt_thread_state.readable = saved.readable;
  ebpf_rt_thread_state.memory = saved.memory;
  ebpf_rt_thread_state.object = saved.object;
  return R;
}

static struct ebpf_interp_result run(const struct ebpf_insn *insns,
                                     size_t count, struct interp_memory *Mem,
                                     uint64_t r1, uint64_t r2) {
  const struct ebpf_interp_env *env = Mem->env;
  uint8_t(*stacks)[EBPF_STACK_SIZE] = Mem->stacks;
  struct call_frame frames[EBPF_MAX_CALL_DEPTH];
  struct interp_memory M = *Mem;
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

  /* Helpers see the live frames through this run's view of memory. */
  ebpf_rt_thread_state.memory = &M;
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
    if (P) {                                                                   \
      reg[dst] = load_bytes(P, (BYTES));                                       \
      if (SIGNED)                                                              \
        reg[dst] = sign_extend(reg[dst], (BYTES));                             \
    } else if ((BYTES) != 4 || (SIGNED) ||                                     \
               !load_context_pointer(&M, Addr, &reg[dst])) {                   \
      return interp_stop(EBPF_INTERP_OUT_OF_BOUNDS, cur, Addr);                \
    }                                                                          \
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
      if (src == EBPF_PSEUDO_MAP_IDX || src == EBPF_PSEUDO_MAP_IDX_VALUE) {
        enum ebpf_interp_status Status = load_map_reference(&M, I, &reg[dst]);
        if (Status != EBPF_INTERP_OK)
          return interp_stop(Status, cur, 0);
      } else if (src == EBPF_PSEUDO_FUNC) {
        /* A function's address: that of its first instruction, which only
         * bpf_loop takes back (as an instruction index). */
        reg[dst] = (uint64_t)(uintptr_t)insns +
                   (uint64_t)((int64_t)pc + I->imm) * sizeof(*insns);
      } else if (src != EBPF_PSEUDO_IMM64) {
        return interp_stop(EBPF_INTERP_UNSUPPORTED, cur, 0);
      } else {
        reg[dst] =
            ((uint64_t)(uint32_t)insns[cur + 1].imm << 32) | (uint32_t)I->imm;
      }
      ++pc;
      break;

    /* Legacy packet loads. LD_IND adds src and imm in 32 bits: the kernel
     * adds them in 64 and passes the sum to its load helpers as an int. An
     * offset outside the packet returns 0 from the current function, like
     * the exit that the kernel's bpf_gen_ld_abs emits after the helper. */
    case EBPF_CLS_LD | EBPF_MODE_ABS | EBPF_SIZE_W:
    case EBPF_CLS_LD | EBPF_MODE_ABS | EBPF_SIZE_H:
    case EBPF_CLS_LD | EBPF_MODE_ABS | EBPF_SIZE_B:
    case EBPF_CLS_LD | EBPF_MODE_IND | EBPF_SIZE_W:
    case EBPF_CLS_LD | EBPF_MODE_IND | EBPF_SIZE_H:
    case EBPF_CLS_LD | EBPF_MODE_IND | EBPF_SIZE_B: {
      uint32_t Offset = (uint32_t)I->imm;
      bool InPacket = false;
      enum ebpf_interp_status Status;
      if (ebpf_mode(I->opcode) == EBPF_MODE_IND)
        Offset += (uint32_t)reg[src];
      Status = load_packet_legacy(&M, reg[6], (int32_t)Offset,
                                  ebpf_size_bytes(ebpf_size(I->opcode)),
                                  &InPacket, &reg[0]);
      if (Status != EBPF_INTERP_OK)
        return interp_stop(Status, cur,
                           Status == EBPF_INTERP_OUT_OF_BOUNDS ? reg[6] : 0);
      if (!InPacket) {
        reg[0] = 0;
        goto exit_function;
      }
      break;
    }

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
        F->kind = PLAIN_CALL;
        ++M.depth;
        M.keys[M.depth] = NULL;
        memset(stacks[M.depth], 0, EBPF_STACK_SIZE);
        reg[EBPF_REG_FP] =
            (uint64_t)(uintptr_t)(stacks[M.depth] + EBPF_STACK_SIZE);
        pc += I->imm;
        break;
      }
      if (src == EBPF_CALL_KFUNC)
        return interp_stop(EBPF_INTERP_UNSUPPORTED, cur, 0);
      if ((I->imm == 181 || I->imm == 164) && env->type != EBPF_PROG_RAW) {
        /* bpf_loop(nr_loops, callback, ctx, flags) and
         * bpf_for_each_map_elem(map, callback, ctx, flags): the callback
         * runs as a function of this program, in a frame of its own. */
        uint64_t target = reg[2] - (uint64_t)(uintptr_t)insns;
        bool loop = I->imm == 181;
        bool inlined = loop && env->inlined_loops && env->inlined_loops[cur];
        uint64_t n = inlined ? reg[1] : (uint32_t)reg[1];
        struct call_frame *F = &frames[M.depth];
        if (reg[4] && !inlined) {
          reg[0] = ebpf_rt_errno_result(-EINVAL);
          break;
        }
        if (loop && n > MAX_LOOPS) {
          reg[0] = inlined ? (uint32_t)-E2BIG : ebpf_rt_errno_result(-E2BIG);
          break;
        }
        if (target % sizeof(*insns) || target / sizeof(*insns) >= count)
          return interp_stop(EBPF_INTERP_OUT_OF_BOUNDS, cur, reg[2]);
        if (!loop) {
          if (!is_map_of_object(&M, reg[1]) ||
              ((struct ebpf_map *)(uintptr_t)reg[1])->type == EBPF_MAP_RINGBUF)
            return interp_stop(EBPF_INTERP_OUT_OF_BOUNDS, cur, reg[1]);
          F->map = (struct ebpf_map *)(uintptr_t)reg[1];
          memset(&F->iter, 0, sizeof(F->iter));
        }
        if (M.depth + 1 >= EBPF_MAX_CALL_DEPTH)
          return interp_stop(EBPF_INTERP_CALL_DEPTH, cur, 0);
        F->return_pc = pc;
        memcpy(F->saved_regs, &reg[6], sizeof(F->saved_regs));
        F->kind = loop ? LOOP_CALLBACK : FOR_EACH_CALLBACK;
        F->index = 0;
        F->count = (uint32_t)n;
        F->callback = (size_t)(target / sizeof(*insns));
        F->ctx = reg[3];
        ++M.depth;
        goto next_callback;
      }
      {
        uint64_t Fault = 0;
        enum ebpf_interp_status Status =
            call_helper(&M, (uint32_t)I->imm, reg, &Fault);
        if (Status != EBPF_INTERP_OK)
          return interp_stop(Status, cur, Fault);
      }
      break;
    case EBPF_OP_CALLX: {
      /* The decoder accepts the register in imm (an older encoding) too. */
      uint64_t Id = reg[I->imm ? (unsigned)I->imm & 0x0f : dst], Fault = 0;
      enum ebpf_interp_status Status = call_helper(&M, Id, reg, &Fault);
      if (Status != EBPF_INTERP_OK)
        return interp_stop(Status, cur, Fault);
      break;
    }
    case EBPF_OP_EXIT:
    exit_function:
      if (M.depth == 0) {
        struct ebpf_interp_result R = interp_stop(EBPF_INTERP_OK, cur, 0);
        R.r0 = reg[0];
        return R;
      }
      if (frames[M.depth - 1].kind != PLAIN_CALL) {
        struct call_frame *F = &frames[M.depth - 1];
        void *key, *value;
        if (reg[0]) {
          /* The callback stopped it: the calls so far, this one included. */
          reg[0] = (uint64_t)F->index + 1;
          goto leave_callback;
        }
        ++F->index;
      next_callback:
        /* (Again) from the callback's first instruction, with a fresh frame
         * whose never-written bytes read as zero. */
        F = &frames[M.depth - 1];
        if (F->kind == LOOP_CALLBACK) {
          if (F->index >= F->count) {
            reg[0] = F->count;
            goto leave_callback;
          }
          reg[1] = F->index;
          reg[2] = F->ctx;
          reg[3] = 0;
          M.keys[M.depth] = NULL;
        } else {
          if (!ebpf_rt_map_iter_next(F->map, &F->iter, &key, &value)) {
            reg[0] = F->index;
            goto leave_callback;
          }
          reg[1] = (uint64_t)(uintptr_t)F->map;
          reg[2] = (uint64_t)(uintptr_t)key;
          reg[3] = (uint64_t)(uintptr_t)value;
          M.keys[M.depth] = key;
          M.key_size[M.depth] = F->map->key_size;
        }
        reg[4] = F->kind == LOOP_CALLBACK ? 0 : F->ctx;
        reg[5] = 0;
        memset(stacks[M.depth], 0, EBPF_STACK_SIZE);
        reg[EBPF_REG_FP] =
            (uint64_t)(uintptr_t)(stacks[M.depth] + EBPF_STACK_SIZE);
        pc = F->callback;
        break;
      }
    leave_callback:
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
