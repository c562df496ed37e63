# Unsigned division by a register may divide by zero, which BPF defines
# (x / 0 = 0, x % 0 = x) and LLVM does not, so the lifter guards it: the
# quotient is selected away when the divisor is 0 (and the udiv never sees
# a 0). A nonzero constant divisor needs no guard: a plain udiv/urem.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=DIV_REG=1 %s -o div_reg.o
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=MOD_REG=1 %s -o mod_reg.o
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=DIV_IMM=1 %s -o div_imm.o
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=MOD_IMM=1 %s -o mod_imm.o
# RUN: llvm-objcopy -O binary --only-section=.text div_reg.o div_reg.bin
# RUN: llvm-objcopy -O binary --only-section=.text mod_reg.o mod_reg.bin
# RUN: llvm-objcopy -O binary --only-section=.text div_imm.o div_imm.bin
# RUN: llvm-objcopy -O binary --only-section=.text mod_imm.o mod_imm.bin
# RUN: ebpfc --raw div_reg.bin --mem-size=8 -S --emit-llvm -o - | FileCheck %s --check-prefix=DIV-REG
# RUN: ebpfc --raw mod_reg.bin --mem-size=8 -S --emit-llvm -o - | FileCheck %s --check-prefix=MOD-REG
# RUN: ebpfc --raw div_imm.bin --mem-size=8 -S --emit-llvm -o - | FileCheck %s --check-prefix=DIV-IMM
# RUN: ebpfc --raw mod_imm.bin --mem-size=8 -S --emit-llvm -o - | FileCheck %s --check-prefix=MOD-IMM

# A word of memory and r2 = len: neither is known at compile time.
  r0 = *(u64 *)(r1 + 0)
.ifdef DIV_REG
  r0 /= r2
.endif
.ifdef MOD_REG
  r0 %= r2
.endif
.ifdef DIV_IMM
  r0 /= 7
.endif
.ifdef MOD_IMM
  r0 %= 7
.endif
  exit

# DIV-REG-LABEL: define {{.*}}i64 @div_reg(ptr {{.*}}%mem, i64 %len)
# DIV-REG:       [[ZERO:%.*]] = icmp eq i64 %len, 0
# DIV-REG:       [[Q:%.*]] = udiv i64 %{{.*}}, [[D:%.*]]
# DIV-REG:       [[R:%.*]] = select i1 [[ZERO]], i64 0, i64 [[Q]]
# DIV-REG:       ret i64 [[R]]

# MOD-REG-LABEL: define {{.*}}i64 @mod_reg(ptr {{.*}}%mem, i64 %len)
# MOD-REG:       [[X:%.*]] = load i64, ptr %mem
# MOD-REG:       [[ZERO:%.*]] = icmp eq i64 %len, 0
# MOD-REG:       [[M:%.*]] = urem i64 [[X]], [[D:%.*]]
# MOD-REG:       [[R:%.*]] = select i1 [[ZERO]], i64 [[X]], i64 [[M]]
# MOD-REG:       ret i64 [[R]]

# DIV-IMM-LABEL: define {{.*}}i64 @div_imm(ptr {{.*}}%mem, i64 %len)
# DIV-IMM-NOT:   icmp
# DIV-IMM-NOT:   select
# DIV-IMM:       [[Q:%.*]] = udiv i64 %{{.*}}, 7
# DIV-IMM-NEXT:  ret i64 [[Q]]

# MOD-IMM-LABEL: define {{.*}}i64 @mod_imm(ptr {{.*}}%mem, i64 %len)
# MOD-IMM-NOT:   icmp
# MOD-IMM-NOT:   select
# MOD-IMM:       [[M:%.*]] = urem i64 %{{.*}}, 7
# MOD-IMM-NEXT:  ret i64 [[M]]
