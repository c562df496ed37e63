# Rule: context accesses are rewritten by offset, so they must go through
# the unmodified context pointer; r1 + 16 is not.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 1: dereference of modified ctx ptr R1 off=16 disallowed{{$}}
# KERNEL: {{^}}1: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}dereference of modified ctx ptr R1 off=16 disallowed{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
r1 += 16
r0 = *(u32 *)(r1 + 0)
exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
