# Rule: 32-bit arithmetic on a pointer truncates it to its low half, which
# is no pointer at all.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 0: R1 32-bit pointer arithmetic prohibited{{$}}
# KERNEL: {{^}}0: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}R1 32-bit pointer arithmetic prohibited{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
w1 += 4
r0 = 0
exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
