// Programs get the subprograms they call appended, depth first and once
// each, with calls rewritten to offsets within the combined program; a
// static function in the program's own section is called without a
// relocation. Offsets were derived by hand from `llvm-objdump -dr`.
// RUN: %clang_bpf -c %s -o %t.o
// RUN: ebpfc --disassemble %t.o | FileCheck %s --match-full-lines

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __attribute__((noinline)) int scale(int a, int b) { return a * 3 + b; }
__attribute__((noinline)) int mix(int x) { return scale(x, x + 7) ^ 5; }

SEC("socket")
static __attribute__((noinline)) int twice(int v) { return scale(v, v) + 1; }

// sock_len: 8 insns, then twice (4) at 8, scale (4) at 12, mix (5) at 16.
// CHECK-LABEL: Disassembly of section socket:
// CHECK-LABEL: <sock_len>:
// CHECK:        2: call 0x5
// CHECK:        5: call 0xa
// CHECK:        8: r2 = r1
// CHECK-NEXT:   9: call 0x2
// CHECK:       12: r0 = r1
// CHECK-NEXT:  13: r0 *= 0x3
// CHECK:       16: r2 = r1
// CHECK-NEXT:  17: r2 += 0x7
// CHECK-NEXT:  18: call -0x7
// CHECK:       20: exit
// CHECK-EMPTY:
SEC("socket")
int sock_len(struct __sk_buff *skb) {
  return twice(skb->len) + mix(skb->protocol);
}

// CHECK-NEXT:  Disassembly of section xdp:
// CHECK-LABEL: <xdp_mix>:
// CHECK:        1: call 0x2
// CHECK:        4: r2 = r1
// CHECK:        6: call 0x2
// CHECK:        9: r0 = r1
// CHECK:       12: exit
SEC("xdp")
int xdp_mix(struct xdp_md *ctx) { return mix(ctx->ingress_ifindex) & 3; }

char _license[] SEC("license") = "GPL";
