# lddw takes two slots; a jump to the second one would run its immediate as
# an instruction, so it is rejected (exit 1). `if r1 == 0 goto +2` at insn 0
# targets slot 3, the second half of the lddw in slots 2-3.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o prog.o
# RUN: llvm-objcopy -O binary --only-section=.text prog.o mid.bin
# RUN: %expect_exit 1 ebpfc --raw mid.bin -o mid.o 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}}

  if r1 == 0 goto +2
  r0 = 1
  r0 = 0x1122334455667788 ll
  exit

# CHECK: ebpfc: error: mid.bin:raw/mid: insn 0: jump into the middle of lddw (target 3)
