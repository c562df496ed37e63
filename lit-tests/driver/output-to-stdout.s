# -o - writes the output to standard output, byte for byte what -o FILE
# writes, for every output kind. Object and bitcode writers patch headers
# after the fact; this once failed with "IO failure on output stream:
# Illegal seek" when standard output was a pipe, so every case goes through
# one.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o prog.bin
#
# RUN: ebpfc --raw prog.bin -o file.o
# RUN: ebpfc --raw prog.bin -o - | %python -c "import sys; sys.stdout.buffer.write(sys.stdin.buffer.read())" > piped.o
# RUN: cmp file.o piped.o
# RUN: ebpfc --raw prog.bin -o - | llvm-nm - | FileCheck %s --check-prefix=NM
# NM: T prog
#
# RUN: ebpfc --raw prog.bin --target=aarch64-linux-gnu -o file-a64.o
# RUN: ebpfc --raw prog.bin --target=aarch64-linux-gnu -o - | %python -c "import sys; sys.stdout.buffer.write(sys.stdin.buffer.read())" > piped-a64.o
# RUN: cmp file-a64.o piped-a64.o
#
# RUN: ebpfc --raw prog.bin --emit-llvm -o file.bc
# RUN: ebpfc --raw prog.bin --emit-llvm -o - | %python -c "import sys; sys.stdout.buffer.write(sys.stdin.buffer.read())" > piped.bc
# RUN: cmp file.bc piped.bc
#
# RUN: ebpfc --raw prog.bin -S -o file.s
# RUN: ebpfc --raw prog.bin -S -o - | %python -c "import sys; sys.stdout.buffer.write(sys.stdin.buffer.read())" > piped.s
# RUN: cmp file.s piped.s
#
# RUN: ebpfc --raw prog.bin -S --emit-llvm -o file.ll
# RUN: ebpfc --raw prog.bin -S --emit-llvm -o - | %python -c "import sys; sys.stdout.buffer.write(sys.stdin.buffer.read())" > piped.ll
# RUN: cmp file.ll piped.ll

  r0 = r1
  r0 += 1
  exit
