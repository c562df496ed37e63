# Disassembly of JMP and JMP32 conditional jumps with immediate and register operands,
# forwards and backwards, goto (ja) and gotol (JMP32 ja, offset in imm).
# The expected text is llvm-objdump's (-d --mcpu=v4) for the same bytes.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: llvm-objcopy -O binary --only-section=.text %t.o %t.bin
# RUN: ebpfc --disassemble --raw %t.bin | FileCheck %s --match-full-lines

.Ltop:
  goto .Lend
  goto .Ltop
  gotol .Lend
  gotol .Ltop
  if r1 == 5 goto .Lend
  if r1 == r2 goto .Ltop
  if r1 > -5 goto .Lend
  if r1 > r2 goto .Lend
  if r1 >= 0x7fffffff goto .Lend
  if r1 >= r2 goto .Lend
  if r1 & 1 goto .Lend
  if r1 & r2 goto .Lend
  if r1 != 0 goto .Lend
  if r1 != r2 goto .Lend
  if r1 s> -1 goto .Lend
  if r1 s> r2 goto .Lend
  if r1 s>= 2 goto .Lend
  if r1 s>= r2 goto .Lend
  if r1 < 3 goto .Lend
  if r1 < r2 goto .Lend
  if r1 <= 4 goto .Lend
  if r1 <= r2 goto .Lend
  if r1 s< -2 goto .Lend
  if r1 s< r2 goto .Lend
  if r1 s<= 6 goto .Lend
  if r1 s<= r2 goto .Ltop
  if w1 == 5 goto .Lend
  if w1 == w2 goto .Ltop
  if w1 > -5 goto .Lend
  if w1 > w2 goto .Lend
  if w1 >= 7 goto .Lend
  if w1 >= w2 goto .Lend
  if w1 & 1 goto .Lend
  if w1 & w2 goto .Lend
  if w1 != 0 goto .Lend
  if w1 != w2 goto .Lend
  if w1 s> -1 goto .Lend
  if w1 s> w2 goto .Lend
  if w1 s>= 2 goto .Lend
  if w1 s>= w2 goto .Lend
  if w1 < 3 goto .Lend
  if w1 < w2 goto .Lend
  if w1 <= 4 goto .Lend
  if w1 <= w2 goto .Lend
  if w1 s< -2 goto .Lend
  if w1 s< w2 goto .Lend
  if w1 s<= 6 goto .Lend
  if w1 s<= w2 goto .Ltop
.Lend:
  exit

# CHECK:       0: goto +0x2f
# CHECK-NEXT:  1: goto -0x2
# CHECK-NEXT:  2: gotol +0x2d
# CHECK-NEXT:  3: gotol -0x4
# CHECK-NEXT:  4: if r1 == 0x5 goto +0x2b
# CHECK-NEXT:  5: if r1 == r2 goto -0x6
# CHECK-NEXT:  6: if r1 > -0x5 goto +0x29
# CHECK-NEXT:  7: if r1 > r2 goto +0x28
# CHECK-NEXT:  8: if r1 >= 0x7fffffff goto +0x27
# CHECK-NEXT:  9: if r1 >= r2 goto +0x26
# CHECK-NEXT: 10: if r1 & 0x1 goto +0x25
# CHECK-NEXT: 11: if r1 & r2 goto +0x24
# CHECK-NEXT: 12: if r1 != 0x0 goto +0x23
# CHECK-NEXT: 13: if r1 != r2 goto +0x22
# CHECK-NEXT: 14: if r1 s> -0x1 goto +0x21
# CHECK-NEXT: 15: if r1 s> r2 goto +0x20
# CHECK-NEXT: 16: if r1 s>= 0x2 goto +0x1f
# CHECK-NEXT: 17: if r1 s>= r2 goto +0x1e
# CHECK-NEXT: 18: if r1 < 0x3 goto +0x1d
# CHECK-NEXT: 19: if r1 < r2 goto +0x1c
# CHECK-NEXT: 20: if r1 <= 0x4 goto +0x1b
# CHECK-NEXT: 21: if r1 <= r2 goto +0x1a
# CHECK-NEXT: 22: if r1 s< -0x2 goto +0x19
# CHECK-NEXT: 23: if r1 s< r2 goto +0x18
# CHECK-NEXT: 24: if r1 s<= 0x6 goto +0x17
# CHECK-NEXT: 25: if r1 s<= r2 goto -0x1a
# CHECK-NEXT: 26: if w1 == 0x5 goto +0x15
# CHECK-NEXT: 27: if w1 == w2 goto -0x1c
# CHECK-NEXT: 28: if w1 > -0x5 goto +0x13
# CHECK-NEXT: 29: if w1 > w2 goto +0x12
# CHECK-NEXT: 30: if w1 >= 0x7 goto +0x11
# CHECK-NEXT: 31: if w1 >= w2 goto +0x10
# CHECK-NEXT: 32: if w1 & 0x1 goto +0xf
# CHECK-NEXT: 33: if w1 & w2 goto +0xe
# CHECK-NEXT: 34: if w1 != 0x0 goto +0xd
# CHECK-NEXT: 35: if w1 != w2 goto +0xc
# CHECK-NEXT: 36: if w1 s> -0x1 goto +0xb
# CHECK-NEXT: 37: if w1 s> w2 goto +0xa
# CHECK-NEXT: 38: if w1 s>= 0x2 goto +0x9
# CHECK-NEXT: 39: if w1 s>= w2 goto +0x8
# CHECK-NEXT: 40: if w1 < 0x3 goto +0x7
# CHECK-NEXT: 41: if w1 < w2 goto +0x6
# CHECK-NEXT: 42: if w1 <= 0x4 goto +0x5
# CHECK-NEXT: 43: if w1 <= w2 goto +0x4
# CHECK-NEXT: 44: if w1 s< -0x2 goto +0x3
# CHECK-NEXT: 45: if w1 s< w2 goto +0x2
# CHECK-NEXT: 46: if w1 s<= 0x6 goto +0x1
# CHECK-NEXT: 47: if w1 s<= w2 goto -0x30
# CHECK-NEXT: 48: exit
# CHECK-NOT:  {{.+}}
