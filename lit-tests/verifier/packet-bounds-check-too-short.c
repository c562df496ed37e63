// Rule: the data_end check proves 2 bytes, the load reads 4; the last two
// may lie past the packet.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): the check covers all 4 bytes.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: invalid access to packet, off=0 size=4, R1(id=0,off=0,r=2){{$}}
// KERNEL: {{^}}invalid access to packet, off=0 size=4, R1(id=0,off=0,r=2){{$}}
// KERNEL-NEXT: {{^}}R1 offset is outside of the packet{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp") int prog(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
#ifdef SAFE
  if (data + 4 > data_end)
#else
  if (data + 2 > data_end)
#endif
    return XDP_PASS;
  return *(__u32 *)data == 0 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
