/* A host of the object skeleton.c compiles, through its skeleton: opens
 * it, runs its programs on contexts it builds, and prints what the
 * programs left in the maps and global data. With -DRUN_PROGRAMS=0 it only
 * has to compile (the runtime's object support may be missing). */
#include "pkt_stats.skel.h"

#include <stdio.h>

#ifndef RUN_PROGRAMS
#define RUN_PROGRAMS 1
#endif

int main(void) {
#if RUN_PROGRAMS
  static unsigned char packet[256];
  struct ebpf_xdp_md xdp;
  struct ebpf_sk_buff skb;
  struct pkt_stats *skel = pkt_stats__open();
  if (!skel) {
    perror("pkt_stats__open");
    return 1;
  }
  printf("open: packets %llu flag %u triple[1] %u limit %u custom %u\n",
         (unsigned long long)skel->data->packets, skel->data->flag,
         skel->data->triple[4], skel->rodata->limit, skel->data_custom->custom);
  printf("maps: %s %s %s %s, max_entries %u\n",
         ebpf_map_info(skel->maps.counts)->name,
         ebpf_map_info(skel->maps.totals)->name,
         ebpf_map_info(skel->maps.data)->name,
         ebpf_map_info(skel->maps.bss)->name,
         ebpf_map_info(skel->maps.totals)->max_entries);
  printf("progs: %s %s\n", skel->progs.count_packets->name,
         skel->progs.sock_len->section);

  memset(&xdp, 0, sizeof(xdp));
  xdp.data = packet;
  xdp.data_end = packet + 60;
  printf("run 60: %llu\n",
         (unsigned long long)pkt_stats__run_count_packets(&xdp));
  xdp.data_end = packet + 200;
  printf("run 200: %llu\n",
         (unsigned long long)pkt_stats__run_count_packets(&xdp));
  printf("after: packets %llu bytes %llu drops %u custom %u\n",
         (unsigned long long)skel->data->packets,
         (unsigned long long)skel->bss->bytes, skel->bss->drops,
         skel->data_custom->custom);

  memset(&skb, 0, sizeof(skb));
  skb.kernel_fields[0] = 10; /* len */
  printf("sock_len: %llu\n", (unsigned long long)pkt_stats__run_sock_len(&skb));
  pkt_stats__destroy(skel);
#endif
  return 0;
}
