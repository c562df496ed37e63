// Rule: a variable offset into a map value must be bounded inside
// value_size on every path; i & 15 reaches byte 15 of an 8-byte value.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): i & 7 stays inside the value.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: invalid access to map value, value_size=8 off=15 size=1{{$}}
// KERNEL: {{^}}invalid access to map value, value_size=8 off=15 size=1{{$}}
// KERNEL-NEXT: {{^}}R0 max value is outside of the allowed memory range{{$}}
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
#ifdef SAFE
  i &= 7;
#else
  i &= 15;
#endif
  return value[i];
}

char LICENSE[] SEC("license") = "GPL";
