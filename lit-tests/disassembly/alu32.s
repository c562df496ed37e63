# Disassembly of ALU (32-bit) instructions: every operation with an immediate and with a
# register source, sdiv/smod, neg and movsx (offset 8/16).
# The expected text is llvm-objdump's (-d --mcpu=v4) for the same bytes.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: llvm-objcopy -O binary --only-section=.text %t.o %t.bin
# RUN: ebpfc --disassemble --raw %t.bin | FileCheck %s --match-full-lines

  w0 = 1
  w1 = -1
  w2 = w3
  w1 += 7
  w1 += w2
  w1 -= -5
  w1 -= w2
  w1 *= 3
  w1 *= w2
  w1 /= 10
  w1 /= w2
  w1 s/= -3
  w1 s/= w2
  w1 %= 10
  w1 %= w2
  w1 s%= 3
  w1 s%= w2
  w1 |= 0xff
  w1 |= w2
  w1 &= 0xffff
  w1 &= w2
  w1 ^= -1
  w1 ^= w2
  w1 <<= 31
  w1 <<= w2
  w1 >>= 16
  w1 >>= w2
  w1 s>>= 1
  w1 s>>= w2
  w1 = -w1
  w1 = (s8)w2
  w1 = (s16)w2

# CHECK:       0: w0 = 0x1
# CHECK-NEXT:  1: w1 = -0x1
# CHECK-NEXT:  2: w2 = w3
# CHECK-NEXT:  3: w1 += 0x7
# CHECK-NEXT:  4: w1 += w2
# CHECK-NEXT:  5: w1 -= -0x5
# CHECK-NEXT:  6: w1 -= w2
# CHECK-NEXT:  7: w1 *= 0x3
# CHECK-NEXT:  8: w1 *= w2
# CHECK-NEXT:  9: w1 /= 0xa
# CHECK-NEXT: 10: w1 /= w2
# CHECK-NEXT: 11: w1 s/= -0x3
# CHECK-NEXT: 12: w1 s/= w2
# CHECK-NEXT: 13: w1 %= 0xa
# CHECK-NEXT: 14: w1 %= w2
# CHECK-NEXT: 15: w1 s%= 0x3
# CHECK-NEXT: 16: w1 s%= w2
# CHECK-NEXT: 17: w1 |= 0xff
# CHECK-NEXT: 18: w1 |= w2
# CHECK-NEXT: 19: w1 &= 0xffff
# CHECK-NEXT: 20: w1 &= w2
# CHECK-NEXT: 21: w1 ^= -0x1
# CHECK-NEXT: 22: w1 ^= w2
# CHECK-NEXT: 23: w1 <<= 0x1f
# CHECK-NEXT: 24: w1 <<= w2
# CHECK-NEXT: 25: w1 >>= 0x10
# CHECK-NEXT: 26: w1 >>= w2
# CHECK-NEXT: 27: w1 s>>= 0x1
# CHECK-NEXT: 28: w1 s>>= w2
# CHECK-NEXT: 29: w1 = -w1
# CHECK-NEXT: 30: w1 = (s8)w2
# CHECK-NEXT: 31: w1 = (s16)w2
# CHECK-NOT:  {{.+}}
