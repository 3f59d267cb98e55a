/*
 * Start-up firmware for the simulated page-flash NUCLEO boards (issue 19): what a CubeIDE project for a NUCLEO-G474RE,
 * NUCLEO-L476RG or NUCLEO-G0B1RE does before and right after main, written register-level so that the tests know every
 * step. One source, three builds (build.sh: -DLINE_G474, -DLINE_L476, -DLINE_G0B1):
 *  - Reset_Handler copies .data, clears .bss, points VTOR at this image's vector table (after a BFB2 boot the ROM
 *    bootloader leaves system memory aliased at 0: the application sets VTOR, as ST's FLASH_DualBoot examples do) and
 *    calls main;
 *  - main configures the clock tree as CubeMX does for the board, waiting on every ready flag: G474 HSI16, PLL M=4 N=85
 *    R=2 -> 170 MHz in range 1 boost (PWR_CR5.R1MODE = 0), 4 wait states; L476 MSI 4 MHz, PLL M=1 N=40 R=2 -> 80 MHz
 *    in range 1, 4 wait states; G0B1 HSI16, PLL M=1 N=8 R=2 -> 64 MHz, 2 wait states;
 *  - it prints one line on the board's ST-LINK virtual COM port (G474: LPUART1, L476/G0B1: USART2), naming the copy
 *    (bank_id, a constant in flash the tests patch in a bank-2 copy) and how often it has booted since power-on
 *    (g_boots, in RAM that no start-up code clears);
 *  - after its first boot since power-on it asks for a system reset (AIRCR.SYSRESETREQ, NVIC_SystemReset); after the
 *    second it counts g_counter forever.
 * Register addresses and bits: RM0440, RM0351, RM0444 (RCC, PWR, FLASH, GPIO, U(S)ART chapters) and the Cortex-M
 * programming manuals PM0214 / PM0223 (SCB VTOR, AIRCR).
 */
#include <stdint.h>

#define REG(a) (*(volatile uint32_t *) (a))
#define RCC_CR REG(0x40021000u)
#define RCC_CFGR REG(0x40021008u)
#define RCC_PLLCFGR REG(0x4002100Cu)
#define PWR_CR1 REG(0x40007000u)
#define PWR_SR2 REG(0x40007014u)
#define FLASH_ACR REG(0x40022000u)
#define SCB_VTOR REG(0xE000ED08u)
#define SCB_AIRCR REG(0xE000ED0Cu)
#define VOSF (1u << 10)
#define HSION (1u << 8)
#define HSIRDY (1u << 10)
#define PLLON (1u << 24)
#define PLLRDY (1u << 25)

#if defined(LINE_G474)
#define PART "STM32G474RE"
#define MHZ 170u
#define RCC_AHB2ENR REG(0x4002104Cu)
#define RCC_APB1ENR1 REG(0x40021058u)
#define RCC_APB1ENR2 REG(0x4002105Cu)
#define PWR_CR5 REG(0x40007080u)
#define GPIOA_MODER REG(0x48000000u)
#define GPIOA_AFRL REG(0x48000020u)
#define UART_BASE 0x40008000u /* LPUART1 */
#elif defined(LINE_L476)
#define PART "STM32L476RG"
#define MHZ 80u
#define RCC_AHB2ENR REG(0x4002104Cu)
#define RCC_APB1ENR1 REG(0x40021058u)
#define GPIOA_MODER REG(0x48000000u)
#define GPIOA_AFRL REG(0x48000020u)
#define UART_BASE 0x40004400u /* USART2 */
#elif defined(LINE_G0B1)
#define PART "STM32G0B1RE"
#define MHZ 64u
#define RCC_IOPENR REG(0x40021034u)
#define RCC_APBENR1 REG(0x4002103Cu)
#define GPIOA_MODER REG(0x50000000u)
#define GPIOA_AFRL REG(0x50000020u)
#define UART_BASE 0x40004400u /* USART2 */
#else
#error "build with -DLINE_G474, -DLINE_L476 or -DLINE_G0B1"
#endif

#define UART_CR1 REG(UART_BASE + 0x00u)
#define UART_BRR REG(UART_BASE + 0x0Cu)
#define UART_ISR REG(UART_BASE + 0x1Cu)
#define UART_TDR REG(UART_BASE + 0x28u)

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
extern const uint32_t g_vectors[];

void Reset_Handler(void);
int main(void);

static void Default_Handler(void) {
    for (;;) {
    }
}

/* Core exceptions only (no peripheral raises an interrupt): initial SP, reset, NMI, HardFault, 4 x v7-M faults or
 * reserved, 3 reserved, SVCall, DebugMonitor/reserved, reserved, PendSV, SysTick. */
__attribute__((section(".isr_vector"), used))
const void *const g_vector_table[16] = {
    &_estack, (const void *) Reset_Handler, (const void *) Default_Handler, (const void *) Default_Handler,
    (const void *) Default_Handler, (const void *) Default_Handler, (const void *) Default_Handler, 0, 0, 0, 0,
    (const void *) Default_Handler, (const void *) Default_Handler, 0, (const void *) Default_Handler,
    (const void *) Default_Handler,
};

/* Which copy this is: 1 as built; the tests program the bank-2 copy with 2 here. */
__attribute__((used)) const uint32_t bank_id = 1;

/* Read from flash at run time (the compiler would otherwise fold the constant). */
static uint32_t running_bank_id(void) {
    return *(const volatile uint32_t *) &bank_id;
}

volatile uint32_t g_counter;
volatile uint32_t g_sysclk_switched;
/* Survive a system reset: RAM keeps its content, and no start-up loop touches .noinit. */
__attribute__((section(".noinit"))) volatile uint32_t g_boot_magic;
__attribute__((section(".noinit"))) volatile uint32_t g_boots;

static void clock_config(void) {
#if defined(LINE_G474)
    RCC_APB1ENR1 |= 1u << 28; /* PWREN */
    (void) RCC_APB1ENR1;
    PWR_CR1 = (PWR_CR1 & ~(3u << 9)) | (1u << 9); /* VOS range 1 */
    while (PWR_SR2 & VOSF) {
    }
    PWR_CR5 &= ~(1u << 8); /* R1MODE = 0: range 1 boost, for 170 MHz */
    RCC_CR |= HSION;
    while (!(RCC_CR & HSIRDY)) {
    }
    RCC_CR &= ~PLLON;
    while (RCC_CR & PLLRDY) {
    }
    RCC_PLLCFGR = 2u | (3u << 4) | (85u << 8) | (1u << 24) | (0u << 25); /* HSI16, M=4, N=85, R=2, PLLREN */
    RCC_CR |= PLLON;
    while (!(RCC_CR & PLLRDY)) {
    }
    FLASH_ACR = (FLASH_ACR & ~0xFu) | 4u; /* 4 wait states at 170 MHz */
    while ((FLASH_ACR & 0xFu) != 4u) {
    }
    RCC_CFGR = (RCC_CFGR & ~3u) | 3u; /* SW = PLL */
    while ((RCC_CFGR & (3u << 2)) != (3u << 2)) { /* SWS = PLL */
    }
#elif defined(LINE_L476)
    RCC_APB1ENR1 |= 1u << 28; /* PWREN */
    (void) RCC_APB1ENR1;
    PWR_CR1 = (PWR_CR1 & ~(3u << 9)) | (1u << 9); /* VOS range 1 */
    while (PWR_SR2 & VOSF) {
    }
    RCC_CR = (RCC_CR & ~(0xFu << 4)) | (6u << 4) | (1u << 3); /* MSIRANGE 6 (4 MHz), MSIRGSEL */
    while (!(RCC_CR & (1u << 1))) { /* MSIRDY */
    }
    RCC_CR &= ~PLLON;
    while (RCC_CR & PLLRDY) {
    }
    RCC_PLLCFGR = 1u | (0u << 4) | (40u << 8) | (1u << 24) | (0u << 25); /* MSI, M=1, N=40, R=2, PLLREN */
    RCC_CR |= PLLON;
    while (!(RCC_CR & PLLRDY)) {
    }
    FLASH_ACR = (FLASH_ACR & ~7u) | 4u; /* 4 wait states at 80 MHz */
    while ((FLASH_ACR & 7u) != 4u) {
    }
    RCC_CFGR = (RCC_CFGR & ~3u) | 3u; /* SW = PLL */
    while ((RCC_CFGR & (3u << 2)) != (3u << 2)) { /* SWS = PLL */
    }
#else
    RCC_APBENR1 |= 1u << 28; /* PWREN */
    (void) RCC_APBENR1;
    PWR_CR1 = (PWR_CR1 & ~(3u << 9)) | (1u << 9); /* VOS range 1 */
    while (PWR_SR2 & VOSF) {
    }
    RCC_CR |= HSION;
    while (!(RCC_CR & HSIRDY)) {
    }
    RCC_CR &= ~PLLON;
    while (RCC_CR & PLLRDY) {
    }
    RCC_PLLCFGR = 2u | (0u << 4) | (8u << 8) | (1u << 28) | (1u << 29); /* HSI16, M=1, N=8, R=2, PLLREN */
    RCC_CR |= PLLON;
    while (!(RCC_CR & PLLRDY)) {
    }
    FLASH_ACR = (FLASH_ACR & ~7u) | 2u; /* 2 wait states at 64 MHz */
    while ((FLASH_ACR & 7u) != 2u) {
    }
    RCC_CFGR = (RCC_CFGR & ~7u) | 2u; /* SW = PLLRCLK */
    while ((RCC_CFGR & (7u << 3)) != (2u << 3)) { /* SWS = PLLRCLK */
    }
#endif
    g_sysclk_switched = 1;
}

static void uart_init(void) {
#if defined(LINE_G474)
    RCC_AHB2ENR |= 1u; /* GPIOAEN */
    RCC_APB1ENR2 |= 1u; /* LPUART1EN */
    GPIOA_AFRL = (GPIOA_AFRL & ~0xFF00u) | 0xCC00u; /* PA2, PA3: AF12 = LPUART1 */
    UART_BRR = (uint32_t) ((256ull * MHZ * 1000000u) / 115200u); /* LPUART: 256 x fck / baud */
#elif defined(LINE_L476)
    RCC_AHB2ENR |= 1u; /* GPIOAEN */
    RCC_APB1ENR1 |= 1u << 17; /* USART2EN */
    GPIOA_AFRL = (GPIOA_AFRL & ~0xFF00u) | 0x7700u; /* PA2, PA3: AF7 = USART2 */
    UART_BRR = MHZ * 1000000u / 115200u;
#else
    RCC_IOPENR |= 1u; /* GPIOAEN */
    RCC_APBENR1 |= 1u << 17; /* USART2EN */
    GPIOA_AFRL = (GPIOA_AFRL & ~0xFF00u) | 0x1100u; /* PA2, PA3: AF1 = USART2 */
    UART_BRR = MHZ * 1000000u / 115200u;
#endif
    GPIOA_MODER = (GPIOA_MODER & ~(0xFu << 4)) | (0xAu << 4); /* PA2, PA3 alternate function */
    UART_CR1 = (1u << 3) | 1u; /* TE, UE */
    while (!(UART_ISR & (1u << 21))) { /* TEACK */
    }
}

static void uart_puts(const char *s) {
    for (; *s; s++) {
        while (!(UART_ISR & (1u << 7))) { /* TXE */
        }
        UART_TDR = (uint8_t) *s;
    }
    while (!(UART_ISR & (1u << 6))) { /* TC */
    }
}

static void uart_putu(uint32_t v) {
    char b[11];
    int i = 10;
    b[i] = 0;
    do {
        b[--i] = (char) ('0' + v % 10u);
        v /= 10u;
    } while (v);
    uart_puts(&b[i]);
}

int main(void) {
    if (g_boot_magic != 0xB0075EEDu) {
        g_boot_magic = 0xB0075EEDu;
        g_boots = 0;
    }
    g_boots = g_boots + 1;
    clock_config();
    uart_init();
    uart_puts("pageflash sample: " PART " bank ");
    uart_putu(running_bank_id());
    uart_puts(", " );
    uart_putu(MHZ);
    uart_puts(" MHz, boot ");
    uart_putu(g_boots);
    uart_puts("\r\n");
    if (g_boots == 1) {
        __asm volatile("dsb" ::: "memory");
        SCB_AIRCR = (0x05FAu << 16) | (1u << 2); /* VECTKEY, SYSRESETREQ */
        __asm volatile("dsb" ::: "memory");
        for (;;) {
        }
    }
    for (;;) {
        g_counter++;
    }
}

void Reset_Handler(void) {
    uint32_t *src = &_sidata;
    for (uint32_t *dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
    SCB_VTOR = (uint32_t) g_vector_table;
    main();
    for (;;) {
    }
}
