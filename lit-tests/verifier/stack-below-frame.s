# Rule: the stack is the 512 bytes below r10; r10 - 520 is below the
# frame.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
# Safe twin (SAFE): r10 - 512, the lowest slot, is in the frame.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=SAFE=1 %s -o %t.safe.o
# RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
# RUN: ebpfc --verify-only %t.safe.o
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 1: invalid write to stack R10 off=-520 size=8{{$}}
# KERNEL: {{^}}1: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}invalid write to stack R10 off=-520 size=8{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
  r1 = 0
.ifdef SAFE
  *(u64 *)(r10 - 512) = r1
.else
  *(u64 *)(r10 - 520) = r1
.endif
  r0 = 0
  exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
