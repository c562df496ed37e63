# Rule: a helper's map argument must be a map pointer from ld_imm64; a
# number in r1 would make bpf_map_lookup_elem use an arbitrary address as
# a map.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 4: R1 type=scalar expected=map_ptr{{$}}
# KERNEL: {{^}}4: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}R1 type=scalar expected=map_ptr{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
r1 = 0
*(u64 *)(r10 - 8) = r1
r2 = r10
r2 += -8
call 1
r0 = 0
exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
