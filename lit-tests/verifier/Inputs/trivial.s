# The kernel-bpf probe (lit.local.cfg): a program every kernel accepts.
  .section socket,"ax",@progbits
  .globl trivial
  .type trivial,@function
trivial:
  r0 = 0
  exit
  .size trivial, .-trivial

  .section license,"aw",@progbits
  .asciz "GPL"
