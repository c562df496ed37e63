# Classifies every byte of the block with a chain of compares and returns
# the sum of the class codes: 1 control, 2 whitespace (space, \t, \n, \r),
# 3 digit, 4 upper-case letter, 5 lower-case letter, 6 other printable
# (punctuation), 7 DEL (0x7f), 8 non-ASCII (0x80 and up). The branchy
# switch case: a data-dependent path through up to 14 compares per byte.
# r1 = block, r2 = length; r3 = index, r4 = byte, r5 = its class code.
    mov %r0, 0
    jeq %r2, 0, done
    mov %r3, 0
loop:
    mov %r4, %r1
    add %r4, %r3
    ldxb %r4, [%r4+0]
    mov %r5, 8
    jgt %r4, 0x7f, sum
    mov %r5, 7
    jeq %r4, 0x7f, sum
    mov %r5, 6
    jgt %r4, 0x7a, sum      # { | } ~
    mov %r5, 5
    jge %r4, 0x61, sum      # a-z
    mov %r5, 6
    jgt %r4, 0x5a, sum      # [ \ ] ^ _ `
    mov %r5, 4
    jge %r4, 0x41, sum      # A-Z
    mov %r5, 6
    jgt %r4, 0x39, sum      # : ; < = > ? @
    mov %r5, 3
    jge %r4, 0x30, sum      # 0-9
    mov %r5, 2
    jeq %r4, 0x20, sum
    jeq %r4, 0x0a, sum
    jeq %r4, 0x09, sum
    jeq %r4, 0x0d, sum
    mov %r5, 6
    jgt %r4, 0x20, sum      # ! " # $ % & ' ( ) * + , - . /
    mov %r5, 1
sum:
    add %r0, %r5
    add %r3, 1
    jgt %r2, %r3, loop
done:
    exit
