// Rule: __sk_buff's len is read only for socket filters; a store to it
// would desynchronize the kernel's skb.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
//
// CHECK: ebpfc: error: {{.*}}.o:socket/prog: insn {{[0-9]+}}{{.*}}: invalid bpf_context access off=0 size=4{{$}}
// KERNEL: {{^}}invalid bpf_context access off=0 size=4{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket") int prog(struct __sk_buff *skb) {
  skb->len = 0;
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
