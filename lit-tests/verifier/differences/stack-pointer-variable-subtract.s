# A difference from the kernel, on purpose: the kernel refuses any
# subtraction from a stack pointer (its JITs once could not handle one, see
# its "invalid fp arithmetic" test), though the access below stays inside
# the frame: r3 = r10 - [0, 511], then a byte at r3 - 1, so fp-512..fp-1.
# ebpfc tracks the variable offset either way and accepts it; an access
# outside the frame is still refused
# (../stack-variable-offset-out-of-range.s).
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: ebpfc --verify-only %t.o 2>&1 | FileCheck %s
#
# CHECK: {{.*}}.o:xdp/prog: verified, processed {{[0-9]+}} insns
# KERNEL: {{^}}3: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}R3 subtraction from stack pointer prohibited{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
r2 = *(u32 *)(r1 + 16)
r2 &= 511
r3 = r10
r3 -= r2
r0 = 0
*(u8 *)(r3 - 1) = r0
exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
