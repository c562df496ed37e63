/*===- ebpfc/runtime.h - libebpfrt: the runtime's C API ----------*- C -*-===//
 *
 * The C ABI that compiled programs and their hosts link against: the helper
 * functions BPF programs call, the table that maps a program type's helper
 * ids to them, and the reference interpreter.
 *
 * Embedder contract: the runtime allocates nothing while a program runs,
 * uses no exceptions or RTTI, and is plain C11 so it cross-compiles for
 * every target ebpfc emits code for.
 *===----------------------------------------------------------------------===*/
#ifndef EBPFC_RUNTIME_H
#define EBPFC_RUNTIME_H

#include "ebpfc/helpers.h"
#include "ebpfc/isa.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Program types; values match ebpfc::ProgramType. */
enum ebpf_prog_type {
  EBPF_PROG_RAW = 0,
  EBPF_PROG_XDP = 1,
  EBPF_PROG_SOCKET_FILTER = 2,
  EBPF_PROG_SCHED_CLS = 3,
};

/* Every helper has the BPF calling convention: five 64-bit arguments in,
 * one 64-bit result out. Compiled code calls these directly by symbol. */
typedef uint64_t (*ebpf_helper_fn)(uint64_t, uint64_t, uint64_t, uint64_t,
                                   uint64_t);

/* One row of helpers.def. */
struct ebpf_helper_info {
  uint32_t id;        /* the helper id a BPF call instruction names */
  const char *name;   /* the kernel's name, e.g. "bpf_map_lookup_elem" */
  const char *symbol; /* the C symbol compiled code calls */
  ebpf_helper_fn fn;
  uint32_t types;               /* EBPF_TYPES_* mask of who may call it */
  enum ebpf_helper_ret ret;     /* what it returns */
  enum ebpf_helper_arg args[5]; /* r1..r5 */
  uint32_t effects;             /* EBPF_EFFECT_* */
};

/* The helper a program of TYPE calls with id ID, or NULL if that program
 * type has no such helper. */
const struct ebpf_helper_info *ebpf_find_helper(enum ebpf_prog_type type,
                                                uint32_t id);

/* Every helper a program of TYPE can call, in increasing id order: stores
 * the first CAP of them in OUT and returns how many there are (0 for an
 * unknown type). */
size_t ebpf_helpers_of_type(enum ebpf_prog_type type,
                            const struct ebpf_helper_info **out, size_t cap);

/* Raw programs (the conformance suite's environment) have one helper, id 5,
 * which returns its first argument. */
uint64_t ebpf_raw_helper_identity(uint64_t, uint64_t, uint64_t, uint64_t,
                                  uint64_t);

/* Compiled code calls this when callx names a helper id the program type
 * does not have; it reports the id and aborts the process. */
uint64_t ebpf_trap_unknown_helper(uint64_t id);

/* The kernel's helpers, with its semantics and error codes (negative errno
 * values sign-extended to 64 bits). Map helpers take the map handle of an
 * object's slot (struct ebpf_map *) as their first argument; the context
 * helpers take the native context (object.h). */
uint64_t ebpf_helper_map_lookup_elem(uint64_t map, uint64_t key, uint64_t,
                                     uint64_t, uint64_t); /* 1 */
uint64_t ebpf_helper_map_update_elem(uint64_t map, uint64_t key, uint64_t value,
                                     uint64_t flags, uint64_t); /* 2 */
uint64_t ebpf_helper_map_delete_elem(uint64_t map, uint64_t key, uint64_t,
                                     uint64_t, uint64_t); /* 3 */
uint64_t ebpf_helper_ktime_get_ns(uint64_t, uint64_t, uint64_t, uint64_t,
                                  uint64_t); /* 5: CLOCK_MONOTONIC */
uint64_t ebpf_helper_trace_printk(uint64_t fmt, uint64_t fmt_size,
                                  uint64_t arg1, uint64_t arg2,
                                  uint64_t arg3); /* 6 */
uint64_t ebpf_helper_get_prandom_u32(uint64_t, uint64_t, uint64_t, uint64_t,
                                     uint64_t); /* 7 */
uint64_t ebpf_helper_get_smp_processor_id(uint64_t, uint64_t, uint64_t,
                                          uint64_t, uint64_t); /* 8 */
uint64_t ebpf_helper_skb_load_bytes(uint64_t skb, uint64_t offset, uint64_t to,
                                    uint64_t len, uint64_t); /* 26 */
uint64_t ebpf_helper_xdp_adjust_head(uint64_t xdp, uint64_t delta, uint64_t,
                                     uint64_t, uint64_t); /* 44 */
uint64_t ebpf_helper_xdp_adjust_meta(uint64_t xdp, uint64_t delta, uint64_t,
                                     uint64_t, uint64_t); /* 54 */
uint64_t ebpf_helper_xdp_adjust_tail(uint64_t xdp, uint64_t delta, uint64_t,
                                     uint64_t, uint64_t); /* 65 */
uint64_t ebpf_helper_ringbuf_output(uint64_t map, uint64_t data, uint64_t size,
                                    uint64_t flags, uint64_t); /* 130 */
uint64_t ebpf_helper_ringbuf_reserve(uint64_t map, uint64_t size,
                                     uint64_t flags, uint64_t,
                                     uint64_t); /* 131 */
uint64_t ebpf_helper_ringbuf_submit(uint64_t data, uint64_t flags, uint64_t,
                                    uint64_t, uint64_t); /* 132 */
uint64_t ebpf_helper_ringbuf_discard(uint64_t data, uint64_t flags, uint64_t,
                                     uint64_t, uint64_t); /* 133 */
uint64_t ebpf_helper_ringbuf_query(uint64_t map, uint64_t flags, uint64_t,
                                   uint64_t, uint64_t); /* 134 */
/* 181: calls CALLBACK(i, CTX, 0, 0, 0) for i = 0, 1, ... < NR_LOOPS until
 * it returns non-zero; returns the number of calls, -EINVAL for non-zero
 * FLAGS, -E2BIG for more than 1 << 23 loops. CALLBACK is a native
 * function of the program (compiled code passes its address; the lifter
 * usually expands the loop in place instead of calling this). */
uint64_t ebpf_helper_loop(uint64_t nr_loops, uint64_t callback, uint64_t ctx,
                          uint64_t flags, uint64_t);
/* 164: calls CALLBACK(MAP, &key, &value, CTX, 0) for each element of MAP
 * (array, hash, LRU hash and their per-CPU forms; per-CPU values are the
 * calling thread's) until it returns non-zero; returns the number of calls,
 * or -EINVAL for non-zero FLAGS. */
uint64_t ebpf_helper_for_each_map_elem(uint64_t map, uint64_t callback,
                                       uint64_t ctx, uint64_t flags, uint64_t);

/* Seeds the calling thread's bpf_get_prandom_u32 generator, for
 * reproducible runs. The generator is xorshift64* (state ^= state >> 12,
 * state ^= state << 25, state ^= state >> 27, result = the high 32 bits of
 * state * 0x2545f4914f6cdd1d) started from splitmix64(SEED) (or 1 if that
 * is 0). Unseeded threads start from the clock and the thread's address. */
void ebpf_prandom_seed(uint64_t seed);

/*===-- Reference interpreter --------------------------------------------===*/

/* A block of host memory the program may access. */
struct ebpf_mem_region {
  uint64_t start;
  uint64_t size;
  bool writable;
};

struct ebpf_object;

/* Zero-initialize it ({0}) and set what the program needs: fields added
 * later keep their meaning at zero. */
struct ebpf_interp_env {
  enum ebpf_prog_type type; /* selects the helper table */
  /* Memory outside the interpreter's own stack frames that loads and stores
   * may touch; any other address stops the program with an error. */
  const struct ebpf_mem_region *regions;
  size_t num_regions;
  /* Stop after this many executed instructions (0: no limit). */
  uint64_t insn_limit;
  /* The open object the program belongs to, or NULL. lddw with src
   * EBPF_PSEUDO_MAP_IDX loads map IMM's handle, with
   * EBPF_PSEUDO_MAP_IDX_VALUE the address of byte NEXT.IMM of array map
   * IMM's value; the values of its maps are accessible memory (within one
   * value; read-only for BPF_F_RDONLY_PROG maps); helper calls with map
   * arguments must name one of its maps; bpf_trace_printk writes to its
   * callback. */
  struct ebpf_object *object;
  /* XDP, socket filter and tc programs: the native context (struct
   * ebpf_xdp_md, or struct ebpf_sk_buff, object.h) the caller passes as R1.
   * Its kernel-layout fields are accessible memory, except that a 32-bit
   * load of a packet pointer field (xdp_md data/data_end/data_meta at 0, 4,
   * 8; __sk_buff data/data_end/data_meta at 76, 80, 140) yields the native
   * pointer and nothing may store there; the packet buffer (XDP:
   * buffer_start..buffer_end; sk_buff: data_meta..data_end) is accessible
   * memory; context helpers must get this context. */
  void *ctx;
  /* Optional, by instruction index: the bpf_loop calls (helper 181) the
   * verifier proved to have flags 0 and one callback on every path
   * (InsnFacts::InlinedLoop), which the kernel inlines: their count is
   * compared in 64 bits and a count past 1 << 23 returns -E2BIG as a
   * 32-bit value. bpf_loop calls the callback (lddw of a function) as a
   * function of the program, in a frame of its own. */
  const bool *inlined_loops;
};

enum ebpf_interp_status {
  EBPF_INTERP_OK = 0,
  EBPF_INTERP_BAD_INSN,       /* ebpf_decode() rejects an instruction */
  EBPF_INTERP_OUT_OF_BOUNDS,  /* a load or store outside every region */
  EBPF_INTERP_UNKNOWN_HELPER, /* call/callx of an id the type lacks */
  EBPF_INTERP_CALL_DEPTH,     /* more than EBPF_MAX_CALL_DEPTH frames */
  EBPF_INTERP_INSN_LIMIT,     /* insn_limit reached */
  EBPF_INTERP_BAD_JUMP,       /* control left the program */
  EBPF_INTERP_UNSUPPORTED,    /* e.g. a pseudo lddw with no object loaded */
};

struct ebpf_interp_result {
  enum ebpf_interp_status status;
  uint64_t r0;      /* valid when status == EBPF_INTERP_OK */
  size_t pc;        /* the failing instruction otherwise */
  uint64_t address; /* the faulting address for OUT_OF_BOUNDS */
};

/* Runs INSNS (COUNT slots) from slot 0 with r1 = R1, r2 = R2 and a fresh,
 * zeroed 512-byte stack per call frame. Never reads or writes outside its
 * own frames and ENV's regions. */
struct ebpf_interp_result ebpf_interpret(const struct ebpf_insn *insns,
                                         size_t count,
                                         const struct ebpf_interp_env *env,
                                         uint64_t r1, uint64_t r2);

/* The checks ebpf_interpret() makes before it runs anything: returns the
 * index of the first slot ebpf_decode() rejects, or COUNT if all are valid. */
size_t ebpf_interp_validate(const struct ebpf_insn *insns, size_t count);

/* ebpf_interpret() without the validation pass, for running one program
 * many times (benchmarks, differential tests): INSNS must have passed
 * ebpf_interp_validate(). An unvalidated program still cannot touch memory
 * outside the frames and regions, but its invalid encodings may run with
 * unspecified results instead of stopping with EBPF_INTERP_BAD_INSN. */
struct ebpf_interp_result
ebpf_interpret_validated(const struct ebpf_insn *insns, size_t count,
                         const struct ebpf_interp_env *env, uint64_t r1,
                         uint64_t r2);

/* A one-line description of STATUS, e.g. "out-of-bounds memory access". */
const char *ebpf_interp_status_string(enum ebpf_interp_status status);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EBPFC_RUNTIME_H */
