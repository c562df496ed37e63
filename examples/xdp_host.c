/* xdp_host.c - the XDP example's host: opens the compiled xdp_filter
 * through its generated skeleton, blocks one source, feeds the filter a
 * stream of packets from three sources, and prints each verdict and then
 * what the maps and the globals hold. */
#include "xdp_filter.skel.h"

#include <stdio.h>
#include <string.h>

enum { XDP_ABORTED_ = 0, XDP_DROP_ = 1, XDP_PASS_ = 2 };

static const char *verdict_name(uint64_t v) {
  switch (v) {
  case XDP_ABORTED_:
    return "XDP_ABORTED";
  case XDP_DROP_:
    return "XDP_DROP";
  case XDP_PASS_:
    return "XDP_PASS";
  default:
    return "?";
  }
}

/* A minimal Ethernet + IPv4 frame from 10.0.0.SRC; PAYLOAD bytes of UDP
 * data follow the headers. Returns the frame's length. */
static size_t make_frame(uint8_t *frame, uint8_t src, size_t payload) {
  static const uint8_t header[34] = {
      0x02, 0, 0, 0, 0,  0x01, 0x02, 0, 0,    0,  0, 0x02, 0x08, 0x00, /* eth */
      0x45, 0, 0, 0, 0,  0,    0x40, 0, 0x40, 17, 0, 0,                /* ip */
      10,   0, 0, 0, 10, 0,    0,    1};
  memcpy(frame, header, sizeof(header));
  frame[29] = src;
  memset(frame + sizeof(header), 0xab, payload);
  return sizeof(header) + payload;
}

static uint32_t ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  uint8_t bytes[4] = {a, b, c, d}; /* network byte order in memory */
  uint32_t addr;
  memcpy(&addr, bytes, 4);
  return addr;
}

int main(void) {
  struct xdp_filter *skel = xdp_filter__open();
  if (!skel) {
    perror("xdp_filter__open");
    return 1;
  }
  printf("max_packets_per_source = %u\n", skel->rodata->max_packets_per_source);

  uint32_t blocked = ipv4(10, 0, 0, 66), reason = 7;
  if (ebpf_map_update(skel->maps.blocklist, &blocked, &reason, EBPF_ANY)) {
    fprintf(stderr, "cannot block 10.0.0.66\n");
    return 1;
  }

  /* 10.0.0.1 sends five packets, 10.0.0.2 one, 10.0.0.66 (blocked) two,
   * and one ARP frame goes by. */
  static const uint8_t senders[] = {1, 1, 2, 66, 1, 1, 66, 1};
  static uint8_t buffer[EBPF_XDP_BUFFER_SIZE];
  for (unsigned i = 0; i <= sizeof(senders); ++i) {
    uint8_t *frame = buffer + EBPF_XDP_PACKET_HEADROOM;
    size_t len;
    if (i < sizeof(senders)) {
      len = make_frame(frame, senders[i], 10 * (i + 1));
    } else {
      len = make_frame(frame, 1, 28);
      frame[12] = 0x08, frame[13] = 0x06; /* ARP */
    }
    struct ebpf_xdp_md ctx;
    if (ebpf_xdp_md_init(&ctx, buffer, sizeof(buffer), EBPF_XDP_PACKET_HEADROOM,
                         len)) {
      fprintf(stderr, "bad packet\n");
      return 1;
    }
    uint64_t verdict = xdp_filter__run_xdp_filter(&ctx);
    if (i < sizeof(senders))
      printf("packet %u from 10.0.0.%-3u %3zu bytes: %s\n", i, senders[i], len,
             verdict_name(verdict));
    else
      printf("packet %u (ARP)          %3zu bytes: %s\n", i, len,
             verdict_name(verdict));
  }

  printf("sources:\n");
  uint32_t key, next;
  const void *prev = NULL;
  while (ebpf_map_get_next_key(skel->maps.sources, prev, &next) == 0) {
    struct {
      uint64_t packets, bytes;
    } stats;
    key = next;
    prev = &key;
    if (ebpf_map_lookup(skel->maps.sources, &key, &stats) == 0) {
      const uint8_t *a = (const uint8_t *)&key;
      printf("  %u.%u.%u.%u: %llu packets, %llu bytes\n", a[0], a[1], a[2],
             a[3], (unsigned long long)stats.packets,
             (unsigned long long)stats.bytes);
    }
  }
  printf("passed=%llu dropped_blocked=%llu dropped_over_budget=%llu "
         "not_ipv4=%llu\n",
         (unsigned long long)skel->bss->passed,
         (unsigned long long)skel->bss->dropped_blocked,
         (unsigned long long)skel->bss->dropped_over_budget,
         (unsigned long long)skel->bss->not_ipv4);

  /* What the rules above must give: 10.0.0.1 passes 3 of its 5 packets. */
  int ok = skel->bss->passed == 4 && skel->bss->dropped_blocked == 2 &&
           skel->bss->dropped_over_budget == 2 && skel->bss->not_ipv4 == 1;
  xdp_filter__destroy(skel);
  printf("%s\n", ok ? "as expected" : "UNEXPECTED");
  return ok ? 0 : 1;
}
