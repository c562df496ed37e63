// Rule: a packet pointer may only be moved by a bounded amount; an
// unbounded (possibly negative) offset could wrap around the address
// space before the data_end check.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: math between pkt pointer and register with unbounded min value is not allowed{{$}}
// KERNEL: {{^}}math between pkt pointer and register with unbounded min value is not allowed{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp") int prog(struct xdp_md *ctx) {
  __u8 *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  __u64 off = bpf_ktime_get_ns();
  if ((void *)(data + off + 1) > data_end)
    return XDP_PASS;
  return data[off];
}

char LICENSE[] SEC("license") = "GPL";
