/*===- runtime/ringbuf.c - BPF ring buffer maps ---------------------------===//
 *
 * BPF_MAP_TYPE_RINGBUF with the kernel's semantics (kernel/bpf/ringbuf.c):
 * programs reserve a record, fill it and submit or discard it, or copy one
 * in with bpf_ringbuf_output; the host consumes submitted records in order
 * (ebpf_ringbuf_consume). Positions only grow; a record lives at its
 * position modulo the buffer size, behind an 8-byte header whose length
 * word carries the kernel's BUSY (still being written) and DISCARD bits.
 *
 * The kernel maps the data pages twice in a row so that a record that wraps
 * past the end is still contiguous. Here the data area is allocated twice
 * as large instead: a record that wraps continues past the end into the
 * second half, and the bytes at the start of the ring that it occupies
 * stay unused until the consumer has passed it, exactly as the space
 * accounting (producer - consumer <= size) says; the consumer reads every
 * record at its position modulo the size, contiguously. The header's second
 * word holds the record's offset in the buffer, where the kernel keeps a
 * page offset; nothing here needs to get from a record back to its map,
 * since there are no wakeups.
 *
 * Producers (programs, on any thread) serialize on a spinlock for the
 * moment of reserving; submitting is one release store, so a record becomes
 * visible to the consumer only complete. There is one consumer.
 *===----------------------------------------------------------------------===*/

#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum {
  RB_BUSY_BIT = 1u << 31,
  RB_DISCARD_BIT = 1u << 30,
  RB_HDR_SZ = 8,
  RB_PAGE_SIZE = 4096,
  /* The kernel's RINGBUF_MAX_RECORD_SZ. */
  RB_MAX_RECORD_SZ = UINT32_MAX / 4,
  /* bpf_ringbuf_output/submit flags and bpf_ringbuf_query selectors. */
  RB_NO_WAKEUP = 1,
  RB_FORCE_WAKEUP = 2,
  RB_AVAIL_DATA = 0,
  RB_RING_SIZE = 1,
  RB_CONS_POS = 2,
  RB_PROD_POS = 3,
};

static uint64_t round_up8(uint64_t n) { return (n + 7) & ~(uint64_t)7; }

/* ringbuf_map_alloc(): a power-of-two number of pages, no key or value. */
int ebpf_rt_ringbuf_check(const struct ebpf_map_desc *D) {
  if (D->flags & ~(uint32_t)EBPF_F_NUMA_NODE)
    return -EINVAL;
  if (D->key_size || D->value_size || D->max_entries == 0 ||
      (D->max_entries & (D->max_entries - 1)) || D->max_entries % RB_PAGE_SIZE)
    return -EINVAL;
  if (D->initial_value)
    return -EINVAL;
  return 0;
}

int ebpf_rt_ringbuf_create(struct ebpf_map *M) {
  M->storage_size = 2 * (size_t)M->max_entries;
  M->storage = calloc(1, M->storage_size);
  if (!M->storage)
    return -ENOMEM;
  M->rb_mask = M->max_entries - 1;
  atomic_init(&M->rb_producer, 0);
  atomic_init(&M->rb_consumer, 0);
  atomic_init(&M->rb_dropped, 0);
  return 0;
}

static _Atomic uint32_t *header_len(struct ebpf_map *M, uint64_t pos) {
  return (_Atomic uint32_t *)(void *)(M->storage + (pos & M->rb_mask));
}

static void write_header(struct ebpf_map *M, uint64_t pos, uint32_t len) {
  uint32_t offset = (uint32_t)(pos & M->rb_mask);
  memcpy(M->storage + offset + 4, &offset, 4);
  atomic_store_explicit(header_len(M, pos), len, memory_order_relaxed);
}

void *ebpf_rt_ringbuf_reserve(struct ebpf_map *M, uint64_t size,
                              uint64_t flags) {
  uint64_t total, prod, cons;
  if (flags || size > RB_MAX_RECORD_SZ)
    return NULL;
  total = round_up8(size + RB_HDR_SZ);
  if (total > M->max_entries)
    return NULL;
  ebpf_rt_lock(&M->lock);
  prod = atomic_load_explicit(&M->rb_producer, memory_order_relaxed);
  cons = atomic_load_explicit(&M->rb_consumer, memory_order_acquire);
  /* As the kernel: the producer stays less than a whole ring ahead, so a
   * full ring and an empty one never look alike. */
  if (prod + total - cons > M->rb_mask) {
    ebpf_rt_unlock(&M->lock);
    atomic_fetch_add_explicit(&M->rb_dropped, 1, memory_order_relaxed);
    return NULL;
  }
  write_header(M, prod, (uint32_t)size | RB_BUSY_BIT);
  /* The busy header is in place before the consumer can see the new
   * producer position. */
  atomic_store_explicit(&M->rb_producer, prod + total, memory_order_release);
  ebpf_rt_unlock(&M->lock);
  return M->storage + (prod & M->rb_mask) + RB_HDR_SZ;
}

bool ebpf_rt_ringbuf_is_reserved(const struct ebpf_map *M, uint64_t addr) {
  uint64_t rel = addr - 8 - (uint64_t)(uintptr_t)M->storage;
  uint32_t len;
  if (rel >= M->storage_size || rel % 8)
    return false;
  len = atomic_load_explicit((_Atomic uint32_t *)(void *)(M->storage + rel),
                             memory_order_acquire);
  return (len & RB_BUSY_BIT) != 0;
}

static void commit(void *sample, bool discard) {
  uint8_t *hdr = (uint8_t *)sample - RB_HDR_SZ;
  uint32_t len = atomic_load_explicit((_Atomic uint32_t *)(void *)hdr,
                                      memory_order_relaxed);
  len &= ~(uint32_t)RB_BUSY_BIT;
  if (discard)
    len |= RB_DISCARD_BIT;
  /* Releases the record's contents to the consumer. */
  atomic_store_explicit((_Atomic uint32_t *)(void *)hdr, len,
                        memory_order_release);
}

uint64_t ebpf_helper_ringbuf_output(uint64_t map, uint64_t data, uint64_t size,
                                    uint64_t flags, uint64_t unused) {
  struct ebpf_map *M = (struct ebpf_map *)(uintptr_t)map;
  void *rec;
  (void)unused;
  if (flags & ~(uint64_t)(RB_NO_WAKEUP | RB_FORCE_WAKEUP))
    return ebpf_rt_errno_result(-EINVAL);
  rec = ebpf_rt_ringbuf_reserve(M, size, 0);
  if (!rec)
    return ebpf_rt_errno_result(-EAGAIN);
  if (size)
    memcpy(rec, (const void *)(uintptr_t)data, (size_t)size);
  commit(rec, false);
  return 0;
}

uint64_t ebpf_helper_ringbuf_reserve(uint64_t map, uint64_t size,
                                     uint64_t flags, uint64_t unused1,
                                     uint64_t unused2) {
  (void)unused1;
  (void)unused2;
  return (uint64_t)(uintptr_t)ebpf_rt_ringbuf_reserve(
      (struct ebpf_map *)(uintptr_t)map, size, flags);
}

uint64_t ebpf_helper_ringbuf_submit(uint64_t data, uint64_t flags,
                                    uint64_t unused1, uint64_t unused2,
                                    uint64_t unused3) {
  (void)flags;
  (void)unused1;
  (void)unused2;
  (void)unused3;
  commit((void *)(uintptr_t)data, false);
  return 0;
}

uint64_t ebpf_helper_ringbuf_discard(uint64_t data, uint64_t flags,
                                     uint64_t unused1, uint64_t unused2,
                                     uint64_t unused3) {
  (void)flags;
  (void)unused1;
  (void)unused2;
  (void)unused3;
  commit((void *)(uintptr_t)data, true);
  return 0;
}

uint64_t ebpf_helper_ringbuf_query(uint64_t map, uint64_t flags,
                                   uint64_t unused1, uint64_t unused2,
                                   uint64_t unused3) {
  struct ebpf_map *M = (struct ebpf_map *)(uintptr_t)map;
  uint64_t prod = atomic_load_explicit(&M->rb_producer, memory_order_acquire);
  uint64_t cons = atomic_load_explicit(&M->rb_consumer, memory_order_acquire);
  (void)unused1;
  (void)unused2;
  (void)unused3;
  switch (flags) {
  case RB_AVAIL_DATA:
    return prod - cons;
  case RB_RING_SIZE:
    return M->max_entries;
  case RB_CONS_POS:
    return cons;
  case RB_PROD_POS:
    return prod;
  default:
    return 0;
  }
}

/*===-- The host side ----------------------------------------------------===*/

int ebpf_ringbuf_consume(struct ebpf_map *map, ebpf_ringbuf_sample_fn fn,
                         void *ctx) {
  uint64_t cons, prod;
  int count = 0;
  if (!map || map->type != EBPF_MAP_RINGBUF || !fn)
    return -EINVAL;
  cons = atomic_load_explicit(&map->rb_consumer, memory_order_relaxed);
  prod = atomic_load_explicit(&map->rb_producer, memory_order_acquire);
  while (cons < prod) {
    uint32_t len =
        atomic_load_explicit(header_len(map, cons), memory_order_acquire);
    uint32_t size = len & ~(uint32_t)(RB_BUSY_BIT | RB_DISCARD_BIT);
    int stop = 0;
    if (len & RB_BUSY_BIT)
      break; /* records after it wait for it, as in the kernel */
    if (!(len & RB_DISCARD_BIT)) {
      stop = fn(ctx, map->storage + (cons & map->rb_mask) + RB_HDR_SZ, size);
      ++count;
    }
    cons += round_up8(size + RB_HDR_SZ);
    atomic_store_explicit(&map->rb_consumer, cons, memory_order_release);
    if (stop)
      break;
  }
  return count;
}

uint64_t ebpf_ringbuf_dropped(const struct ebpf_map *map) {
  return map && map->type == EBPF_MAP_RINGBUF
             ? atomic_load_explicit(&((struct ebpf_map *)map)->rb_dropped,
                                    memory_order_relaxed)
             : 0;
}
