// Rule: the key argument must point at key_size readable bytes; a 2-byte
// stack slot at r10 - 2 leaves 2 of the 4 key bytes above the frame.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: invalid read from stack R2 off=-2 size=4{{$}}
// KERNEL: {{^}}invalid read from stack R2 off=-2 size=4{{$}}
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
  __u16 key = 0;
  return bpf_map_lookup_elem(&values, &key) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
