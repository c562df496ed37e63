# Rule: each program type has its own helper set; bpf_skb_load_bytes (26)
# reads an sk_buff, which an XDP program does not have.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 4: program of this type cannot use helper bpf_skb_load_bytes#26{{$}}
# KERNEL: {{^}}4: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}program of this type cannot use helper bpf_skb_load_bytes#26{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
r2 = 0
r3 = r10
r3 += -8
r4 = 8
call 26
r0 = 0
exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
