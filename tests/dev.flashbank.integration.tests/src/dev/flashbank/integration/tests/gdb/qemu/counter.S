/*
 * Tiny Cortex-M4 image for QEMU's netduinoplus2 (STM32F405) used by the GDB RSP transport tests:
 * the reset handler counts up a word at 0x20000000 forever, so a test can see the core run and stop.
 * Build: ./build.sh (arm-none-eabi-gcc from Debian's gcc-arm-none-eabi); the built counter.elf is committed.
 */
    .syntax unified
    .cpu cortex-m4
    .thumb

    .section .vectors, "a"
    .word 0x20001000            /* initial SP */
    .word reset + 1             /* reset handler (Thumb) */

    .text
    .global reset
    .thumb_func
reset:
    ldr r0, =0x20000000
    movs r1, #0
loop:
    adds r1, r1, #1
    str r1, [r0]
    b loop
