// The legacy packet loads (LD_ABS, LD_IND; clang's llvm.bpf.load.*
// builtins) of socket filters give the same results on the reference
// interpreter as in compiled code: big-endian values from the packet, which
// for a socket filter starts at the network header, and 0 from the current
// function when a load is outside the packet.
//
// RUN: %clang_bpf -c %s -o %t.bpf.o
// RUN: llvm-objdump -d %t.bpf.o | FileCheck %s --check-prefix=BPF
//
// Two frames: a 50-byte IPv4/UDP frame (Ethernet header, 20-byte IPv4
// header, UDP from port 12345 to 53, payload de ad be ef 01 02 03 04), and
// the same frame cut one byte into the UDP header (35 bytes).
// RUN: %python -c "import sys; sys.stdout.buffer.write(bytes(12) + bytes([8, 0, 0x45, 0, 0, 36, 0x12, 0x34, 0x40, 0, 64, 17, 0, 0, 192, 168, 0, 1, 192, 168, 0, 2, 0x30, 0x39, 0, 53, 0, 16, 0, 0, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4]))" > %t.full
// RUN: %python -c "import sys; sys.stdout.buffer.write(open(sys.argv[1], 'rb').read()[:35])" %t.full > %t.cut
//
// RUN: ebpf-run %t.bpf.o --program abs_widths --data-in %t.full | FileCheck %s --check-prefix=ABS
// RUN: ebpf-run %t.bpf.o --program abs_widths --data-in %t.full --interpret | FileCheck %s --check-prefix=ABS
// RUN: ebpf-run %t.bpf.o --program abs_widths --data-in %t.cut | FileCheck %s --check-prefix=ZERO
// RUN: ebpf-run %t.bpf.o --program abs_widths --data-in %t.cut --interpret | FileCheck %s --check-prefix=ZERO
//
// RUN: ebpf-run %t.bpf.o --program ind_widths --data-in %t.full | FileCheck %s --check-prefix=IND
// RUN: ebpf-run %t.bpf.o --program ind_widths --data-in %t.full --interpret | FileCheck %s --check-prefix=IND
// RUN: ebpf-run %t.bpf.o --program ind_widths --data-in %t.cut | FileCheck %s --check-prefix=ZERO
// RUN: ebpf-run %t.bpf.o --program ind_widths --data-in %t.cut --interpret | FileCheck %s --check-prefix=ZERO
//
// RUN: ebpf-run %t.bpf.o --program port_in_subprogram --data-in %t.full | FileCheck %s --check-prefix=SUB
// RUN: ebpf-run %t.bpf.o --program port_in_subprogram --data-in %t.full --interpret | FileCheck %s --check-prefix=SUB
// RUN: ebpf-run %t.bpf.o --program port_in_subprogram --data-in %t.cut | FileCheck %s --check-prefix=SUB-CUT
// RUN: ebpf-run %t.bpf.o --program port_in_subprogram --data-in %t.cut --interpret | FileCheck %s --check-prefix=SUB-CUT
//
// RUN: ebpf-run %t.bpf.o --program from_the_end --data-in %t.full | FileCheck %s --check-prefix=END
// RUN: ebpf-run %t.bpf.o --program from_the_end --data-in %t.full --interpret | FileCheck %s --check-prefix=END
// RUN: ebpf-run %t.bpf.o --program from_the_end --data-in %t.cut | FileCheck %s --check-prefix=ZERO
// RUN: ebpf-run %t.bpf.o --program from_the_end --data-in %t.cut --interpret | FileCheck %s --check-prefix=ZERO
//
// REQUIRES: clang-bpf

// Constant offsets are LD_ABS, variable ones LD_IND (clang always leaves
// LD_IND's imm 0); all of them read the context in r6.
// BPF-LABEL: <abs_widths>:
// BPF:       r6 = r1
// BPF:       r0 = *(u32 *)skb[0x1c]
// BPF:       r0 = *(u16 *)skb[0x16]
// BPF:       r0 = *(u8 *)skb[0x9]
// BPF-LABEL: <ind_widths>:
// BPF:       r0 = *(u8 *)skb[r1]
// BPF:       r0 = *(u32 *)skb[r1]
// BPF:       r0 = *(u16 *)skb[r7]

// 0xdeadbeef ^ (53 << 8) ^ 17 = 0xdead8bfe.
// ABS: Return value: 3735915518, duration (average): {{[0-9]+}}ns
// 0xdeadbeef ^ (12345 << 8) ^ 53 (the low byte of the destination port)
// = 0xde9d87da.
// IND: Return value: 3734865882, duration (average): {{[0-9]+}}ns
// 53 + 1000; in the cut frame the subprogram's load is outside the packet,
// so it returns 0 to its caller, which still adds 1000.
// SUB: Return value: 1053, duration (average): {{[0-9]+}}ns
// SUB-CUT: Return value: 1000, duration (average): {{[0-9]+}}ns
// The first byte (0x45) + 7; in the cut frame len - 36 is -15 as the
// kernel's 32-bit offset, outside the packet.
// END: Return value: 76, duration (average): {{[0-9]+}}ns
// ZERO: Return value: 0, duration (average): {{[0-9]+}}ns

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

// clang has no __builtin_bpf_load_* for these intrinsics; the BPF backend
// knows them by name.
unsigned long long load_byte(void *skb,
                             unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb,
                             unsigned long long off) asm("llvm.bpf.load.half");
unsigned long long load_word(void *skb,
                             unsigned long long off) asm("llvm.bpf.load.word");

// The first payload word, the UDP destination port and the IP protocol.
SEC("socket") int abs_widths(struct __sk_buff *skb) {
  return load_word(skb, 28) ^ (load_half(skb, 22) << 8) ^ load_byte(skb, 9);
}

// Through the IP header length (5 * 4 bytes): the first payload word, the
// UDP source port and the low byte of the destination port.
SEC("socket") int ind_widths(struct __sk_buff *skb) {
  unsigned long long ihl = (load_byte(skb, 0) & 0xf) * 4;
  return load_word(skb, ihl + 8) ^ (load_half(skb, ihl) << 8) ^
         load_byte(skb, ihl + 3);
}

static __attribute__((noinline)) int udp_dest_port(struct __sk_buff *skb) {
  return load_half(skb, 22);
}

SEC("socket") int port_in_subprogram(struct __sk_buff *skb) {
  return udp_dest_port(skb) + 1000;
}

SEC("socket") int from_the_end(struct __sk_buff *skb) {
  return load_byte(skb, skb->len - 36) + 7;
}

char _license[] SEC("license") = "GPL";
