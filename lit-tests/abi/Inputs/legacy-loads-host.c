/* Runs the tc program `classify` of legacy-packet-loads.c on three frames
 * it builds by hand in a native __sk_buff (data = the Ethernet header). */
#include <ebpfc/object.h>

#include <stdio.h>
#include <string.h>

uint64_t classify(void *ctx);

static uint64_t run(unsigned char *frame, size_t len) {
  struct ebpf_sk_buff skb;
  memset(&skb, 0, sizeof(skb));
  skb.data = frame;
  skb.data_end = frame + len;
  return classify(&skb);
}

int main(void) {
  unsigned char frame[64];
  memset(frame, 0, sizeof(frame));
  frame[12] = 0x08; /* IPv4 */
  frame[13] = 0x00;
  frame[14] = 0x45; /* version 4, 20-byte header */
  frame[23] = 17;   /* UDP */
  frame[36] = 0x00; /* destination port 53 */
  frame[37] = 0x35;
  printf("udp/53: %llu\n", (unsigned long long)run(frame, 42));
  printf("truncated: %llu\n", (unsigned long long)run(frame, 30));
  frame[12] = 0x86; /* IPv6 */
  frame[13] = 0xdd;
  printf("ipv6: %llu\n", (unsigned long long)run(frame, 42));
  return 0;
}
