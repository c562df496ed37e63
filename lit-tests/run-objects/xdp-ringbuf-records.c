// ebpf-run on an XDP object that writes a ring buffer: --maps-out lists the
// submitted records in order (a discarded one is not among them), the same
// whether the object is compiled in process, interpreted, or compiled by
// ebpfc first.
//
// RUN: %clang_bpf -c %s -o %t.bpf.o
// RUN: %python -c "import sys; sys.stdout.buffer.write(bytes([0x11, 0x22, 0x33] + list(range(3, 16))))" > %t.pkt
//
// RUN: ebpf-run %t.bpf.o --data-in %t.pkt --maps-out %t.json | FileCheck %s --check-prefix=RESULT
// RUN: FileCheck %s --check-prefix=MAPS < %t.json
// RUN: ebpf-run %t.bpf.o --interpret --data-in %t.pkt --maps-out %t.interp.json
// RUN: cmp %t.json %t.interp.json
// RUN: ebpfc -c %t.bpf.o -o %t.native.o
// RUN: ebpf-run %t.native.o --data-in %t.pkt --maps-out %t.native.json
// RUN: cmp %t.json %t.native.json
//
// RESULT: Return value: 2, duration (average): {{[0-9]+}}ns
// The first record: bytes 0 and 1 as a u32 (0x2211), the packet's length
// (16); the discarded one (its first byte 0x11 is odd); bpf_ringbuf_output's
// two bytes 02 01.
// MAPS:      "name": "events",
// MAPS-NEXT: "type": "ringbuf",
// MAPS-NEXT: "records": [
// MAPS-NEXT:   "1122000010000000",
// MAPS-NEXT:   "0201"
// MAPS-NEXT: ]

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 4096);
} events SEC(".maps");

SEC("xdp") int prog(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  __u8 *p = data;
  if (p + 4 > (__u8 *)end)
    return XDP_ABORTED;
  __u32 *e = bpf_ringbuf_reserve(&events, 8, 0);
  if (!e)
    return XDP_PASS;
  e[0] = p[0] | p[1] << 8;
  e[1] = (__u32)(end - data);
  bpf_ringbuf_submit(e, 0);
  __u32 *d = bpf_ringbuf_reserve(&events, 4, 0);
  if (d) {
    d[0] = p[0];
    if (p[0] & 1)
      bpf_ringbuf_discard(d, 0);
    else
      bpf_ringbuf_submit(d, 0);
  }
  __u16 tail = 0x0102;
  bpf_ringbuf_output(&events, &tail, sizeof(tail), 0);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
