// Rule: a helper's size argument needs a known upper bound; skb->len is
// any 32-bit number, far beyond the 16-byte buffer.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): len & 15 bounds the size.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:socket/prog: insn {{[0-9]+}}{{.*}}: R4 unbounded memory access, use 'var &= const' or 'if (var < const)'{{$}}
// KERNEL: {{^}}R4 unbounded memory access, use 'var &= const' or 'if (var < const)'{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket") int prog(struct __sk_buff *skb) {
  __u8 buf[16];
  __u64 len = skb->len;
#ifdef SAFE
  len &= sizeof(buf) - 1;
#endif
  if (len == 0)
    return 0;
  if (bpf_skb_load_bytes(skb, 0, buf, len) < 0)
    return 0;
  return buf[0];
}

char LICENSE[] SEC("license") = "GPL";
