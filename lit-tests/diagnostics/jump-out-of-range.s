# A jump whose target (pc + 1 + offset) lies outside the program is rejected
# (exit 1), forwards and backwards: `goto +5` at insn 1 of 3 targets 7,
# `goto -3` at insn 0 targets -2.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o fwd.o
# RUN: llvm-objcopy -O binary --only-section=.text fwd.o fwd.bin
# RUN: %expect_exit 1 ebpfc --raw fwd.bin -o fwd.out 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}} --check-prefix=FWD
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=BACK=1 %s -o back.o
# RUN: llvm-objcopy -O binary --only-section=.text back.o back.bin
# RUN: %expect_exit 1 ebpfc --raw back.bin -o back.out 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}} --check-prefix=BACK

.ifdef BACK
  goto -3
  r0 = 0
  exit
.else
  r0 = 0
  goto +5
  exit
.endif

# FWD: ebpfc: error: fwd.bin:raw/fwd: insn 1: jump out of range from insn 1 to 7
# BACK: ebpfc: error: back.bin:raw/back: insn 0: jump out of range from insn 0 to -2
