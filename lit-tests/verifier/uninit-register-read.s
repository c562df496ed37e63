# Rule: a register is read before anything was written to it. Only r1 (the
# context) and r10 are set on entry; r3 holds whatever the caller left.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
# Safe twin (SAFE): r3 is written first.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=SAFE=1 %s -o %t.safe.o
# RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
# RUN: ebpfc --verify-only %t.safe.o
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 0: R3 !read_ok{{$}}
# KERNEL: {{^}}0: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}R3 !read_ok{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
.ifdef SAFE
  r3 = 2
.endif
  r0 = r3
  exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
