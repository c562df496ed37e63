// Rule: a map created with BPF_F_WRONLY_PROG may only be written by
// programs; user space keeps its values private, so a program reading one
// would leak what it was told it could not see.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): the value is written, not read.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: read from map forbidden, value_size=8 off=0 size=8{{$}}
// KERNEL: {{^}}read from map forbidden, value_size=8 off=0 size=8{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);
  __uint(map_flags, BPF_F_WRONLY_PROG);
  __type(key, __u32);
  __type(value, __u64);
} secrets SEC(".maps");

SEC("xdp") int prog(struct xdp_md *ctx) {
  __u32 key = 0;
  __u64 *value = bpf_map_lookup_elem(&secrets, &key);
  if (!value)
    return XDP_PASS;
#ifdef SAFE
  *value = 1;
  return XDP_PASS;
#else
  return *value ? XDP_DROP : XDP_PASS;
#endif
}

char LICENSE[] SEC("license") = "GPL";
