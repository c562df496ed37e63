# An opcode RFC 9669 does not define is rejected (exit 1) at its index.
# 0xf7 is class ALU64 with operation 0xf0, past the last ALU operation (END,
# 0xd0); 0x86 is a call in the JMP32 class, which has no calls.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o alu.o
# RUN: llvm-objcopy -O binary --only-section=.text alu.o alu.bin
# RUN: %expect_exit 1 ebpfc --raw alu.bin -o alu.out 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}} --check-prefix=ALU
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=CALL32=1 %s -o call32.o
# RUN: llvm-objcopy -O binary --only-section=.text call32.o call32.bin
# RUN: %expect_exit 1 ebpfc --raw call32.bin -o call32.out 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}} --check-prefix=CALL32

  r0 = 1
  r0 += 2
.ifdef CALL32
  .byte 0x86, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00
.else
  .byte 0xf7, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00
.endif
  exit

# ALU: ebpfc: error: alu.bin:raw/alu: insn 2: unknown opcode f7
# CALL32: ebpfc: error: call32.bin:raw/call32: insn 2: unknown opcode 86
