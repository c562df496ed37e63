// Rule: packet bytes may be read only after comparing the pointer against
// data_end; the packet may be empty.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): data + 1 is checked against data_end.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: invalid access to packet, off=0 size=1, R1(id=0,off=0,r=0){{$}}
// KERNEL: {{^}}invalid access to packet, off=0 size=1, R1(id=0,off=0,r=0){{$}}
// KERNEL-NEXT: {{^}}R1 offset is outside of the packet{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp") int prog(struct xdp_md *ctx) {
  __u8 *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
#ifdef SAFE
  if ((void *)(data + 1) > data_end)
    return XDP_PASS;
#endif
  return data[0] == 0xff ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
