# Each BPF function becomes one LLVM function: the entry as internal
# @bpf.NAME, every local-call target as internal @bpf.NAME.f<INDEX>, each
# taking r1..r5 and returning r0; local calls are direct calls passing the
# caller's r1..r5. The exported @NAME wraps the entry in the raw ABI
# (r1 = mem, r2 = len, r3..r5 = 0). Checked at -O0, before inlining.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o calls.bin
# RUN: ebpfc --raw calls.bin -O0 -S --emit-llvm -o - | FileCheck %s
#
# At -O2 everything is inlined and folded: f(1) = g(1 + 10) * 2 and
# g(x) = x + 7, so the program returns (11 + 7) * 2 = 36.
# RUN: ebpfc --raw calls.bin -O2 -S --emit-llvm -o - | FileCheck %s --check-prefix=OPT

  r1 = 1                 # 0
  call f                 # 1
  exit                   # 2
f:
  r1 += 10               # 3
  call g                 # 4
  r0 *= 2                # 5
  exit                   # 6
g:
  r0 = r1                # 7
  r0 += 7                # 8
  exit                   # 9

# CHECK-LABEL: define internal i64 @bpf.calls(i64 %arg1, i64 %arg2, i64 %arg3, i64 %arg4, i64 %arg5)
# CHECK:       call i64 @bpf.calls.f3(i64 %{{.*}}, i64 %{{.*}}, i64 %{{.*}}, i64 %{{.*}}, i64 %{{.*}})
# CHECK:       ret i64
# CHECK-LABEL: define internal i64 @bpf.calls.f3(i64 %arg1, i64 %arg2, i64 %arg3, i64 %arg4, i64 %arg5)
# CHECK:       call i64 @bpf.calls.f7(
# CHECK:       ret i64
# CHECK-LABEL: define internal i64 @bpf.calls.f7(i64 %arg1, i64 %arg2, i64 %arg3, i64 %arg4, i64 %arg5)
# CHECK-NOT:   call i64 @bpf.
# CHECK:       ret i64
# CHECK-LABEL: define i64 @calls(ptr %mem, i64 %len)
# CHECK:       [[MEM:%.*]] = ptrtoint ptr %mem to i64
# CHECK-NEXT:  [[R0:%.*]] = call i64 @bpf.calls(i64 [[MEM]], i64 %len, i64 0, i64 0, i64 0)
# CHECK-NEXT:  ret i64 [[R0]]
# CHECK-NOT:   define

# OPT-NOT:     @bpf.
# OPT-LABEL:   define {{.*}}i64 @calls(
# OPT-NEXT:    entry:
# OPT-NEXT:    ret i64 36
