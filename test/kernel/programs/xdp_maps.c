// Map helper semantics, for the kernel differential tests: updates with
// BPF_ANY, BPF_NOEXIST and BPF_EXIST on present and absent keys, deletes of
// present and absent keys, array maps' refusals (out-of-range keys,
// NOEXIST, delete), lookups that miss, and copies from one map value into
// another map. Every helper's return value is kept in .bss, so the error
// codes are compared too. A five-argument subprogram writes its results
// into its caller's stack.
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct entry {
  __u32 first_len;
  __u32 last_len;
  __u64 hits;
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, struct entry);
  __uint(max_entries, 8);
} table SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, struct entry);
  __uint(max_entries, 4);
} slots SEC(".maps");

// Helper results of the last frame, and a running tally of all of them.
__s64 rc[12];
__s64 rc_sum;
__u32 misses;

struct outputs {
  __s64 update_exist;
  __s64 update_noexist;
  __s64 delete_result;
};

static __attribute__((noinline)) int touch(__u32 key, __u32 len, __u32 flags,
                                           struct entry *scratch,
                                           struct outputs *out) {
  scratch->first_len = len;
  scratch->last_len = len;
  scratch->hits = 1;
  out->update_exist = bpf_map_update_elem(&table, &key, scratch, BPF_EXIST);
  out->update_noexist = bpf_map_update_elem(&table, &key, scratch, BPF_NOEXIST);
  out->delete_result = 0;
  if (flags & 1)
    out->delete_result = bpf_map_delete_elem(&table, &key);
  return (int)(out->update_exist + out->update_noexist);
}

SEC("xdp")
int xdp_maps(struct xdp_md *ctx) {
  __u8 *data = (void *)(long)ctx->data;
  __u8 *data_end = (void *)(long)ctx->data_end;
  __u32 len = data_end - data;
  if (data + 14 > data_end)
    return XDP_ABORTED;
  __u32 key = len % 11;
  __u32 flags = data[5] ^ data[11];

  struct entry scratch = {};
  struct outputs out = {};
  int sum = touch(key, len, flags, &scratch, &out);
  rc[0] = out.update_exist;
  rc[1] = out.update_noexist;
  rc[2] = out.delete_result;

  struct entry *e = bpf_map_lookup_elem(&table, &key);
  if (e) {
    e->last_len = len;
    e->hits++;
  } else {
    misses++;
  }
  // Deleting a key twice: the second one finds nothing.
  __u32 gone = (key + 5) % 11;
  rc[3] = bpf_map_delete_elem(&table, &gone);
  rc[4] = bpf_map_delete_elem(&table, &gone);

  // Arrays: every index in range exists; out of range is refused.
  __u32 index = data[13] & 7;
  rc[5] = bpf_map_update_elem(&slots, &index, &scratch, BPF_NOEXIST);
  rc[6] = bpf_map_update_elem(&slots, &index, &scratch, BPF_EXIST);
  rc[7] = bpf_map_delete_elem(&slots, &index);
  struct entry *s = bpf_map_lookup_elem(&slots, &index);
  rc[8] = s ? (__s64)s->hits : -1;
  if (s && e) {
    // Copy a hash map value into an array slot through the helper.
    rc[9] = bpf_map_update_elem(&slots, &index, e, BPF_ANY);
  } else {
    rc[9] = 99;
  }
  __u32 wild = 0x7fffffff;
  rc[10] = bpf_map_lookup_elem(&slots, &wild) ? 1 : 0;
  rc[11] = sum;
  for (int i = 0; i < 12; i++)
    rc_sum += rc[i];
  return misses & 3;
}
