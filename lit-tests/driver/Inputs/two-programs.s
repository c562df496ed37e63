# Two raw programs in one section of a BPF ELF object: `first` returns 1,
# `second` returns 2. Shared by the driver tests that select programs.
  .section raw,"ax",@progbits
  .globl first
  .type first,@function
first:
  r0 = 1
  exit
  .size first, .-first

  .globl second
  .type second,@function
second:
  r0 = 2
  exit
  .size second, .-second
