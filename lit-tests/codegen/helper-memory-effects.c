// Helper declarations carry what include/ebpfc/helpers.def says of the
// helper's effects: those that touch no memory their arguments name
// (bpf_ktime_get_ns, bpf_get_prandom_u32) are declared to access only
// memory of their own, so a value in program memory stays in a register
// across them; the map helpers, which read the key, are not. Each call
// still happens: two clock reads are two calls.
// REQUIRES: clang-bpf
// RUN: %clang_bpf -c %s -o %t.o
// RUN: ebpfc -S --emit-llvm %t.o -o %t.ll
// RUN: FileCheck %s < %t.ll
// RUN: FileCheck %s --check-prefix=DECL < %t.ll

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, __u64);
} seen SEC(".maps");

// CHECK-LABEL: define {{.*}}i64 @timed(ptr {{.*}}%ctx)
// CHECK:       call i64 @ebpf_helper_ktime_get_ns(
// CHECK:       call i64 @ebpf_helper_ktime_get_ns(
// CHECK:       call i64 @ebpf_helper_map_lookup_elem(
// DECL-DAG:    declare i64 @ebpf_helper_ktime_get_ns(i64, i64, i64, i64, i64) {{.*}}[[PURE:#[0-9]+]]
// DECL-DAG:    declare i64 @ebpf_helper_map_lookup_elem(i64, i64, i64, i64, i64) {{.*}}[[MAP:#[0-9]+]]
// DECL-DAG:    attributes [[PURE]] = { nounwind memory(inaccessiblemem: readwrite) }
// DECL-DAG:    attributes [[MAP]] = { nounwind }
SEC("xdp")
int timed(struct xdp_md *ctx) {
  __u64 start = bpf_ktime_get_ns();
  __u32 key = 1;
  __u64 elapsed = bpf_ktime_get_ns() - start;
  __u64 *last = bpf_map_lookup_elem(&seen, &key);
  if (last)
    *last = elapsed;
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
