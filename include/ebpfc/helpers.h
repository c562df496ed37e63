/*===- ebpfc/helpers.h - Helper prototypes -----------------------*- C -*-===//
 *
 * The vocabulary helpers.def describes helpers in: which program types may
 * call a helper, what it returns, what each argument must be, and what it
 * does to memory. The kinds mirror the kernel's RET_* and ARG_* so that the
 * verifier checks a call the way the kernel's check_helper_call() does.
 *
 * C, with no dependencies, so the runtime, the verifier and the compiler can
 * all include it.
 *===----------------------------------------------------------------------===*/
#ifndef EBPFC_HELPERS_H
#define EBPFC_HELPERS_H

#ifdef __cplusplus
extern "C" {
#endif

/* Masks of program types (1 << enum ebpf_prog_type, runtime.h). */
enum {
  EBPF_TYPES_RAW = 1u << 0,
  EBPF_TYPES_XDP = 1u << 1,
  EBPF_TYPES_SOCKET_FILTER = 1u << 2,
  EBPF_TYPES_SCHED_CLS = 1u << 3,
  EBPF_TYPES_SKB = EBPF_TYPES_SOCKET_FILTER | EBPF_TYPES_SCHED_CLS,
  EBPF_TYPES_PACKET = EBPF_TYPES_XDP | EBPF_TYPES_SKB,
};

enum ebpf_helper_ret {
  EBPF_RET_INTEGER,             /* any 64-bit value */
  EBPF_RET_MAP_VALUE_OR_NULL,   /* a value of the map in ARG1, or NULL */
  EBPF_RET_VOID,                /* nothing: r0 is unreadable after the call */
  EBPF_RET_RINGBUF_MEM_OR_NULL, /* a ring buffer record of the size in ARG2,
                                   or NULL; a reference to release */
};

enum ebpf_helper_arg {
  EBPF_ARG_NONE,       /* not an argument: the register is not read */
  EBPF_ARG_ANYTHING,   /* any initialized value */
  EBPF_ARG_MAP_PTR,    /* a map (lddw of a map) */
  EBPF_ARG_MAP_KEY,    /* key_size readable bytes of ARG1's map */
  EBPF_ARG_MAP_VALUE,  /* value_size readable bytes of ARG1's map */
  EBPF_ARG_CTX,        /* the program's context, unmodified */
  EBPF_ARG_MEM,        /* readable memory of the size the next argument has */
  EBPF_ARG_UNINIT_MEM, /* writable memory of the size the next argument has */
  EBPF_ARG_CONST_SIZE, /* a bounded size, 1 or more, for the argument before */
  EBPF_ARG_CONST_SIZE_OR_ZERO,       /* the same, 0 allowed */
  EBPF_ARG_RINGBUF_MAP,              /* a ring buffer map (the map helpers take
                                        every other type) */
  EBPF_ARG_CONST_ALLOC_SIZE_OR_ZERO, /* a known constant: the size of the
                                        memory the helper returns */
  EBPF_ARG_RINGBUF_MEM,   /* a reserved record, unmodified: the helper
                             releases it (submit, discard) */
  EBPF_ARG_CALLBACK,      /* a function of the program (lddw of a function),
                             which the helper calls */
  EBPF_ARG_STACK_OR_NULL, /* a pointer into a stack, or 0 (a callback's
                             context) */
};

enum {
  EBPF_EFFECT_NONE = 0,
  EBPF_EFFECT_READS_MEMORY = 1u << 0,   /* reads memory its arguments name */
  EBPF_EFFECT_WRITES_MEMORY = 1u << 1,  /* writes memory its arguments name */
  EBPF_EFFECT_CHANGES_PACKET = 1u << 2, /* moves the packet: packet pointers
                                           are invalid after the call */
  EBPF_EFFECT_PACKET_ARGS = 1u << 3,    /* memory arguments may point into the
                                           packet (the kernel's pkt_access) */
};

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EBPFC_HELPERS_H */
