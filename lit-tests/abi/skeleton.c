// --skeleton writes a C header for the object (format: compiler/Skeleton.h),
// here named by --object-name. Its global data structs put each global
// variable at the offset llvm-objdump gives its symbol (the static
// variable `hidden` is padding), and a C host that includes it compiles.
// Where the runtime can open objects, the host also runs the programs
// through the skeleton. Expected values, from the program below:
//   open: packets 5, flag 1, triple[1] 2 (byte 4 of the array), limit 100,
//   custom 9;
//   60-byte packet: not above limit, XDP_PASS (2); packets 6, bytes 60,
//   custom 9 + 1 + 2 = 12;
//   200-byte packet: above limit, XDP_DROP (1); packets 7, bytes 260,
//   drops 1;
//   sock_len: len 10 + hidden (7 + 2 increments) = 19.
// REQUIRES: clang-bpf
// RUN: rm -rf %t && mkdir %t && cd %t
// RUN: %clang_bpf -c %s -o prog.bpf.o
// RUN: ebpfc prog.bpf.o --object-name=pkt_stats --skeleton=pkt_stats.skel.h -o prog.o
// RUN: llvm-objdump -t prog.bpf.o > syms.txt
// RUN: cat syms.txt pkt_stats.skel.h | FileCheck %s
// RUN: %host_cc -std=c11 -Wall -Werror -fsyntax-only -I%ebpfc_include -I. -DRUN_PROGRAMS=0 %S/Inputs/skeleton-host.c
// RUN: %host_cc -std=c11 -Wall -Werror -fsyntax-only -I%ebpfc_include -I. %S/Inputs/skeleton-host.c
// RUN: %host_cc -x c++ -Wall -Werror -fsyntax-only -I%ebpfc_include -I. %S/Inputs/skeleton-host.c
// RUN: %if runtime-objects %{ %host_cc -I%ebpfc_include -I. %S/Inputs/skeleton-host.c prog.o %runtime_lib -o host %}
// RUN: %if runtime-objects %{ ./host | FileCheck %s --check-prefix=OUT --match-full-lines %}
//
// Without --object-name the name comes from the file: prog.bpf.o is "prog".
// RUN: ebpfc prog.bpf.o --skeleton=default.h -o default.o
// RUN: FileCheck %s --check-prefix=DEFAULT < default.h
// DEFAULT: extern const struct ebpf_object_desc prog_ebpf_object;
// DEFAULT: struct prog {
// DEFAULT: static inline struct prog *prog__open(void) {

// CHECK-DAG: [[#%x,PACKETS:]] g O .data [[#%x,]] packets
// CHECK-DAG: [[#%x,FLAG:]] g O .data [[#%x,]] flag
// CHECK-DAG: [[#%x,TRIPLE:]] g O .data [[#%x,TRIPLE_SIZE:]] triple
// CHECK-DAG: [[#%x,HIDDEN:]] l O .data [[#%x,]] hidden
//
// CHECK:      #ifndef EBPFC_SKEL_PKT_STATS_H
// CHECK-NEXT: #define EBPFC_SKEL_PKT_STATS_H
// CHECK:      #include <ebpfc/object.h>
// CHECK-NEXT: #include <ebpfc/runtime.h>
// CHECK:      extern "C" {
// CHECK:      extern const struct ebpf_object_desc pkt_stats_ebpf_object;
// CHECK-NEXT: uint64_t count_packets(void *ctx); /* SEC("xdp") */
// CHECK-NEXT: uint64_t sock_len(void *ctx); /* SEC("socket") */
//
// CHECK:      struct pkt_stats__data {
// CHECK-NEXT:   uint64_t packets; /* offset [[#%u,PACKETS]] */
// CHECK-NEXT:   uint8_t flag; /* offset [[#%u,FLAG]] */
// CHECK-NEXT:   uint8_t __pad_[[#%u,FLAG+1]][[[#%u,TRIPLE-FLAG-1]]];
// CHECK-NEXT:   uint8_t triple[[[#%u,TRIPLE_SIZE]]]; /* offset [[#%u,TRIPLE]] */
// CHECK-NEXT:   uint8_t __pad_[[#%u,HIDDEN]][4];
// CHECK-NEXT: };
// CHECK:      struct pkt_stats__rodata {
// CHECK-NEXT:   uint32_t limit; /* offset 0 */
// CHECK-NEXT: };
// CHECK:      struct pkt_stats__data_custom {
// CHECK-NEXT:   uint32_t custom; /* offset 0 */
// CHECK-NEXT: };
// CHECK:      struct pkt_stats__bss {
// CHECK-DAG:    uint64_t bytes;
// CHECK-DAG:    uint32_t drops;
// CHECK:      };
//
// CHECK:      struct pkt_stats {
// CHECK-NEXT:   struct ebpf_object *obj;
// CHECK-NEXT:   struct {
// CHECK-NEXT:     struct ebpf_map *counts;
// CHECK-NEXT:     struct ebpf_map *totals;
// CHECK-NEXT:     struct ebpf_map *data;
// CHECK-NEXT:     struct ebpf_map *rodata;
// CHECK-NEXT:     struct ebpf_map *data_custom;
// CHECK-NEXT:     struct ebpf_map *bss;
// CHECK-NEXT:   } maps;
// CHECK-NEXT:   struct {
// CHECK-NEXT:     const struct ebpf_prog_desc *count_packets;
// CHECK-NEXT:     const struct ebpf_prog_desc *sock_len;
// CHECK-NEXT:   } progs;
// CHECK-NEXT:   struct pkt_stats__data *data;
// CHECK-NEXT:   const struct pkt_stats__rodata *rodata;
// CHECK-NEXT:   struct pkt_stats__data_custom *data_custom;
// CHECK-NEXT:   struct pkt_stats__bss *bss;
// CHECK-NEXT: };
//
// CHECK:      static inline void pkt_stats__destroy(struct pkt_stats *skel) {
// CHECK:      pkt_stats__open_opts(const struct ebpf_object_opts *opts) {
// CHECK:        err = ebpf_object_open(&pkt_stats_ebpf_object, opts, &skel->obj);
// CHECK:        skel->maps.counts = ebpf_object_map_at(skel->obj, 0);
// CHECK:        skel->maps.bss = ebpf_object_map_at(skel->obj, 5);
// CHECK-NEXT:   skel->progs.count_packets = &pkt_stats_ebpf_object.progs[0];
// CHECK-NEXT:   skel->progs.sock_len = &pkt_stats_ebpf_object.progs[1];
// CHECK-NEXT:   skel->data = (struct pkt_stats__data *)pkt_stats_ebpf_object.slots[2].value;
// CHECK-NEXT:   skel->rodata = (const struct pkt_stats__rodata *)pkt_stats_ebpf_object.slots[3].value;
// CHECK-NEXT:   skel->data_custom = (struct pkt_stats__data_custom *)pkt_stats_ebpf_object.slots[4].value;
// CHECK-NEXT:   skel->bss = (struct pkt_stats__bss *)pkt_stats_ebpf_object.slots[5].value;
// CHECK:      static inline struct pkt_stats *pkt_stats__open(void) {
// CHECK:      static inline uint64_t pkt_stats__run_count_packets(struct ebpf_xdp_md *ctx) {
// CHECK-NEXT:   return count_packets(ctx);
// CHECK:      static inline uint64_t pkt_stats__run_sock_len(struct ebpf_sk_buff *ctx) {
// CHECK-NEXT:   return sock_len(ctx);
// CHECK:      #endif /* EBPFC_SKEL_PKT_STATS_H */

// OUT-LABEL: open: packets 5 flag 1 triple[1] 2 limit 100 custom 9
// OUT-NEXT: maps: counts totals .data .bss, max_entries 4
// OUT-NEXT: progs: count_packets socket
// OUT-NEXT: run 60: 2
// OUT-NEXT: run 200: 1
// OUT-NEXT: after: packets 7 bytes 260 drops 1 custom 12
// OUT-NEXT: sock_len: 19

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 16);
} counts SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 4);
} totals SEC(".maps");

__u64 packets = 5;
__u8 flag = 1;
__u32 triple[3] = {1, 2, 3};
static __u32 hidden = 7;
__u32 drops;
__u64 bytes;
const volatile __u32 limit = 100;
__u32 custom SEC(".data.custom") = 9;

SEC("xdp")
int count_packets(struct xdp_md *ctx) {
  unsigned char *data = (void *)(long)ctx->data;
  unsigned char *end = (void *)(long)ctx->data_end;
  packets++;
  hidden++;
  bytes += end - data;
  if (end - data > limit) {
    drops++;
    return XDP_DROP;
  }
  custom += flag + triple[1];
  return XDP_PASS;
}

SEC("socket")
int sock_len(struct __sk_buff *skb) { return skb->len + hidden; }

char _license[] SEC("license") = "GPL";
