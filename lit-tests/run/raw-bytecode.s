# ebpf-run runs raw bytecode on the memory block --data-in gives (r1 = its
# address, r2 = its length), prints bpftool's one line, and writes the block
# as the program left it to --data-out. The program returns the
# little-endian u32 at offset 0 plus the length and stores 0xdeadbeef at
# offset 4:
#   0x04030201 + 8 = 67305985 + 8 = 67305993.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o prog.bin
# RUN: %python -c "open('in.bin', 'wb').write(bytes([1, 2, 3, 4, 5, 6, 7, 8]))"
#
# RUN: ebpf-run --raw prog.bin --data-in in.bin --data-out out.bin \
# RUN:   | FileCheck %s --match-full-lines
# RUN: od -An -tx1 out.bin | FileCheck %s --check-prefix=DATA
# The input file itself is left alone.
# RUN: od -An -tx1 in.bin | FileCheck %s --check-prefix=INPUT
#
# The reference interpreter computes the same.
# RUN: ebpf-run --raw prog.bin --interpret --data-in in.bin --data-out interp.bin \
# RUN:   | FileCheck %s --match-full-lines
# RUN: cmp out.bin interp.bin
#
# Every optimization level too.
# RUN: ebpf-run --raw prog.bin -O0 --data-in in.bin | FileCheck %s --match-full-lines
# RUN: ebpf-run --raw prog.bin -O3 --data-in in.bin | FileCheck %s --match-full-lines

  r0 = *(u32 *)(r1 + 0)
  r0 += r2
  w3 = 0xdeadbeef
  *(u32 *)(r1 + 4) = r3
  exit

# CHECK: Return value: 67305993, duration (average): {{[0-9]+}}ns
# DATA:  01 02 03 04 ef be ad de
# INPUT: 01 02 03 04 05 06 07 08
