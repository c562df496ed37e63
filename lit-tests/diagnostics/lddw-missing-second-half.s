# A program that ends with the first slot of an lddw is rejected (exit 1):
# the 64-bit immediate's upper half is missing.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o prog.o
# RUN: llvm-objcopy -O binary --only-section=.text prog.o half.bin
# RUN: %expect_exit 1 ebpfc --raw half.bin -o half.o 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}}

  r0 = 0
  exit
  .byte 0x18, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00   # lddw r0, ... (first slot)

# CHECK: ebpfc: error: half.bin:raw/half: insn 2: lddw is missing its second half (opcode 0x18)
