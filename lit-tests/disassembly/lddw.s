# Disassembly of lddw (two slots, one line) with boundary 64-bit immediates; the next
# instruction index skips the second slot.
# The expected text is llvm-objdump's (-d --mcpu=v4) for the same bytes.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: llvm-objcopy -O binary --only-section=.text %t.o %t.bin
# RUN: ebpfc --disassemble --raw %t.bin | FileCheck %s --match-full-lines

  r0 = 0x1122334455667788 ll
  r1 = -1 ll
  r2 = 0 ll
  r3 = 0x100000000 ll
  r4 = 0xffffffff ll
  r5 = -9223372036854775808 ll
  r9 = 0x7fffffffffffffff ll
  exit

# CHECK:       0: r0 = 0x1122334455667788 ll
# CHECK-NEXT:  2: r1 = -0x1 ll
# CHECK-NEXT:  4: r2 = 0x0 ll
# CHECK-NEXT:  6: r3 = 0x100000000 ll
# CHECK-NEXT:  8: r4 = 0xffffffff ll
# CHECK-NEXT: 10: r5 = -0x8000000000000000 ll
# CHECK-NEXT: 12: r9 = 0x7fffffffffffffff ll
# CHECK-NEXT: 14: exit
# CHECK-NOT:  {{.+}}
