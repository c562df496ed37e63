# BPF atomic instructions become LLVM atomics on the address: add/or/and/xor
# (with or without FETCH) atomicrmw, xchg atomicrmw xchg, cmpxchg a cmpxchg
# comparing with r0 whose loaded value goes to r0. 32-bit forms work on i32
# and zero-extend what they fetch.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o atomics.bin
# RUN: ebpfc --raw atomics.bin --mem-size=32 -S --emit-llvm -o - | FileCheck %s

  r2 = 5
  lock *(u64 *)(r1 + 0) += r2
  r3 = 6
  r3 = atomic_fetch_or((u64 *)(r1 + 8), r3)
  w4 = 7
  w4 = xchg32_32(r1 + 16, w4)
  w5 = 0xf0
  w5 = atomic_fetch_and((u32 *)(r1 + 20), w5)
  r0 = 1
  r6 = 9
  r0 = cmpxchg_64(r1 + 24, r0, r6)
  r0 += r3
  r0 += r4
  r0 += r5
  exit

# CHECK-LABEL: define {{.*}}i64 @atomics(ptr {{.*}}%mem, i64 %len)
# The add's result is not used, but the store to memory is.
# CHECK:       atomicrmw add ptr %mem, i64 5
# CHECK:       [[OR:%.*]] = atomicrmw or ptr %{{.*}}, i64 6
# CHECK:       [[XCHG:%.*]] = atomicrmw xchg ptr %{{.*}}, i32 7
# CHECK:       zext i32 [[XCHG]] to i64
# CHECK:       [[AND:%.*]] = atomicrmw and ptr %{{.*}}, i32 240
# CHECK:       zext i32 [[AND]] to i64
# CHECK:       [[PAIR:%.*]] = cmpxchg ptr %{{.*}}, i64 1, i64 9
# CHECK:       extractvalue { i64, i1 } [[PAIR]], 0
# CHECK:       ret i64
