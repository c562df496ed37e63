# -S writes the target's assembly: the program is a global function named
# after the input, in .text, whose body does what the bytecode does (here:
# return 7).
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o seven.bin
# RUN: ebpfc --raw seven.bin -S --target=x86_64-linux-gnu -o x64.s
# RUN: FileCheck %s --check-prefixes=CHECK,X64 < x64.s
# RUN: ebpfc --raw seven.bin -S --target=aarch64-linux-gnu -o a64.s
# RUN: FileCheck %s --check-prefixes=CHECK,A64 < a64.s
#
# The assembly is what the object holds: assembling it gives the same code.
# RUN: ebpfc --raw seven.bin -c --target=aarch64-linux-gnu -o a64.o
# RUN: llvm-mc -triple aarch64-linux-gnu -filetype=obj a64.s -o a64-reassembled.o
# RUN: llvm-objdump -d --no-show-raw-insn a64.o | FileCheck %s --check-prefix=DIS
# RUN: llvm-objdump -d --no-show-raw-insn a64-reassembled.o | FileCheck %s --check-prefix=DIS

  r0 = 7
  exit

# CHECK:      .text
# CHECK:      .globl seven
# CHECK:      .type seven,@function
# CHECK-NEXT: seven:
# X64:        movl $7, %eax
# X64-NEXT:   retq
# A64:        mov w0, #7
# A64-NEXT:   ret
# DIS:        <seven>:
# DIS-NEXT:   mov w0, #0x7
# DIS-NEXT:   ret
