// Rule: bpf_map_lookup_elem returns NULL when the key is absent; loading
// through its result before a null check dereferences NULL. (A hash map:
// the kernel knows an array lookup with a constant key in range cannot
// fail.)
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): the result is null-checked first.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: R0 invalid mem access 'map_value_or_null'{{$}}
// KERNEL: {{^}}R0 invalid mem access 'map_value_or_null'{{$}}
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
#ifdef SAFE
  if (!value)
    return XDP_PASS;
#endif
  return *value ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
