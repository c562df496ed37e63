// A section whose program type ebpfc cannot run is an error naming the
// section and the type, with exit code 1.
// RUN: %clang_bpf -c %s -o %t.o
// RUN: not ebpfc --verify-only %t.o 2>&1 | FileCheck %s -DFILE=%t.o
// CHECK: error: [[FILE]]: section 'kprobe/do_unlinkat': program type 'kprobe' is not supported

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/do_unlinkat")
int trace_unlink(void *ctx) { return 0; }

SEC("xdp")
int xdp_pass(struct xdp_md *ctx) { return XDP_PASS; }

char _license[] SEC("license") = "GPL";
