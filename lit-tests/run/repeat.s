# --repeat N runs the program N times on the same memory block and reports
# the average duration; the return value is the last run's. This program
# increments a u64 counter in the block and returns it, so after 5 runs on
# a zeroed block the counter, and the result, are 5.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o counter.bin
# RUN: %python -c "open('zero.bin', 'wb').write(bytes(8))"
# RUN: ebpf-run --raw counter.bin --data-in zero.bin --data-out out.bin --repeat 5 \
# RUN:   | FileCheck %s --match-full-lines --check-prefix=FIVE
# RUN: od -An -tx1 out.bin | FileCheck %s --check-prefix=FIVE-DATA
# RUN: ebpf-run --raw counter.bin --interpret --data-in zero.bin --data-out interp.bin --repeat 5 \
# RUN:   | FileCheck %s --match-full-lines --check-prefix=FIVE
# RUN: cmp out.bin interp.bin
# 1000 runs: 1000 = 0x3e8.
# RUN: ebpf-run --raw counter.bin --data-in zero.bin --data-out many.bin --repeat=1000 \
# RUN:   | FileCheck %s --match-full-lines --check-prefix=THOUSAND
# RUN: od -An -tx1 many.bin | FileCheck %s --check-prefix=THOUSAND-DATA
#
# --repeat 0 would run nothing: a usage error (exit 2).
# RUN: %expect_exit 2 ebpf-run --raw counter.bin --repeat 0 2>&1 | FileCheck %s --check-prefix=ZERO
# ZERO: ebpf-run: error: --repeat must be at least 1

  r0 = *(u64 *)(r1 + 0)
  r0 += 1
  *(u64 *)(r1 + 0) = r0
  exit

# FIVE: Return value: 5, duration (average): {{[0-9]+}}ns
# FIVE-DATA: 05 00 00 00 00 00 00 00
# THOUSAND: Return value: 1000, duration (average): {{[0-9]+}}ns
# THOUSAND-DATA: e8 03 00 00 00 00 00 00
