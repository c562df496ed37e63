// packet_checks.bpf.c - the shipped example: two BPF programs over a raw
// Ethernet frame, compiled by clang-19 -target bpf and then by ebpfc.
//
// Raw programs receive the frame in r1 and its length in r2, so each program
// is an ordinary two-argument C function here. `classify` parses Ethernet,
// IPv4 and UDP/TCP headers and returns a verdict code; `ipv4_header_ok`
// checks the IPv4 header checksum (RFC 1071) with a bounded loop in a
// subprogram that both programs could share.
#include <linux/types.h>

#define SEC(name) __attribute__((section(name), used))

enum verdict {
  VERDICT_SHORT = 0, // too short to classify
  VERDICT_NOT_IPV4 = 1,
  VERDICT_UDP = 2,
  VERDICT_TCP = 3,
  VERDICT_OTHER_IPV4 = 4,
  VERDICT_DNS = 5, // UDP to or from port 53
};

#define ETH_HLEN 14
#define ETH_P_IP 0x0800

static __u16 load_be16(const __u8 *p) { return (__u16)(p[0] << 8 | p[1]); }

// One's-complement sum of LEN bytes (LEN even, at most 60), folded to 16 bits.
static __attribute__((noinline)) __u32 ones_complement_sum(const __u8 *p,
                                                           __u32 len) {
  __u32 sum = 0;
  for (__u32 i = 0; i < 60; i += 2) {
    if (i >= len)
      break;
    sum += load_be16(p + i);
  }
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

SEC("raw") __u64 classify(const __u8 *frame, __u64 len) {
  if (len < ETH_HLEN + 20)
    return VERDICT_SHORT;
  if (load_be16(frame + 12) != ETH_P_IP)
    return VERDICT_NOT_IPV4;
  const __u8 *ip = frame + ETH_HLEN;
  __u32 ihl = (ip[0] & 0x0f) * 4;
  if (ihl < 20 || len < ETH_HLEN + ihl + 4)
    return VERDICT_SHORT;
  const __u8 *l4 = ip + ihl;
  __u8 proto = ip[9];
  if (proto == 17) {
    if (load_be16(l4) == 53 || load_be16(l4 + 2) == 53)
      return VERDICT_DNS;
    return VERDICT_UDP;
  }
  return proto == 6 ? VERDICT_TCP : VERDICT_OTHER_IPV4;
}

SEC("raw") __u64 ipv4_header_ok(const __u8 *frame, __u64 len) {
  if (len < ETH_HLEN + 20 || load_be16(frame + 12) != ETH_P_IP)
    return 0;
  const __u8 *ip = frame + ETH_HLEN;
  __u32 ihl = (ip[0] & 0x0f) * 4;
  if (ihl < 20 || len < ETH_HLEN + ihl)
    return 0;
  return ones_complement_sum(ip, ihl) == 0xffff;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
