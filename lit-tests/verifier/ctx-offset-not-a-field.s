# Rule: context accesses must hit a field of the program type's context;
# offset 28 is past the end of xdp_md (24 bytes).
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
# Safe twin (SAFE): offset 16, rx_queue_index.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=SAFE=1 %s -o %t.safe.o
# RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
# RUN: ebpfc --verify-only %t.safe.o
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 0: invalid bpf_context access off=28 size=4{{$}}
# KERNEL: {{^}}0: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}invalid bpf_context access off=28 size=4{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
.ifdef SAFE
  r0 = *(u32 *)(r1 + 16)
.else
  r0 = *(u32 *)(r1 + 28)
.endif
  exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
