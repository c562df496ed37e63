/*===- runtime/context.c - XDP and socket buffer contexts -----------------===//
 *
 * The native program contexts of object.h: how a host prepares one for a
 * packet, and the helpers that read or reshape the packet through it.
 *
 * Preparation follows the kernel's BPF_PROG_TEST_RUN (net/bpf/test_run.c),
 * the reference that differential tests compare against: the same buffer
 * geometry for XDP, and for socket buffers the fields that eth_type_trans()
 * derives from the Ethernet header on the loopback device. The helpers
 * follow net/core/filter.c, check for check, so that a program sees the
 * same results and error codes as in the kernel.
 *===----------------------------------------------------------------------===*/

#include "internal.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

int ebpf_xdp_md_init(struct ebpf_xdp_md *ctx, void *buffer, size_t buffer_size,
                     size_t headroom, size_t packet_len) {
  uint8_t *B = buffer;
  if (!ctx || !buffer || packet_len < EBPF_ETH_HLEN ||
      headroom < EBPF_XDP_FRAME_RESERVED || buffer_size < EBPF_XDP_TAILROOM ||
      headroom > buffer_size - EBPF_XDP_TAILROOM ||
      packet_len > buffer_size - EBPF_XDP_TAILROOM - headroom)
    return -EINVAL;
  memset(ctx, 0, sizeof(*ctx));
  /* xdp_md.ingress_ifindex: test packets arrive on loopback's queue 0. */
  ctx->kernel_fields[3] = 1;
  ctx->data = B + headroom;
  ctx->data_meta = ctx->data;
  ctx->data_end = B + headroom + packet_len;
  ctx->buffer_start = B + EBPF_XDP_FRAME_RESERVED;
  ctx->buffer_end = B + buffer_size - EBPF_XDP_TAILROOM;
  memset(B, 0, headroom);
  memset(B + headroom + packet_len, 0, buffer_size - headroom - packet_len);
  return 0;
}

/* struct __sk_buff fields, as indexes into kernel_fields. */
enum {
  SKB_LEN = 0,
  SKB_PKT_TYPE = 1,
  SKB_PROTOCOL = 4,
  SKB_IFINDEX = 10,
};

/* The kernel's PACKET_* values of skb->pkt_type. */
enum {
  PACKET_HOST = 0,
  PACKET_BROADCAST = 1,
  PACKET_MULTICAST = 2,
  PACKET_OTHERHOST = 3,
};

int ebpf_sk_buff_init(struct ebpf_sk_buff *ctx, uint32_t type, void *frame,
                      size_t frame_len) {
  static const uint8_t loopback_address[6] = {0};
  /* htons(ETH_P_802_3) and htons(ETH_P_802_2), as stored. */
  static const uint8_t eth_p_802_3[2] = {0x00, 0x01};
  static const uint8_t eth_p_802_2[2] = {0x00, 0x04};
  uint8_t *F = frame;
  uint16_t ether_type, protocol;
  size_t network_len;
  if (!ctx || !frame || frame_len < EBPF_ETH_HLEN || frame_len > UINT32_MAX ||
      (type != EBPF_PROG_SOCKET_FILTER && type != EBPF_PROG_SCHED_CLS))
    return -EINVAL;
  network_len = frame_len - EBPF_ETH_HLEN;
  ether_type = (uint16_t)(F[12] << 8 | F[13]);
  /* eth_type_trans(): values below ETH_P_802_3_MIN are 802.3 lengths; then
   * 0xffff where the LLC header would be marks raw 802.3 (Novell). */
  if (ether_type >= 0x0600)
    memcpy(&protocol, F + 12, 2);
  else if (network_len >= 2 && F[14] == 0xff && F[15] == 0xff)
    memcpy(&protocol, eth_p_802_3, 2);
  else
    memcpy(&protocol, eth_p_802_2, 2);
  /* BPF_PROG_TEST_RUN refuses IP packets too short for their header. */
  if ((ether_type == 0x0800 && network_len < 20) ||
      (ether_type == 0x86dd && network_len < 40))
    return -EINVAL;

  memset(ctx, 0, sizeof(*ctx));
  /* eth_type_trans() compares the destination with the device's address
   * and then its broadcast address; loopback's are both all zeros, so a
   * zero destination is PACKET_HOST, and ff:ff:ff:ff:ff:ff is just a
   * multicast address: test runs never see PACKET_BROADCAST. */
  if (memcmp(F, loopback_address, 6) == 0)
    ctx->kernel_fields[SKB_PKT_TYPE] = PACKET_HOST;
  else if (!(F[0] & 1))
    ctx->kernel_fields[SKB_PKT_TYPE] = PACKET_OTHERHOST;
  else
    ctx->kernel_fields[SKB_PKT_TYPE] = PACKET_MULTICAST;
  ctx->kernel_fields[SKB_PROTOCOL] = protocol;
  ctx->kernel_fields[SKB_IFINDEX] = 1;
  /* eth_type_trans() pulls the Ethernet header; test runs of tc programs
   * push it back. */
  if (type == EBPF_PROG_SCHED_CLS) {
    ctx->data = F;
    ctx->kernel_fields[SKB_LEN] = (uint32_t)frame_len;
  } else {
    ctx->data = F + EBPF_ETH_HLEN;
    ctx->kernel_fields[SKB_LEN] = (uint32_t)network_len;
  }
  ctx->data_meta = ctx->data;
  ctx->data_end = F + frame_len;
  return 0;
}

/* bpf_skb_load_bytes(): copies LEN bytes at OFFSET of the packet, or
 * clears the destination and fails with -EFAULT if they are not all in the
 * packet. */
uint64_t ebpf_helper_skb_load_bytes(uint64_t skb, uint64_t offset, uint64_t to,
                                    uint64_t len, uint64_t u5) {
  const struct ebpf_sk_buff *S = (const struct ebpf_sk_buff *)(uintptr_t)skb;
  const uint8_t *data = S->data;
  uint64_t packet_len = (uint64_t)((const uint8_t *)S->data_end - data);
  uint32_t from = (uint32_t)offset, count = (uint32_t)len;
  void *dst = (void *)(uintptr_t)to;
  (void)u5;
  if (from > INT32_MAX || count > packet_len || from > packet_len - count) {
    memset(dst, 0, count);
    return ebpf_rt_errno_result(-EFAULT);
  }
  memcpy(dst, data + from, count);
  return 0;
}

/* Pointer arithmetic on the packet is done on addresses, so that a
 * rejected adjustment never forms an out-of-bounds pointer. */
static uintptr_t addr(const void *p) { return (uintptr_t)p; }

/* bpf_xdp_adjust_head(): moves data by DELTA (and the metadata with it);
 * the packet must keep at least an Ethernet header, and the metadata must
 * stay inside the buffer. */
uint64_t ebpf_helper_xdp_adjust_head(uint64_t xdp, uint64_t delta, uint64_t u3,
                                     uint64_t u4, uint64_t u5) {
  struct ebpf_xdp_md *X = (struct ebpf_xdp_md *)(uintptr_t)xdp;
  intptr_t offset = (int32_t)delta;
  /* Meta is unsupported (and empty) when data_meta is past data. */
  uintptr_t meta_len = addr(X->data_meta) <= addr(X->data)
                           ? addr(X->data) - addr(X->data_meta)
                           : 0;
  uintptr_t data = addr(X->data) + (uintptr_t)offset;
  (void)u3;
  (void)u4;
  (void)u5;
  if (data < addr(X->buffer_start) + meta_len ||
      data > addr(X->data_end) - EBPF_ETH_HLEN)
    return ebpf_rt_errno_result(-EINVAL);
  if (meta_len)
    memmove((void *)(addr(X->data_meta) + (uintptr_t)offset), X->data_meta,
            meta_len);
  X->data_meta = (void *)(addr(X->data_meta) + (uintptr_t)offset);
  X->data = (void *)data;
  return 0;
}

/* bpf_xdp_adjust_meta(): moves data_meta by DELTA; the metadata must stay
 * between the buffer start and data, and be a multiple of 4 bytes, at most
 * 32. */
uint64_t ebpf_helper_xdp_adjust_meta(uint64_t xdp, uint64_t delta, uint64_t u3,
                                     uint64_t u4, uint64_t u5) {
  struct ebpf_xdp_md *X = (struct ebpf_xdp_md *)(uintptr_t)xdp;
  uintptr_t meta = addr(X->data_meta) + (uintptr_t)(intptr_t)(int32_t)delta;
  uintptr_t meta_len;
  (void)u3;
  (void)u4;
  (void)u5;
  if (addr(X->data_meta) > addr(X->data))
    return ebpf_rt_errno_result(-EBPF_ENOTSUPP);
  if (meta < addr(X->buffer_start) || meta > addr(X->data))
    return ebpf_rt_errno_result(-EINVAL);
  meta_len = addr(X->data) - meta;
  if ((meta_len & 3) || meta_len > 32)
    return ebpf_rt_errno_result(-EACCES);
  X->data_meta = (void *)meta;
  return 0;
}

/* bpf_xdp_adjust_tail(): moves data_end by DELTA, up to the end of the
 * buffer and down to an Ethernet header; grown bytes are zeroed. */
uint64_t ebpf_helper_xdp_adjust_tail(uint64_t xdp, uint64_t delta, uint64_t u3,
                                     uint64_t u4, uint64_t u5) {
  struct ebpf_xdp_md *X = (struct ebpf_xdp_md *)(uintptr_t)xdp;
  intptr_t offset = (int32_t)delta;
  uintptr_t end = addr(X->data_end) + (uintptr_t)offset;
  (void)u3;
  (void)u4;
  (void)u5;
  if (end > addr(X->buffer_end))
    return ebpf_rt_errno_result(-EINVAL);
  if (end < addr(X->data) + EBPF_ETH_HLEN)
    return ebpf_rt_errno_result(-EINVAL);
  if (offset > 0)
    memset(X->data_end, 0, (size_t)offset);
  X->data_end = (void *)end;
  return 0;
}
