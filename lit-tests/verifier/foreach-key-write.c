// Rule: bpf_for_each_map_elem hands its callback the element's key, which
// is the map's own: writing it would corrupt the hash table.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): the value is written instead.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: write to change key R2 not allowed{{$}}
// KERNEL: {{^}}write to change key R2 not allowed{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_map;

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 8);
  __type(key, __u32);
  __type(value, __u64);
} counts SEC(".maps");

static long visit(struct bpf_map *map, __u32 *key, __u64 *value, void *ctx) {
#ifdef SAFE
  *value = 0;
#else
  *key = 0;
#endif
  return 0;
}

SEC("xdp") int prog(struct xdp_md *ctx) {
  bpf_for_each_map_elem(&counts, visit, 0, 0);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
