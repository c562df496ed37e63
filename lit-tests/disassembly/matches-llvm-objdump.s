# ebpfc's listing of a program holding one instruction of each form is
# compared line by line with llvm-objdump's, computed here rather than
# written down: llvm-objdump's instruction lines (index, tab, text), without
# the symbolic jump targets ` <...>` it appends, are exactly the format of
# `ebpfc --disassemble`.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: llvm-objcopy -O binary --only-section=.text %t.o %t.bin
# RUN: llvm-objdump -d --mcpu=v4 --no-show-raw-insn %t.o \
# RUN:   | grep -E '^ +[0-9]+:' | sed 's/ <[^ ]*>$//' > %t.objdump
# RUN: ebpfc --disassemble --raw %t.bin > %t.ebpfc
# RUN: diff %t.objdump %t.ebpfc

func:
  r0 = 0x1122334455667788 ll
  r1 = -1 ll
  r2 = r1
  r2 = 42
  w3 = -7
  w3 = w2
  r4 += r3
  w4 -= 1
  r4 *= -3
  w4 /= w1
  r4 s/= 5
  w4 s/= w1
  r4 %= r1
  w4 s%= -9
  r4 |= 0x55
  w4 &= w1
  r4 <<= 3
  w4 >>= w1
  r4 s>>= r1
  w4 ^= 0xff
  r4 = -r4
  w4 = -w4
  r5 = (s8)r4
  r5 = (s16)r4
  r5 = (s32)r4
  w5 = (s8)w4
  w5 = (s16)w4
  r6 = le16 r6
  r6 = be32 r6
  r6 = bswap64 r6
  w7 = *(u8 *)(r1 + 0)
  w7 = *(u16 *)(r1 + 2)
  w7 = *(u32 *)(r1 - 4)
  r7 = *(u64 *)(r10 - 8)
  r7 = *(s8 *)(r1 + 1)
  r7 = *(s16 *)(r1 + 2)
  r7 = *(s32 *)(r1 + 4)
  *(u8 *)(r10 - 1) = w7
  *(u16 *)(r10 - 2) = w7
  *(u32 *)(r10 - 4) = w7
  *(u64 *)(r10 - 8) = r7
  *(u8 *)(r10 - 9) = 1
  *(u16 *)(r10 - 10) = -2
  *(u32 *)(r10 - 12) = 3
  *(u64 *)(r10 - 24) = -4
  lock *(u64 *)(r10 - 8) += r1
  lock *(u32 *)(r10 - 4) |= w1
  r1 = atomic_fetch_and((u64 *)(r10 - 8), r1)
  w1 = atomic_fetch_xor((u32 *)(r10 - 4), w1)
  r1 = xchg_64(r10 - 8, r1)
  w1 = xchg32_32(r10 - 4, w1)
  r0 = cmpxchg_64(r10 - 8, r0, r1)
  w0 = cmpxchg32_32(r10 - 4, w0, w1)
  r0 = *(u16 *)skb[12]
  r0 = *(u32 *)skb[r6]
  if r1 == 0 goto .Lout
  if r1 != r2 goto .Lout
  if w1 s> -1 goto .Lout
  if w1 <= w2 goto .Lout
  if r1 & 8 goto func
  goto .Lout
  gotol .Lout
  call 5
  call .Lsub
  callx r3
.Lout:
  exit
.Lsub:
  r0 = 1
  exit
