// Ring buffer semantics, for the kernel differential tests: records
// reserved, written from the packet and submitted, or discarded, depending
// on its bytes; bpf_ringbuf_output of a stack buffer whose size comes from
// the packet; a reservation larger than the ring can ever hold (NULL); a
// second large reservation while the first is still held, which fails
// because the producer must stay less than a ring ahead of the consumer;
// and bpf_ringbuf_query's answers while records are held. The records each
// frame leaves are compared, in order, after the frame.
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 4096);
} events SEC(".maps");

struct event {
  __u32 len;
  __u8 head[8];
  __u64 avail; // bpf_ringbuf_query(BPF_RB_AVAIL_DATA) with this record held
};

// Outcomes of the last frame.
__s64 output_rc;
__u32 big_failed, second_failed, ring_size;

SEC("xdp")
int xdp_ringbuf(struct xdp_md *ctx) {
  __u8 *data = (__u8 *)(long)ctx->data;
  __u8 *end = (__u8 *)(long)ctx->data_end;
  if (data + 16 > end)
    return XDP_ABORTED;

  struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
  if (!e)
    return XDP_DROP;
  e->len = end - data;
  __builtin_memcpy(e->head, data, 8);
  e->avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
  ring_size = bpf_ringbuf_query(&events, BPF_RB_RING_SIZE);

  // Never fits: more than the ring.
  void *big = bpf_ringbuf_reserve(&events, 5000, 0);
  big_failed = big == 0;
  if (big)
    bpf_ringbuf_discard(big, 0);

  // With e (40 bytes) held, 3000 + 2000 bytes would put the producer more
  // than a ring ahead.
  void *first = bpf_ringbuf_reserve(&events, 3000, 0);
  if (first) {
    void *second = bpf_ringbuf_reserve(&events, 2000, 0);
    second_failed = second == 0;
    if (second)
      bpf_ringbuf_discard(second, 0);
    bpf_ringbuf_discard(first, 0);
  }

  // The packet's byte 8 decides: odd discards the event.
  if (data[8] & 1)
    bpf_ringbuf_discard(e, 0);
  else
    bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);

  __u8 buf[16];
  __builtin_memcpy(buf, data, 16);
  __u32 n = data[9] & 15;
  output_rc = bpf_ringbuf_output(&events, buf, n, 0);
  // Undefined flags are refused.
  if (data[10] == 0xff)
    output_rc = bpf_ringbuf_output(&events, buf, 4, 4);
  return XDP_PASS;
}
