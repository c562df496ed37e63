// Rule: .rodata (const volatile globals) is a frozen, read-only map; a
// store into it would change a constant the verifier may already have
// relied on.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: write into map forbidden, value_size=4 off=0 size=4{{$}}
// KERNEL: {{^}}write into map forbidden, value_size=4 off=0 size=4{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 limit = 10;

SEC("xdp") int prog(struct xdp_md *ctx) {
  *(volatile __u32 *)&limit = 0;
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
