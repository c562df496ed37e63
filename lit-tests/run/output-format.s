# ebpf-run prints exactly one line, `Return value: N, duration (average):
# Tns` as bpftool prog run does, with N in decimal. A raw program's r0 is
# all 64 bits: here 0xfedcba9876543210 = 18364758544493064720.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: llvm-objcopy -O binary --only-section=.text %t.o %t.bin
# RUN: ebpf-run --raw %t.bin > %t.out
# RUN: FileCheck %s --match-full-lines --strict-whitespace < %t.out
# RUN: count 1 < %t.out
# RUN: ebpf-run --raw %t.bin --interpret | FileCheck %s --match-full-lines --strict-whitespace

  r0 = 0xfedcba9876543210 ll
  exit

# CHECK:{{^}}Return value: 18364758544493064720, duration (average): {{[0-9]+}}ns{{$}}
