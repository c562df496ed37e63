# The Internet checksum (RFC 1071) of the block: the ones'-complement sum of
# its big-endian 16-bit words (an odd last byte is padded with a zero byte),
# folded to 16 bits and complemented. Returns the 16-bit checksum. The sum
# has no loop-carried dependency but the add, so native code vectorizes it.
# r1 = block, r2 = length; r3 = words left, r4 = word.
    mov %r0, 0
    mov %r3, %r2
    rsh %r3, 1
    jeq %r3, 0, tail
words:
    ldxh %r4, [%r1+0]
    be16 %r4
    add %r0, %r4
    add %r1, 2
    sub %r3, 1
    jne %r3, 0, words
tail:
    jset %r2, 1, odd
    ja fold
odd:
    ldxb %r4, [%r1+0]
    lsh %r4, 8
    add %r0, %r4
# Two folds bring any sum below 2^32 to 16 bits, and a loop that folds
# until nothing is left would not pass the verifier: its state repeats.
fold:
    mov %r3, %r0
    rsh %r3, 16
    and %r0, 0xffff
    add %r0, %r3
    mov %r3, %r0
    rsh %r3, 16
    and %r0, 0xffff
    add %r0, %r3
    xor %r0, 0xffff
    exit
