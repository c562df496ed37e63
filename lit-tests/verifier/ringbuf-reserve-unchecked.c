// Rule: a reservation fails (NULL) when the buffer is full; the record must
// be null-checked before it is written.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): the record is null-checked.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: R0 invalid mem access 'ringbuf_mem_or_null'{{$}}
// KERNEL: {{^}}R0 invalid mem access 'ringbuf_mem_or_null'{{$}}
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
#ifdef SAFE
  if (!e)
    return XDP_PASS;
#endif
  e->len = 0;
  bpf_ringbuf_submit(e, 0);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
