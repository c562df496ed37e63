# --emit-llvm without -S writes LLVM bitcode of the same module that
# -S --emit-llvm prints.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o seven.bin
# RUN: ebpfc --raw seven.bin --emit-llvm -o seven.bc
# RUN: llvm-bcanalyzer seven.bc | FileCheck %s --check-prefix=BC
# RUN: llvm-dis seven.bc -o - | FileCheck %s
#
# (Both are disassembled from a file named seven.bc, so the ModuleID lines
# agree too.)
# RUN: ebpfc --raw seven.bin -S --emit-llvm -o seven.ll
# RUN: mkdir text && llvm-as seven.ll -o text/seven.bc
# RUN: llvm-dis seven.bc -o from-bitcode.ll
# RUN: cd text && llvm-dis seven.bc -o ../from-text.ll && cd ..
# RUN: diff from-text.ll from-bitcode.ll

  r0 = 7
  exit

# BC: Stream type: LLVM IR
# CHECK: define {{.*}}i64 @seven(
# CHECK: ret i64 7
