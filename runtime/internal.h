/*===- runtime/internal.h - What the runtime's files share -------*- C -*-===//
 *
 * Not installed: the map representation that the map code, the object code
 * and the interpreter all look into, the program-side map operations the
 * helpers wrap, and the per-thread state (current CPU, current object, and
 * the interpreter's view of memory while it runs a program).
 *===----------------------------------------------------------------------===*/
#ifndef EBPFRT_INTERNAL_H
#define EBPFRT_INTERNAL_H

#include "ebpfc/object.h"
#include "ebpfc/runtime.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* No element: the end of a bucket chain, free list or LRU list. */
#define EBPF_RT_NIL UINT32_MAX

struct ebpf_map {
  const struct ebpf_map_desc *desc;
  uint32_t type;
  uint32_t key_size;
  uint32_t value_size;
  uint32_t max_entries;
  uint32_t flags;
  uint32_t num_cpus;     /* values per entry of a per-CPU map, else 1 */
  uint32_t value_stride; /* round_up(value_size, 8) */
  bool percpu;
  bool is_hash;
  /* Array maps: max_entries entries of num_cpus values, each value_stride
   * bytes. Hash maps: max_entries + 1 preallocated elements of elem_size
   * bytes (one spare, so that replacing a value never fails), each a
   * struct ebpf_rt_elem, the key (key_stride bytes) and num_cpus values. */
  uint8_t *storage;
  size_t storage_size;
  /* Hash maps only. */
  uint32_t key_stride;
  uint32_t value_offset; /* of the first value within an element */
  uint32_t elem_size;
  uint32_t bucket_mask; /* buckets: a power of two, >= max_entries */
  uint32_t *buckets;    /* first element of each chain */
  uint32_t free_list;
  uint32_t count;
  uint32_t lru_newest, lru_oldest; /* LRU maps: the recency list */
  atomic_flag lock; /* guards all of the above; ring buffers: reserving */
  /* Ring buffers (ringbuf.c): storage is the data area, max_entries bytes. */
  uint32_t rb_mask;
  _Atomic uint64_t rb_producer, rb_consumer, rb_dropped;
};

/* The header of a hash map element. */
struct ebpf_rt_elem {
  uint32_t next; /* in its bucket's chain, or in the free list */
  uint32_t hash;
  uint32_t newer, older; /* LRU maps: neighbours in the recency list */
};

/* Map creation (maps.c): checks DESC as the kernel's map_alloc_check
 * functions do (0 or a negative errno), then allocates all of its memory. */
int ebpf_rt_map_check(const struct ebpf_map_desc *desc);
int ebpf_rt_map_create(struct ebpf_map *map, const struct ebpf_map_desc *desc,
                       uint32_t num_cpus);
void ebpf_rt_map_destroy(struct ebpf_map *map);

/* Ring buffers (ringbuf.c). */
int ebpf_rt_ringbuf_check(const struct ebpf_map_desc *desc);
int ebpf_rt_ringbuf_create(struct ebpf_map *map);
void *ebpf_rt_ringbuf_reserve(struct ebpf_map *map, uint64_t size,
                              uint64_t flags);
/* Walking a map's elements for bpf_for_each_map_elem: zero-initialize, then
 * each ebpf_rt_map_iter_next() gives the next element's key and (for
 * per-CPU maps, the calling thread's) value, until it returns false. Arrays
 * give every index, their key held in the iterator. Hash maps go bucket by
 * bucket, reading the element after the current one before the callback
 * runs (as the kernel's _safe walk), so the callback may delete the current
 * element; if the next one is gone too by then, the rest of its bucket is
 * skipped rather than followed into the free list. */
struct ebpf_rt_map_iter {
  uint32_t bucket; /* arrays: the next index */
  uint32_t pending; /* hash maps: the next element, or EBPF_RT_NIL for the
                       head of BUCKET; zero-initialized means "not started" */
  bool started;
  uint32_t key; /* arrays: the current index */
};
bool ebpf_rt_map_iter_next(struct ebpf_map *map, struct ebpf_rt_map_iter *it,
                           void **key, void **value);

/* Whether ADDR is the data of a record of MAP reserved and not yet
 * submitted or discarded. */
bool ebpf_rt_ringbuf_is_reserved(const struct ebpf_map *map, uint64_t addr);

/* What programs (the helpers) do to maps. Per-CPU maps use the calling
 * thread's CPU. */
void *ebpf_rt_map_lookup_prog(struct ebpf_map *map, const void *key);
int ebpf_rt_map_update_prog(struct ebpf_map *map, const void *key,
                            const void *value, uint64_t flags);
int ebpf_rt_map_delete_prog(struct ebpf_map *map, const void *key);

/* Whether a program may access the SIZE bytes at ADDR as part of one of
 * MAP's values (for writing if WRITE). */
bool ebpf_rt_map_value_access(const struct ebpf_map *map, uint64_t addr,
                              unsigned size, bool write);

/* Objects (object.c). */
uint32_t ebpf_rt_object_num_maps(const struct ebpf_object *obj);
struct ebpf_map *ebpf_rt_object_map(struct ebpf_object *obj, uint32_t index);
/* Whether HANDLE is one of OBJ's maps. */
bool ebpf_rt_object_owns_map(const struct ebpf_object *obj, uint64_t handle);

/* Returns the number of bytes from ADDR, at most MAX, that the program
 * being interpreted may read. */
typedef size_t (*ebpf_rt_readable_fn)(const void *memory, uint64_t addr,
                                      size_t max);

struct ebpf_rt_thread {
  uint32_t cpu;
  struct ebpf_object *object; /* ebpf_set_current_object */
  /* While the interpreter runs a program: which memory the helpers may
   * read where no argument bounds it (bpf_trace_printk's %s). NULL for
   * compiled code, whose pointers the verifier has checked. */
  ebpf_rt_readable_fn readable;
  const void *memory;
};

extern _Thread_local struct ebpf_rt_thread ebpf_rt_thread_state;

/* Where bpf_trace_printk output goes now (see ebpf_set_current_object):
 * the callback is NULL for stderr. */
void ebpf_rt_trace_sink(void (**callback)(const char *, size_t, void *),
                        void **user);

/* A spinlock over an atomic_flag: map updates are short and never block. */
static inline void ebpf_rt_lock(atomic_flag *lock) {
  while (atomic_flag_test_and_set_explicit(lock, memory_order_acquire))
    ;
}
static inline void ebpf_rt_unlock(atomic_flag *lock) {
  atomic_flag_clear_explicit(lock, memory_order_release);
}

/* Helper results: a negative errno becomes a sign-extended 64-bit value. */
static inline uint64_t ebpf_rt_errno_result(int err) {
  return (uint64_t)(int64_t)err;
}

#endif /* EBPFRT_INTERNAL_H */
