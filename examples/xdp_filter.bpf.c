// xdp_filter.bpf.c - the shipped XDP example: a block list and a per-source
// packet budget, compiled by clang-19 -target bpf and then by ebpfc.
//
// IPv4 packets from a source in `blocklist` are dropped; every other source
// gets `max_packets_per_source` packets (a read-only global the host can see
// in the skeleton) before it is dropped too. Per-source packet and byte
// counts live in `sources`, and totals per verdict in the .bss globals.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct source_stats {
  __u64 packets;
  __u64 bytes;
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 1024);
  __type(key, __u32); // IPv4 source address, network byte order
  __type(value, __u32); // why it is blocked (the host's code)
} blocklist SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_LRU_HASH);
  __uint(max_entries, 4096);
  __type(key, __u32);
  __type(value, struct source_stats);
} sources SEC(".maps");

const volatile __u32 max_packets_per_source = 3;

__u64 passed, dropped_blocked, dropped_over_budget, not_ipv4;

// Counts the packet against its source; returns the source's packet count.
static __attribute__((noinline)) __u64 account(__u32 saddr, __u64 bytes) {
  struct source_stats *stats = bpf_map_lookup_elem(&sources, &saddr);
  if (!stats) {
    struct source_stats fresh = {1, bytes};
    bpf_map_update_elem(&sources, &saddr, &fresh, BPF_NOEXIST);
    return 1;
  }
  __sync_fetch_and_add(&stats->bytes, bytes);
  return __sync_fetch_and_add(&stats->packets, 1) + 1;
}

SEC("xdp") int xdp_filter(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > data_end)
    return XDP_ABORTED;
  if (eth->h_proto != bpf_htons(ETH_P_IP)) {
    __sync_fetch_and_add(&not_ipv4, 1);
    return XDP_PASS;
  }
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > data_end)
    return XDP_ABORTED;

  __u32 saddr = ip->saddr;
  if (bpf_map_lookup_elem(&blocklist, &saddr)) {
    __sync_fetch_and_add(&dropped_blocked, 1);
    return XDP_DROP;
  }
  if (account(saddr, data_end - data) > max_packets_per_source) {
    __sync_fetch_and_add(&dropped_over_budget, 1);
    return XDP_DROP;
  }
  __sync_fetch_and_add(&passed, 1);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
