# Rule: at most 8 call frames (MAX_CALL_FRAMES); prog -> f1 -> ... -> f8
# needs 9.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
# Safe twin (SAFE): f7 returns without calling f8: 8 frames.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=SAFE=1 %s -o %t.safe.o
# RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
# RUN: ebpfc --verify-only %t.safe.o
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 14: the call stack of 9 frames is too deep{{$}}
# KERNEL: {{^}}14: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}the call stack of 9 frames is too deep{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
  call f1
  exit
  .size prog, .-prog

  .text
  .type f1,@function
f1:
  call f2
  exit
  .size f1, .-f1
  .type f2,@function
f2:
  call f3
  exit
  .size f2, .-f2
  .type f3,@function
f3:
  call f4
  exit
  .size f3, .-f3
  .type f4,@function
f4:
  call f5
  exit
  .size f4, .-f4
  .type f5,@function
f5:
  call f6
  exit
  .size f5, .-f5
  .type f6,@function
f6:
  call f7
  exit
  .size f6, .-f6
  .type f7,@function
f7:
.ifdef SAFE
  r0 = 0
  exit
  .size f7, .-f7
.else
  call f8
  exit
  .size f7, .-f7
  .type f8,@function
f8:
  r0 = 0
  exit
  .size f8, .-f8
.endif

  .section license,"aw",@progbits
  .asciz "GPL"
