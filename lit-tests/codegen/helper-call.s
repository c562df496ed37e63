# A helper call is a direct call of the runtime's C function for that id
# (raw programs: id 5, ebpf_raw_helper_identity), passing r1..r5 and
# returning r0. Nothing is looked up at run time.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o helper.bin
# RUN: ebpfc --raw helper.bin -S --emit-llvm -o - | FileCheck %s
# The object refers to the runtime's symbol, for the linker to resolve.
# RUN: ebpfc --raw helper.bin --target=x86_64-linux-gnu -o helper.x64.o
# RUN: llvm-nm helper.x64.o | FileCheck %s --check-prefix=NM
# RUN: ebpfc --raw helper.bin --target=aarch64-linux-gnu -o helper.a64.o
# RUN: llvm-nm helper.a64.o | FileCheck %s --check-prefix=NM

  r1 = 42
  r3 = 3
  r4 = 4
  r5 = 5
  call 5
  exit

# CHECK: declare i64 @ebpf_raw_helper_identity(i64, i64, i64, i64, i64)
# CHECK-LABEL: define {{.*}}i64 @helper(ptr {{.*}}%mem, i64 %len)
# r2 still holds len.
# CHECK:       [[R0:%.*]] = tail call i64 @ebpf_raw_helper_identity(i64 42, i64 %len, i64 3, i64 4, i64 5)
# CHECK-NEXT:  ret i64 [[R0]]

# NM-DAG: U ebpf_raw_helper_identity
# NM-DAG: T helper
