/* host.c - the example's host program: calls the two compiled BPF programs
 * of packet_checks.bpf.c as plain C functions on a few frames and prints
 * what they return. The expected values are written next to each frame. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

uint64_t classify(const void *frame, uint64_t len);
uint64_t ipv4_header_ok(const void *frame, uint64_t len);

/* Ethernet + IPv4 (header checksum 0xb8b8, valid) + UDP from port 12345 to 53.
 */
static const uint8_t DnsQuery[] = {
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa,
    0xbb, 0x08, 0x00, 0x45, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x40, 0x00,
    0x40, 0x11, 0xb8, 0xb8, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00,
    0xc7, 0x30, 0x39, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00};

struct sample {
  const char *name;
  uint8_t frame[64];
  size_t len;
  unsigned expected_class;
  unsigned expected_ok;
};

int main(void) {
  struct sample samples[4];
  memset(samples, 0, sizeof(samples));

  samples[0].name = "dns query";
  memcpy(samples[0].frame, DnsQuery, sizeof(DnsQuery));
  samples[0].len = sizeof(DnsQuery);
  samples[0].expected_class = 5;
  samples[0].expected_ok = 1;

  /* The same frame with a corrupted IPv4 checksum. */
  samples[1] = samples[0];
  samples[1].name = "bad checksum";
  samples[1].frame[24] ^= 0xff;
  samples[1].expected_ok = 0;

  /* Protocol 6 (TCP), with the checksum updated to 0xb8c3. */
  samples[2] = samples[0];
  samples[2].name = "tcp";
  samples[2].frame[23] = 6;
  samples[2].frame[25] = 0xc3;
  samples[2].expected_class = 3;

  /* An ARP frame: not IPv4. */
  samples[3] = samples[0];
  samples[3].name = "arp";
  samples[3].frame[13] = 0x06;
  samples[3].expected_class = 1;
  samples[3].expected_ok = 0;

  int failures = 0;
  for (unsigned i = 0; i < 4; ++i) {
    const struct sample *s = &samples[i];
    uint64_t c = classify(s->frame, s->len);
    uint64_t ok = ipv4_header_ok(s->frame, s->len);
    int match = c == s->expected_class && ok == s->expected_ok;
    failures += !match;
    printf("%-13s classify=%llu ipv4_header_ok=%llu %s\n", s->name,
           (unsigned long long)c, (unsigned long long)ok,
           match ? "(as expected)" : "(UNEXPECTED)");
  }
  return failures ? 1 : 0;
}
