# -O0 .. -O3 are accepted (default -O2) and change the code, not what it
# computes; -O4 and other levels are usage errors (exit 2).
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o sum.bin
#
# At -O0 the lifter's IR is left as it is: registers live in allocas.
# RUN: ebpfc --raw sum.bin -O0 -S --emit-llvm -o - | FileCheck %s --check-prefix=O0
# O0: alloca
# 1 + 2 + 3 + 4 = 10, folded at every level that optimizes.
# RUN: ebpfc --raw sum.bin -O1 -S --emit-llvm -o - | FileCheck %s --check-prefix=OPT
# RUN: ebpfc --raw sum.bin -O2 -S --emit-llvm -o - | FileCheck %s --check-prefix=OPT
# RUN: ebpfc --raw sum.bin -O3 -S --emit-llvm -o - | FileCheck %s --check-prefix=OPT
# RUN: ebpfc --raw sum.bin -S --emit-llvm -o - | FileCheck %s --check-prefix=OPT
# OPT-NOT: alloca
# OPT: ret i64 10
#
# Objects at every level.
# RUN: ebpfc --raw sum.bin -O0 -o O0.o
# RUN: ebpfc --raw sum.bin -O3 -o O3.o
# RUN: ebpfc --raw sum.bin -O2 -o O2.o
# RUN: ebpfc --raw sum.bin -o default.o
# RUN: cmp O2.o default.o
#
# RUN: %expect_exit 2 ebpfc --raw sum.bin -O4 -o O4.o 2>&1 | FileCheck %s --check-prefix=O4
# O4: ebpfc: error: invalid optimization level -O4
# RUN: not test -e O4.o
# RUN: %expect_exit 2 ebpfc --raw sum.bin -Os -o Os.o 2>&1 | FileCheck %s --check-prefix=OS
# OS: ebpfc: error: invalid optimization level -Os

  r0 = 1
  r1 = 2
  r0 += r1
  r0 += 3
  r1 = 4
  r0 += r1
  exit
