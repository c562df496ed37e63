# --disassemble prints the input's instructions, one per line with its
# index, in LLVM's BPF syntax (llvm-objdump -d prints the same lines for the
# same bytes, plus a symbolic jump target), exits 0 and writes no output
# file. Raw input has no section headings; an ELF object gets llvm-objdump's
# heading per program.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o prog.bin
# RUN: ebpfc --raw prog.bin --disassemble -o prog.out \
# RUN:   | FileCheck %s --match-full-lines
# RUN: not test -e prog.out
# RUN: llvm-objdump -d --no-show-raw-insn --mcpu=v4 bpf.o \
# RUN:   | FileCheck %s --match-full-lines
#
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %S/Inputs/two-programs.s -o two.o
# RUN: ebpfc two.o --disassemble | FileCheck %s --check-prefix=TWO --match-full-lines

  r0 = 0x1122334455667788 ll
  w1 = 5
  if r1 > 3 goto +1
  w0 = *(u32 *)(r10 - 4)
  exit

# CHECK:      0: r0 = 0x1122334455667788 ll
# CHECK-NEXT: 2: w1 = 0x5
# CHECK-NEXT: 3: if r1 > 0x3 goto +0x1{{( <.*>)?}}
# CHECK-NEXT: 4: w0 = *(u32 *)(r10 - 0x4)
# CHECK-NEXT: 5: exit

# TWO:      Disassembly of section raw:
# TWO-EMPTY:
# TWO-NEXT: <first>:
# TWO-NEXT:        0: r0 = 0x1
# TWO-NEXT:        1: exit
# TWO-EMPTY:
# TWO-NEXT: Disassembly of section raw:
# TWO-EMPTY:
# TWO-NEXT: <second>:
# TWO-NEXT:        0: r0 = 0x2
# TWO-NEXT:        1: exit
