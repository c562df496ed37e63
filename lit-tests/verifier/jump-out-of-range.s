# Rule: jump targets must lie inside the program; `goto +5` at insn 1
# lands on insn 7 of 3.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 1: jump out of range from insn 1 to 7{{$}}
# KERNEL: {{^}}jump out of range from insn 1 to 7{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
r0 = 0
goto +5
exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
