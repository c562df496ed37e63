# Rule: a function's frame dies when it returns; f returning r10 - 8 hands
# its caller a dangling pointer.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 5: cannot return stack pointer to the caller{{$}}
# KERNEL: {{^}}5: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}cannot return stack pointer to the caller{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
  call f
  r0 = 0
  exit
  .size prog, .-prog

  .text
  .type f,@function
f:
  r0 = r10
  r0 += -8
  exit
  .size f, .-f

  .section license,"aw",@progbits
  .asciz "GPL"
