// With line information (clang -g), a diagnostic names the source line of
// the rejected instruction and quotes it, as lld quotes its context:
// the verifier's (a helper the program type lacks) and the lifter's (a
// context field the program type cannot read) alike.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s --check-prefix=HELPER
// HELPER: error: {{.*}}.o:xdp/uses_pid: insn {{[0-9]+}} (line [[@LINE+12]] of source-line.c): invalid func unknown#14
// HELPER-NEXT: >>> return bpf_get_current_pid_tgid() & 1 ? XDP_DROP : XDP_PASS;
//
// RUN: %expect_exit 1 ebpfc --program=reads_mark -c %t.o -o %t.native.o 2>&1 | FileCheck %s --check-prefix=CTX
// CTX: error: {{.*}}.o:xdp/reads_mark: insn {{[0-9]+}} (line [[@LINE+12]] of source-line.c): invalid bpf_context access off=64 size=4
// CTX-NEXT: note: context offset 64 is outside xdp_md (24 bytes)
// CTX-NEXT: >>> return ctx->rx_queue_index + *(volatile __u32 *)((char *)ctx + 64);

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp") int uses_pid(struct xdp_md *ctx) {
  return bpf_get_current_pid_tgid() & 1 ? XDP_DROP : XDP_PASS;
}

SEC("xdp") int reads_mark(struct xdp_md *ctx) {
  return ctx->rx_queue_index + *(volatile __u32 *)((char *)ctx + 64);
}

char LICENSE[] SEC("license") = "GPL";
