# BPF masks shift amounts (& 63 for 64-bit, & 31 for 32-bit shifts), while
# an LLVM shift by the width or more is poison, so a shift by a register is
# lifted with the mask in front of it. An immediate amount is masked at
# compile time: `r0 <<= 65` shifts by 1 (the conformance suite's
# lsh-imm-high cases).
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=SHL64=1 %s -o shl64.o
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=SHR32=1 %s -o shr32.o
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=ARSH64=1 %s -o arsh64.o
# RUN: llvm-objcopy -O binary --only-section=.text shl64.o shl64.bin
# RUN: llvm-objcopy -O binary --only-section=.text shr32.o shr32.bin
# RUN: llvm-objcopy -O binary --only-section=.text arsh64.o arsh64.bin
# RUN: ebpfc --raw shl64.bin --mem-size=8 -S --emit-llvm -o - | FileCheck %s --check-prefix=SHL64
# RUN: ebpfc --raw shr32.bin --mem-size=8 -S --emit-llvm -o - | FileCheck %s --check-prefix=SHR32
# RUN: ebpfc --raw arsh64.bin --mem-size=8 -S --emit-llvm -o - | FileCheck %s --check-prefix=ARSH64
#
# The immediate case, as bytes: the assembler refuses an amount of 65.
# RUN: %python -c "open('shl_imm.bin', 'wb').write(bytes([0xbf, 0x20, 0, 0, 0, 0, 0, 0, 0x67, 0, 0, 0, 65, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]))"
# RUN: ebpfc --raw shl_imm.bin -S --emit-llvm -o - | FileCheck %s --check-prefix=SHL-IMM

  r0 = *(u64 *)(r1 + 0)
.ifdef SHL64
  r0 <<= r2
.endif
.ifdef SHR32
  w0 >>= w2
.endif
.ifdef ARSH64
  r0 s>>= r2
.endif
  exit

# SHL64-LABEL: define {{.*}}i64 @shl64(ptr {{.*}}%mem, i64 %len)
# SHL64:       [[AMOUNT:%.*]] = and i64 %len, 63
# SHL64:       shl i64 %{{.*}}, [[AMOUNT]]

# SHR32-LABEL: define {{.*}}i64 @shr32(ptr {{.*}}%mem, i64 %len)
# SHR32:       [[AMOUNT:%.*]] = and i32 %{{.*}}, 31
# SHR32:       lshr i32 %{{.*}}, [[AMOUNT]]

# ARSH64-LABEL: define {{.*}}i64 @arsh64(ptr {{.*}}%mem, i64 %len)
# ARSH64:       [[AMOUNT:%.*]] = and i64 %len, 63
# ARSH64:       ashr i64 %{{.*}}, [[AMOUNT]]

# SHL-IMM-LABEL: define {{.*}}i64 @shl_imm(ptr {{.*}}%mem, i64 %len)
# SHL-IMM:       shl i64 %{{.*}}, 1
# SHL-IMM-NOT:   poison
