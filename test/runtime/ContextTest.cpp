//===- test/runtime/ContextTest.cpp - XDP and socket buffer contexts ------===//
//
// Context preparation as the kernel's BPF_PROG_TEST_RUN does it, and the
// packet helpers' limits and error codes as net/core/filter.c defines them:
// bpf_xdp_adjust_head keeps an Ethernet header and the xdp_frame area,
// bpf_xdp_adjust_meta allows 0..32 bytes in steps of 4, bpf_xdp_adjust_tail
// stops at the skb_shared_info tailroom, bpf_skb_load_bytes fails with
// -EFAULT and clears its buffer.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/object.h"
#include "ebpfc/runtime.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace {

uint64_t ptr(const void *P) { return uint64_t(uintptr_t(P)); }

/// An XDP test buffer the kernel's way: a 4096-byte page, 256 bytes of
/// headroom, the packet bytes 0, 1, 2, ...
struct XdpPacket {
  std::vector<uint8_t> Page = std::vector<uint8_t>(EBPF_XDP_BUFFER_SIZE, 0xee);
  ebpf_xdp_md Ctx;
  explicit XdpPacket(size_t Len, size_t Headroom = 256) {
    for (size_t I = 0; I < Len; ++I)
      Page[Headroom + I] = uint8_t(I);
    EXPECT_EQ(ebpf_xdp_md_init(&Ctx, Page.data(), Page.size(), Headroom, Len),
              0);
  }
  uint8_t *at(size_t Offset) { return Page.data() + Offset; }
  size_t length() const {
    return size_t(static_cast<uint8_t *>(Ctx.data_end) -
                  static_cast<uint8_t *>(Ctx.data));
  }
  size_t metaLength() const {
    return size_t(static_cast<uint8_t *>(Ctx.data) -
                  static_cast<uint8_t *>(Ctx.data_meta));
  }
  int64_t head(int32_t Delta) {
    return int64_t(ebpf_helper_xdp_adjust_head(
        ptr(&Ctx), uint64_t(int64_t(Delta)), 0, 0, 0));
  }
  int64_t meta(int32_t Delta) {
    return int64_t(ebpf_helper_xdp_adjust_meta(
        ptr(&Ctx), uint64_t(int64_t(Delta)), 0, 0, 0));
  }
  int64_t tail(int32_t Delta) {
    return int64_t(ebpf_helper_xdp_adjust_tail(
        ptr(&Ctx), uint64_t(int64_t(Delta)), 0, 0, 0));
  }
};

TEST(XdpContextTest, InitLaysOutTheTestRunBuffer) {
  XdpPacket P(64);
  EXPECT_EQ(P.Ctx.data, P.at(256));
  EXPECT_EQ(P.Ctx.data_meta, P.at(256));
  EXPECT_EQ(P.Ctx.data_end, P.at(256 + 64));
  EXPECT_EQ(P.Ctx.buffer_start, P.at(40));
  EXPECT_EQ(P.Ctx.buffer_end, P.at(4096 - 320));
  // ingress_ifindex is loopback's; everything else in xdp_md is 0.
  EXPECT_EQ(P.Ctx.kernel_fields[3], 1u);
  EXPECT_EQ(P.Ctx.kernel_fields[4], 0u);
  EXPECT_EQ(P.Ctx.kernel_fields[5], 0u);
  // The packet is untouched, the rest of the page zeroed.
  for (size_t I = 0; I < 64; ++I)
    ASSERT_EQ(*P.at(256 + I), uint8_t(I));
  for (size_t I = 0; I < 256; ++I)
    ASSERT_EQ(*P.at(I), 0) << I;
  for (size_t I = 256 + 64; I < 4096; ++I)
    ASSERT_EQ(*P.at(I), 0) << I;
}

TEST(XdpContextTest, InitRejectsWhatDoesNotFit) {
  std::vector<uint8_t> Page(4096);
  ebpf_xdp_md Ctx;
  EXPECT_EQ(ebpf_xdp_md_init(&Ctx, Page.data(), 4096, 256, 13), -EINVAL);
  EXPECT_EQ(ebpf_xdp_md_init(&Ctx, Page.data(), 4096, 39, 64), -EINVAL);
  // The largest packet: 4096 - 256 - 320 bytes.
  EXPECT_EQ(ebpf_xdp_md_init(&Ctx, Page.data(), 4096, 256, 3521), -EINVAL);
  EXPECT_EQ(ebpf_xdp_md_init(&Ctx, Page.data(), 4096, 256, 3520), 0);
  EXPECT_EQ(ebpf_xdp_md_init(&Ctx, Page.data(), 100, 40, 14), -EINVAL);
  EXPECT_EQ(ebpf_xdp_md_init(&Ctx, nullptr, 4096, 256, 64), -EINVAL);
}

TEST(XdpContextTest, AdjustHeadLimits) {
  XdpPacket P(64);
  // Growing: down to the end of the xdp_frame area, 256 - 40 bytes.
  EXPECT_EQ(P.head(-217), -EINVAL);
  EXPECT_EQ(P.Ctx.data, P.at(256));
  EXPECT_EQ(P.head(-216), 0);
  EXPECT_EQ(P.Ctx.data, P.at(40));
  EXPECT_EQ(P.Ctx.data_meta, P.at(40));
  EXPECT_EQ(P.length(), 64u + 216);
  EXPECT_EQ(P.head(216), 0);
  // Shrinking: an Ethernet header must stay.
  EXPECT_EQ(P.head(51), -EINVAL);
  EXPECT_EQ(P.head(50), 0);
  EXPECT_EQ(P.length(), 14u);
  EXPECT_EQ(P.head(1), -EINVAL);
}

TEST(XdpContextTest, AdjustHeadMovesTheMetadata) {
  XdpPacket P(64);
  ASSERT_EQ(P.meta(-8), 0);
  std::memcpy(P.Ctx.data_meta, "METADATA", 8);
  // The metadata takes room from the headroom too.
  EXPECT_EQ(P.head(-209), -EINVAL);
  ASSERT_EQ(P.head(-208), 0);
  EXPECT_EQ(P.Ctx.data, P.at(48));
  EXPECT_EQ(P.Ctx.data_meta, P.at(40));
  EXPECT_EQ(std::memcmp(P.Ctx.data_meta, "METADATA", 8), 0);
  ASSERT_EQ(P.head(208 + 10), 0);
  EXPECT_EQ(P.metaLength(), 8u);
  EXPECT_EQ(std::memcmp(P.Ctx.data_meta, "METADATA", 8), 0);
  EXPECT_EQ(*static_cast<uint8_t *>(P.Ctx.data), 10);
}

TEST(XdpContextTest, AdjustMetaLimits) {
  XdpPacket P(64);
  EXPECT_EQ(P.meta(-3), -EACCES);  // not a multiple of 4
  EXPECT_EQ(P.meta(-36), -EACCES); // more than 32 bytes
  EXPECT_EQ(P.meta(4), -EINVAL);   // past data
  EXPECT_EQ(P.metaLength(), 0u);
  EXPECT_EQ(P.meta(-32), 0);
  EXPECT_EQ(P.metaLength(), 32u);
  EXPECT_EQ(P.meta(-4), -EACCES);
  EXPECT_EQ(P.meta(28), 0);
  EXPECT_EQ(P.metaLength(), 4u);
  EXPECT_EQ(P.meta(4), 0);
  EXPECT_EQ(P.metaLength(), 0u);

  // Below the buffer start is -EINVAL, checked before the length.
  XdpPacket Tight(64, 48);
  EXPECT_EQ(Tight.meta(-8), 0);
  EXPECT_EQ(Tight.meta(-4), -EINVAL);

  // A driver without metadata support marks it with data_meta > data.
  P.Ctx.data_meta = static_cast<uint8_t *>(P.Ctx.data) + 1;
  EXPECT_EQ(P.meta(-4), -EBPF_ENOTSUPP);
}

TEST(XdpContextTest, AdjustTailLimitsAndZeroesGrowth) {
  XdpPacket P(64);
  // Garbage where the packet will grow.
  std::memset(P.at(256 + 64), 0x5a, 100);
  EXPECT_EQ(P.tail(100), 0);
  EXPECT_EQ(P.length(), 164u);
  for (size_t I = 64; I < 164; ++I)
    ASSERT_EQ(*P.at(256 + I), 0) << I;
  // Up to the skb_shared_info tailroom: 4096 - 320 - 256 = 3520 bytes.
  EXPECT_EQ(P.tail(3520 - 164 + 1), -EINVAL);
  EXPECT_EQ(P.tail(3520 - 164), 0);
  EXPECT_EQ(P.Ctx.data_end, P.Ctx.buffer_end);
  // Down to an Ethernet header.
  EXPECT_EQ(P.tail(-(3520 - 13)), -EINVAL);
  EXPECT_EQ(P.tail(-(3520 - 14)), 0);
  EXPECT_EQ(P.length(), 14u);
  EXPECT_EQ(*P.at(256 + 13), 13);
}

//===-- Socket buffers ----------------------------------------------------===//

std::vector<uint8_t> frame(std::initializer_list<uint8_t> Dst, uint16_t Type,
                           size_t Len) {
  std::vector<uint8_t> F(Len, 0);
  std::copy(Dst.begin(), Dst.end(), F.begin());
  F[6] = 0x02; // a locally administered source address
  F[12] = uint8_t(Type >> 8);
  F[13] = uint8_t(Type);
  for (size_t I = 14; I < Len; ++I)
    F[I] = uint8_t(I);
  return F;
}

constexpr unsigned SkbLen = 0, SkbPktType = 1, SkbProtocol = 4, SkbIfindex = 10;

TEST(SkbContextTest, SocketFilterSeesTheNetworkHeader) {
  std::vector<uint8_t> F = frame({0, 0, 0, 0, 0, 0}, 0x0800, 60);
  ebpf_sk_buff Ctx;
  ASSERT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_SOCKET_FILTER, F.data(), 60), 0);
  EXPECT_EQ(Ctx.kernel_fields[SkbLen], 46u);
  EXPECT_EQ(Ctx.kernel_fields[SkbPktType], 0u); // PACKET_HOST
  // skb->protocol is big-endian: 08 00 read as a little-endian u16.
  EXPECT_EQ(Ctx.kernel_fields[SkbProtocol], 0x0008u);
  EXPECT_EQ(Ctx.kernel_fields[SkbIfindex], 1u);
  EXPECT_EQ(Ctx.data, F.data() + 14);
  EXPECT_EQ(Ctx.data_meta, F.data() + 14);
  EXPECT_EQ(Ctx.data_end, F.data() + 60);
  for (unsigned I : {2u, 3u, 5u, 8u, 9u, 12u, 13u, 17u, 20u})
    EXPECT_EQ(Ctx.kernel_fields[I], 0u) << I;
}

TEST(SkbContextTest, TcSeesTheWholeFrame) {
  std::vector<uint8_t> F = frame({0, 0, 0, 0, 0, 0}, 0x86dd, 54);
  ebpf_sk_buff Ctx;
  ASSERT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_SCHED_CLS, F.data(), 54), 0);
  EXPECT_EQ(Ctx.kernel_fields[SkbLen], 54u);
  EXPECT_EQ(Ctx.kernel_fields[SkbProtocol], 0xdd86u);
  EXPECT_EQ(Ctx.data, F.data());
  EXPECT_EQ(Ctx.data_end, F.data() + 54);
}

TEST(SkbContextTest, PacketTypeFromTheDestination) {
  ebpf_sk_buff Ctx;
  std::vector<uint8_t> F =
      frame({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 0x0806, 42);
  ASSERT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_SOCKET_FILTER, F.data(), 42), 0);
  // Loopback's broadcast address is 00:00:00:00:00:00 (`ip link show lo`:
  // "brd 00:00:00:00:00:00"), so eth_type_trans() calls the all-ones
  // address PACKET_MULTICAST; the kernel's test runs agree.
  EXPECT_EQ(Ctx.kernel_fields[SkbPktType], 2u); // PACKET_MULTICAST
  F = frame({0x01, 0x00, 0x5e, 0, 0, 1}, 0x0806, 42);
  ASSERT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_SOCKET_FILTER, F.data(), 42), 0);
  EXPECT_EQ(Ctx.kernel_fields[SkbPktType], 2u); // PACKET_MULTICAST
  F = frame({0x02, 0, 0, 0, 0, 1}, 0x0806, 42);
  ASSERT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_SOCKET_FILTER, F.data(), 42), 0);
  EXPECT_EQ(Ctx.kernel_fields[SkbPktType], 3u); // PACKET_OTHERHOST
}

TEST(SkbContextTest, Ieee8023Frames) {
  ebpf_sk_buff Ctx;
  // A length instead of a type, then an LLC header: ETH_P_802_2 (0x0004).
  std::vector<uint8_t> F = frame({0, 0, 0, 0, 0, 0}, 46, 60);
  F[14] = 0xaa;
  ASSERT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_SOCKET_FILTER, F.data(), 60), 0);
  EXPECT_EQ(Ctx.kernel_fields[SkbProtocol], 0x0400u);
  // Raw 802.3 (Novell) starts with ff ff: ETH_P_802_3 (0x0001).
  F[14] = F[15] = 0xff;
  ASSERT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_SOCKET_FILTER, F.data(), 60), 0);
  EXPECT_EQ(Ctx.kernel_fields[SkbProtocol], 0x0100u);
}

TEST(SkbContextTest, InitRejectsWhatTestRunRejects) {
  ebpf_sk_buff Ctx;
  std::vector<uint8_t> F = frame({0, 0, 0, 0, 0, 0}, 0x0800, 60);
  EXPECT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_SOCKET_FILTER, F.data(), 13),
            -EINVAL);
  // IPv4 needs 20 bytes after the Ethernet header, IPv6 40.
  EXPECT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_SOCKET_FILTER, F.data(), 33),
            -EINVAL);
  EXPECT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_SOCKET_FILTER, F.data(), 34), 0);
  F[12] = 0x86;
  F[13] = 0xdd;
  EXPECT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_SCHED_CLS, F.data(), 53),
            -EINVAL);
  EXPECT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_XDP, F.data(), 60), -EINVAL);
}

TEST(SkbContextTest, LoadBytesBounds) {
  std::vector<uint8_t> F = frame({0, 0, 0, 0, 0, 0}, 0x0800, 60);
  ebpf_sk_buff Ctx;
  ASSERT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_SCHED_CLS, F.data(), 60), 0);
  auto load = [&](uint64_t Offset, uint8_t *To, uint32_t Len) {
    return int64_t(
        ebpf_helper_skb_load_bytes(ptr(&Ctx), Offset, ptr(To), Len, 0));
  };
  uint8_t Buf[8];
  EXPECT_EQ(load(12, Buf, 2), 0);
  EXPECT_EQ(Buf[0], 0x08);
  EXPECT_EQ(Buf[1], 0x00);
  // The last bytes of the packet, then one byte too many.
  EXPECT_EQ(load(52, Buf, 8), 0);
  EXPECT_EQ(Buf[7], 59);
  std::memset(Buf, 0xcc, sizeof(Buf));
  EXPECT_EQ(load(53, Buf, 8), -EFAULT);
  for (uint8_t B : Buf)
    EXPECT_EQ(B, 0); // cleared on failure
  EXPECT_EQ(load(60, Buf, 1), -EFAULT);
  EXPECT_EQ(load(0x80000000u, Buf, 1), -EFAULT);
  // Offsets are 32-bit: the high half is ignored.
  EXPECT_EQ(load(0x100000000ull + 14, Buf, 1), 0);
  EXPECT_EQ(Buf[0], 14);
  // A socket filter's offsets start at the network header.
  ASSERT_EQ(ebpf_sk_buff_init(&Ctx, EBPF_PROG_SOCKET_FILTER, F.data(), 60), 0);
  EXPECT_EQ(load(0, Buf, 1), 0);
  EXPECT_EQ(Buf[0], 14);
  EXPECT_EQ(load(45, Buf, 1), 0);
  EXPECT_EQ(load(46, Buf, 1), -EFAULT);
}

} // namespace
