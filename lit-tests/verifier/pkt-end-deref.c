// Rule: data_end points one past the packet; it may only be compared
// against, never loaded through.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: R1 invalid mem access 'pkt_end'{{$}}
// KERNEL: {{^}}R1 invalid mem access 'pkt_end'{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp") int prog(struct xdp_md *ctx) {
  void *data_end = (void *)(long)ctx->data_end;
  return *(volatile __u8 *)data_end;
}

char LICENSE[] SEC("license") = "GPL";
