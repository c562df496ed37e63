// Rule: an LD_ABS outside the packet does not fault; it makes the
// function it is in return 0 at once. f's own exit returns 1, but f can
// also return 0, and on that path prog reads r9, which nothing set. (The
// kernel allows LD_ABS in a subprogram only with BTF saying it returns
// int, hence C around the assembly.)
//
// RUN: %clang_bpf -c %s -o %t.o
// RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
// RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
// Safe twin (SAFE): r9 is set before the call.
// RUN: %clang_bpf -DSAFE -c %s -o %t.safe.o
// RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
// RUN: ebpfc --verify-only %t.safe.o
//
// CHECK: ebpfc: error: {{.*}}.o:socket/prog: insn {{[0-9]+}}{{.*}}: R9 !read_ok{{$}}
// KERNEL: {{^}}R9 !read_ok{{$}}
// KERNEL: kernel-load.sh: the kernel REJECTED

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__attribute__((naked, noinline, used)) static int f(void) {
  asm volatile("r6 = r1\n"
               "r0 = *(u32 *)skb[0]\n"
               "r0 = 1\n"
               "exit\n" ::: "memory");
}

SEC("socket") __attribute__((naked)) int prog(void) {
  asm volatile(
#ifdef SAFE
               "r9 = 0\n"
#endif
               "call f\n"
               "if r0 != 0 goto 1f\n"
               "r0 = r9\n"
               "1:\n"
               "r0 = 0\n"
               "exit\n" ::: "memory");
}

char LICENSE[] SEC("license") = "GPL";
