# -S --emit-llvm writes the optimized LLVM module as text: the target's
# triple, and the program as `i64 NAME(ptr mem, i64 len)` (the raw ABI).
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o seven.bin
# RUN: ebpfc --raw seven.bin -S --emit-llvm --target=aarch64-linux-gnu -o seven.ll
# RUN: FileCheck %s < seven.ll
# It is valid IR: llvm-as reads it back.
# RUN: llvm-as seven.ll -o /dev/null

  r0 = 7
  exit

# CHECK: source_filename = "seven.bin"
# CHECK: target triple = "aarch64-unknown-linux-gnu"
# CHECK: define {{.*}}i64 @seven(ptr {{.*}}%mem, i64 {{.*}}%len)
# CHECK: ret i64 7
