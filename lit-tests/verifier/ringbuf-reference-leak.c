// Rule: a reserved ring buffer record is a reference that every path must
// release (submit or discard); here the early return keeps it forever.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): every path submits the record.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: Unreleased reference id={{[0-9]+}} alloc_insn={{[0-9]+}}{{$}}
// KERNEL: {{^}}Unreleased reference id={{[0-9]+}} alloc_insn={{[0-9]+}}{{$}}
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
  struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
  if (!e)
    return XDP_PASS;
  e->len = ctx->data_end - ctx->data;
  if (e->len > 100) {
#ifdef SAFE
    bpf_ringbuf_discard(e, 0);
#endif
    return XDP_DROP;
  }
  bpf_ringbuf_submit(e, 0);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
