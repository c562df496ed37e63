# Rule: every path must reach exit; `goto -1` jumps to itself in the same
# state forever.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 1: infinite loop detected at insn 1{{$}}
# KERNEL: {{^}}infinite loop detected at insn 1{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
r0 = 0
goto -1
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
