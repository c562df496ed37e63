// bpf_loop, for the kernel differential tests: a callback that sums into
// its context on the caller's stack and stops at a limit from the packet,
// loop counts from the packet (0, past the limit of 1 << 23, with bits
// above 32), undefined flags, and a callback that writes a map value.
// Calls whose flags are known to be 0 are the ones the kernel inlines,
// with results of its own (a 64-bit count, -E2BIG as 32 bits); the others
// run its helper. Every result is kept in .bss or a map.
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 16);
} squares SEC(".maps");

struct sum_ctx {
  __u64 sum;
  __u32 calls;
  __u32 limit;
};

__s64 loops[7];
__u64 sums[2];

static long add_square(__u64 i, void *arg) {
  struct sum_ctx *c = arg;
  if (i >= c->limit)
    return 1;
  c->sum += i * i + 3;
  c->calls++;
  return 0;
}

static long store_square(__u64 i, void *arg) {
  __u32 key = i & 15;
  __u64 *v = bpf_map_lookup_elem(&squares, &key);
  if (v)
    *v += i * i;
  return 0;
}

static long nothing(__u64 i, void *arg) { return 0; }

SEC("xdp")
int xdp_loop(struct xdp_md *ctx) {
  __u8 *data = (__u8 *)(long)ctx->data;
  __u8 *end = (__u8 *)(long)ctx->data_end;
  if (data + 4 > end)
    return XDP_ABORTED;
  struct sum_ctx c = {0, 0, data[0]};
  loops[0] = bpf_loop(data[1], add_square, &c, 0);
  sums[0] = c.sum;
  sums[1] = c.calls;
  loops[1] = bpf_loop(data[2] & 31, store_square, 0, 0);
  loops[2] = bpf_loop(8, nothing, 0, data[3] & 1);
  loops[3] = bpf_loop((__u32)data[3] << 20, nothing, 0, 0);
  // The same counts through the helper (flags unknown, though often 0).
  loops[4] = bpf_loop((__u32)data[3] << 20, nothing, 0, data[2] & 64);
  loops[5] = bpf_loop(((__u64)data[2] << 32) | 3, nothing, 0, data[2] & 64);
  loops[6] = bpf_loop(((__u64)data[2] << 32) | 3, nothing, 0, 0);
  return c.calls & 3;
}
