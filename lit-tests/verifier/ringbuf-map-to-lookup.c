// Rule: a ring buffer has no elements; its key size is 0, so the key
// argument of a map helper is a zero-sized read (a check the kernel makes
// before its check_map_func_compatibility would refuse the map).
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): the record is reserved instead.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: invalid zero-sized read{{$}}
// KERNEL: {{^}}invalid zero-sized read{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 4096);
} events SEC(".maps");

struct event {
  __u32 ifindex;
  __u32 len;
};

SEC("xdp") int prog(struct xdp_md *ctx) {
  __u32 key = 0;
#ifdef SAFE
  struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
  if (e)
    bpf_ringbuf_discard(e, 0);
  return XDP_PASS;
#else
  return bpf_map_lookup_elem(&events, &key) ? XDP_DROP : XDP_PASS;
#endif
}

char LICENSE[] SEC("license") = "GPL";
