// Rule: a map pointer (the ld_imm64 of a map) is the kernel's struct
// bpf_htab; a program may at most read it (with BTF), never store through
// it.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
//
// CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: only read from bpf_htab is supported{{$}}
// KERNEL: {{^}}only read from bpf_htab is supported{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, __u64);
} values SEC(".maps");

SEC("xdp") int prog(struct xdp_md *ctx) {
  *(volatile __u64 *)&values = 0;
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
