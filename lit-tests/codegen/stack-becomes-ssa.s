# Stack slots at constant offsets from r10 are accesses to a stack alloca
# at known offsets, which SROA turns into SSA values: at -O2 a program that
# spills and reloads through the stack keeps no alloca, no memory access
# and no inttoptr. Here r0 = r1 + 7 + (0x1122 as a u16 store read back).
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o stack.bin
# RUN: ebpfc --raw stack.bin -O2 -S --emit-llvm -o - | FileCheck %s

  *(u64 *)(r10 - 8) = r1
  *(u32 *)(r10 - 16) = 7
  *(u16 *)(r10 - 24) = 0x1122
  r0 = *(u64 *)(r10 - 8)
  r2 = *(u32 *)(r10 - 16)
  r0 += r2
  r3 = *(u16 *)(r10 - 24)
  r0 += r3
  exit

# 7 + 0x1122 = 4393
# CHECK-LABEL: define {{.*}}i64 @stack(ptr {{.*}}%mem, i64 %len)
# CHECK-NOT:   alloca
# CHECK-NOT:   inttoptr
# CHECK-NOT:   load
# CHECK-NOT:   store
# CHECK:       [[MEM:%.*]] = ptrtoint ptr %mem to i64
# CHECK-NEXT:  [[R0:%.*]] = add i64 [[MEM]], 4393
# CHECK-NEXT:  ret i64 [[R0]]
# CHECK-NEXT:  }
