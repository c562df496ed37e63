/*===- ebpfc/object.h - The native ABI of a compiled BPF object --*- C -*-===//
 *
 * What an object compiled by ebpfc exports, and the runtime API a host uses
 * to open it, reach its maps and run its programs.
 *
 * A compiled object defines, for an object named OBJ (the input's file name
 * without ".o" and ".bpf", made an identifier, or --object-name) and the
 * symbol prefix P (--symbol-prefix, default empty):
 *
 *   const struct ebpf_object_desc P##OBJ##_ebpf_object;   the descriptor
 *   uint64_t P##PROG(void *ctx);                          one per program
 *
 * plus internal storage the descriptor points at. A raw program's entry is
 * instead uint64_t P##PROG(void *mem, uint64_t len).
 *
 * Compiled code reaches maps through the descriptor's slot array: slot i
 * holds map i's handle and, for array maps, the address of entry 0's value
 * (global data sections are one-entry array maps), filled in by
 * ebpf_object_open() before any program runs. So an object's code is bound
 * to at most one open instance at a time.
 *===----------------------------------------------------------------------===*/
#ifndef EBPFC_OBJECT_H
#define EBPFC_OBJECT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { EBPF_OBJECT_ABI_VERSION = 1 };

/* Map types (the kernel's numbers). */
enum ebpf_map_type {
  EBPF_MAP_HASH = 1,
  EBPF_MAP_ARRAY = 2,
  EBPF_MAP_PERCPU_HASH = 5,
  EBPF_MAP_PERCPU_ARRAY = 6,
  EBPF_MAP_LRU_HASH = 9,
};

/* Flags of ebpf_map_update (the kernel's BPF_ANY/BPF_NOEXIST/BPF_EXIST). */
enum { EBPF_ANY = 0, EBPF_NOEXIST = 1, EBPF_EXIST = 2 };

struct ebpf_map;

struct ebpf_map_desc {
  const char *name; /* "counters", or ".data"/".rodata"/".bss"/... */
  uint32_t type;    /* enum ebpf_map_type */
  uint32_t key_size;
  uint32_t value_size;
  uint32_t max_entries;
  uint32_t flags;
  /* Global data: value_size bytes that entry 0 starts with (NULL: zeros). */
  const void *initial_value;
};

/* Filled by ebpf_object_open; read by compiled code. */
struct ebpf_map_slot {
  struct ebpf_map *map;
  void *value; /* array maps: entry 0's value; otherwise NULL */
};

struct ebpf_prog_desc {
  const char *name;
  const char *section;
  uint32_t type; /* enum ebpf_prog_type (runtime.h) */
  /* uint64_t (*)(void *ctx), or for raw programs
   * uint64_t (*)(void *mem, uint64_t len). */
  void (*entry)(void);
};

struct ebpf_object_desc {
  uint32_t abi_version; /* EBPF_OBJECT_ABI_VERSION */
  const char *name;
  const char *license;
  uint32_t num_maps;
  const struct ebpf_map_desc *maps;
  struct ebpf_map_slot *slots; /* num_maps entries */
  uint32_t num_progs;
  const struct ebpf_prog_desc *progs;
};

/*===-- Native program contexts ------------------------------------------===*
 * The kernel's context structs (struct xdp_md, struct __sk_buff) hold packet
 * pointers as 32-bit fields. The native contexts keep every 32-bit field at
 * its kernel offset, so the lifter only rewrites loads of the pointer fields,
 * which live as real pointers after the kernel-layout part. */

struct ebpf_xdp_md {
  uint32_t kernel_fields[6]; /* struct xdp_md: data, data_end, data_meta
                                (unused here), ingress_ifindex,
                                rx_queue_index, egress_ifindex */
  void *data;
  void *data_end;
  void *data_meta;
  /* The buffer the packet lives in, for bpf_xdp_adjust_head/tail/meta. */
  void *buffer_start;
  void *buffer_end;
};
/* Offsets of xdp_md's pointer fields (kernel) and their native homes. */
enum {
  EBPF_XDP_MD_DATA = 0,
  EBPF_XDP_MD_DATA_END = 4,
  EBPF_XDP_MD_DATA_META = 8,
  EBPF_XDP_MD_SIZE = 24,
};

struct ebpf_sk_buff {
  uint32_t kernel_fields[48]; /* struct __sk_buff's first 192 bytes: len,
                                 pkt_type, mark, ..., cb[5], ...; data (76),
                                 data_end (80) and data_meta (140) unused */
  void *data;
  void *data_end;
  void *data_meta;
};
enum {
  EBPF_SKB_DATA = 76,
  EBPF_SKB_DATA_END = 80,
  EBPF_SKB_DATA_META = 140,
  EBPF_SKB_KERNEL_SIZE = 192,
};

/*===-- Opening objects and using maps from the host ---------------------===*/

struct ebpf_object;

struct ebpf_object_opts {
  uint32_t num_cpus; /* per-CPU maps hold this many values; 0 means 1 */
  /* bpf_trace_printk output; NULL writes it to stderr. */
  void (*trace_printk)(const char *msg, size_t len, void *user);
  void *trace_user;
};

/* Creates the object's maps (all memory is allocated here, none while a
 * program runs) and fills its slots. 0 or a negative errno. */
int ebpf_object_open(const struct ebpf_object_desc *desc,
                     const struct ebpf_object_opts *opts,
                     struct ebpf_object **out);
void ebpf_object_close(struct ebpf_object *obj);

const struct ebpf_prog_desc *ebpf_object_find_program(struct ebpf_object *obj,
                                                      const char *name);
struct ebpf_map *ebpf_object_find_map(struct ebpf_object *obj,
                                      const char *name);
uint32_t ebpf_object_map_count(const struct ebpf_object *obj);
struct ebpf_map *ebpf_object_map_at(struct ebpf_object *obj, uint32_t index);

const struct ebpf_map_desc *ebpf_map_info(const struct ebpf_map *map);

/* The kernel's semantics and error codes (-ENOENT, -EEXIST, -E2BIG,
 * -EINVAL). Per-CPU maps copy num_cpus values, one after another. */
int ebpf_map_lookup(struct ebpf_map *map, const void *key, void *value);
int ebpf_map_update(struct ebpf_map *map, const void *key, const void *value,
                    uint64_t flags);
int ebpf_map_delete(struct ebpf_map *map, const void *key);
int ebpf_map_get_next_key(struct ebpf_map *map, const void *key,
                          void *next_key);

/* The CPU the calling thread's programs see (bpf_get_smp_processor_id and
 * per-CPU maps); 0 unless set. */
void ebpf_set_current_cpu(uint32_t cpu);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EBPFC_OBJECT_H */
