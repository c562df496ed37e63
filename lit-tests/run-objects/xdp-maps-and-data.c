// ebpf-run on an XDP object with a hash map, global data and
// bpf_xdp_adjust_head: the return value, the packet afterwards and every
// map's entries (--maps-out, DESIGN.md's JSON), the same whether the object
// is compiled in process, interpreted, or compiled by ebpfc first.
//
// RUN: %clang_bpf -c %s -o %t.bpf.o
// RUN: %python -c "import sys; sys.stdout.buffer.write(bytes(range(7, 23)))" > %t.pkt
//
// RUN: ebpf-run %t.bpf.o --data-in %t.pkt --data-out %t.out --maps-out %t.json \
// RUN:   | FileCheck %s --check-prefix=RESULT
// RUN: FileCheck %s --check-prefix=MAPS < %t.json
// RUN: %python -c "import sys; d = open(sys.argv[1], 'rb').read(); print(len(d), d[0])" %t.out \
// RUN:   | FileCheck %s --check-prefix=DATA
//
// RUN: ebpf-run %t.bpf.o --interpret --data-in %t.pkt --data-out %t.interp.out --maps-out %t.interp.json \
// RUN:   | FileCheck %s --check-prefix=RESULT
// RUN: cmp %t.json %t.interp.json
// RUN: cmp %t.out %t.interp.out
//
// RUN: ebpfc -c %t.bpf.o -o %t.native.o
// RUN: ebpf-run %t.native.o --data-in %t.pkt --data-out %t.native.out --maps-out %t.native.json \
// RUN:   | FileCheck %s --check-prefix=RESULT
// RUN: cmp %t.json %t.native.json
// RUN: cmp %t.out %t.native.out
//
// The first byte is 7 > limit (3): XDP_DROP (1).
// RESULT: Return value: 1, duration (average): {{[0-9]+}}ns
//
// counts[7] = 1 (u32 key 7, u64 value 1, little-endian); total = 5 + 7;
// limit stays 3.
// MAPS:      "name": "counts",
// MAPS-NEXT: "type": "hash",
// MAPS:      "key": "07000000",
// MAPS-NEXT: "value": "0100000000000000"
// MAPS:      "name": ".data",
// MAPS-NEXT: "type": "array",
// MAPS:      "key": "00000000",
// MAPS-NEXT: "value": "0c00000000000000"
// MAPS:      "name": ".rodata",
// MAPS:      "value": "03000000"
//
// adjust_head(1) drops the first byte: 15 bytes left, starting with 8.
// DATA: 15 8
//
// Running native code needs it to be for this host; --interpret needs
// bytecode; both are usage errors.
// RUN: ebpfc -c --target=aarch64-linux-gnu %t.bpf.o -o %t.a64.o
// RUN: %expect_exit 1 ebpf-run %t.a64.o --data-in %t.pkt 2>&1 | FileCheck %s --check-prefix=ARCH
// ARCH: error: {{.*}}a64.o: compiled for aarch64; this host is x86_64
// RUN: %expect_exit 2 ebpf-run %t.native.o --interpret 2>&1 | FileCheck %s --check-prefix=INTERP
// INTERP: error: {{.*}}native.o is native code compiled by ebpfc; --interpret needs BPF bytecode
//
// REQUIRES: host-x86_64

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 16);
  __type(key, __u32);
  __type(value, __u64);
} counts SEC(".maps");

__u64 total = 5;
const volatile __u32 limit = 3;

SEC("xdp") int count_first_byte(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  if (data + 2 > end)
    return XDP_ABORTED;
  __u32 k = *(unsigned char *)data;
  __u64 *v = bpf_map_lookup_elem(&counts, &k), one = 1;
  if (v)
    __sync_fetch_and_add(v, 1);
  else
    bpf_map_update_elem(&counts, &k, &one, BPF_ANY);
  total += k;
  if (bpf_xdp_adjust_head(ctx, 1))
    return XDP_ABORTED;
  return k > limit ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
