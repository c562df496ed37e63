// Two different objects with the same file name and the same program name
// (this file compiled with two values of SCALE) link into one C program
// once --symbol-prefix tells their exported symbols apart: each exports
// only its program and its descriptor P##OBJ##_ebpf_object; everything
// else the descriptor points to is local. Without prefixes the link fails
// on the duplicate program and descriptor.
// Running (where the runtime can open objects): each object has its own
// .bss total, adding the first packet byte (40) times SCALE per run:
// a (SCALE 1) returns 40, 80; b (SCALE 2) returns 80, 160.
// REQUIRES: clang-bpf
// RUN: rm -rf %t && mkdir -p %t/a %t/b && cd %t
// RUN: %clang_bpf -DSCALE=1 -c %s -o a/counter.bpf.o
// RUN: %clang_bpf -DSCALE=2 -c %s -o b/counter.bpf.o
// RUN: ebpfc a/counter.bpf.o --symbol-prefix=a_ -o a.o
// RUN: ebpfc b/counter.bpf.o --symbol-prefix=b_ -o b.o
// RUN: llvm-nm --defined-only --extern-only a.o | FileCheck %s --check-prefix=EXPORTS-A --implicit-check-not={{.}}
// RUN: llvm-nm --defined-only a.o | FileCheck %s --check-prefix=LOCAL
// RUN: %host_cc -I%ebpfc_include %S/Inputs/two-objects-host.c a.o b.o -o host
// RUN: ./host | FileCheck %s --match-full-lines
// RUN: %if runtime-objects %{ %host_cc -DRUN_PROGRAMS -I%ebpfc_include %S/Inputs/two-objects-host.c a.o b.o %runtime_lib -o host-run %}
// RUN: %if runtime-objects %{ ./host-run | FileCheck %s --match-full-lines --check-prefixes=CHECK,RAN %}
//
// RUN: ebpfc a/counter.bpf.o -o plain-a.o
// RUN: ebpfc b/counter.bpf.o -o plain-b.o
// RUN: not ld.lld -r plain-a.o plain-b.o -o both.o 2>&1 | FileCheck %s --check-prefix=CLASH
// CLASH-DAG: duplicate symbol: count
// CLASH-DAG: duplicate symbol: counter_ebpf_object

// EXPORTS-A-DAG: {{[0-9a-f]+}} D a_counter_ebpf_object
// EXPORTS-A-DAG: {{[0-9a-f]+}} T a_count
// LOCAL-DAG: {{[0-9a-f]+}} b ebpf.map_slots
// LOCAL-DAG: {{[0-9a-f]+}} d ebpf.map_descs
// LOCAL-DAG: {{[0-9a-f]+}} d ebpf.prog_descs

// CHECK:      a: object counter, 1 maps (.bss), program count, entry matches
// CHECK-NEXT: b: object counter, 1 maps (.bss), program count, entry matches
// RAN-NEXT: run 0: a 40, b 80
// RAN-NEXT: run 1: a 80, b 160

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 total;

SEC("xdp")
int count(struct xdp_md *ctx) {
  unsigned char *data = (void *)(long)ctx->data;
  unsigned char *end = (void *)(long)ctx->data_end;
  if (data + 1 > end)
    return XDP_ABORTED;
  total += data[0] * SCALE;
  return total;
}

char _license[] SEC("license") = "GPL";
