// Rule: bpf_skb_load_bytes' size must be non-zero (ARG_CONST_SIZE); len &
// 15 may be 0.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
//
// CHECK: ebpfc: error: {{.*}}.o:socket/prog: insn {{[0-9]+}}{{.*}}: R4 invalid zero-sized read: u64=[0,15]{{$}}
// KERNEL: {{^}}R4 invalid zero-sized read: u64=[0,15]{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket") int prog(struct __sk_buff *skb) {
  __u8 buf[16];
  __u32 len = skb->len & 15;
  if (bpf_skb_load_bytes(skb, 0, buf, len) < 0)
    return 0;
  return buf[0];
}

char LICENSE[] SEC("license") = "GPL";
