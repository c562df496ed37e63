// Rule: a callback's context is a pointer into its caller's stack, checked
// like any stack pointer; updating past the caller's 8-byte variable runs
// off the top of its frame.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): the write stays inside the variable.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: invalid read from stack R2 off=0 size=8{{$}}
// KERNEL: {{^}}invalid read from stack R2 off=0 size=8{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static long step(__u64 i, void *arg) {
  __u64 *total = arg;
#ifdef SAFE
  total[0] += i;
#else
  total[1] += i;
#endif
  return 0;
}

SEC("xdp") int prog(struct xdp_md *ctx) {
  __u64 total = 0;
  bpf_loop(4, step, &total, 0);
  return total & 1;
}

char LICENSE[] SEC("license") = "GPL";
