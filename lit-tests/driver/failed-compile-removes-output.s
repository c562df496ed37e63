# When compilation fails, ebpfc exits 1 and leaves no output file behind,
# not even an empty one, so a build system cannot mistake it for a result.
# This once left an empty file (the driver exited without running the
# output file's cleanup).
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o bad.bin
# RUN: %expect_exit 1 ebpfc --raw bad.bin -o bad.o 2>&1 | FileCheck %s
# RUN: not test -e bad.o
# RUN: %expect_exit 1 ebpfc --raw bad.bin -S -o bad.s 2>&1 | FileCheck %s
# RUN: not test -e bad.s
# RUN: %expect_exit 1 ebpfc --raw bad.bin -S --emit-llvm -o bad.ll 2>&1 | FileCheck %s
# RUN: not test -e bad.ll
# No depfile either.
# RUN: %expect_exit 1 ebpfc --raw bad.bin -MD -o bad.o 2>&1 | FileCheck %s
# RUN: not test -e bad.d
#
# A stale output of an earlier, successful run does not survive either.
# RUN: cp bpf.o bad.o
# RUN: %expect_exit 1 ebpfc --raw bad.bin -o bad.o 2>&1 | FileCheck %s
# RUN: not test -e bad.o

  r0 = 0
  call 1000
  exit

# CHECK: ebpfc: error: bad.bin:raw/bad: insn 1: invalid func unknown#1000
