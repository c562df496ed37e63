# Counts the newline bytes (0x0a) in the block: the byte-scan case, the
# inner loop of a line counter or a delimiter search. Returns the count.
# r1 = block, r2 = length; r3 = index, r4 = byte address, then the byte.
    mov %r0, 0
    jeq %r2, 0, done
    mov %r3, 0
loop:
    mov %r4, %r1
    add %r4, %r3
    ldxb %r4, [%r4+0]
    jne %r4, 0x0a, next
    add %r0, 1
next:
    add %r3, 1
    jgt %r2, %r3, loop
done:
    exit
