# Rule: a helper call clobbers r1-r5, so reading r1 after bpf_ktime_get_ns
# (helper 5) reads an uninitialized register.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
# Safe twin (SAFE): the value is kept in callee-saved r6 across the call.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=SAFE=1 %s -o %t.safe.o
# RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
# RUN: ebpfc --verify-only %t.safe.o
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 1: R1 !read_ok{{$}}
# KERNEL: {{^}}1: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}R1 !read_ok{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
.ifdef SAFE
  r6 = 2
  call 5
  r0 = r6
.else
  call 5
  r0 = r1
.endif
  exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
