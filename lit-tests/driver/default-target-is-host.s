# Without --target ebpfc compiles for the machine it runs on.
# REQUIRES: host-x86_64
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text %t.bpf.o %t.bin
# RUN: ebpfc --raw %t.bin -o %t.host.o
# RUN: ebpfc --raw %t.bin --target=x86_64-linux-gnu -o %t.x64.o
# RUN: cmp %t.host.o %t.x64.o
# RUN: ebpfc --raw %t.bin -S --emit-llvm -o - | FileCheck %s

  r0 = 7
  exit

# CHECK: target triple = "x86_64-unknown-linux-gnu"
