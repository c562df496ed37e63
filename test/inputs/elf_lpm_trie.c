// A map type ebpfc does not support (an LPM trie), used by a program; the
// reader must reject it naming the map and its type.
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

SEC("xdp")
int xdp_route(struct xdp_md *ctx) {
  struct key k = {32, ctx->ingress_ifindex};
  __u32 *value = bpf_map_lookup_elem(&routes, &k);
  return value ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
