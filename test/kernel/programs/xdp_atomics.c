// Atomic operations on map values and global data, for the kernel
// differential tests (compiled with -mcpu=v3 and -mcpu=v4, which have the
// fetch forms). Operands come from the packet's bytes, and the old values
// the fetch forms return feed the verdict and further state, so a wrong
// fetched value or a wrong stored value both show up.
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct cells {
  __u64 add;
  __u64 or_bits;
  __u64 and_bits;
  __u64 xor_bits;
  __u64 cmpxchg;
  __u64 xchg;
  __u32 add32;
  __u32 or32;
  __u32 and32;
  __u32 xor32;
  __u32 cmpxchg32;
  __u32 xchg32;
  __u64 fetched_sum; // what the fetch forms returned, folded
};

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, struct cells);
  __uint(max_entries, 4);
} atomic_cells SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 16);
} by_first_byte SEC(".maps");

// Global data updated atomically too.
__u64 global_sum = 0x100;
__u32 global_flags;
__u64 global_last;

static __attribute__((noinline)) __u64 load_u64(const __u8 *p,
                                                const void *end) {
  if ((const void *)(p + 8) > end)
    return 0;
  return (__u64)p[0] | (__u64)p[1] << 8 | (__u64)p[2] << 16 |
         (__u64)p[3] << 24 | (__u64)p[4] << 32 | (__u64)p[5] << 40 |
         (__u64)p[6] << 48 | (__u64)p[7] << 56;
}

SEC("xdp")
int xdp_atomics(struct xdp_md *ctx) {
  const __u8 *data = (void *)(long)ctx->data;
  const void *data_end = (void *)(long)ctx->data_end;
  __u32 len = data_end - (const void *)data;
  if ((const void *)(data + 14) > data_end)
    return XDP_ABORTED;
  __u64 a = load_u64(data, data_end) ^ len;
  __u64 b = load_u64(data + 6, data_end) + len;
  __u32 key = data[12] & 3;
  struct cells *c = bpf_map_lookup_elem(&atomic_cells, &key);
  if (!c)
    return XDP_ABORTED;

  __u64 fetched = 0;
  __sync_fetch_and_add(&c->add, len); // result unused: plain add
  fetched += __sync_fetch_and_add(&c->add, a & 0xff);
  fetched ^= __sync_fetch_and_or(&c->or_bits, 1ull << (b & 63));
  fetched += __sync_fetch_and_and(&c->and_bits, ~(1ull << (a & 63)));
  fetched ^= __sync_fetch_and_xor(&c->xor_bits, a);
  // Succeeds only when the cell still holds what the previous packet put
  // there (or 0 at first), so alternate packets see both outcomes.
  __u64 expected = c->cmpxchg;
  if (len & 1)
    expected += 1;
  fetched += __sync_val_compare_and_swap(&c->cmpxchg, expected, b);
  fetched ^= __sync_lock_test_and_set(&c->xchg, a + b);

  __u32 a32 = (__u32)a, b32 = (__u32)(b >> 7);
  __sync_fetch_and_add(&c->add32, 3);
  fetched += __sync_fetch_and_add(&c->add32, a32);
  fetched ^= __sync_fetch_and_or(&c->or32, b32);
  fetched += __sync_fetch_and_and(&c->and32, ~b32 | 0xff000000u);
  fetched ^= (__u64)__sync_fetch_and_xor(&c->xor32, a32 ^ b32) << 17;
  __u32 expected32 = c->cmpxchg32;
  if (len & 2)
    expected32 ^= 0x40;
  fetched += __sync_val_compare_and_swap(&c->cmpxchg32, expected32, a32 + len);
  fetched ^= __sync_lock_test_and_set(&c->xchg32, b32);
  c->fetched_sum += fetched;

  // An and/or with a constant into a word the flags start with, and a
  // 64-bit add whose result is used by the verdict.
  __sync_fetch_and_or(&c->and_bits, 0);
  if (c->and_bits == 0)
    __sync_fetch_and_or(&c->and_bits, ~0ull);
  __u32 old_flags = __sync_fetch_and_or(&global_flags, 1u << (len & 31));
  __u64 old_sum = __sync_fetch_and_add(&global_sum, fetched & 0xffff);
  global_last = __sync_lock_test_and_set(&global_last, old_sum ^ old_flags);

  __u32 first = data[0];
  __u64 zero = 0;
  __u64 *slot = bpf_map_lookup_elem(&by_first_byte, &first);
  if (!slot) {
    bpf_map_update_elem(&by_first_byte, &first, &zero, BPF_NOEXIST);
    slot = bpf_map_lookup_elem(&by_first_byte, &first);
  }
  if (slot)
    __sync_fetch_and_add(slot, len);

  return (fetched ^ old_sum ^ old_flags) % 5;
}
