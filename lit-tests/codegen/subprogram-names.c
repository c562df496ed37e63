// Subprograms of an ELF object keep their symbol names in the IR (prefixed
// "bpf." like every BPF function), so -S output and profiles read like the
// source. Two programs calling the same subprogram each get their own copy;
// LLVM numbers the second.
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: ebpfc -O0 -S --emit-llvm %t.o -o - | FileCheck %s
// CHECK-DAG: define internal i64 @bpf.scale(
// CHECK-DAG: define internal i64 @bpf.scale.1(
// CHECK-DAG: define internal i64 @bpf.first(
// CHECK-DAG: define internal i64 @bpf.second(

#include <linux/bpf.h>

#define SEC(name) __attribute__((section(name), used))

static __attribute__((noinline)) __u64 scale(__u64 x) { return x * 3 + 1; }

SEC("raw") __u64 first(__u8 *mem, __u64 len) { return scale(len); }
SEC("raw") __u64 second(__u8 *mem, __u64 len) { return scale(len + 1); }
