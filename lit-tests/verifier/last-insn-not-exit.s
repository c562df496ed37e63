# Rule: execution must not fall off the end of the program; the last
# instruction must be exit or a jump.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 0: last insn is not an exit or jmp{{$}}
# KERNEL: {{^}}last insn is not an exit or jmp{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
r0 = 0
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
