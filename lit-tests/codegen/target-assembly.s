# The same small program in x86-64 and AArch64 assembly: the raw ABI puts
# mem and len in the first two argument registers (rdi/rsi, x0/x1) and r0
# in the return register (rax, x0). A 32-bit add zero-extends by writing the
# 32-bit register (eax, w0), so no extra instruction is needed on either.
# Division by a register keeps its zero guard in machine code.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o add32.bin
# RUN: ebpfc --raw add32.bin -S --target=x86_64-linux-gnu -o - | FileCheck %s --check-prefix=X64
# RUN: ebpfc --raw add32.bin -S --target=aarch64-linux-gnu -o - | FileCheck %s --check-prefix=A64
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=DIV=1 %s -o div.o
# RUN: llvm-objcopy -O binary --only-section=.text div.o div.bin
# RUN: ebpfc --raw div.bin --mem-size=8 -S --target=x86_64-linux-gnu -o - | FileCheck %s --check-prefix=X64-DIV
# RUN: ebpfc --raw div.bin --mem-size=8 -S --target=aarch64-linux-gnu -o - | FileCheck %s --check-prefix=A64-DIV

.ifdef DIV
  r0 = *(u64 *)(r1 + 0)
  r0 /= r2
.else
  w0 = w1
  w0 += w2
.endif
  exit

# X64-LABEL: add32:
# X64:       leal (%rdi,%rsi), %eax
# X64-NEXT:  retq

# A64-LABEL: add32:
# A64:       add w0, w0, w1
# A64-NEXT:  ret

# X64-DIV-LABEL: div:
# X64-DIV:       divq
# X64-DIV:       testq %rsi, %rsi
# X64-DIV-NEXT:  cmoveq %rsi, %rax
# X64-DIV:       retq

# A64-DIV-LABEL: div:
# A64-DIV:       cmp x1, #0
# A64-DIV:       udiv [[Q:x[0-9]+]], {{x[0-9]+}}, {{x[0-9]+}}
# A64-DIV-NEXT:  csel x0, xzr, [[Q]], eq
# A64-DIV-NEXT:  ret
