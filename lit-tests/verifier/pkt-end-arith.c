// Rule: no arithmetic on data_end: moving the end would make later bounds
// checks prove nothing.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: R1 pointer arithmetic on pkt_end prohibited{{$}}
// KERNEL: {{^}}R1 pointer arithmetic on pkt_end prohibited{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp") int prog(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  asm volatile("%0 += -1" : "+r"(data_end));
  if (data + 1 > data_end)
    return XDP_PASS;
  return *(__u8 *)data;
}

char LICENSE[] SEC("license") = "GPL";
