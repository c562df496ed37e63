// Legacy packet loads (LD_ABS, LD_IND; clang's llvm.bpf.load.* builtins)
// read big-endian values from the packet of the context in r6; a load
// outside the packet ends the program with 0. A host links the compiled
// tc program and runs it on frames it builds: an IPv4/UDP frame to port 53
// gives 17 + (53 << 8) = 13585; the same frame cut before the UDP port,
// and an IPv6 frame, give 0.
// REQUIRES: clang-bpf
// RUN: rm -rf %t && mkdir %t && cd %t
// RUN: %clang_bpf -c %s -o prog.bpf.o
// RUN: llvm-objdump -d prog.bpf.o | FileCheck %s --check-prefix=BPF
// RUN: ebpfc prog.bpf.o -S --emit-llvm -o - | FileCheck %s --check-prefix=IR
// RUN: ebpfc prog.bpf.o -o prog.o
// RUN: %host_cc -I%ebpfc_include %S/Inputs/legacy-loads-host.c prog.o -o host
// RUN: ./host | FileCheck %s --match-full-lines
// RUN: ebpfc prog.bpf.o -O0 -o prog-O0.o
// RUN: %host_cc -I%ebpfc_include %S/Inputs/legacy-loads-host.c prog-O0.o -o host-O0
// RUN: ./host-O0 | FileCheck %s --match-full-lines

// BPF: r0 = *(u16 *)skb[0xc]
// BPF: r0 = *(u8 *)skb[0xe]
// BPF: r0 = *(u16 *)skb[r0]

// The packet pointers come from the native __sk_buff (data at 192,
// data_end at 200); the 16-bit loads are byte-swapped.
// IR-LABEL: define {{.*}}i64 @classify(ptr {{.*}}%ctx)
// IR-DAG:   getelementptr i8, ptr %ctx, i64 192
// IR-DAG:   getelementptr i8, ptr %ctx, i64 200
// IR:       call i16 @llvm.bswap.i16(

// CHECK:      udp/53: 13585
// CHECK-NEXT: truncated: 0
// CHECK-NEXT: ipv6: 0

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

unsigned long long load_byte(void *skb,
                             unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb,
                             unsigned long long off) asm("llvm.bpf.load.half");

SEC("tc")
int classify(struct __sk_buff *skb) {
  if (load_half(skb, 12) != 0x0800)
    return 0;
  unsigned ihl = (load_byte(skb, 14) & 0xf) * 4;
  return load_byte(skb, 23) + (load_half(skb, 14 + ihl + 2) << 8);
}

char _license[] SEC("license") = "GPL";
