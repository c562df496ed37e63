// Map types outside ebpfc's runtime (here an LPM trie) are rejected by
// name and type when the object is read.
// RUN: %clang_bpf -c %s -o %t.o
// RUN: not ebpfc --verify-only %t.o 2>&1 | FileCheck %s -DFILE=%t.o
// CHECK: error: [[FILE]]: section '.maps': map 'routes': map type 11 (lpm_trie) is not supported (supported: hash, array, percpu_hash, percpu_array, lru_hash, ringbuf)

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct key {
  __u32 prefixlen;
  __u32 addr;
};

struct {
  __uint(type, BPF_MAP_TYPE_LPM_TRIE);
  __uint(max_entries, 16);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __type(key, struct key);
  __type(value, __u32);
} routes SEC(".maps");

SEC("xdp") int prog(struct xdp_md *ctx) {
  struct key k = {32, ctx->ingress_ifindex};
  return bpf_map_lookup_elem(&routes, &k) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
