# FNV-1a, 64-bit, over the whole block: h = 0xcbf29ce484222325, then for
# every byte b, h = (h ^ b) * 0x100000001b3. Returns h. A serial chain of
# multiplies: the loop-with-arithmetic case, latency-bound in any engine.
# r1 = block, r2 = length; r3 = index, r4 = the FNV prime.
    lddw %r0, 0xcbf29ce484222325
    jeq %r2, 0, done
    mov %r3, 0
    lddw %r4, 0x100000001b3
loop:
    mov %r5, %r1
    add %r5, %r3
    ldxb %r5, [%r5+0]
    xor %r0, %r5
    mul %r0, %r4
    add %r3, 1
    jgt %r2, %r3, loop
done:
    exit
