/*===- runtime/helpers.c - Helper functions and their per-type tables ----===//
 *
 * The helpers BPF programs call, and one table per program type that maps
 * the helper ids a call instruction names to them. A helper id means
 * something only for a given program type (the kernel, too, offers each
 * program type its own set), so ebpf_find_helper() looks in that type's
 * table alone. Adding a helper is one line in the table of each program
 * type that may call it.
 *===----------------------------------------------------------------------===*/

#include "ebpfc/runtime.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

uint64_t ebpf_raw_helper_identity(uint64_t a, uint64_t b, uint64_t c,
                                  uint64_t d, uint64_t e) {
  (void)b;
  (void)c;
  (void)d;
  (void)e;
  return a;
}

uint64_t ebpf_trap_unknown_helper(uint64_t id) {
  fprintf(stderr, "ebpf runtime: call to unknown helper %" PRIu64 "\n", id);
  abort();
}

/* The conformance suite's environment: helper 5 returns its first argument
 * (call_unwind_fail.data, callx.data). */
static const struct ebpf_helper_info raw_helpers[] = {
    {5, "identity", "ebpf_raw_helper_identity", ebpf_raw_helper_identity},
};

struct helper_table {
  const struct ebpf_helper_info *helpers;
  size_t count;
};

#define HELPER_TABLE(ARRAY)                                                    \
  { ARRAY, sizeof(ARRAY) / sizeof((ARRAY)[0]) }

/* Indexed by enum ebpf_prog_type. Types without helpers yet have an empty
 * table (C has no empty arrays, hence the null pointer). */
static const struct helper_table helper_tables[] = {
    [EBPF_PROG_RAW] = HELPER_TABLE(raw_helpers),
    [EBPF_PROG_XDP] = {NULL, 0},
    [EBPF_PROG_SOCKET_FILTER] = {NULL, 0},
    [EBPF_PROG_SCHED_CLS] = {NULL, 0},
};

const struct ebpf_helper_info *ebpf_find_helper(enum ebpf_prog_type type,
                                                uint32_t id) {
  const struct helper_table *T;
  size_t i;
  if ((unsigned)type >= sizeof(helper_tables) / sizeof(helper_tables[0]))
    return NULL;
  T = &helper_tables[type];
  for (i = 0; i < T->count; ++i)
    if (T->helpers[i].id == id)
      return &T->helpers[i];
  return NULL;
}
