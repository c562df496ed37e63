# Disassembly of Byte swaps: le/be (ALU class) and bswap (ALU64 class), 16/32/64 bits.
# The expected text is llvm-objdump's (-d --mcpu=v4) for the same bytes.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: llvm-objcopy -O binary --only-section=.text %t.o %t.bin
# RUN: ebpfc --disassemble --raw %t.bin | FileCheck %s --match-full-lines

  r1 = le16 r1
  r1 = le32 r1
  r1 = le64 r1
  r2 = be16 r2
  r2 = be32 r2
  r2 = be64 r2
  r3 = bswap16 r3
  r3 = bswap32 r3
  r3 = bswap64 r3

# CHECK:       0: r1 = le16 r1
# CHECK-NEXT:  1: r1 = le32 r1
# CHECK-NEXT:  2: r1 = le64 r1
# CHECK-NEXT:  3: r2 = be16 r2
# CHECK-NEXT:  4: r2 = be32 r2
# CHECK-NEXT:  5: r2 = be64 r2
# CHECK-NEXT:  6: r3 = bswap16 r3
# CHECK-NEXT:  7: r3 = bswap32 r3
# CHECK-NEXT:  8: r3 = bswap64 r3
# CHECK-NOT:  {{.+}}
