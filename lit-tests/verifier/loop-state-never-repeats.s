# Rule: a loop must be proved to terminate within the 1M-instruction
# budget; r1 counts up until it wraps to 0 (2^64 iterations), each state
# new, so the kernel gives up.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
# Safe twin (SAFE): the loop stops at 16.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=SAFE=1 %s -o %t.safe.o
# RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
# RUN: ebpfc --verify-only %t.safe.o
#
# Which of the loop's two instructions hits the limit depends on how the
# exploration counts them; the kernel's log names insn 3.
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn {{[0-9]+}}{{.*}}: BPF program is too large. Processed 1000001 insn{{$}}
# KERNEL: {{^}}BPF program is too large. Processed 1000001 insn{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
  r0 = 0
  r1 = 0
  r1 += 1
.ifdef SAFE
  if r1 < 16 goto -2
.else
  if r1 != 0 goto -2
.endif
  exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
