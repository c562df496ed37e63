# A 32-bit ALU operation computes on the low 32 bits and zero-extends the
# result into the 64-bit register (RFC 9669, "Arithmetic instructions"). The
# lifter's IR (-O0) shows it: trunc to i32, the i32 operation, zext to i64.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o add32.o
# RUN: llvm-objcopy -O binary --only-section=.text add32.o add32.bin
# RUN: ebpfc --raw add32.bin -O0 -S --emit-llvm -o - | FileCheck %s --check-prefix=O0
# RUN: ebpfc --raw add32.bin -O2 -S --emit-llvm -o - | FileCheck %s --check-prefix=O2
#
# Zero, not sign, extension: `w0 = -1` leaves r0 = 0xffffffff, and adding 1
# as a 64-bit operation gives 0x100000000 = 4294967296 (sign extension
# would give 0).
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=MINUS_ONE=1 %s -o minus_one.o
# RUN: llvm-objcopy -O binary --only-section=.text minus_one.o minus_one.bin
# RUN: ebpfc --raw minus_one.bin -S --emit-llvm -o - | FileCheck %s --check-prefix=CONST

.ifdef MINUS_ONE
  w0 = -1
  r0 += 1
.else
  w0 = w1
  w0 += w2
.endif
  exit

# O0-LABEL: define internal i64 @bpf.add32(
# w0 = w1
# O0:       [[R1:%.*]] = load i64, ptr %r1
# O0-NEXT:  [[W1:%.*]] = trunc i64 [[R1]] to i32
# O0-NEXT:  [[MOV:%.*]] = zext i32 [[W1]] to i64
# O0-NEXT:  store i64 [[MOV]], ptr %r0
# w0 += w2
# O0:       [[SUM:%.*]] = add i32 %{{.*}}, %{{.*}}
# O0-NEXT:  [[EXT:%.*]] = zext i32 [[SUM]] to i64
# O0-NEXT:  store i64 [[EXT]], ptr %r0

# Optimized, the zero extension is a mask of the 64-bit sum.
# O2-LABEL: define {{.*}}i64 @add32(ptr {{.*}}%mem, i64 %len)
# O2:       [[SUM:%.*]] = add i64 %{{.*}}, %len
# O2-NEXT:  [[LOW:%.*]] = and i64 [[SUM]], 4294967295
# O2-NEXT:  ret i64 [[LOW]]

# CONST-LABEL: define {{.*}}i64 @minus_one(
# CONST:       ret i64 4294967296
