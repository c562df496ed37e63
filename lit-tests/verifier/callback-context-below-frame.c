// Rule: what a callback reads of its caller's stack through the context
// must be inside the caller's frame like any other read; the context
// pointer here points at the caller's own frame, so reading below the frame
// is refused.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): the read stays inside the frame.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: invalid read from stack R2 off=-520 size=8{{$}}
// KERNEL: {{^}}invalid read from stack R2 off=-520 size=8{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static long step(__u64 i, void *arg) {
  volatile __u64 *p = arg;
#ifdef SAFE
  return p[0] & 1;
#else
  return p[-64] & 1;
#endif
}

SEC("xdp") int prog(struct xdp_md *ctx) {
  __u64 v = 1;
  bpf_loop(4, step, &v, 0);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
