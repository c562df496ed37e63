# Rule: a load through a scalar (a number, not a pointer the verifier
# knows) could read any address.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 1: R1 invalid mem access 'scalar'{{$}}
# KERNEL: {{^}}1: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}R1 invalid mem access 'scalar'{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
r1 = 4096
r0 = *(u64 *)(r1 + 0)
exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
