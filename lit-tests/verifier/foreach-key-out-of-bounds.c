// Rule: the key a bpf_for_each_map_elem callback gets is key_size bytes;
// reading 8 of a 4-byte key reads past it.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): the key is read as 4 bytes.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: invalid access to map key, key_size=4 off=0 size=8{{$}}
// KERNEL: {{^}}invalid access to map key, key_size=4 off=0 size=8{{$}}
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

static long visit(struct bpf_map *map, void *key, __u64 *value, void *ctx) {
#ifdef SAFE
  *value += *(volatile __u32 *)key;
#else
  *value += *(volatile __u64 *)key;
#endif
  return 0;
}

SEC("xdp") int prog(struct xdp_md *ctx) {
  bpf_for_each_map_elem(&counts, visit, 0, 0);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
