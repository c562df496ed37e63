# --verify-only checks every program and writes nothing: exit 0 and no
# output for a good program (even with -o), exit 1 and the diagnostic for a
# bad one.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o good.o
# RUN: llvm-objcopy -O binary --only-section=.text good.o good.bin
# RUN: ebpfc --raw good.bin --verify-only 2>&1 | count 0
# RUN: ebpfc --raw good.bin --verify-only -o good.native.o 2>&1 | count 0
# RUN: not test -e good.native.o
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=BAD=1 %s -o bad.o
# RUN: llvm-objcopy -O binary --only-section=.text bad.o bad.bin
# RUN: %expect_exit 1 ebpfc --raw bad.bin --verify-only 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}}
# CHECK: ebpfc: error: bad.bin:raw/bad: insn 2: jump out of range (target 9, program has 4 instructions)

  r0 = 0
  if r1 == 0 goto out
.ifdef BAD
  goto +6
.else
  r0 = 1
.endif
out:
  exit
