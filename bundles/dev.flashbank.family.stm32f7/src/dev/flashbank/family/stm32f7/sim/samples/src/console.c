/*
 * Start-up firmware for the simulated STM32F767 (issue 19): what a CubeIDE project does before and right after main,
 * written register-level so that the test knows every step:
 *  - Reset_Handler copies .data, clears .bss and calls main;
 *  - main configures the clock tree as CubeMX does for a NUCLEO-F767ZI (HSE 8 MHz bypass from the ST-LINK, PLL
 *    M=4 N=216 P=2 -> 216 MHz, over-drive, FLASH_ACR.LATENCY = 7, APB1 /4, APB2 /2), starts SysTick at 1 kHz and waits
 *    10 ticks in its interrupt handler's counter (HAL_Delay);
 *  - first thing in main, when the image at 0x08100000 (the other physical bank) is a newer build of this firmware -
 *    its image header (below) carries this firmware's magic and a higher version, and its vectors are valid (initial
 *    SP in RAM, a Thumb reset handler in the 0x08000000 bank slot it is linked for) - it sets SYSCFG_MEMRMP.SWP_FB,
 *    the REMAP scheme's start-up choice (bank 2 at 0x08000000), and starts that image from its vector table; started
 *    from bank 2 it finds the older image in bank 1 and stays. Anything else in bank 2 (erased, the 2.0.0 sample linked
 *    for 0x08100000, the same version) is left alone. bank_id, a constant in flash the tests patch in a bank-2 copy,
 *    tells on the console which image runs;
 *  - it prints one line to USART3 (the NUCLEO's ST-LINK virtual COM port) and counts g_counter forever.
 * Register addresses and bits: RM0410 (RCC, PWR, FLASH, SYSCFG, GPIO, USART chapters) and PM0253 (SysTick).
 */
#include <stdint.h>

#define REG(a) (*(volatile uint32_t *) (a))
#define RCC_CR REG(0x40023800u)
#define RCC_PLLCFGR REG(0x40023804u)
#define RCC_CFGR REG(0x40023808u)
#define RCC_AHB1ENR REG(0x40023830u)
#define RCC_APB1ENR REG(0x40023840u)
#define RCC_APB2ENR REG(0x40023844u)
#define PWR_CR1 REG(0x40007000u)
#define PWR_CSR1 REG(0x40007004u)
#define FLASH_ACR REG(0x40023C00u)
#define SYSCFG_MEMRMP REG(0x40013800u)
#define GPIOD_MODER REG(0x40020C00u)
#define GPIOD_AFRH REG(0x40020C24u)
#define USART3_CR1 REG(0x40004800u)
#define USART3_BRR REG(0x4000480Cu)
#define USART3_ISR REG(0x4000481Cu)
#define USART3_TDR REG(0x40004828u)
#define SYST_CSR REG(0xE000E010u)
#define SYST_RVR REG(0xE000E014u)
#define SYST_CVR REG(0xE000E018u)
#define BANK1_BASE 0x08000000u
#define BANK2_BASE 0x08100000u
#define BANK_SIZE 0x00100000u /* 1 MiB per bank in dual-bank mode (RM0410 flash memory organization) */
#define RAM_BASE 0x20000000u

/*
 * The image header: two words in the vector table's reserved entries 7 and 8 (ARMv7-M vector table: entries 7-10 are
 * reserved, the core never reads them), so they sit at the same offsets in every build: IMAGE_MAGIC, then the build's
 * version (a newer build has a higher one; build.sh passes none: 1).
 */
#define IMAGE_MAGIC 0x4B424C46u /* "FLBK" in memory */
#ifndef IMAGE_VERSION
#define IMAGE_VERSION 1u
#endif
#define HEADER_MAGIC 7
#define HEADER_VERSION 8

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;

void Reset_Handler(void);
void SysTick_Handler(void);
int main(void);

static void Default_Handler(void) {
    for (;;) {
    }
}

__attribute__((section(".isr_vector"), used))
const void *const g_vectors[16] = {
    &_estack, (const void *) Reset_Handler, (const void *) Default_Handler, (const void *) Default_Handler,
    (const void *) Default_Handler, (const void *) Default_Handler, (const void *) Default_Handler,
    [HEADER_MAGIC] = (const void *) IMAGE_MAGIC, [HEADER_VERSION] = (const void *) IMAGE_VERSION, 0, 0,
    (const void *) Default_Handler, (const void *) Default_Handler, 0, (const void *) Default_Handler,
    (const void *) SysTick_Handler,
};

/* Which copy this is: 1 as built; the test programs the bank-2 copy with 2 here. */
__attribute__((used)) const uint32_t bank_id = 1;

/* Read from flash at run time (the compiler would otherwise fold the constant). */
static uint32_t running_bank_id(void) {
    return *(const volatile uint32_t *) &bank_id;
}

volatile uint32_t g_ticks;
volatile uint32_t g_counter;
volatile uint32_t g_bank_seen;
volatile uint32_t g_sysclk_switched;

void SysTick_Handler(void) {
    g_ticks++;
}

static void clock_216mhz(void) {
    RCC_APB1ENR |= 1u << 28; /* PWREN */
    (void) RCC_APB1ENR;
    PWR_CR1 = (PWR_CR1 & ~(3u << 14)) | (3u << 14); /* VOS scale 1 */
    RCC_CR |= (1u << 18) | (1u << 16); /* HSEBYP, HSEON */
    while (!(RCC_CR & (1u << 17))) { /* HSERDY */
    }
    RCC_CR &= ~(1u << 24); /* PLLON off before configuring */
    while (RCC_CR & (1u << 25)) {
    }
    RCC_PLLCFGR = 4u | (216u << 6) | (0u << 16) | (1u << 22) | (9u << 24); /* M=4 N=216 P=2 HSE Q=9 */
    RCC_CR |= 1u << 24;
    while (!(RCC_CR & (1u << 25))) { /* PLLRDY */
    }
    PWR_CR1 |= 1u << 16; /* ODEN */
    while (!(PWR_CSR1 & (1u << 16))) {
    }
    PWR_CR1 |= 1u << 17; /* ODSWEN */
    while (!(PWR_CSR1 & (1u << 17))) {
    }
    FLASH_ACR = (FLASH_ACR & ~0xFu) | 7u; /* 7 wait states at 216 MHz */
    while ((FLASH_ACR & 0xFu) != 7u) {
    }
    RCC_CFGR = (RCC_CFGR & ~((7u << 10) | (7u << 13) | 0xF0u)) | (5u << 10) | (4u << 13); /* APB1 /4, APB2 /2 */
    RCC_CFGR = (RCC_CFGR & ~3u) | 2u; /* SW = PLL */
    while ((RCC_CFGR & (3u << 2)) != (2u << 2)) { /* SWS = PLL */
    }
    g_sysclk_switched = 1;
}

/* Word i of the vector table (and image header) of the image at base, read at run time. */
static uint32_t image_word(uint32_t base, uint32_t i) {
    return ((const volatile uint32_t *) base)[i];
}

/* Whether the image at 0x08100000 is a newer build of this firmware that can start in the 0x08000000 slot. */
static int bank2_holds_newer_build(void) {
    uint32_t sp = image_word(BANK2_BASE, 0), reset = image_word(BANK2_BASE, 1);
    return image_word(BANK2_BASE, HEADER_MAGIC) == IMAGE_MAGIC
            && image_word(BANK2_BASE, HEADER_VERSION) > image_word(BANK1_BASE, HEADER_VERSION)
            && sp > RAM_BASE && sp <= (uint32_t) &_estack && (sp & 7u) == 0
            && (reset & 1u) && reset - BANK1_BASE < BANK_SIZE;
}

/*
 * Writes value to *reg, then starts an image with stack pointer sp at entry. Registers only and no literals, so a copy
 * runs anywhere: start_bank2 runs it from SRAM1, because every instruction after the write that sets SWP_FB is fetched
 * from the bank then mapped at 0x08000000 - a newer build's code, not this one's.
 */
#define UNUSED __attribute__((unused)) /* a naked function reads its arguments in its asm */
__attribute__((naked, noinline)) static void write_then_start(UNUSED uint32_t value, UNUSED volatile uint32_t *reg,
        UNUSED uint32_t sp, UNUSED uint32_t entry) {
    __asm volatile("str r0, [r1]\n dsb\n isb\n msr msp, r2\n bx r3\n");
}
#define WRITE_THEN_START_BYTES 16u /* its 12 bytes of code, rounded up */
#define SRAM1_BASE 0x20020000u /* after the 128 KiB DTCM (RM0410 memory map); this firmware's RAM use is below/above */

/* SWP_FB = 1 (bank 2 at 0x08000000 until the next reset), then bank 2's image starts as after a reset. */
__attribute__((noreturn)) static void start_bank2(void) {
    uint32_t sp = image_word(BANK2_BASE, 0), reset = image_word(BANK2_BASE, 1);
    const volatile uint16_t *from = (const volatile uint16_t *) ((uint32_t) write_then_start & ~1u);
    volatile uint16_t *to = (volatile uint16_t *) SRAM1_BASE;
    for (uint32_t i = 0; i < WRITE_THEN_START_BYTES / 2; i++) {
        to[i] = from[i];
    }
    __asm volatile("dsb\n isb" ::: "memory");
    RCC_APB2ENR |= 1u << 14; /* SYSCFGEN */
    (void) RCC_APB2ENR;
    ((void (*)(uint32_t, volatile uint32_t *, uint32_t, uint32_t))(SRAM1_BASE | 1u))(
            SYSCFG_MEMRMP | (1u << 8) /* SWP_FB */, &SYSCFG_MEMRMP, sp, reset);
    __builtin_unreachable();
}

/*
 * The timed loops live in functions of their own, aligned to a 128-bit flash line: each loop then lies in one line
 * whatever code precedes it, and its iterations pay no flash wait states (the ART accelerator, which would hide them
 * on silicon, stays off here).
 */
#define LINE_ALIGNED __attribute__((noinline, aligned(16)))

LINE_ALIGNED static void delay_ms(uint32_t ms) {
    uint32_t start = g_ticks;
    while (g_ticks - start < ms) {
    }
}

LINE_ALIGNED __attribute__((noreturn)) static void count_forever(void) {
    for (;;) {
        g_counter++;
    }
}

static void uart_init(void) {
    RCC_AHB1ENR |= 1u << 3; /* GPIODEN */
    RCC_APB1ENR |= 1u << 18; /* USART3EN */
    GPIOD_MODER = (GPIOD_MODER & ~(0xFu << 16)) | (0xAu << 16); /* PD8, PD9 alternate function */
    GPIOD_AFRH = (GPIOD_AFRH & ~0xFFu) | 0x77u; /* AF7 = USART3 */
    USART3_BRR = 54000000u / 115200u; /* PCLK1 = 54 MHz */
    USART3_CR1 = (1u << 3) | 1u; /* TE, UE */
}

static void uart_puts(const char *s) {
    for (; *s; s++) {
        while (!(USART3_ISR & (1u << 7))) { /* TXE */
        }
        USART3_TDR = (uint8_t) *s;
    }
    while (!(USART3_ISR & (1u << 6))) { /* TC */
    }
}

int main(void) {
    if (bank2_holds_newer_build()) {
        start_bank2();
    }
    clock_216mhz();
    SYST_RVR = 216000u - 1u; /* 1 ms at 216 MHz */
    SYST_CVR = 0;
    SYST_CSR = 7u; /* processor clock, interrupt, enable */
    g_bank_seen = running_bank_id();
    delay_ms(10);
    uart_init();
    uart_puts(g_bank_seen == 2 ? "console sample: bank 2, 216 MHz, 10 ms\r\n" : "console sample: bank 1, 216 MHz, 10 ms\r\n");
    count_forever();
}

void Reset_Handler(void) {
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
