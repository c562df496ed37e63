// Rule: a packet access at a variable offset that may be negative (a
// signed byte from the packet) could read before the packet start;
// data_end bounds only the top.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: R1 min value is negative, either use unsigned index or do a if (index >=0) check.{{$}}
// KERNEL: {{^}}R1 min value is negative, either use unsigned index or do a if (index >=0) check.{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp") int prog(struct xdp_md *ctx) {
  __u8 *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  if ((void *)(data + 2) > data_end)
    return XDP_PASS;
  long off = (signed char)data[0];
  if (off > 0)
    return XDP_PASS;
  return data[off + 1];
}

char LICENSE[] SEC("license") = "GPL";
