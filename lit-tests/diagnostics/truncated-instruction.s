# A raw instruction stream whose size is not a multiple of 8 bytes is
# rejected (exit 1) at the slot where the partial instruction starts: 11
# bytes are one whole instruction (insn 0) and 3 bytes of insn 1.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o prog.o
# RUN: llvm-objcopy -O binary --only-section=.text prog.o cut.bin
# RUN: %expect_exit 1 ebpfc --raw cut.bin -o cut.o 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}}
# RUN: not test -e cut.o

  r0 = 1
  .byte 0x95, 0x00, 0x00          # the first 3 bytes of `exit`

# CHECK: ebpfc: error: cut.bin:raw/cut: insn 1: truncated instruction (3 trailing bytes; a BPF instruction is 8 bytes)
