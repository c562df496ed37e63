# Rule: every instruction must have a defined opcode; 0x8d is no BPF
# instruction.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 0: unknown opcode 8d{{$}}
# KERNEL: {{^}}unknown opcode 8d{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
.byte 0x8d, 0, 0, 0, 0, 0, 0, 0
r0 = 0
exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
