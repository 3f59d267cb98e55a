/* Vectors (SP, Reset; every fault to a B . that the test recognises by IPSR != 0) and the reset code: main, then B . */
    .syntax unified
    .thumb
    .section .vectors, "a"
    .word _stack_top
    .word reset
    .rept 14
    .word fault
    .endr
    .text
    .thumb_func
    .global reset
reset:
    bl main
done:
    b done
    .thumb_func
fault:
    b fault
