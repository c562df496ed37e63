// Rule: a helper's (pointer, size) pair must describe memory inside one
// region; bpf_skb_load_bytes would write 16 bytes into an 8-byte stack
// buffer at the top of the frame.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
//
// CHECK: ebpfc: error: {{.*}}.o:socket/prog: insn {{[0-9]+}}{{.*}}: invalid write to stack R3 off=-8 size=16{{$}}
// KERNEL: {{^}}invalid write to stack R3 off=-8 size=16{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket") int prog(struct __sk_buff *skb) {
  __u8 buf[8];
  if (bpf_skb_load_bytes(skb, 0, buf, 16) < 0)
    return 0;
  return buf[0];
}

char LICENSE[] SEC("license") = "GPL";
