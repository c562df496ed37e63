# -v: the rejection is followed by the path that led to it, each instruction
# with what it changed, and "from J to T:" where the failing branch was
# explored after its sibling (here the fall-through at insn 7 exits safely
# first), then the whole state at the rejected instruction.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only -v %t.o 2>&1 | FileCheck %s
# Without -v, only the message.
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s --check-prefix=QUIET
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 10: invalid access to packet, off=20 size=1, R1(id=0,off=20,r=14){{$}}
# CHECK-NEXT: R1 offset is outside of the packet
# CHECK-NEXT: path to the instruction:
# CHECK-NEXT: 0: w2 = *(u32 *)(r1 + 0x4) ; R2=pkt_end(){{$}}
# CHECK-NEXT: 1: w1 = *(u32 *)(r1 + 0x0) ; R1=pkt(r=0){{$}}
# CHECK-NEXT: 2: r3 = r1 ; R3=pkt(r=0){{$}}
# CHECK-NEXT: 3: r3 += 0xe ; R3=pkt(off=14,r=0){{$}}
# CHECK-NEXT: 4: if r3 > r2 goto +0x7 ; R1=pkt(r=14) R3=pkt(off=14,r=14){{$}}
# CHECK-NEXT: 5: w0 = *(u8 *)(r1 + 0xc) ; R0=scalar({{.*}}umax=255{{.*}}){{$}}
# CHECK-NEXT: from 6 to 9: R0=8 R1=pkt(r=14) R2=pkt_end() R3=pkt(off=14,r=14) R10=fp0{{$}}
# CHECK-NEXT: 9: *(u64 *)(r10 - 0x8) = r0 ; fp-8=8{{$}}
# CHECK-NEXT: 10: w0 = *(u8 *)(r1 + 0x14){{$}}
# CHECK-NEXT: verifier state at the instruction:
# CHECK-NEXT: R0=8 R1=pkt(r=14) R2=pkt_end() R3=pkt(off=14,r=14) R10=fp0 fp-8=8{{$}}
# QUIET:      insn 10: invalid access to packet
# QUIET-NOT:  path to the instruction
# KERNEL: {{^}}invalid access to packet, off=20 size=1, R1(id=0,off=20,r=14){{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
  r2 = *(u32 *)(r1 + 4)
  r1 = *(u32 *)(r1 + 0)
  r3 = r1
  r3 += 14
  if r3 > r2 goto out
  r0 = *(u8 *)(r1 + 12)
  if r0 == 8 goto ipv4
  r0 = 2
  exit
ipv4:
  *(u64 *)(r10 - 8) = r0
  r0 = *(u8 *)(r1 + 20)
  exit
out:
  r0 = 1
  exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
