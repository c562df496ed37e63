# Rule: a variable stack offset must stay inside the frame for every
# value: r10 - 1024 + [0, 1023] reaches 1024 bytes down.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
# Safe twin (SAFE): r10 - 512 + [0, 511] stays in the frame.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=SAFE=1 %s -o %t.safe.o
# RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
# RUN: ebpfc --verify-only %t.safe.o
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 6: invalid variable-offset write to stack R3 var_off=(0x0; 0x3ff) off=-1024 size=1{{$}}
# KERNEL: {{^}}6: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}invalid variable-offset write to stack R3 var_off=(0x0; 0x3ff) off=-1024 size=1{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
  r2 = *(u32 *)(r1 + 16)
.ifdef SAFE
  r2 &= 511
  r3 = r10
  r3 += -512
.else
  r2 &= 1023
  r3 = r10
  r3 += -1024
.endif
  r3 += r2
  r0 = 0
  *(u8 *)(r3 + 0) = r0
  exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
