// ebpf-run runs a program of a clang-built BPF object directly: the
// program in section "raw" gets the --data-in block as (mem, len), may
// call a subprogram, and leaves the block for --data-out. --program picks
// one of several programs. On "hello" (5 bytes):
//   sum: 104 + 101 + 108 + 108 + 111 = 532; the block is reversed: "olleh".
//   count_l: 2 ('l' twice).
// REQUIRES: clang-bpf
// RUN: rm -rf %t && mkdir %t && cd %t
// RUN: %clang_bpf -c %s -o prog.bpf.o
// RUN: echo -n hello > in.bin
//
// RUN: ebpf-run prog.bpf.o --program reverse_and_sum --data-in in.bin --data-out out.bin \
// RUN:   | FileCheck %s --match-full-lines --check-prefix=SUM
// RUN: FileCheck %s --check-prefix=REVERSED --match-full-lines < out.bin
// RUN: ebpf-run prog.bpf.o --program reverse_and_sum --interpret --data-in in.bin \
// RUN:   --data-out interp.bin | FileCheck %s --match-full-lines --check-prefix=SUM
// RUN: cmp out.bin interp.bin
//
// RUN: ebpf-run prog.bpf.o --program=count_l --data-in in.bin \
// RUN:   | FileCheck %s --match-full-lines --check-prefix=COUNT
// RUN: ebpf-run prog.bpf.o --program=count_l --interpret --data-in in.bin \
// RUN:   | FileCheck %s --match-full-lines --check-prefix=COUNT
//
// count_l, which calls no subprogram, extracted from its section as raw
// bytecode runs the same way.
// RUN: llvm-objcopy -O binary --only-section=raw/count prog.bpf.o count.bin
// RUN: ebpf-run --raw count.bin --data-in in.bin | FileCheck %s --match-full-lines --check-prefix=COUNT
//
// With two programs, one must be chosen (a usage error, exit 2); a name
// the object lacks is an error in the input (exit 1).
// RUN: %expect_exit 2 ebpf-run prog.bpf.o --data-in in.bin 2>&1 | FileCheck %s --check-prefix=CHOOSE
// RUN: %expect_exit 1 ebpf-run prog.bpf.o --program=nope 2>&1 | FileCheck %s --check-prefix=MISSING

// SUM: Return value: 532, duration (average): {{[0-9]+}}ns
// REVERSED: olleh
// COUNT: Return value: 2, duration (average): {{[0-9]+}}ns
// CHOOSE: ebpf-run: error: prog.bpf.o has several programs; choose one with --program: reverse_and_sum
// MISSING: ebpf-run: error: prog.bpf.o: no program named 'nope'

static __attribute__((noinline)) unsigned long sum_bytes(unsigned char *mem,
                                                         unsigned long len) {
  unsigned long sum = 0;
  for (unsigned long i = 0; i < len; i++)
    sum += mem[i];
  return sum;
}

__attribute__((section("raw"))) unsigned long
reverse_and_sum(unsigned char *mem, unsigned long len) {
  unsigned long sum = sum_bytes(mem, len);
  if (len == 0)
    return 0;
  for (unsigned long i = 0, j = len - 1; i < j; i++, j--) {
    unsigned char t = mem[i];
    mem[i] = mem[j];
    mem[j] = t;
  }
  return sum;
}

__attribute__((section("raw/count"))) unsigned long
count_l(unsigned char *mem, unsigned long len) {
  unsigned long n = 0;
  for (unsigned long i = 0; i < len; i++)
    n += mem[i] == 'l';
  return n;
}
