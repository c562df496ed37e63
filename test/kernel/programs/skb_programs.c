// A socket filter and a tc classifier for the kernel differential tests.
// Both read the __sk_buff fields BPF_PROG_TEST_RUN sets up (len, protocol,
// pkt_type, ifindex, ...) and the packet's bytes: the socket filter through
// bpf_skb_load_bytes (socket filters have no direct packet access, and
// their offsets start at the network header), the tc program directly
// through data/data_end as well as through bpf_skb_load_bytes (from the
// Ethernet header). The tc program also writes the packet and the
// writable context fields.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

// What the programs saw of the last packet, one slot per program.
struct skb_view {
  __u32 len;
  __u32 pkt_type;
  __u32 protocol;
  __u32 ifindex;
  __u32 ingress_ifindex;
  __u32 mark;
  __u32 priority;
  __u32 queue_mapping;
  __u32 vlan_present;
  __u32 vlan_tci;
  __u32 hash;
  __u32 tc_index;
  __u32 cb0;
  __u32 napi_id;
  __u32 gso_segs;
  __u32 gso_size;
  __s32 load_result;
  __s32 short_load_result;
  __u8 head[16];
  __u32 data_len; // tc: data_end - data
  __u32 checksum;
};

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, struct skb_view);
  __uint(max_entries, 2);
} views SEC(".maps");

// Per (protocol, pkt_type) packet counts.
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 32);
} protocols SEC(".maps");

const volatile __u32 snap_len = 64;
__u32 filter_runs = 10;
__u32 tc_runs;

static __attribute__((noinline)) void count_protocol(__u32 protocol,
                                                     __u32 pkt_type) {
  __u32 key = protocol << 8 | pkt_type;
  __u64 *n = bpf_map_lookup_elem(&protocols, &key);
  if (n) {
    __sync_fetch_and_add(n, 1);
  } else {
    __u64 one = 1;
    bpf_map_update_elem(&protocols, &key, &one, BPF_NOEXIST);
  }
}

static __attribute__((noinline)) __u32 fold(const __u8 *bytes, __u32 n) {
  __u32 sum = 0;
  for (__u32 i = 0; i < 16 && i < n; i++)
    sum = (sum << 5 | sum >> 27) ^ bytes[i];
  return sum;
}

static __always_inline void read_fields(struct skb_view *v,
                                        struct __sk_buff *skb) {
  v->len = skb->len;
  v->pkt_type = skb->pkt_type;
  v->protocol = skb->protocol;
  v->ifindex = skb->ifindex;
  v->ingress_ifindex = skb->ingress_ifindex;
  v->mark = skb->mark;
  v->priority = skb->priority;
  v->queue_mapping = skb->queue_mapping;
  v->vlan_present = skb->vlan_present;
  v->vlan_tci = skb->vlan_tci;
  v->hash = skb->hash;
  v->tc_index = skb->tc_index;
  v->cb0 = skb->cb[0];
  v->napi_id = skb->napi_id;
  v->gso_segs = skb->gso_segs;
  v->gso_size = skb->gso_size;
}

SEC("socket")
int socket_filter(struct __sk_buff *skb) {
  __u32 key = 0;
  struct skb_view *v = bpf_map_lookup_elem(&views, &key);
  if (!v)
    return 0;
  read_fields(v, skb);
  __builtin_memset(v->head, 0, sizeof(v->head));
  // Offsets start at the network header here.
  v->load_result = bpf_skb_load_bytes(skb, 0, v->head, sizeof(v->head));
  __u8 tail[4] = {};
  v->short_load_result = bpf_skb_load_bytes(skb, skb->len - 2, tail, 4);
  v->checksum = fold(v->head, v->load_result == 0 ? 16 : 0) ^ tail[0];
  v->data_len = 0;
  count_protocol(bpf_ntohs(skb->protocol), skb->pkt_type);
  filter_runs++;

  // Keep IPv4 TCP up to snap_len bytes, all of IPv6, nothing else.
  if (skb->protocol == bpf_htons(ETH_P_IP)) {
    __u8 proto;
    if (bpf_skb_load_bytes(skb, 9, &proto, 1) < 0)
      return 0;
    return proto == IPPROTO_TCP ? snap_len : 0;
  }
  if (skb->protocol == bpf_htons(ETH_P_IPV6))
    return skb->len;
  return 0;
}

SEC("tc")
int tc_classify(struct __sk_buff *skb) {
  __u32 key = 1;
  struct skb_view *v = bpf_map_lookup_elem(&views, &key);
  if (!v)
    return TC_ACT_SHOT;
  skb->cb[0] = skb->len * 3;
  skb->mark = 0x1000 | skb->pkt_type;
  skb->priority = 7;
  skb->tc_index = 5;
  read_fields(v, skb);
  __builtin_memset(v->head, 0, sizeof(v->head));
  // Offsets start at the Ethernet header here.
  v->load_result = bpf_skb_load_bytes(skb, 0, v->head, sizeof(v->head));
  __u8 tail[4] = {};
  v->short_load_result = bpf_skb_load_bytes(skb, skb->len - 3, tail, 4);
  count_protocol(bpf_ntohs(skb->protocol), skb->pkt_type | 0x80);
  tc_runs++;

  void *data = (void *)(long)skb->data;
  void *data_end = (void *)(long)skb->data_end;
  v->data_len = data_end - data;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > data_end)
    return TC_ACT_SHOT;
  v->checksum = fold(data, 14) ^ tail[1];
  if (eth->h_proto == bpf_htons(ETH_P_IP)) {
    __u8 *ip = (void *)(eth + 1);
    if ((void *)(ip + 20) > data_end)
      return TC_ACT_SHOT;
    // Rewrite the DSCP field and mark the source MAC as changed.
    ip[1] = (ip[1] & 3) | (0x2e << 2);
    eth->h_source[0] |= 0x02;
    return ip[9] == IPPROTO_UDP ? TC_ACT_OK : TC_ACT_PIPE;
  }
  if (eth->h_proto == bpf_htons(ETH_P_ARP))
    return TC_ACT_UNSPEC;
  if (eth->h_proto == bpf_htons(ETH_P_8021Q))
    return TC_ACT_RECLASSIFY;
  return TC_ACT_OK;
}
