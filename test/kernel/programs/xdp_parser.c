// XDP packet parsers for the kernel differential tests. Two programs share
// the noinline subprograms parse_packet() and account(): xdp_classify
// returns a verdict computed from the header fields; xdp_rewrite also
// reshapes the packet (pops a VLAN tag with bpf_xdp_adjust_head, stores
// metadata with bpf_xdp_adjust_meta, trims or grows the tail with
// bpf_xdp_adjust_tail, decrements the IPv4 TTL with an incremental checksum
// update, swaps MAC addresses). State lives in a hash map, an array map and
// global data of all three kinds, so every packet's effect is observable.
#include "packet.h"

char LICENSE[] SEC("license") = "GPL";

struct flow_key {
  __u32 src;
  __u8 proto;
  __u8 ip_version;
  __u16 vlan_id;
};

struct flow_stats {
  __u64 packets;
  __u64 bytes;
  __u32 last_len;
  __u16 last_dport;
  __u8 last_ttl;
  __u8 tcp_flags_seen;
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, struct flow_key);
  __type(value, struct flow_stats);
  __uint(max_entries, 64);
} flows SEC(".maps");

// Per-verdict packet counters, indexed by XDP action (0..4) and parse
// status (8 + status).
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 16);
} verdicts SEC(".maps");

// A small hash map keyed by frame length: it fills up, so later inserts
// fail with the kernel's error code, which the programs record.
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u32);
  __uint(max_entries, 4);
} lengths SEC(".maps");

// .rodata: configuration.
const volatile __u16 blocked_port = 23;
const volatile __u8 min_ttl = 2;
const volatile __u8 drop_proto = 132; // SCTP
const volatile __u16 trim_to = 96;
const __u8 verdict_of_status[4] = {XDP_PASS, XDP_DROP, XDP_ABORTED, XDP_PASS};

// .data: counters with non-zero initial values.
__u64 packets_seen = 1000;
__u64 bytes_seen = 7;
__u32 ipv6_seen = 3;

// .bss: state of the last packet and error tallies.
__u32 last_proto;
__u32 last_vlan;
__u32 last_status;
__s32 last_insert_error;
__u32 insert_failures;
__s32 adjust_results[4];
__s32 geometry_results[4];
__u8 last_src[4];

static __attribute__((noinline)) void
account(struct packet_info *info, __u32 frame_len, int status, __u32 action) {
  __u32 index = action < 8 ? action : 7;
  __u64 *counter = bpf_map_lookup_elem(&verdicts, &index);
  if (counter)
    __sync_fetch_and_add(counter, 1);
  index = 8 + (status & 7);
  counter = bpf_map_lookup_elem(&verdicts, &index);
  if (counter)
    *counter += 1;

  packets_seen++;
  bytes_seen += frame_len;
  if (info->ip_version == 6)
    ipv6_seen++;
  last_proto = info->proto;
  last_vlan = info->vlan_id | (info->vlan_depth << 16);
  last_status = status;
  __builtin_memcpy(last_src, &info->src4, 4);

  __u32 len_key = frame_len;
  __u32 one = 1;
  __u32 *seen = bpf_map_lookup_elem(&lengths, &len_key);
  if (seen) {
    *seen += 1;
  } else {
    long err = bpf_map_update_elem(&lengths, &len_key, &one, BPF_NOEXIST);
    if (err) {
      last_insert_error = err;
      insert_failures++;
    }
  }

  if (info->ip_version == 0)
    return;
  struct flow_key key = {
      .src = info->src4,
      .proto = info->proto,
      .ip_version = info->ip_version,
      .vlan_id = info->vlan_id,
  };
  struct flow_stats *stats = bpf_map_lookup_elem(&flows, &key);
  if (!stats) {
    struct flow_stats fresh = {
        .packets = 1,
        .bytes = frame_len,
        .last_len = frame_len,
        .last_dport = info->dport,
        .last_ttl = info->ttl,
        .tcp_flags_seen = info->tcp_flags,
    };
    bpf_map_update_elem(&flows, &key, &fresh, BPF_ANY);
    return;
  }
  stats->packets++;
  stats->bytes += frame_len;
  stats->last_len = frame_len;
  stats->last_dport = info->dport;
  stats->last_ttl = info->ttl;
  stats->tcp_flags_seen |= info->tcp_flags;
}

static __u32 classify(const struct packet_info *info, int status) {
  if (status != PARSE_OK)
    return verdict_of_status[status & 3];
  if (info->eth_proto == ETH_P_ARP)
    return XDP_PASS;
  if (info->ip_version == 0)
    return info->eth_proto < 0x0600 ? XDP_DROP : XDP_PASS;
  if (info->ttl < min_ttl)
    return XDP_DROP;
  if (info->proto == drop_proto)
    return XDP_DROP;
  if (info->proto == IPPROTO_TCP) {
    if (info->dport == blocked_port)
      return XDP_DROP;
    // A SYN without ACK: answer it.
    if ((info->tcp_flags & 0x12) == 0x02)
      return XDP_TX;
    return XDP_PASS;
  }
  if (info->proto == IPPROTO_UDP) {
    if (info->dport == 53 || info->sport == 53)
      return XDP_TX;
    if (info->dport >= 33434 && info->dport <= 33534)
      return XDP_REDIRECT;
    return XDP_PASS;
  }
  return XDP_PASS;
}

SEC("xdp")
int xdp_classify(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  struct packet_info info = {};
  int status = parse_packet(data, data_end, &info);
  __u32 action = classify(&info, status);
  account(&info, data_end - data, status, action);
  return action;
}

static __always_inline void swap_macs(struct ethhdr *eth) {
  __u8 tmp[ETH_ALEN];
  __builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
  __builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
  __builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
}

// Metadata xdp_rewrite puts in front of the packet.
struct rewrite_meta {
  __u32 src4;
  __u16 vlan_id;
  __u8 proto;
  __u8 status;
};

SEC("xdp")
int xdp_rewrite(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > data_end)
    return XDP_ABORTED;

  // ARP frames probe the buffer's geometry: the kernel leaves 256 bytes of
  // headroom, of which struct xdp_frame (40 bytes) stays reserved, and
  // room up to 3520 bytes of packet after it.
  if (eth->h_proto == bpf_htons(ETH_P_ARP)) {
    __u32 len = data_end - data;
    geometry_results[0] = bpf_xdp_adjust_head(ctx, -217);
    geometry_results[1] = bpf_xdp_adjust_head(ctx, -216);
    geometry_results[2] = bpf_xdp_adjust_tail(ctx, 3521 - (int)len);
    geometry_results[3] = bpf_xdp_adjust_tail(ctx, 3520 - (int)len);
    __u8 *head = (void *)(long)ctx->data;
    if ((void *)(head + 2) > (void *)(long)ctx->data_end)
      return XDP_ABORTED;
    head[0] = 0xee;
    head[1] = (__u8)len;
    return XDP_PASS;
  }

  // Pop the outer VLAN tag: move the addresses over it, then drop the
  // first four bytes.
  if (eth->h_proto == bpf_htons(ETH_P_8021Q) ||
      eth->h_proto == bpf_htons(ETH_P_8021AD)) {
    __u8 *bytes = data;
    if (bytes + 18 > (__u8 *)data_end)
      return XDP_DROP;
    __builtin_memmove(bytes + 4, bytes, 12);
    adjust_results[0] = bpf_xdp_adjust_head(ctx, 4);
  } else {
    // An adjustment that would leave less than an Ethernet header fails
    // in the kernel with -EINVAL.
    adjust_results[0] = bpf_xdp_adjust_head(ctx, (int)(data_end - data) - 10);
  }
  // Every adjustment invalidates the packet pointers, even a failed one.
  data = (void *)(long)ctx->data;
  data_end = (void *)(long)ctx->data_end;

  struct packet_info info = {};
  int status = parse_packet(data, data_end, &info);
  __u32 action = classify(&info, status);

  if (info.ip_version == 4 && status == PARSE_OK) {
    // The tags put the IP header at 14, 18 or 22; the mask tells the
    // verifier so.
    struct iphdr *ip = data + (info.l3_offset & 0x3f);
    if ((void *)(ip + 1) > data_end)
      return XDP_ABORTED;
    if (ip->ttl > 1) {
      // RFC 1624 incremental update for the TTL, the checksum's high byte.
      __u32 sum = (__u16)~bpf_ntohs(ip->check);
      sum += (__u16)~0x0100;
      sum = (sum & 0xffff) + (sum >> 16);
      sum = (sum & 0xffff) + (sum >> 16);
      ip->ttl--;
      ip->check = bpf_htons(~sum & 0xffff);
    }
  }
  if (action == XDP_TX) {
    eth = data;
    if ((void *)(eth + 1) > data_end)
      return XDP_ABORTED;
    swap_macs(eth);
  }

  __u32 frame_len = data_end - data;
  if (info.proto == IPPROTO_UDP && frame_len > trim_to) {
    adjust_results[1] = bpf_xdp_adjust_tail(ctx, (int)trim_to - (int)frame_len);
  } else if (frame_len & 1) {
    // Grow odd frames by three bytes and fill them in.
    adjust_results[1] = bpf_xdp_adjust_tail(ctx, 3);
    if (adjust_results[1] == 0) {
      // The verifier wants the offset bounded; frames are under 4 KiB.
      __u8 *tail = (__u8 *)(long)ctx->data + (frame_len & 0xfff);
      if ((void *)(tail + 3) <= (void *)(long)ctx->data_end) {
        tail[0] = 0xab;
        tail[1] = (__u8)frame_len;
        tail[2] = (__u8)status;
      }
    }
  }
  // Shrinking below an Ethernet header fails.
  adjust_results[2] = bpf_xdp_adjust_tail(ctx, -4000);

  if (info.ip_version != 0) {
    adjust_results[3] =
        bpf_xdp_adjust_meta(ctx, -(int)sizeof(struct rewrite_meta));
    if (adjust_results[3] == 0) {
      struct rewrite_meta *meta = (void *)(long)ctx->data_meta;
      if ((void *)(meta + 1) > (void *)(long)ctx->data)
        return XDP_ABORTED;
      meta->src4 = info.src4;
      meta->vlan_id = info.vlan_id;
      meta->proto = info.proto;
      meta->status = status;
    }
  }

  account(&info, (long)ctx->data_end - (long)ctx->data, status, action);
  return action;
}
