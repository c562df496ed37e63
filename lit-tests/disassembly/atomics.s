# Disassembly of Atomic read-modify-write instructions, 64- and 32-bit: add/or/and/xor
# with and without fetch, xchg and cmpxchg.
# The expected text is llvm-objdump's (-d --mcpu=v4) for the same bytes.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: llvm-objcopy -O binary --only-section=.text %t.o %t.bin
# RUN: ebpfc --disassemble --raw %t.bin | FileCheck %s --match-full-lines

  lock *(u64 *)(r1 + 0) += r2
  lock *(u64 *)(r1 + 8) |= r2
  lock *(u64 *)(r1 - 8) &= r2
  lock *(u64 *)(r10 - 16) ^= r3
  r2 = atomic_fetch_add((u64 *)(r1 + 0), r2)
  r2 = atomic_fetch_or((u64 *)(r1 + 0), r2)
  r2 = atomic_fetch_and((u64 *)(r1 + 0), r2)
  r2 = atomic_fetch_xor((u64 *)(r1 + 0), r2)
  r2 = xchg_64(r1 + 8, r2)
  r0 = cmpxchg_64(r1 + 8, r0, r2)
  lock *(u32 *)(r1 + 0) += w2
  lock *(u32 *)(r1 + 4) |= w2
  lock *(u32 *)(r1 - 4) &= w2
  lock *(u32 *)(r10 - 4) ^= w3
  w2 = atomic_fetch_add((u32 *)(r1 + 0), w2)
  w2 = atomic_fetch_or((u32 *)(r1 + 0), w2)
  w2 = atomic_fetch_and((u32 *)(r1 + 0), w2)
  w2 = atomic_fetch_xor((u32 *)(r1 + 0), w2)
  w2 = xchg32_32(r1 + 4, w2)
  w0 = cmpxchg32_32(r1 + 4, w0, w2)

# CHECK:       0: lock *(u64 *)(r1 + 0x0) += r2
# CHECK-NEXT:  1: lock *(u64 *)(r1 + 0x8) |= r2
# CHECK-NEXT:  2: lock *(u64 *)(r1 - 0x8) &= r2
# CHECK-NEXT:  3: lock *(u64 *)(r10 - 0x10) ^= r3
# CHECK-NEXT:  4: r2 = atomic_fetch_add((u64 *)(r1 + 0x0), r2)
# CHECK-NEXT:  5: r2 = atomic_fetch_or((u64 *)(r1 + 0x0), r2)
# CHECK-NEXT:  6: r2 = atomic_fetch_and((u64 *)(r1 + 0x0), r2)
# CHECK-NEXT:  7: r2 = atomic_fetch_xor((u64 *)(r1 + 0x0), r2)
# CHECK-NEXT:  8: r2 = xchg_64(r1 + 0x8, r2)
# CHECK-NEXT:  9: r0 = cmpxchg_64(r1 + 0x8, r0, r2)
# CHECK-NEXT: 10: lock *(u32 *)(r1 + 0x0) += w2
# CHECK-NEXT: 11: lock *(u32 *)(r1 + 0x4) |= w2
# CHECK-NEXT: 12: lock *(u32 *)(r1 - 0x4) &= w2
# CHECK-NEXT: 13: lock *(u32 *)(r10 - 0x4) ^= w3
# CHECK-NEXT: 14: w2 = atomic_fetch_add((u32 *)(r1 + 0x0), w2)
# CHECK-NEXT: 15: w2 = atomic_fetch_or((u32 *)(r1 + 0x0), w2)
# CHECK-NEXT: 16: w2 = atomic_fetch_and((u32 *)(r1 + 0x0), w2)
# CHECK-NEXT: 17: w2 = atomic_fetch_xor((u32 *)(r1 + 0x0), w2)
# CHECK-NEXT: 18: w2 = xchg32_32(r1 + 0x4, w2)
# CHECK-NEXT: 19: w0 = cmpxchg32_32(r1 + 0x4, w0, w2)
# CHECK-NOT:  {{.+}}
