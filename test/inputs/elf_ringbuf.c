// A map type ebpfc does not support (ring buffer), used by a program; the
// reader must reject it naming the map and its type.
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
