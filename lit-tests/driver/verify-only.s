# --verify-only checks every program and writes nothing: exit 0 and the
# verifier's summary for a good program (even with -o), exit 1 and the
# diagnostic for a bad one.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o good.o
# RUN: llvm-objcopy -O binary --only-section=.text good.o good.bin
# RUN: ebpfc --raw good.bin --verify-only 2>&1 | FileCheck %s --check-prefix=GOOD
# RUN: ebpfc --raw good.bin --verify-only -o good.native.o 2>&1 | FileCheck %s --check-prefix=GOOD
# GOOD: good.bin:raw/good: verified, processed {{[0-9]+}} insns, states {{[0-9]+}}, peak {{[0-9]+}}, {{[0-9]+}} us
# RUN: not test -e good.native.o
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=BAD=1 %s -o bad.o
# RUN: llvm-objcopy -O binary --only-section=.text bad.o bad.bin
# RUN: %expect_exit 1 ebpfc --raw bad.bin --verify-only 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}}
# CHECK: ebpfc: error: bad.bin:raw/bad: insn 2: jump out of range from insn 2 to 9

  r0 = 0
  if r1 == 0 goto out
.ifdef BAD
  goto +6
.else
  r0 = 1
.endif
out:
  exit
