# Calls with src_reg 2 call kernel functions by BTF id; there is no kernel
# to provide them, so they are rejected (exit 1).
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o prog.o
# RUN: llvm-objcopy -O binary --only-section=.text prog.o kfunc.bin
# RUN: %expect_exit 1 ebpfc --raw kfunc.bin -o kfunc.o 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}}

  r1 = 0
  .byte 0x85, 0x20, 0x00, 0x00, 0x2a, 0x00, 0x00, 0x00   # call kfunc 42
  exit

# CHECK: ebpfc: error: kfunc.bin:raw/kfunc: insn 1: kfunc calls are not supported
