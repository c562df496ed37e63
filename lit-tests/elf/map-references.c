// lddw of a map becomes src_reg 5 (BPF_PSEUDO_MAP_IDX) with the map's index
// in imm; lddw of global data becomes src_reg 6 (BPF_PSEUDO_MAP_IDX_VALUE)
// with the index of the section's map; lddw of a function becomes src_reg 4
// (BPF_PSEUDO_FUNC) with a relative offset. Maps are numbered as libbpf
// orders them: legacy "maps", then ".maps", then global data sections in
// section order (.data, .rodata, .bss here).
// RUN: %clang_bpf -c %s -o %t.o
// RUN: ebpfc --disassemble %t.o | FileCheck %s --match-full-lines

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_map_def {
  unsigned int type, key_size, value_size, max_entries, map_flags;
};
struct bpf_map_def SEC("maps") legacy = {
    .type = BPF_MAP_TYPE_HASH, .key_size = 4, .value_size = 4,
    .max_entries = 8};

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 2);
} btf_array SEC(".maps");

__u64 hits = 1;
const volatile __u32 limit = 9;
__u32 misses;

static int tick(__u32 index, void *ctx) { return 0; }

// CHECK-LABEL: <xdp_refs>:
// CHECK:       {{ +}}[[#]]: ld_pseudo r1, 0x5, 0x1
// CHECK:       {{ +}}[[#]]: ld_pseudo r1, 0x5, 0x0
// CHECK:       {{ +}}[[#]]: ld_pseudo r{{[0-9]}}, 0x6, 0x2
// CHECK:       {{ +}}[[#]]: ld_pseudo r{{[0-9]}}, 0x6, 0x3
// CHECK:       {{ +}}[[#]]: ld_pseudo r{{[0-9]}}, 0x6, 0x4
// CHECK:       {{ +}}[[#]]: ld_pseudo r2, 0x4, 0x{{[0-9a-f]+}}
SEC("xdp")
int xdp_refs(struct xdp_md *ctx) {
  __u32 key = 0;
  bpf_map_lookup_elem(&btf_array, &key);
  bpf_map_lookup_elem(&legacy, &key);
  hits++;
  if (ctx->ingress_ifindex > limit)
    misses++;
  bpf_loop(4, tick, 0, 0);
  return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
