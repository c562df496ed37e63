# Stack bytes a program never wrote read as zero (each frame starts
# zeroed); LLVM must never see them as undef or poison, which it could fold
# to anything. Reads of unwritten slots of every size fold to 0, and so does
# the unwritten upper part of a partially written slot.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o uninit.bin
# RUN: ebpfc --raw uninit.bin -O2 -S --emit-llvm -o - | FileCheck %s
# RUN: ebpfc --raw uninit.bin -O0 -S --emit-llvm -o - | FileCheck %s --check-prefix=O0

  r0 = *(u64 *)(r10 - 8)
  r1 = *(u8 *)(r10 - 100)
  r0 += r1
  r1 = *(u32 *)(r10 - 512)
  r0 += r1
  # Write the low byte of a slot, read all 8: 0xab | 0 << 8 ... = 0xab.
  *(u8 *)(r10 - 32) = 0xab
  r1 = *(u64 *)(r10 - 32)
  r0 += r1
  exit

# CHECK-LABEL: define {{.*}}i64 @uninit(ptr {{.*}}%mem, i64 %len)
# CHECK-NEXT:  entry:
# CHECK-NEXT:  ret i64 171
# CHECK-NOT:   undef
# CHECK-NOT:   poison

# The lifter zeroes the frame itself.
# O0-LABEL: define internal i64 @bpf.uninit(
# O0:       %stack = alloca [512 x i8]
# O0:       call void @llvm.memset.p0.i64(ptr align {{[0-9]+}} %stack, i8 0, i64 512, i1 false)
