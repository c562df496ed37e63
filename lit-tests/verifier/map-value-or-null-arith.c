// Rule: no arithmetic on a maybe-NULL map value: NULL plus an offset
// would pass the later null check and be dereferenced.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: R1 pointer arithmetic on map_value_or_null prohibited, null-check it first{{$}}
// KERNEL: {{^}}R1 pointer arithmetic on map_value_or_null prohibited, null-check it first{{$}}
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
  asm volatile("%0 += 4" : "+r"(value)); // before the null check
  if (!value)
    return XDP_PASS;
  return *(__u32 *)value ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
