# A helper call names the helper by id; raw programs have only helper 5
# (identity), so `call 99` is rejected (exit 1) with the id and the program
# type.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o prog.o
# RUN: llvm-objcopy -O binary --only-section=.text prog.o helper.bin
# RUN: %expect_exit 1 ebpfc --raw helper.bin -o helper.o 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}}
# --verify-only rejects it too: it accepts exactly what compiles.
# RUN: %expect_exit 1 ebpfc --raw --verify-only helper.bin 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}}

  r1 = 1
  call 5
  call 99
  exit

# CHECK: ebpfc: error: helper.bin:raw/helper: insn 2: invalid func unknown#99
