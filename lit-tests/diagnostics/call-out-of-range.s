# A local call (src_reg 1) whose target, pc + 1 + imm, lies outside the
# program is rejected (exit 1): `call +5` at insn 1 of 3 targets 7. The
# assembler only writes local calls to labels, hence the bytes.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o prog.o
# RUN: llvm-objcopy -O binary --only-section=.text prog.o call.bin
# RUN: %expect_exit 1 ebpfc --raw call.bin -o call.o 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}}

  r1 = 1
  .byte 0x85, 0x10, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00   # call local +5
  exit

# CHECK: ebpfc: error: call.bin:raw/call: insn 1: call out of range (target 7, program has 3 instructions)
