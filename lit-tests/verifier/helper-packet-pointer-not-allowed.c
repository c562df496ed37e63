// Rule: a helper may be given a packet pointer only if the kernel marks it
// as handling packet memory (pkt_access); bpf_skb_load_bytes is not, since
// it copies out of the very skb the pointer points into, so even a
// bounds-checked packet pointer is refused as its destination.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): the bytes are loaded into the stack.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:tc/prog: insn {{[0-9]+}}{{.*}}: helper access to the packet is not allowed{{$}}
// KERNEL: {{^}}helper access to the packet is not allowed{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tc") int prog(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data;
  void *data_end = (void *)(long)skb->data_end;
  if (data + 4 > data_end)
    return 0;
#ifdef SAFE
  __u32 word;
  bpf_skb_load_bytes(skb, 0, &word, sizeof(word));
  return word == 0;
#else
  bpf_skb_load_bytes(skb, 0, data, 4);
  return 0;
#endif
}

char LICENSE[] SEC("license") = "GPL";
