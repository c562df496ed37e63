# Disassembly of Loads (zero- and sign-extending), stores of registers and immediates,
# of every size, with positive, negative and extreme offsets.
# The expected text is llvm-objdump's (-d --mcpu=v4) for the same bytes.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: llvm-objcopy -O binary --only-section=.text %t.o %t.bin
# RUN: ebpfc --disassemble --raw %t.bin | FileCheck %s --match-full-lines

  w0 = *(u8 *)(r1 + 0)
  w0 = *(u16 *)(r1 + 2)
  w0 = *(u32 *)(r1 + 4)
  r0 = *(u64 *)(r1 + 8)
  r0 = *(u64 *)(r10 - 8)
  r0 = *(s8 *)(r1 + 1)
  r0 = *(s16 *)(r10 - 2)
  r0 = *(s32 *)(r1 + 32767)
  *(u8 *)(r10 - 1) = w2
  *(u16 *)(r10 - 2) = w2
  *(u32 *)(r10 - 4) = w2
  *(u64 *)(r10 - 8) = r2
  *(u64 *)(r1 - 32768) = r10
  *(u8 *)(r1 + 0) = 0x80
  *(u16 *)(r1 + 2) = -1
  *(u32 *)(r1 + 4) = 0x11223344
  *(u64 *)(r10 - 16) = -2

# CHECK:       0: w0 = *(u8 *)(r1 + 0x0)
# CHECK-NEXT:  1: w0 = *(u16 *)(r1 + 0x2)
# CHECK-NEXT:  2: w0 = *(u32 *)(r1 + 0x4)
# CHECK-NEXT:  3: r0 = *(u64 *)(r1 + 0x8)
# CHECK-NEXT:  4: r0 = *(u64 *)(r10 - 0x8)
# CHECK-NEXT:  5: r0 = *(s8 *)(r1 + 0x1)
# CHECK-NEXT:  6: r0 = *(s16 *)(r10 - 0x2)
# CHECK-NEXT:  7: r0 = *(s32 *)(r1 + 0x7fff)
# CHECK-NEXT:  8: *(u8 *)(r10 - 0x1) = w2
# CHECK-NEXT:  9: *(u16 *)(r10 - 0x2) = w2
# CHECK-NEXT: 10: *(u32 *)(r10 - 0x4) = w2
# CHECK-NEXT: 11: *(u64 *)(r10 - 0x8) = r2
# CHECK-NEXT: 12: *(u64 *)(r1 - 0x8000) = r10
# CHECK-NEXT: 13: *(u8 *)(r1 + 0x0) = 0x80
# CHECK-NEXT: 14: *(u16 *)(r1 + 0x2) = -0x1
# CHECK-NEXT: 15: *(u32 *)(r1 + 0x4) = 0x11223344
# CHECK-NEXT: 16: *(u64 *)(r10 - 0x10) = -0x2
# CHECK-NOT:  {{.+}}
