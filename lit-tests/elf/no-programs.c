// Functions in .text are subprograms, as in libbpf; an object with nothing
// else has no program to compile.
// RUN: %clang_bpf -c %s -o %t.o
// RUN: not ebpfc --verify-only %t.o 2>&1 | FileCheck %s -DFILE=%t.o
// CHECK: error: [[FILE]]: no programs (a program is a global function in an executable section other than .text)

int add(int a, int b) { return a + b; }
