# Local calls may not recurse, directly or through other functions (the
# kernel refuses recursion, and frames are not unbounded): exit 1, blaming
# the call that closes the cycle. Here f (insn 3) calls g (insn 5), which
# calls f again at insn 6.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o prog.o
# RUN: llvm-objcopy -O binary --only-section=.text prog.o rec.bin
# RUN: %expect_exit 1 ebpfc --raw rec.bin -o rec.o 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}}

  r1 = 1        # 0
  call f        # 1
  exit          # 2
f:
  call g        # 3
  exit          # 4
g:
  r1 += 1       # 5
  call f        # 6
  exit          # 7

# CHECK: ebpfc: error: rec.bin:raw/rec: insn 6: recursive call to rec.f3
