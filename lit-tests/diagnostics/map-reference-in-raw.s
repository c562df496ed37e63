# lddw with a pseudo source (here src_reg 1, BPF_PSEUDO_MAP_FD) refers to a
# map by file descriptor, which compiled objects never do (they name maps by
# index), so it is rejected (exit 1).
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o prog.o
# RUN: llvm-objcopy -O binary --only-section=.text prog.o map.bin
# RUN: %expect_exit 1 ebpfc --raw map.bin -o map.o 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}}

  r0 = 0
  .byte 0x18, 0x11, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00   # lddw r1, map_fd 3
  .byte 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
  exit

# CHECK: ebpfc: error: map.bin:raw/map: insn 1: lddw of a map by file descriptor is not supported (objects name maps by index)
