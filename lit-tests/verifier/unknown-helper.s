# Rule: a call must name a helper that exists; there is no helper 999.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 0: invalid func unknown#999{{$}}
# KERNEL: {{^}}0: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}invalid func unknown#999{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
call 999
r0 = 0
exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
