# A difference from the kernel, on purpose: the kernel gives a whole call
# chain one 512-byte stack, so prog and its callee f, which use 320 bytes
# each, are refused there. Compiled by ebpfc, every BPF function has its own
# 512-byte frame on the native stack, so the chain is safe and accepted;
# each frame's own bounds are still checked (../stack-below-frame.s).
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: ebpfc --verify-only %t.o 2>&1 | FileCheck %s
# Safe twin (SAFE): 256 bytes each, 512 in all.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=SAFE=1 %s -o %t.safe.o
# RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
# RUN: ebpfc --verify-only %t.safe.o
#
# CHECK: {{.*}}.o:xdp/prog: verified, processed {{[0-9]+}} insns
# KERNEL: {{^}}combined stack size of 2 calls is 640. Too large{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
  r1 = 0
.ifdef SAFE
  *(u64 *)(r10 - 256) = r1
.else
  *(u64 *)(r10 - 320) = r1
.endif
  call f
  r0 = 0
  exit
  .size prog, .-prog

  .text
  .type f,@function
f:
  r1 = 0
.ifdef SAFE
  *(u64 *)(r10 - 256) = r1
.else
  *(u64 *)(r10 - 320) = r1
.endif
  r0 = 0
  exit
  .size f, .-f

  .section license,"aw",@progbits
  .asciz "GPL"
