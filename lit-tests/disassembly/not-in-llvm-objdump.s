# Encodings that llvm-objdump cannot print faithfully get ebpfc's own text,
# as include/ebpfc/Disassembler.h documents: callx with its register in imm,
# LD|IND with a non-zero imm, and instructions ebpf_decode() rejects, which
# print `<invalid: REASON>` and take one slot each.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: llvm-objcopy -O binary --only-section=.text %t.o %t.bin
# RUN: ebpfc --disassemble --raw %t.bin | FileCheck %s --match-full-lines

  .byte 0x8d, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00 # callx, register in imm
  .byte 0x40, 0x30, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00 # LD|IND|W, imm 12
  .byte 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 # no such opcode
  .byte 0x07, 0x0b, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00 # r11 += 1
  .byte 0x07, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00 # r10 += 1
  .byte 0xdb, 0x21, 0x08, 0x00, 0x02, 0x00, 0x00, 0x00 # atomic op 0x02
  .byte 0xd4, 0x01, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00 # le8
  .byte 0x18, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00 # lddw, then not a
  .byte 0x95, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 # zero slot but exit
  .byte 0x18, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00 # lddw in the last slot

# CHECK:       0: callx r3
# CHECK-NEXT:  1: r0 = *(u32 *)skb[r3 + 0xc]
# CHECK-NEXT:  2: <invalid: unknown opcode>
# CHECK-NEXT:  3: <invalid: invalid dst register>
# CHECK-NEXT:  4: <invalid: frame pointer is read only>
# CHECK-NEXT:  5: <invalid: invalid atomic operation>
# CHECK-NEXT:  6: <invalid: invalid byte swap width>
# CHECK-NEXT:  7: <invalid: invalid second half of lddw>
# CHECK-NEXT:  8: exit
# CHECK-NEXT:  9: <invalid: lddw is missing its second half>
# CHECK-NOT:  {{.+}}
