# Registers are r0..r10; the 4-bit fields can name 11..15, which are
# rejected (exit 1) with the field and the number. `r11 = 1` (dst 11) and
# `r0 = r12` (src 12) are written as bytes: the assembler refuses them.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=DST=1 %s -o dst.o
# RUN: llvm-objcopy -O binary --only-section=.text dst.o dst.bin
# RUN: %expect_exit 1 ebpfc --raw dst.bin -o dst.out 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}} --check-prefix=DST
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o src.o
# RUN: llvm-objcopy -O binary --only-section=.text src.o src.bin
# RUN: %expect_exit 1 ebpfc --raw src.bin -o src.out 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}} --check-prefix=SRC

  r0 = 0
.ifdef DST
  .byte 0xb7, 0x0b, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00   # mov r11, 1
.else
  .byte 0xbf, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00   # mov r0, r12
.endif
  exit

# DST: ebpfc: error: dst.bin:raw/dst: insn 1: invalid dst register 11 (opcode 0xb7)
# SRC: ebpfc: error: src.bin:raw/src: insn 1: invalid src register 12 (opcode 0xbf)
