/*
 * Start-up shared by every corpus program: the vector table (every system exception and 32 external interrupts),
 * a reset handler that grants CP10/CP11 (ARMv7-M ARM B3.2.20 CPACR) when the program was built with an FPU, calls
 * main and then parks in "done: b done" - the known loop where the differential test stops comparing.
 * A program may define any handler; the others end the run (unexpected_exception records IPSR in RAM first).
 * The same table serves ARMv6-M (Cortex-M0+ build), where MemManage, BusFault, UsageFault and DebugMonitor are
 * reserved slots (ARMv6-M ARM B1.5.2) that are never taken.
 */
    .file "crt0.S" /* a stable STT_FILE symbol: without it the ELF names the preprocessor's temporary file */
    .syntax unified
    .thumb

    .section .vectors, "a"
    .word _stack_top
    .word reset_handler
    .word nmi_handler
    .word hardfault_handler
    .word memmanage_handler
    .word busfault_handler
    .word usagefault_handler
    .word 0, 0, 0, 0
    .word svc_handler
    .word debugmon_handler
    .word 0
    .word pendsv_handler
    .word systick_handler
    .rept 32
    .word irq_handler
    .endr

    .text
    .thumb_func
    .global reset_handler
reset_handler:
#ifdef __ARM_FP
    ldr r0, =0xE000ED88
    ldr r1, [r0]
    orr r1, r1, #(0xF << 20)
    str r1, [r0]
    dsb
    isb
#endif
    bl main
    .global done
    .thumb_func
done:
    b done

    .thumb_func
    .global unexpected_exception
unexpected_exception:
    mrs r0, ipsr
    ldr r1, =unexpected_ipsr
    str r0, [r1]
    b done

    .weak nmi_handler, hardfault_handler, memmanage_handler, busfault_handler, usagefault_handler
    .weak svc_handler, debugmon_handler, pendsv_handler, systick_handler, irq_handler
    .thumb_set nmi_handler, unexpected_exception
    .thumb_set hardfault_handler, unexpected_exception
    .thumb_set memmanage_handler, unexpected_exception
    .thumb_set busfault_handler, unexpected_exception
    .thumb_set usagefault_handler, unexpected_exception
    .thumb_set svc_handler, unexpected_exception
    .thumb_set debugmon_handler, unexpected_exception
    .thumb_set pendsv_handler, unexpected_exception
    .thumb_set systick_handler, unexpected_exception
    .thumb_set irq_handler, unexpected_exception

    /* memcpy/memset for the compiler's own structure copies (-nostdlib) */
#if __ARM_ARCH_ISA_THUMB >= 2
    .thumb_func
    .global memcpy
memcpy:
    mov r3, r0
1:  cbz r2, 2f
    ldrb r12, [r1], #1
    strb r12, [r3], #1
    subs r2, #1
    b 1b
2:  bx lr

    .thumb_func
    .global memset
memset:
    mov r3, r0
1:  cbz r2, 2f
    strb r1, [r3], #1
    subs r2, #1
    b 1b
2:  bx lr

#else
    /* ARMv6-M: no post-indexed addressing, no CBZ; register offsets instead */
    .thumb_func
    .global memcpy
memcpy:
    push {r4, lr}
    movs r3, #0
1:  cmp r3, r2
    beq 2f
    ldrb r4, [r1, r3]
    strb r4, [r0, r3]
    adds r3, #1
    b 1b
2:  pop {r4, pc}

    .thumb_func
    .global memset
memset:
    movs r3, #0
1:  cmp r3, r2
    beq 2f
    strb r1, [r0, r3]
    adds r3, #1
    b 1b
2:  bx lr
#endif

    .bss
    .global unexpected_ipsr
    .align 2
unexpected_ipsr:
    .space 4
