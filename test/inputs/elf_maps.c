// Maps of both kinds and global data of every kind, referenced from programs
// and from a .text subprogram, and a callback whose address a program loads.
// ElfReaderTest checks the map definitions and the rewritten lddw
// instructions against `llvm-objdump -dr` of this object.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

// BTF-defined maps, as libbpf's __uint/__type macros declare them.
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 1024);
} counts SEC(".maps");

struct pair {
  __u64 packets;
  __u64 bytes;
};

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(key_size, 4);
  __type(value, struct pair);
  __uint(max_entries, 4);
  __uint(map_flags, 0);
} stats SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_LRU_HASH);
  __type(key, __u64);
  __uint(value_size, 12);
  __uint(max_entries, 64);
  __uint(map_flags, 2); // BPF_F_NO_COMMON_LRU
} recent SEC(".maps");

// The legacy definition: five u32 fields in section "maps".
struct bpf_map_def {
  unsigned int type;
  unsigned int key_size;
  unsigned int value_size;
  unsigned int max_entries;
  unsigned int map_flags;
};

struct bpf_map_def SEC("maps") legacy_array = {
    .type = BPF_MAP_TYPE_ARRAY,
    .key_size = 4,
    .value_size = 8,
    .max_entries = 16,
};

struct bpf_map_def SEC("maps") legacy_hash = {
    .type = BPF_MAP_TYPE_PERCPU_HASH,
    .key_size = 8,
    .value_size = 16,
    .max_entries = 32,
    .map_flags = 1, // BPF_F_NO_PREALLOC
};

// Global data: .data, .bss, .rodata and custom sections of each.
__u64 packets_seen = 5;
__u32 drops;
static __u32 static_total;
const volatile __u32 threshold = 100;
const volatile __u16 ports[3] = {22, 80, 443};
__u32 custom_counter SEC(".data.custom") = 7;
const __u8 table[4] SEC(".rodata.table") = {1, 2, 3, 4};

static __attribute__((noinline)) __u64 *lookup_count(__u32 key) {
  return bpf_map_lookup_elem(&counts, &key);
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx) {
  __u32 key = ctx->ingress_ifindex;
  __u64 *count = lookup_count(key);
  if (count)
    *count += 1;
  packets_seen++;
  if (ctx->rx_queue_index > threshold)
    drops++;
  static_total += ports[ctx->rx_queue_index % 3];
  return XDP_PASS;
}

SEC("socket")
int sock_stats(struct __sk_buff *skb) {
  __u32 key = skb->len & 3;
  struct pair *p = bpf_map_lookup_elem(&stats, &key);
  if (!p)
    return 0;
  p->packets++;
  p->bytes += skb->len;
  __u64 k = skb->hash;
  bpf_map_lookup_elem(&recent, &k);
  bpf_map_lookup_elem(&legacy_array, &key);
  bpf_map_lookup_elem(&legacy_hash, &k);
  custom_counter += table[skb->len & 3];
  return lookup_count(skb->protocol) != 0;
}

static int count_down(__u32 index, void *ctx) { return index >= 5; }

SEC("xdp")
int xdp_loop(struct xdp_md *ctx) {
  bpf_loop(10, count_down, 0, 0);
  return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
