/*===- runtime/maps.c - Array, hash, per-CPU and LRU hash maps ------------===//
 *
 * The map types ebpfc supports, with the kernel's semantics and error codes
 * (kernel/bpf/arraymap.c and hashtab.c; ring buffers are in ringbuf.c and
 * have none of these operations), for both sides: the host API of
 * object.h (whose per-CPU values travel as the kernel's syscall lays them
 * out) and the operations the map helpers perform for programs.
 *
 * All memory is allocated when a map is created. Arrays are one block of
 * entries. Hash maps are preallocated like the kernel's default: a pool of
 * max_entries + 1 elements threaded on a free list, and a power-of-two
 * array of bucket chains, all linked by element index. The one spare
 * element lets an update of an existing key build the new value aside and
 * swap it in, so that a program reading the old value through a pointer it
 * got from a lookup never sees half of an update (the kernel replaces
 * elements the same way). Per-CPU values are updated in place, as in the
 * kernel. LRU maps keep an exact recency list through the elements
 * (the kernel's is an approximation of it): lookups and updates from
 * programs make an element the newest, host lookups do not, and inserting
 * into a full map evicts the oldest element instead of failing.
 *
 * Programs may run on several threads at once. Array values are plain
 * memory, as in the kernel. A hash map's chains, free list and recency
 * list are guarded by one spinlock per map; a lookup returns a pointer
 * into the preallocated pool, which stays valid memory for the map's life.
 *===----------------------------------------------------------------------===*/

#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The kernel's limits, on x86-64 and AArch64 with 4 KiB pages. */
enum {
  KMALLOC_MAX_SIZE = 4 << 20,
  HTAB_ELEM_HEADER = 48, /* sizeof(struct htab_elem) */
  PCPU_MIN_UNIT_SIZE = 32 << 10,
  MAX_BUCKETS = 1 << 28, /* U32_MAX / sizeof(struct bucket) */
};

#define ACCESS_FLAGS                                                           \
  (EBPF_F_RDONLY | EBPF_F_WRONLY | EBPF_F_RDONLY_PROG | EBPF_F_WRONLY_PROG)
#define ARRAY_CREATE_FLAGS (EBPF_F_NUMA_NODE | EBPF_F_MMAPABLE | ACCESS_FLAGS)
#define HASH_CREATE_FLAGS                                                      \
  (EBPF_F_NO_PREALLOC | EBPF_F_NO_COMMON_LRU | EBPF_F_NUMA_NODE |              \
   ACCESS_FLAGS | EBPF_F_ZERO_SEED)

static uint64_t round_up8(uint64_t n) { return (n + 7) & ~(uint64_t)7; }

/* bpf_map_flags_access_ok() and bpf_get_file_flag(): a map cannot be both
 * read-only and write-only, for programs or for the host. */
static bool access_flags_ok(uint32_t flags) {
  return (flags & (EBPF_F_RDONLY_PROG | EBPF_F_WRONLY_PROG)) !=
             (EBPF_F_RDONLY_PROG | EBPF_F_WRONLY_PROG) &&
         (flags & (EBPF_F_RDONLY | EBPF_F_WRONLY)) !=
             (EBPF_F_RDONLY | EBPF_F_WRONLY);
}

/* array_map_alloc_check() and htab_map_alloc_check(), in their order. */
int ebpf_rt_map_check(const struct ebpf_map_desc *D) {
  bool percpu, lru;
  if (!D->name)
    return -EINVAL;
  switch (D->type) {
  case EBPF_MAP_RINGBUF:
    return ebpf_rt_ringbuf_check(D);
  case EBPF_MAP_ARRAY:
  case EBPF_MAP_PERCPU_ARRAY:
    percpu = D->type == EBPF_MAP_PERCPU_ARRAY;
    if (D->max_entries == 0 || D->key_size != 4 || D->value_size == 0 ||
        (D->flags & ~ARRAY_CREATE_FLAGS) || !access_flags_ok(D->flags) ||
        (percpu && (D->flags & (EBPF_F_NUMA_NODE | EBPF_F_MMAPABLE))))
      return -EINVAL;
    if (D->value_size > INT_MAX)
      return -E2BIG;
    if (percpu && round_up8(D->value_size) > PCPU_MIN_UNIT_SIZE)
      return -E2BIG;
    break;
  case EBPF_MAP_HASH:
  case EBPF_MAP_PERCPU_HASH:
  case EBPF_MAP_LRU_HASH:
    percpu = D->type == EBPF_MAP_PERCPU_HASH;
    lru = D->type == EBPF_MAP_LRU_HASH;
    if ((D->flags & ~HASH_CREATE_FLAGS) || !access_flags_ok(D->flags))
      return -EINVAL;
    if (!lru && (D->flags & EBPF_F_NO_COMMON_LRU))
      return -EINVAL;
    if (lru && (D->flags & EBPF_F_NO_PREALLOC))
      return -EBPF_ENOTSUPP;
    if ((D->flags & EBPF_F_NUMA_NODE) &&
        (percpu || (D->flags & EBPF_F_NO_COMMON_LRU)))
      return -EINVAL;
    if (D->max_entries == 0 || D->key_size == 0 || D->value_size == 0)
      return -EINVAL;
    if ((uint64_t)D->key_size + D->value_size >=
        KMALLOC_MAX_SIZE - HTAB_ELEM_HEADER)
      return -E2BIG;
    if (percpu && round_up8(D->value_size) > PCPU_MIN_UNIT_SIZE)
      return -E2BIG;
    if (D->max_entries > MAX_BUCKETS)
      return -E2BIG;
    break;
  default:
    return -EINVAL;
  }
  /* Only global data (an array map) starts with contents. */
  if (D->initial_value && D->type != EBPF_MAP_ARRAY)
    return -EINVAL;
  return 0;
}

static struct ebpf_rt_elem *elem(const struct ebpf_map *M, uint32_t index) {
  return (struct ebpf_rt_elem *)(void *)(M->storage +
                                         (size_t)index * M->elem_size);
}
static uint8_t *elem_key(const struct ebpf_map *M, uint32_t index) {
  return M->storage + (size_t)index * M->elem_size +
         sizeof(struct ebpf_rt_elem);
}
static uint8_t *elem_values(const struct ebpf_map *M, uint32_t index) {
  return M->storage + (size_t)index * M->elem_size + M->value_offset;
}

int ebpf_rt_map_create(struct ebpf_map *M, const struct ebpf_map_desc *D,
                       uint32_t num_cpus) {
  uint64_t bytes, values_per_entry;
  uint32_t i, buckets;
  memset(M, 0, sizeof(*M));
  atomic_flag_clear(&M->lock);
  M->desc = D;
  M->type = D->type;
  M->key_size = D->key_size;
  M->value_size = D->value_size;
  M->max_entries = D->max_entries;
  M->flags = D->flags;
  M->percpu =
      D->type == EBPF_MAP_PERCPU_ARRAY || D->type == EBPF_MAP_PERCPU_HASH;
  M->is_hash = D->type != EBPF_MAP_ARRAY && D->type != EBPF_MAP_PERCPU_ARRAY;
  M->num_cpus = M->percpu ? num_cpus : 1;
  M->value_stride = (uint32_t)round_up8(D->value_size);
  values_per_entry = (uint64_t)M->num_cpus * M->value_stride;
  M->free_list = M->lru_newest = M->lru_oldest = EBPF_RT_NIL;
  if (D->type == EBPF_MAP_RINGBUF) {
    M->is_hash = false;
    return ebpf_rt_ringbuf_create(M);
  }

  if (!M->is_hash) {
    bytes = D->max_entries * values_per_entry;
    if (values_per_entry && bytes / values_per_entry != D->max_entries)
      return -ENOMEM;
  } else {
    uint64_t elem_size;
    M->key_stride = (uint32_t)round_up8(D->key_size);
    M->value_offset = (uint32_t)sizeof(struct ebpf_rt_elem) + M->key_stride;
    elem_size = M->value_offset + values_per_entry;
    if (elem_size > UINT32_MAX)
      return -ENOMEM;
    M->elem_size = (uint32_t)elem_size;
    bytes = ((uint64_t)D->max_entries + 1) * elem_size;
    if (bytes / elem_size != (uint64_t)D->max_entries + 1)
      return -ENOMEM;
  }
  if (bytes > SIZE_MAX / 2)
    return -ENOMEM;
  M->storage = calloc(1, (size_t)bytes);
  if (!M->storage)
    return -ENOMEM;
  M->storage_size = (size_t)bytes;

  if (M->is_hash) {
    for (buckets = 1; buckets < D->max_entries; buckets <<= 1)
      ;
    M->bucket_mask = buckets - 1;
    M->buckets = malloc((size_t)buckets * sizeof(uint32_t));
    if (!M->buckets) {
      free(M->storage);
      M->storage = NULL;
      return -ENOMEM;
    }
    for (i = 0; i < buckets; ++i)
      M->buckets[i] = EBPF_RT_NIL;
    for (i = 0; i <= D->max_entries; ++i)
      elem(M, i)->next = i < D->max_entries ? i + 1 : EBPF_RT_NIL;
    M->free_list = 0;
  }
  if (D->initial_value)
    memcpy(M->storage, D->initial_value, D->value_size);
  return 0;
}

void ebpf_rt_map_destroy(struct ebpf_map *M) {
  free(M->storage);
  free(M->buckets);
  M->storage = NULL;
  M->buckets = NULL;
}

/*===-- Hash maps --------------------------------------------------------===*/

/* FNV-1a with a final avalanche (MurmurHash3's fmix32), so that the low
 * bits that pick the bucket depend on every key byte. Unlike the kernel's
 * jhash it has no random seed: iteration order is reproducible. */
static uint32_t hash_key(const uint8_t *key, uint32_t size) {
  uint32_t h = 2166136261u, i;
  for (i = 0; i < size; ++i) {
    h ^= key[i];
    h *= 16777619u;
  }
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

/* The element holding KEY, or EBPF_RT_NIL; *PREV gets its predecessor in
 * the chain (EBPF_RT_NIL for the first). Called with the lock held. */
static uint32_t hash_find(const struct ebpf_map *M, const void *key,
                          uint32_t hash, uint32_t *prev) {
  uint32_t before = EBPF_RT_NIL, i = M->buckets[hash & M->bucket_mask];
  while (i != EBPF_RT_NIL) {
    const struct ebpf_rt_elem *E = elem(M, i);
    if (E->hash == hash && memcmp(elem_key(M, i), key, M->key_size) == 0)
      break;
    before = i;
    i = E->next;
  }
  if (prev)
    *prev = before;
  return i;
}

static void lru_unlink(struct ebpf_map *M, uint32_t i) {
  struct ebpf_rt_elem *E = elem(M, i);
  if (E->newer != EBPF_RT_NIL)
    elem(M, E->newer)->older = E->older;
  else
    M->lru_newest = E->older;
  if (E->older != EBPF_RT_NIL)
    elem(M, E->older)->newer = E->newer;
  else
    M->lru_oldest = E->newer;
}

static void lru_push_newest(struct ebpf_map *M, uint32_t i) {
  struct ebpf_rt_elem *E = elem(M, i);
  E->newer = EBPF_RT_NIL;
  E->older = M->lru_newest;
  if (M->lru_newest != EBPF_RT_NIL)
    elem(M, M->lru_newest)->newer = i;
  else
    M->lru_oldest = i;
  M->lru_newest = i;
}

static void lru_touch(struct ebpf_map *M, uint32_t i) {
  if (M->type == EBPF_MAP_LRU_HASH && M->lru_newest != i) {
    lru_unlink(M, i);
    lru_push_newest(M, i);
  }
}

/* Unlinks element I (whose chain predecessor is PREV) and frees it. */
static void hash_remove(struct ebpf_map *M, uint32_t i, uint32_t prev) {
  struct ebpf_rt_elem *E = elem(M, i);
  if (prev == EBPF_RT_NIL)
    M->buckets[E->hash & M->bucket_mask] = E->next;
  else
    elem(M, prev)->next = E->next;
  if (M->type == EBPF_MAP_LRU_HASH)
    lru_unlink(M, i);
  E->next = M->free_list;
  M->free_list = i;
  --M->count;
}

static void lru_evict_oldest(struct ebpf_map *M) {
  uint32_t victim = M->lru_oldest, prev;
  hash_find(M, elem_key(M, victim), elem(M, victim)->hash, &prev);
  hash_remove(M, victim, prev);
}

/* Writes VALUE into the values DST of an element or array entry: for the
 * host (ALL_CPUS) every CPU's value from the syscall layout; for a program
 * the value of CPU CPU. */
static void write_values(const struct ebpf_map *M, uint8_t *dst,
                         const uint8_t *value, bool all_cpus, uint32_t cpu) {
  uint32_t c;
  if (!M->percpu) {
    memcpy(dst, value, M->value_size);
  } else if (all_cpus) {
    for (c = 0; c < M->num_cpus; ++c)
      memcpy(dst + (size_t)c * M->value_stride,
             value + (size_t)c * M->value_stride, M->value_size);
  } else {
    memcpy(dst + (size_t)cpu * M->value_stride, value, M->value_size);
  }
}

static int hash_update(struct ebpf_map *M, const void *key, const void *value,
                       uint64_t flags, bool all_cpus, uint32_t cpu) {
  uint32_t hash = hash_key(key, M->key_size), prev, old, fresh;
  struct ebpf_rt_elem *E;
  int err = 0;
  ebpf_rt_lock(&M->lock);
  old = hash_find(M, key, hash, &prev);
  /* check_flags() */
  if (old != EBPF_RT_NIL && flags == EBPF_NOEXIST) {
    err = -EEXIST;
    goto out;
  }
  if (old == EBPF_RT_NIL && flags == EBPF_EXIST) {
    err = -ENOENT;
    goto out;
  }
  if (old != EBPF_RT_NIL && M->percpu) {
    write_values(M, elem_values(M, old), value, all_cpus, cpu);
    goto out;
  }
  if (old == EBPF_RT_NIL && M->count == M->max_entries) {
    if (M->type != EBPF_MAP_LRU_HASH) {
      err = -E2BIG;
      goto out;
    }
    lru_evict_oldest(M);
  }
  /* The pool has one element more than the map may hold. */
  fresh = M->free_list;
  E = elem(M, fresh);
  M->free_list = E->next;
  E->hash = hash;
  memcpy(elem_key(M, fresh), key, M->key_size);
  /* A program's insert into a per-CPU map zeroes the other CPUs' values,
   * as the kernel's pcpu_init_value() does; the padding stays zero. */
  memset(elem_values(M, fresh), 0, M->elem_size - M->value_offset);
  write_values(M, elem_values(M, fresh), value, all_cpus, cpu);
  if (old != EBPF_RT_NIL) {
    /* Swap the new element into the old one's place in its chain. */
    E->next = elem(M, old)->next;
    if (prev == EBPF_RT_NIL)
      M->buckets[hash & M->bucket_mask] = fresh;
    else
      elem(M, prev)->next = fresh;
    if (M->type == EBPF_MAP_LRU_HASH)
      lru_unlink(M, old);
    elem(M, old)->next = M->free_list;
    M->free_list = old;
  } else {
    E->next = M->buckets[hash & M->bucket_mask];
    M->buckets[hash & M->bucket_mask] = fresh;
    ++M->count;
  }
  if (M->type == EBPF_MAP_LRU_HASH)
    lru_push_newest(M, fresh);
out:
  ebpf_rt_unlock(&M->lock);
  return err;
}

static int hash_delete(struct ebpf_map *M, const void *key) {
  uint32_t hash = hash_key(key, M->key_size), prev, i;
  ebpf_rt_lock(&M->lock);
  i = hash_find(M, key, hash, &prev);
  if (i != EBPF_RT_NIL)
    hash_remove(M, i, prev);
  ebpf_rt_unlock(&M->lock);
  return i == EBPF_RT_NIL ? -ENOENT : 0;
}

/*===-- Arrays -----------------------------------------------------------===*/

static uint32_t array_index(const void *key) {
  uint32_t index;
  memcpy(&index, key, sizeof(index));
  return index;
}

static uint8_t *array_values(const struct ebpf_map *M, uint32_t index) {
  return M->storage + (size_t)index * M->num_cpus * M->value_stride;
}

static int array_update(struct ebpf_map *M, const void *key, const void *value,
                        uint64_t flags, bool all_cpus, uint32_t cpu) {
  uint32_t index = array_index(key);
  /* All entries exist from the start and none can be added. */
  if (index >= M->max_entries)
    return -E2BIG;
  if (flags == EBPF_NOEXIST)
    return -EEXIST;
  write_values(M, array_values(M, index), value, all_cpus, cpu);
  return 0;
}

/*===-- What programs do -------------------------------------------------===*/

static bool current_cpu(const struct ebpf_map *M, uint32_t *cpu) {
  *cpu = M->percpu ? ebpf_rt_thread_state.cpu : 0;
  return *cpu < M->num_cpus;
}

void *ebpf_rt_map_lookup_prog(struct ebpf_map *M, const void *key) {
  uint32_t cpu, i;
  uint8_t *values = NULL;
  /* Ring buffers have no elements (the verifier refuses the call). */
  if (M->type == EBPF_MAP_RINGBUF || !current_cpu(M, &cpu))
    return NULL;
  if (!M->is_hash) {
    uint32_t index = array_index(key);
    return index < M->max_entries
               ? array_values(M, index) + (size_t)cpu * M->value_stride
               : NULL;
  }
  ebpf_rt_lock(&M->lock);
  i = hash_find(M, key, hash_key(key, M->key_size), NULL);
  if (i != EBPF_RT_NIL) {
    lru_touch(M, i);
    values = elem_values(M, i) + (size_t)cpu * M->value_stride;
  }
  ebpf_rt_unlock(&M->lock);
  return values;
}

int ebpf_rt_map_update_prog(struct ebpf_map *M, const void *key,
                            const void *value, uint64_t flags) {
  uint32_t cpu;
  if (flags > EBPF_EXIST || M->type == EBPF_MAP_RINGBUF)
    return -EINVAL;
  if (M->flags & EBPF_F_RDONLY_PROG)
    return -EPERM;
  if (!current_cpu(M, &cpu))
    return -EINVAL;
  return M->is_hash ? hash_update(M, key, value, flags, false, cpu)
                    : array_update(M, key, value, flags, false, cpu);
}

int ebpf_rt_map_delete_prog(struct ebpf_map *M, const void *key) {
  if (M->type == EBPF_MAP_RINGBUF)
    return -EINVAL;
  if (M->flags & EBPF_F_RDONLY_PROG)
    return -EPERM;
  /* Array entries always exist. */
  return M->is_hash ? hash_delete(M, key) : -EINVAL;
}

bool ebpf_rt_map_value_access(const struct ebpf_map *M, uint64_t addr,
                              unsigned size, bool write) {
  uint64_t rel = addr - (uint64_t)(uintptr_t)M->storage, within;
  if (rel >= M->storage_size || (write && (M->flags & EBPF_F_RDONLY_PROG)))
    return false;
  /* Ring buffers: anywhere in the data area, where records live. */
  if (M->type == EBPF_MAP_RINGBUF)
    return rel + size <= M->storage_size;
  within = rel;
  if (M->is_hash) {
    within = rel % M->elem_size;
    if (within < M->value_offset)
      return false;
    within -= M->value_offset;
  }
  /* Within one value, not in the padding that rounds it up to 8 bytes. */
  return within % M->value_stride + size <= M->value_size;
}

/*===-- Iterating (bpf_for_each_map_elem) --------------------------------===*/

static bool in_chain(const struct ebpf_map *M, uint32_t bucket, uint32_t e) {
  uint32_t i;
  for (i = M->buckets[bucket]; i != EBPF_RT_NIL; i = elem(M, i)->next)
    if (i == e)
      return true;
  return false;
}

bool ebpf_rt_map_iter_next(struct ebpf_map *M, struct ebpf_rt_map_iter *it,
                           void **key, void **value) {
  uint32_t cpu, e;
  if (M->type == EBPF_MAP_RINGBUF || !current_cpu(M, &cpu))
    return false;
  if (!it->started) {
    it->started = true;
    it->bucket = 0;
    it->pending = EBPF_RT_NIL;
  }
  if (!M->is_hash) {
    if (it->bucket >= M->max_entries)
      return false;
    it->key = it->bucket++;
    *key = &it->key;
    *value = array_values(M, it->key) + (size_t)cpu * M->value_stride;
    return true;
  }
  ebpf_rt_lock(&M->lock);
  e = it->pending;
  if (e != EBPF_RT_NIL && !in_chain(M, it->bucket, e)) {
    e = EBPF_RT_NIL;
    ++it->bucket;
  }
  while (e == EBPF_RT_NIL && it->bucket <= M->bucket_mask) {
    e = M->buckets[it->bucket];
    if (e == EBPF_RT_NIL)
      ++it->bucket;
  }
  if (e == EBPF_RT_NIL) {
    ebpf_rt_unlock(&M->lock);
    return false;
  }
  it->pending = elem(M, e)->next;
  if (it->pending == EBPF_RT_NIL)
    ++it->bucket;
  ebpf_rt_unlock(&M->lock);
  *key = elem_key(M, e);
  *value = elem_values(M, e) + (size_t)cpu * M->value_stride;
  return true;
}

uint64_t ebpf_helper_for_each_map_elem(uint64_t map, uint64_t callback,
                                       uint64_t ctx, uint64_t flags,
                                       uint64_t unused) {
  struct ebpf_map *M = (struct ebpf_map *)(uintptr_t)map;
  ebpf_helper_fn fn = (ebpf_helper_fn)(uintptr_t)callback;
  struct ebpf_rt_map_iter it;
  void *key, *value;
  uint64_t n = 0;
  (void)unused;
  if (flags)
    return ebpf_rt_errno_result(-EINVAL);
  memset(&it, 0, sizeof(it));
  while (ebpf_rt_map_iter_next(M, &it, &key, &value)) {
    ++n;
    if (fn(map, (uint64_t)(uintptr_t)key, (uint64_t)(uintptr_t)value, ctx, 0))
      break;
  }
  return n;
}

/*===-- The host API -----------------------------------------------------===*/

const struct ebpf_map_desc *ebpf_map_info(const struct ebpf_map *map) {
  return map ? map->desc : NULL;
}

size_t ebpf_map_value_buffer_size(const struct ebpf_map *map) {
  if (!map || map->type == EBPF_MAP_RINGBUF)
    return 0;
  return map->percpu ? (size_t)map->num_cpus * map->value_stride
                     : map->value_size;
}

/* The kernel's syscall copies round_up(value_size, 8) bytes per CPU. */
static void read_values(const struct ebpf_map *M, void *value,
                        const uint8_t *src) {
  memcpy(value, src,
         M->percpu ? (size_t)M->num_cpus * M->value_stride : M->value_size);
}

int ebpf_map_lookup(struct ebpf_map *map, const void *key, void *value) {
  uint32_t i;
  if (!map || !key || !value)
    return -EINVAL;
  if (map->type == EBPF_MAP_RINGBUF)
    return -EBPF_ENOTSUPP;
  if (map->flags & EBPF_F_WRONLY)
    return -EPERM;
  if (!map->is_hash) {
    uint32_t index = array_index(key);
    if (index >= map->max_entries)
      return -ENOENT;
    read_values(map, value, array_values(map, index));
    return 0;
  }
  ebpf_rt_lock(&map->lock);
  i = hash_find(map, key, hash_key(key, map->key_size), NULL);
  if (i != EBPF_RT_NIL)
    read_values(map, value, elem_values(map, i));
  ebpf_rt_unlock(&map->lock);
  return i == EBPF_RT_NIL ? -ENOENT : 0;
}

int ebpf_map_update(struct ebpf_map *map, const void *key, const void *value,
                    uint64_t flags) {
  if (!map || !key || !value)
    return -EINVAL;
  if (map->type == EBPF_MAP_RINGBUF)
    return -EBPF_ENOTSUPP;
  if (map->flags & (EBPF_F_RDONLY | EBPF_F_RDONLY_PROG))
    return -EPERM;
  if (flags > EBPF_EXIST)
    return -EINVAL;
  return map->is_hash ? hash_update(map, key, value, flags, true, 0)
                      : array_update(map, key, value, flags, true, 0);
}

int ebpf_map_delete(struct ebpf_map *map, const void *key) {
  if (!map || !key)
    return -EINVAL;
  if (map->type == EBPF_MAP_RINGBUF)
    return -EBPF_ENOTSUPP;
  if (map->flags & (EBPF_F_RDONLY | EBPF_F_RDONLY_PROG))
    return -EPERM;
  return map->is_hash ? hash_delete(map, key) : -EINVAL;
}

/* The kernel's order: a missing (or no) key restarts at the first element;
 * the last one has no successor. */
int ebpf_map_get_next_key(struct ebpf_map *map, const void *key,
                          void *next_key) {
  uint32_t next = EBPF_RT_NIL, bucket = 0;
  if (!map || !next_key)
    return -EINVAL;
  if (map->type == EBPF_MAP_RINGBUF)
    return -EBPF_ENOTSUPP;
  if (map->flags & EBPF_F_WRONLY)
    return -EPERM;
  if (!map->is_hash) {
    uint32_t index = key ? array_index(key) : map->max_entries;
    if (index >= map->max_entries)
      index = 0;
    else if (index == map->max_entries - 1)
      return -ENOENT;
    else
      ++index;
    memcpy(next_key, &index, sizeof(index));
    return 0;
  }
  ebpf_rt_lock(&map->lock);
  if (key) {
    uint32_t hash = hash_key(key, map->key_size);
    uint32_t i = hash_find(map, key, hash, NULL);
    if (i != EBPF_RT_NIL) {
      next = elem(map, i)->next;
      bucket = (hash & map->bucket_mask) + 1;
    }
  }
  for (; next == EBPF_RT_NIL && bucket <= map->bucket_mask; ++bucket)
    next = map->buckets[bucket];
  if (next != EBPF_RT_NIL)
    memcpy(next_key, elem_key(map, next), map->key_size);
  ebpf_rt_unlock(&map->lock);
  return next == EBPF_RT_NIL ? -ENOENT : 0;
}
