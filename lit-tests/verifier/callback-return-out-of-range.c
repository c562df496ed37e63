// Rule: a bpf_loop callback returns 0 (go on) or 1 (stop); the helper
// would read anything else as stop, but the kernel requires the range.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): the callback returns 1.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: At callback return the register R0 has smin=2 smax=2 should have been in [0, 1]{{$}}
// KERNEL: {{^}}At callback return the register R0 has smin=2 smax=2 should have been in [0, 1]{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static long step(__u64 i, void *arg) {
#ifdef SAFE
  return 1;
#else
  return 2;
#endif
}

SEC("xdp") int prog(struct xdp_md *ctx) {
  bpf_loop(4, step, 0, 0);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
