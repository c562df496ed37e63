// BTF-defined maps are described only by BTF, which clang emits with -g.
// RUN: %clang_bpf -g0 -c %s -o %t.o
// RUN: not ebpfc --verify-only %t.o 2>&1 | FileCheck %s -DFILE=%t.o
// CHECK: error: [[FILE]]: section '.maps': BTF-defined maps need the object's BTF (.BTF); compile with -g

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u32);
  __uint(max_entries, 16);
} table SEC(".maps");

SEC("socket")
int count(struct __sk_buff *skb) {
  __u32 key = skb->len;
  return bpf_map_lookup_elem(&table, &key) != 0;
}

char _license[] SEC("license") = "GPL";
