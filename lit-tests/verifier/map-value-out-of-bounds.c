// Rule: a map value access must lie inside value_size; value[1] of an
// 8-byte value reads the next 8 bytes of someone else's memory.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): value[0] is read.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: invalid access to map value, value_size=8 off=8 size=8{{$}}
// KERNEL: {{^}}invalid access to map value, value_size=8 off=8 size=8{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, __u64);
} values SEC(".maps");

SEC("xdp") int prog(struct xdp_md *ctx) {
  __u32 key = 0;
  __u64 *value = bpf_map_lookup_elem(&values, &key);
  if (!value)
    return XDP_PASS;
#ifdef SAFE
  return value[0] ? XDP_DROP : XDP_PASS;
#else
  return value[1] ? XDP_DROP : XDP_PASS;
#endif
}

char LICENSE[] SEC("license") = "GPL";
