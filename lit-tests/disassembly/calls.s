# Disassembly of Helper calls, a local call (src 1, pc-relative imm), callx and exit.
# The expected text is llvm-objdump's (-d --mcpu=v4) for the same bytes.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: llvm-objcopy -O binary --only-section=.text %t.o %t.bin
# RUN: ebpfc --disassemble --raw %t.bin | FileCheck %s --match-full-lines

  call 5
  call 0
  call -1
  call .Lfunc
  callx r2
  callx r9
  exit
.Lfunc:
  r0 = 2
  exit

# CHECK:       0: call 0x5
# CHECK-NEXT:  1: call 0x0
# CHECK-NEXT:  2: call -0x1
# CHECK-NEXT:  3: call 0x3
# CHECK-NEXT:  4: callx r2
# CHECK-NEXT:  5: callx r9
# CHECK-NEXT:  6: exit
# CHECK-NEXT:  7: r0 = 0x2
# CHECK-NEXT:  8: exit
# CHECK-NOT:  {{.+}}
