// Header parsing shared by the XDP programs of the kernel differential
// tests: one noinline parser that walks Ethernet, up to two VLAN tags, IPv4
// (with options) or IPv6 (with one hop-by-hop header), then TCP or UDP, and
// records what it found. Every access is bounds-checked against data_end,
// so truncated frames stop the walk at the last complete header.
#ifndef KERNEL_DIFF_PACKET_H
#define KERNEL_DIFF_PACKET_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct vlan_tag {
  __be16 tci;
  __be16 inner_proto;
};

// What parse_packet() learned. No padding: the programs copy parts of it
// into map values, and the kernel and ebpfc must see the same bytes.
struct packet_info {
  __u32 src4;      // IPv4 source, or the IPv6 source folded to 32 bits
  __u32 l3_offset; // from the frame start
  __u32 l4_offset; // 0 if no L4 header was reached
  __u16 eth_proto; // host order, after the VLAN tags
  __u16 vlan_id;   // innermost tag's VID, 0 if untagged
  __u16 sport;     // host order
  __u16 dport;     // host order
  __u16 l3_len;    // IP total (or payload) length field, host order
  __u8 vlan_depth; // 0..2
  __u8 ip_version; // 0, 4 or 6
  __u8 proto;      // L4 protocol number, 0 if none
  __u8 ttl;        // TTL or hop limit
  __u8 tcp_flags;  // byte 13 of the TCP header
  __u8 truncated;  // 1 if a header was cut short
};

enum parse_status {
  PARSE_OK = 0,
  PARSE_SHORT = 1,    // a header did not fit
  PARSE_BAD = 2,      // a header field was invalid
  PARSE_FRAGMENT = 3, // an IPv4 fragment after the first
};

static __attribute__((noinline)) int parse_packet(void *data, void *data_end,
                                                  struct packet_info *info) {
  struct ethhdr *eth = data;
  __u8 *cursor;
  __u16 proto;
  if ((void *)(eth + 1) > data_end) {
    info->truncated = 1;
    return PARSE_SHORT;
  }
  proto = bpf_ntohs(eth->h_proto);
  cursor = (__u8 *)(eth + 1);
#pragma clang loop unroll(full)
  for (int i = 0; i < 2; i++) {
    if (proto != ETH_P_8021Q && proto != ETH_P_8021AD)
      break;
    struct vlan_tag *tag = (struct vlan_tag *)cursor;
    if ((void *)(tag + 1) > data_end) {
      info->truncated = 1;
      info->eth_proto = proto;
      return PARSE_SHORT;
    }
    info->vlan_id = bpf_ntohs(tag->tci) & 0x0fff;
    info->vlan_depth++;
    proto = bpf_ntohs(tag->inner_proto);
    cursor = (__u8 *)(tag + 1);
  }
  info->eth_proto = proto;
  info->l3_offset = cursor - (__u8 *)data;

  if (proto == ETH_P_IP) {
    struct iphdr *ip = (struct iphdr *)cursor;
    if ((void *)(ip + 1) > data_end) {
      info->truncated = 1;
      return PARSE_SHORT;
    }
    info->ip_version = 4;
    if (ip->version != 4 || ip->ihl < 5)
      return PARSE_BAD;
    info->src4 = ip->saddr;
    info->proto = ip->protocol;
    info->ttl = ip->ttl;
    info->l3_len = bpf_ntohs(ip->tot_len);
    if (cursor + ip->ihl * 4 > (__u8 *)data_end) {
      info->truncated = 1;
      return PARSE_SHORT;
    }
    if (ip->frag_off & bpf_htons(0x1fff))
      return PARSE_FRAGMENT;
    cursor += ip->ihl * 4;
  } else if (proto == ETH_P_IPV6) {
    struct ipv6hdr *ip6 = (struct ipv6hdr *)cursor;
    if ((void *)(ip6 + 1) > data_end) {
      info->truncated = 1;
      return PARSE_SHORT;
    }
    info->ip_version = 6;
    info->src4 = ip6->saddr.in6_u.u6_addr32[0] ^ ip6->saddr.in6_u.u6_addr32[1] ^
                 ip6->saddr.in6_u.u6_addr32[2] ^ ip6->saddr.in6_u.u6_addr32[3];
    info->proto = ip6->nexthdr;
    info->ttl = ip6->hop_limit;
    info->l3_len = bpf_ntohs(ip6->payload_len);
    cursor = (__u8 *)(ip6 + 1);
    if (info->proto == IPPROTO_HOPOPTS) {
      if (cursor + 8 > (__u8 *)data_end) {
        info->truncated = 1;
        return PARSE_SHORT;
      }
      __u32 ext_len = (cursor[1] + 1) * 8;
      info->proto = cursor[0];
      if (ext_len > 64)
        return PARSE_BAD;
      cursor += ext_len;
    }
  } else {
    return PARSE_OK;
  }

  if (info->proto == IPPROTO_TCP) {
    struct tcphdr *tcp = (struct tcphdr *)cursor;
    if ((void *)(tcp + 1) > data_end) {
      info->truncated = 1;
      return PARSE_SHORT;
    }
    if (tcp->doff < 5)
      return PARSE_BAD;
    info->sport = bpf_ntohs(tcp->source);
    info->dport = bpf_ntohs(tcp->dest);
    info->tcp_flags = ((__u8 *)tcp)[13];
  } else if (info->proto == IPPROTO_UDP) {
    struct udphdr *udp = (struct udphdr *)cursor;
    if ((void *)(udp + 1) > data_end) {
      info->truncated = 1;
      return PARSE_SHORT;
    }
    info->sport = bpf_ntohs(udp->source);
    info->dport = bpf_ntohs(udp->dest);
  } else {
    return PARSE_OK;
  }
  info->l4_offset = cursor - (__u8 *)data;
  return PARSE_OK;
}

#endif // KERNEL_DIFF_PACKET_H
