// Map types outside ebpfc's runtime (here a ring buffer) are rejected by
// name and type when the object is read.
// RUN: %clang_bpf -c %s -o %t.o
// RUN: not ebpfc --verify-only %t.o 2>&1 | FileCheck %s -DFILE=%t.o
// CHECK: error: [[FILE]]: section '.maps': map 'events': map type 27 (ringbuf) is not supported (supported: hash, array, percpu_hash, percpu_array, lru_hash)

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 4096);
} events SEC(".maps");

SEC("xdp")
int xdp_notify(struct xdp_md *ctx) {
  __u32 value = ctx->ingress_ifindex;
  bpf_ringbuf_output(&events, &value, sizeof(value), 0);
  return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
