/*
 * Tiny bare-metal STM32F767 firmware used as a REAL sample for Flashbank's image readers and the bank-update
 * demo. It is not meant to do anything useful on a board beyond booting: the reset handler copies .data from
 * its load address in flash to RAM, clears .bss and then spins, counting.
 *
 * Things the image tests rely on (see build.sh and the linker scripts):
 *  - a Cortex-M vector table at the start of the image (initial SP, Reset_Handler | 1);
 *  - an initialised .data section whose LOAD address (LMA, in flash) differs from its RUN address (VMA, RAM);
 *  - a version string in its own section .fw_version, also reachable through the symbol fw_version and through
 *    the pointer __version (so each of Flashbank's version look-ups can be exercised on a real file);
 *  - a GNU build-id note (linker option --build-id).
 */
#include <stdint.h>

#ifndef FW_VERSION
#define FW_VERSION "flashbank-sample 0.0.0"
#endif

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;

void Reset_Handler(void);

static void Default_Handler(void) {
    for (;;) {
    }
}

/* Cortex-M7 core exceptions only: initial SP, reset, NMI, HardFault, MemManage, BusFault, UsageFault, 4 reserved,
 * SVCall, DebugMonitor, reserved, PendSV, SysTick. */
__attribute__((section(".isr_vector"), used))
const void *const g_vectors[16] = {
    &_estack, (const void *) Reset_Handler, (const void *) Default_Handler, (const void *) Default_Handler,
    (const void *) Default_Handler, (const void *) Default_Handler, (const void *) Default_Handler, 0, 0, 0, 0,
    (const void *) Default_Handler, (const void *) Default_Handler, 0, (const void *) Default_Handler,
    (const void *) Default_Handler,
};

__attribute__((section(".fw_version"), used))
const char fw_version[] = FW_VERSION;

__attribute__((used))
const char *const __version = fw_version;

/* Initialised data: lives in RAM at run time, loaded from flash (LMA != VMA). */
volatile uint32_t g_counter = 0x12345678u;
volatile const char *volatile g_version_seen = 0;

/* Zero-initialised data: NOBITS, never part of the image. */
volatile uint32_t g_ticks;

void Reset_Handler(void) {
    uint32_t *src = &_sidata;
    for (uint32_t *dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
    g_version_seen = fw_version;
    for (;;) {
        g_counter++;
        g_ticks++;
    }
}
