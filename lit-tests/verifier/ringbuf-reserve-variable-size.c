// Rule: a reservation's size must be a known constant, so that every
// access to the record can be checked against it.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): a constant size.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: R2 is not a known constant'{{$}}
// KERNEL: {{^}}R2 is not a known constant'{{$}}
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
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
#ifdef SAFE
  __u64 size = 64;
#else
  __u64 size = (end - data) & 63;
#endif
  char *e = bpf_ringbuf_reserve(&events, size, 0);
  if (!e)
    return XDP_PASS;
  bpf_ringbuf_submit(e, 0);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
