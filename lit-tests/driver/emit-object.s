# -c (the default) writes a relocatable little-endian ELF64 object for the
# target chosen by --target: x86-64 or AArch64. The program is a global
# function named after it.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o seven.bin
#
# RUN: ebpfc --raw seven.bin -c --target=x86_64-linux-gnu -o x64.o
# RUN: llvm-readelf -h -s x64.o | FileCheck %s --check-prefixes=CHECK,X64
# RUN: ebpfc --raw seven.bin -c --target=aarch64-linux-gnu -o a64.o
# RUN: llvm-readelf -h -s a64.o | FileCheck %s --check-prefixes=CHECK,A64
#
# Without -c (or -S) the output is the same object.
# RUN: ebpfc --raw seven.bin --target=x86_64-linux-gnu -o default.o
# RUN: cmp x64.o default.o

  r0 = 7
  exit

# CHECK:      Class:   ELF64
# CHECK:      Data:    2's complement, little endian
# CHECK:      Type:    REL (Relocatable file)
# X64:        Machine: Advanced Micro Devices X86-64
# A64:        Machine: AArch64
# CHECK:      FUNC    GLOBAL DEFAULT {{[0-9]+}} seven{{$}}
