# Rule: metadata bytes are proved to exist only by comparing data_meta + N
# against data itself. data_meta + 8 <= data + 8 says only that data_meta
# <= data, which always holds, so the metadata may be empty.
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %if kernel-bpf %{ %kernel_load %t.o 2>&1 | FileCheck %s --check-prefix=KERNEL %}
# RUN: %expect_exit 1 ebpfc --verify-only %t.o 2>&1 | FileCheck %s
# Safe twin (SAFE): data_meta + 8 is compared with data.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=SAFE=1 %s -o %t.safe.o
# RUN: %if kernel-bpf %{ %kernel_load --accept %t.safe.o %}
# RUN: ebpfc --verify-only %t.safe.o
#
# CHECK: ebpfc: error: {{.*}}.o:xdp/prog: insn 7: invalid access to packet, off=0 size=1, R2(id=0,off=0,r=0){{$}}
# KERNEL: {{^}}7: ({{[0-9a-f]+}})
# KERNEL-NEXT: {{^}}invalid access to packet, off=0 size=1, R2(id=0,off=0,r=0){{$}}
# KERNEL-NEXT: {{^}}R2 offset is outside of the packet{{$}}
# KERNEL: kernel-load.sh: the kernel REJECTED

  .section xdp,"ax",@progbits
  .globl prog
  .type prog,@function
prog:
  r2 = *(u32 *)(r1 + 8)
  r3 = *(u32 *)(r1 + 0)
  r0 = 2
  r4 = r2
  r4 += 8
.ifndef SAFE
  r3 += 8
.endif
  if r4 > r3 goto out
  r0 = *(u8 *)(r2 + 0)
out:
  exit
  .size prog, .-prog

  .section license,"aw",@progbits
  .asciz "GPL"
