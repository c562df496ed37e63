// Rule: a map value indexed by an unchecked 32-bit number has no usable
// upper bound at all.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: R0 unbounded memory access, make sure to bounds check any such access{{$}}
// KERNEL: {{^}}R0 unbounded memory access, make sure to bounds check any such access{{$}}
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
  __u8 *value = bpf_map_lookup_elem(&values, &key);
  if (!value)
    return XDP_PASS;
  __u32 i = ctx->rx_queue_index;
  return value[i];
}

char LICENSE[] SEC("license") = "GPL";
