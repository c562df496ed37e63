# -MD writes a Make-style depfile next to the output (OUTPUT with its
# extension replaced by .d); -MF FILE names it (and implies -MD). It says the
# output depends on the input, with Make's escapes for spaces.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o prog.bin
#
# RUN: ebpfc --raw prog.bin -MD -o prog.o
# RUN: FileCheck %s --check-prefix=MD --match-full-lines < prog.d
# MD: prog.o: prog.bin
#
# RUN: mkdir out
# RUN: ebpfc --raw prog.bin -MF custom.dep -o out/prog2.o
# RUN: FileCheck %s --check-prefix=MF --match-full-lines < custom.dep
# MF: out/prog2.o: prog.bin
# RUN: not test -e out/prog2.d
#
# RUN: mkdir "with space"
# RUN: cp prog.bin "with space/in put.bin"
# RUN: ebpfc --raw "with space/in put.bin" -MD -o "with space/out put.o"
# RUN: FileCheck %s --check-prefix=SPACE --match-full-lines < "with space/out put.d"
# SPACE: with\ space/out\ put.o: with\ space/in\ put.bin
#
# -MD needs an output to describe: a usage error (exit 2) without one.
# RUN: %expect_exit 2 ebpfc --raw prog.bin -MD --verify-only 2>&1 \
# RUN:   | FileCheck %s --check-prefix=NO-OUTPUT
# NO-OUTPUT: ebpfc: error: -MD and -MF need an output file

  r0 = 0
  exit

# Output to standard output has no name to derive the depfile's from, so
# -MD needs -MF there (a usage error otherwise, not a file named "-.d").
# RUN: %expect_exit 2 ebpfc --raw prog.bin -MD -o - 2>&1 | FileCheck %s --check-prefix=STDOUT
# STDOUT: error: -MD with -o - needs -MF to name the depfile
# RUN: ebpfc --raw prog.bin -MD -MF stdout.d -o - > stdout.o
# RUN: FileCheck %s --check-prefix=STDOUT-DEP --match-full-lines < stdout.d
# STDOUT-DEP: -: prog.bin
