# Two raw programs in one section: `first` returns 1, `second` returns 2.
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
