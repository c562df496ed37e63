// Rule: the ring buffer helpers take ring buffers only; given a hash map,
// bpf_ringbuf_output would treat its memory as a ring (the kernel's
// check_map_func_compatibility).
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): the ring buffer is passed.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: cannot pass map_type 1 into func bpf_ringbuf_output#130{{$}}
// KERNEL: {{^}}cannot pass map_type 1 into func bpf_ringbuf_output#130{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 4096);
} events SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, __u32);
} counts SEC(".maps");

struct event {
  __u32 ifindex;
  __u32 len;
};

SEC("xdp") int prog(struct xdp_md *ctx) {
  struct event e = {ctx->ingress_ifindex, 0};
#ifdef SAFE
  bpf_ringbuf_output(&events, &e, sizeof(e), 0);
#else
  bpf_ringbuf_output(&counts, &e, sizeof(e), 0);
#endif
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
