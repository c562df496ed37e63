// BTF that does not parse is reported with the file and the section, and
// ebpfc exits 1: a bad magic number, and a header whose string section lies
// beyond the section's end. The unpatched object is fine.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: ebpfc --verify-only %t.o
//
// The header starts with the magic 0xeb9f (little-endian: 9f eb).
// RUN: %python %S/Inputs/patch_section.py %t.o %t.magic.o .BTF 0 0000
// RUN: %expect_exit 1 ebpfc --verify-only %t.magic.o 2>&1 | FileCheck %s --check-prefix=MAGIC
// MAGIC: error: {{.*}}magic.o: section '.BTF': bad magic 0x0
//
// str_off (u32 at 16) and str_len (u32 at 20): strings far past the end.
// RUN: %python %S/Inputs/patch_section.py %t.o %t.strings.o .BTF 16 00000001ffffff00
// RUN: %expect_exit 1 ebpfc --verify-only %t.strings.o 2>&1 | FileCheck %s --check-prefix=STRINGS
// STRINGS: error: {{.*}}strings.o: section '.BTF':

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, __u64);
} hits SEC(".maps");

SEC("xdp") int count(struct xdp_md *ctx) {
  __u32 key = 0;
  __u64 *v = bpf_map_lookup_elem(&hits, &key);
  if (v)
    __sync_fetch_and_add(v, 1);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
