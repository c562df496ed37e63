# Rule: every xdp_md field is read only; a store to rx_queue_index is
# rejected.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 1: invalid bpf_context access off=16 size=4{{$}}
# KERNEL: {{^}}1: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}invalid bpf_context access off=16 size=4{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
r2 = 0
*(u32 *)(r1 + 16) = r2
r0 = 0
exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
