# Disassembly of legacy packet loads (LD|ABS, LD|IND with imm 0) and the lddw pseudo
# forms, which llvm-objdump prints as ld_pseudo with a tab after the mnemonic.
# The expected text is llvm-objdump's (-d --mcpu=v4) for the same bytes.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: llvm-objcopy -O binary --only-section=.text %t.o %t.bin
# RUN: ebpfc --disassemble --raw %t.bin | FileCheck %s --match-full-lines

  r0 = *(u8 *)skb[0]
  r0 = *(u16 *)skb[12]
  r0 = *(u32 *)skb[-4096]
  r0 = *(u8 *)skb[r7]
  r0 = *(u16 *)skb[r3]
  r0 = *(u32 *)skb[r9]
  ld_pseudo r1, 1, 3
  ld_pseudo r2, 2, 0xfffffffd
  exit

# CHECK:       0: r0 = *(u8 *)skb[0x0]
# CHECK-NEXT:  1: r0 = *(u16 *)skb[0xc]
# CHECK-NEXT:  2: r0 = *(u32 *)skb[-0x1000]
# CHECK-NEXT:  3: r0 = *(u8 *)skb[r7]
# CHECK-NEXT:  4: r0 = *(u16 *)skb[r3]
# CHECK-NEXT:  5: r0 = *(u32 *)skb[r9]
# CHECK-NEXT:  6: ld_pseudo r1, 0x1, 0x3
# CHECK-NEXT:  8: ld_pseudo r2, 0x2, 0xfffffffd
# CHECK-NEXT: 10: exit
# CHECK-NOT:  {{.+}}
