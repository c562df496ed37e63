// Rule: socket filters have no direct packet access; __sk_buff's data
// (and data_end) are readable only by program types that may, so a
// socket filter reading skb->data is refused and must use
// bpf_skb_load_bytes (or LD_ABS/LD_IND) instead.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): the byte is read with bpf_skb_load_bytes.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:socket/prog: insn {{[0-9]+}}{{.*}}: invalid bpf_context access off=76 size=4{{$}}
// KERNEL: {{^}}invalid bpf_context access off=76 size=4{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket") int prog(struct __sk_buff *skb) {
#ifdef SAFE
  __u8 byte;
  if (bpf_skb_load_bytes(skb, 0, &byte, 1))
    return 0;
  return byte == 0xff ? 0 : -1;
#else
  __u8 *data = (void *)(long)skb->data;
  asm volatile("" ::: "memory"); // (keeps the load of data first)
  void *data_end = (void *)(long)skb->data_end;
  if ((void *)(data + 1) > data_end)
    return 0;
  return data[0] == 0xff ? 0 : -1;
#endif
}

char LICENSE[] SEC("license") = "GPL";
