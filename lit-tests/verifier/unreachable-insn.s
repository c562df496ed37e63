# Rule: every instruction must be reachable from the entry (dead code
# hides unverified instructions); insn 2 follows an exit and nothing jumps
# to it.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 2: unreachable insn 2{{$}}
# KERNEL: {{^}}unreachable insn 2{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
r0 = 0
exit
r0 = 1
exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
