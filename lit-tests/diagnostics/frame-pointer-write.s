# r10, the frame pointer, is read only: an ALU instruction that writes it is
# rejected (exit 1). Using it as a base address is fine (insn 0).
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o prog.o
# RUN: llvm-objcopy -O binary --only-section=.text prog.o fp.bin
# RUN: %expect_exit 1 ebpfc --raw fp.bin -o fp.o 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}}

  *(u64 *)(r10 - 8) = r1
  r0 = 0
  r10 += 8
  exit

# CHECK: ebpfc: error: fp.bin:raw/fp: insn 2: frame pointer is read only
