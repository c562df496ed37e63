// Programs in several sections that call subprograms: a global and a static
// function in .text (shared by several programs, one calling the other), and
// a static function placed in a program's own section. ElfReaderTest checks
// the linked instruction vectors against `llvm-objdump -dr` of this object.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define NOINLINE __attribute__((noinline))

static NOINLINE int scale(int a, int b) { return a * 3 + b; }
NOINLINE int mix(int x) { return scale(x, x + 7) ^ 5; }

SEC("xdp")
int xdp_mix(struct xdp_md *ctx) { return mix(ctx->ingress_ifindex) & 3; }

SEC("xdp")
int xdp_drop(struct xdp_md *ctx) { return XDP_DROP; }

SEC("socket")
static NOINLINE int twice(int v) { return scale(v, v) + 1; }

SEC("socket")
int sock_len(struct __sk_buff *skb) {
  return twice(skb->len) + mix(skb->protocol);
}

SEC("tc")
int tc_mark(struct __sk_buff *skb) {
  return mix(skb->mark) + scale(skb->priority, skb->len);
}

SEC("classifier/ingress")
int cls_plain(struct __sk_buff *skb) { return skb->len > 100; }

char _license[] SEC("license") = "Dual BSD/GPL";
