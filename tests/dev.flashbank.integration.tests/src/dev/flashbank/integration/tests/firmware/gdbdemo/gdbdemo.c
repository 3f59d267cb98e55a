/*
 * A source-level debugging sample for gdb (issue 19): built with -g -O0 so that every statement is a line gdb can
 * stop at. Reset_Handler copies .data and clears .bss, then calls main; main counts in a loop that calls a function,
 * so that "break main", "next", "step" (into scale()) and "watch counter" have something to show. No peripheral is
 * touched: the core runs from its reset clock.
 *
 * Build: ./build.sh (arm-none-eabi-gcc); gdbdemo.elf is committed beside this file.
 */
#include <stdint.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;

void Reset_Handler(void);
int main(void);

__attribute__((section(".isr_vector"), used))
const void *const g_vectors[2] = { &_estack, (const void *) Reset_Handler };

/* What the loop counts: the watchpoint's variable. */
volatile uint32_t counter;
/* Starts at a value only .data gives it. */
volatile uint32_t total = 7;

static uint32_t scale(uint32_t value)
{
    uint32_t doubled = value * 2u;
    return doubled + 1u;
}

int main(void)
{
    uint32_t local = 0;
    counter = 0;
    for (;;) {
        local = scale(local) & 0xFFFFu;
        total = total + local;
        counter = counter + 1u;
    }
}

void Reset_Handler(void)
{
    uint32_t *src = &_sidata;
    for (uint32_t *dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
    main();
    for (;;) {
    }
}
