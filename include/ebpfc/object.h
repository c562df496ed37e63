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
 *
 * Storage layout that compiled code may rely on: an array map's entries are
 * round_up(value_size, 8) bytes apart (the kernel's elem_size), so entry K's
 * value is at slot.value + K * round_up(value_size, 8). Per-CPU arrays have
 * no single value per entry, so their slot's value is NULL, as the kernel
 * offers no direct value access for them either: programs reach them
 * through bpf_map_lookup_elem, which picks the calling thread's CPU.
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
  EBPF_MAP_RINGBUF = 27,
};

/* Flags of ebpf_map_update (the kernel's BPF_ANY/BPF_NOEXIST/BPF_EXIST). */
enum { EBPF_ANY = 0, EBPF_NOEXIST = 1, EBPF_EXIST = 2 };

/* Map creation flags (ebpf_map_desc.flags; the kernel's BPF_F_*). Maps are
 * always preallocated, so NO_PREALLOC, NUMA_NODE, ZERO_SEED and MMAPABLE are
 * accepted where the kernel accepts them and change nothing. RDONLY/WRONLY
 * restrict the host API (-EPERM), like the kernel's syscall; RDONLY_PROG
 * maps (.rodata) are also frozen, as libbpf freezes them after loading, so
 * the host cannot write them either. */
enum {
  EBPF_F_NO_PREALLOC = 1u << 0,
  EBPF_F_NO_COMMON_LRU = 1u << 1,
  EBPF_F_NUMA_NODE = 1u << 2,
  EBPF_F_RDONLY = 1u << 3,
  EBPF_F_WRONLY = 1u << 4,
  EBPF_F_ZERO_SEED = 1u << 6,
  EBPF_F_RDONLY_PROG = 1u << 7,
  EBPF_F_WRONLY_PROG = 1u << 8,
  EBPF_F_MMAPABLE = 1u << 10,
};

/* The kernel's internal ENOTSUPP, which some map and helper errors return
 * to user space as is (it has no <errno.h> name). */
enum { EBPF_ENOTSUPP = 524 };

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
  void *value; /* EBPF_MAP_ARRAY maps: entry 0's value; otherwise NULL */
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
  /* The buffer the packet lives in, for bpf_xdp_adjust_head/tail/meta:
   * data_meta and data never move below buffer_start, data_end never
   * beyond buffer_end. The kernel keeps a struct xdp_frame at the start of
   * the buffer and a struct skb_shared_info at its end out of the program's
   * reach; ebpf_xdp_md_init() leaves the same room outside these bounds. */
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

/* The kernel's XDP buffer geometry (BPF_PROG_TEST_RUN on a 4096-byte
 * page): XDP_PACKET_HEADROOM bytes before the packet, of which
 * sizeof(struct xdp_frame) at the start stay reserved, and
 * SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) reserved at the end (the
 * x86-64 and AArch64 value). */
enum {
  EBPF_XDP_PACKET_HEADROOM = 256,
  EBPF_XDP_FRAME_RESERVED = 40,
  EBPF_XDP_TAILROOM = 320,
  EBPF_XDP_BUFFER_SIZE = 4096,
  EBPF_ETH_HLEN = 14,
};

/* Prepares CTX for a packet of PACKET_LEN bytes that the host has placed at
 * BUFFER + HEADROOM, inside a buffer of BUFFER_SIZE bytes, the way the
 * kernel's BPF_PROG_TEST_RUN does: data = BUFFER + HEADROOM, data_meta =
 * data, data_end = data + PACKET_LEN, buffer_start = BUFFER +
 * EBPF_XDP_FRAME_RESERVED, buffer_end = BUFFER + BUFFER_SIZE -
 * EBPF_XDP_TAILROOM, ingress_ifindex = 1 (the loopback device the kernel
 * runs test packets on), the other fields 0. The bytes of the buffer
 * around the packet are zeroed, as the kernel's freshly zeroed test buffer.
 * 0, or -EINVAL if the packet is shorter than EBPF_ETH_HLEN, HEADROOM is
 * less than EBPF_XDP_FRAME_RESERVED, or the packet and the tailroom do not
 * fit the buffer. */
int ebpf_xdp_md_init(struct ebpf_xdp_md *ctx, void *buffer, size_t buffer_size,
                     size_t headroom, size_t packet_len);

/* Prepares CTX for the Ethernet frame FRAME (FRAME_LEN bytes) as the
 * kernel's BPF_PROG_TEST_RUN does for TYPE (EBPF_PROG_SOCKET_FILTER or
 * EBPF_PROG_SCHED_CLS), on the loopback device (ifindex 1, MAC address
 * 00:00:00:00:00:00): eth_type_trans() sets protocol (h_proto as stored,
 * big-endian; 802.3 frames get ETH_P_802_3 or ETH_P_802_2) and pkt_type
 * (from the destination address: host for loopback's own, other host
 * for another unicast address, multicast for the rest; loopback's
 * broadcast address is all zeros too, so ff:ff:ff:ff:ff:ff is multicast)
 * and pulls the Ethernet header, which tc programs get back: for
 * socket filters data starts at the network header and len =
 * FRAME_LEN - 14, for tc data starts at the frame and len = FRAME_LEN.
 * data_meta = data; every other field is 0 (no socket: sk reads as NULL).
 * 0, or -EINVAL for another TYPE, a frame shorter than EBPF_ETH_HLEN, or
 * an IPv4 (IPv6) frame too short for its 20 (40) byte header, as the
 * kernel refuses them. */
int ebpf_sk_buff_init(struct ebpf_sk_buff *ctx, uint32_t type, void *frame,
                      size_t frame_len);

/*===-- Opening objects and using maps from the host ---------------------===*/

struct ebpf_object;

struct ebpf_object_opts {
  uint32_t num_cpus; /* per-CPU maps hold this many values; 0 means 1; at
                        most 8192 (the kernel's largest NR_CPUS) */
  /* bpf_trace_printk output, one formatted message per call (see
   * ebpf_set_current_object for which object's); NULL writes it to stderr. */
  void (*trace_printk)(const char *msg, size_t len, void *user);
  void *trace_user;
};

/* Creates the object's maps (all memory is allocated here, none while a
 * program runs) and fills its slots. 0 or a negative errno: -ENOEXEC for an
 * abi_version other than EBPF_OBJECT_ABI_VERSION; -EINVAL for a malformed
 * descriptor or a map the kernel would refuse with -EINVAL (zero sizes or
 * max_entries, an array key that is not 4 bytes, an unknown type or flag,
 * an initial_value on anything but an array map); -E2BIG for sizes the
 * kernel refuses as too big; -EBPF_ENOTSUPP for an LRU map without
 * preallocation; -EBUSY if DESC (or its slots) is already open; -ENOMEM.
 * DESC and everything it points to must stay valid until the object is
 * closed (compiled descriptors are static). */
int ebpf_object_open(const struct ebpf_object_desc *desc,
                     const struct ebpf_object_opts *opts,
                     struct ebpf_object **out);
/* Frees the object's maps and clears its slots. No program of the object
 * may be running. */
void ebpf_object_close(struct ebpf_object *obj);

/* bpf_trace_printk has no object argument, so its output goes to the
 * calling thread's current object if one is set (the interpreter sets it
 * while it runs a program of env->object), and otherwise to the object
 * opened most recently among those still open; with no object, or an
 * object without a callback, to stderr. Sets the calling thread's current
 * object (NULL: none) and returns the previous one. */
struct ebpf_object *ebpf_set_current_object(struct ebpf_object *obj);

const struct ebpf_prog_desc *ebpf_object_find_program(struct ebpf_object *obj,
                                                      const char *name);
struct ebpf_map *ebpf_object_find_map(struct ebpf_object *obj,
                                      const char *name);
uint32_t ebpf_object_map_count(const struct ebpf_object *obj);
struct ebpf_map *ebpf_object_map_at(struct ebpf_object *obj, uint32_t index);

/* The descriptor MAP was created from. */
const struct ebpf_map_desc *ebpf_map_info(const struct ebpf_map *map);

/* The size of the VALUE buffer ebpf_map_lookup and ebpf_map_update take:
 * value_size, or for per-CPU maps num_cpus * round_up(value_size, 8). */
size_t ebpf_map_value_buffer_size(const struct ebpf_map *map);

/* The kernel's semantics and error codes (-ENOENT, -EEXIST, -E2BIG,
 * -EINVAL, -EPERM). Per-CPU maps copy num_cpus values, one after another,
 * each at a multiple of round_up(value_size, 8) as the kernel's syscall
 * lays them out. Lookups from the host do not refresh an LRU map's
 * recency (the kernel's syscall does not either); lookups and updates from
 * programs do. */
int ebpf_map_lookup(struct ebpf_map *map, const void *key, void *value);
int ebpf_map_update(struct ebpf_map *map, const void *key, const void *value,
                    uint64_t flags);
int ebpf_map_delete(struct ebpf_map *map, const void *key);
int ebpf_map_get_next_key(struct ebpf_map *map, const void *key,
                          void *next_key);

/* Ring buffers (BPF_MAP_TYPE_RINGBUF) have no keys or values: the calls
 * above return -ENOTSUPP (524) for them, as the kernel's syscall does.
 * Programs reserve and submit records (bpf_ringbuf_reserve/submit/discard,
 * bpf_ringbuf_output); the host consumes them, in order, on one thread:
 * ebpf_ringbuf_consume calls FN with each submitted record (discarded ones
 * are skipped) until the buffer is empty, a record is still being written,
 * or FN returns non-zero, and returns the number of records passed to FN
 * (-EINVAL if MAP is not a ring buffer). A reservation that does not fit
 * fails (the program sees NULL, or -EAGAIN from bpf_ringbuf_output) and is
 * counted in ebpf_ringbuf_dropped. */
typedef int (*ebpf_ringbuf_sample_fn)(void *ctx, void *data, uint32_t size);
int ebpf_ringbuf_consume(struct ebpf_map *map, ebpf_ringbuf_sample_fn fn,
                         void *ctx);
uint64_t ebpf_ringbuf_dropped(const struct ebpf_map *map);

/* The CPU the calling thread's programs see (bpf_get_smp_processor_id and
 * per-CPU maps); 0 unless set. A program on a CPU at or beyond an object's
 * num_cpus finds no value in that object's per-CPU maps (lookups return
 * NULL, updates -EINVAL). */
void ebpf_set_current_cpu(uint32_t cpu);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EBPFC_OBJECT_H */
