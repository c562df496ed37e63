// bpf_for_each_map_elem, for the kernel differential tests: over an array
// (every index, in order), a hash map filled from the packet (its order
// differs between ebpfc and the kernel, so only order-free results are
// kept: counts, sums, a maximum), a callback that stops at a key from the
// packet, one that deletes the element it is given, one that updates
// values, and undefined flags. (Per-CPU maps are left out: the kernel runs
// the test on whichever CPU it likes.)
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

struct bpf_map;

char LICENSE[] SEC("license") = "GPL";

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 8);
} slots SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 16);
} seen SEC(".maps");

struct walk {
  __u64 sum;
  __u64 max;
  __u32 stop_at;
  __u32 calls;
};

__s64 results[8];
__u64 walked[8];

static long sum_slots(struct bpf_map *map, __u32 *key, __u64 *value,
                      struct walk *w) {
  w->calls++;
  w->sum += *value * (*key + 1);
  *value += *key; // callbacks may write the value
  return *key == w->stop_at;
}

static long sum_seen(struct bpf_map *map, __u32 *key, __u64 *value,
                     struct walk *w) {
  w->calls++;
  w->sum += *key ^ *value;
  if (*value > w->max)
    w->max = *value;
  // Drop the entries whose key is odd: deleting the current element while
  // walking is allowed.
  if (*key & 1)
    bpf_map_delete_elem(map, key);
  return 0;
}

SEC("xdp")
int xdp_foreach(struct xdp_md *ctx) {
  __u8 *data = (__u8 *)(long)ctx->data;
  __u8 *end = (__u8 *)(long)ctx->data_end;
  if (data + 8 > end)
    return XDP_ABORTED;
  for (int i = 0; i < 4; i++) {
    __u32 key = data[i] & 15;
    __u64 value = data[i + 4];
    bpf_map_update_elem(&seen, &key, &value, BPF_ANY);
  }

  struct walk w = {0, 0, data[0] & 7, 0};
  results[0] = bpf_for_each_map_elem(&slots, sum_slots, &w, 0);
  walked[0] = w.sum;
  walked[1] = w.calls;

  struct walk h = {0, 0, 0, 0};
  results[1] = bpf_for_each_map_elem(&seen, sum_seen, &h, 0);
  walked[2] = h.sum;
  walked[3] = h.max;
  walked[4] = h.calls;

  results[2] = bpf_for_each_map_elem(&slots, sum_slots, &w, data[1] & 1);
  return XDP_PASS;
}
