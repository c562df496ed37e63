# Rule: a load at r10 + 0 reads the 8 bytes just above the frame.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 0: invalid read from stack R10 off=0 size=8{{$}}
# KERNEL: {{^}}0: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}invalid read from stack R10 off=0 size=8{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
r0 = *(u64 *)(r10 + 0)
exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
