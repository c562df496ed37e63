# Execution may not run off the end of a function: its last instruction must
# be exit or an unconditional jump (exit 1 otherwise). Conditional jumps
# fall through too.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o alu.o
# RUN: llvm-objcopy -O binary --only-section=.text alu.o alu.bin
# RUN: %expect_exit 1 ebpfc --raw alu.bin -o alu.out 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}} --check-prefix=ALU
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=COND=1 %s -o cond.o
# RUN: llvm-objcopy -O binary --only-section=.text cond.o cond.bin
# RUN: %expect_exit 1 ebpfc --raw cond.bin -o cond.out 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}} --check-prefix=COND

start:
  r0 = 1
.ifdef COND
  if r1 != 0 goto start
.else
  r0 += 1
.endif

# ALU: ebpfc: error: alu.bin:raw/alu: insn 1: last insn is not an exit or jmp
# COND: ebpfc: error: cond.bin:raw/cond: insn 1: last insn is not an exit or jmp
