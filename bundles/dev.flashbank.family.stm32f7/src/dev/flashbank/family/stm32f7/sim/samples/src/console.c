/*
 * Start-up firmware for the simulated STM32F767 (issue 19): what a CubeIDE project does before and right after main,
 * written register-level so that the test knows every step:
 *  - Reset_Handler copies .data, clears .bss and calls main;
 *  - main configures the clock tree as CubeMX does for a NUCLEO-F767ZI (HSE 8 MHz bypass from the ST-LINK, PLL
 *    M=4 N=216 P=2 -> 216 MHz, over-drive, FLASH_ACR.LATENCY = 7, APB1 /4, APB2 /2), starts SysTick at 1 kHz and waits
 *    10 ticks in its interrupt handler's counter (HAL_Delay);
 *  - when bank 2 holds a copy of this image (same initial SP at 0x08100000) it sets SYSCFG_MEMRMP.SWP_FB, the REMAP
 *    scheme's start-up choice: execution continues at the same addresses in the other physical bank, and bank_id, a
 *    constant in flash the test patches in the bank-2 copy, then reads from bank 2;
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
#define BANK2_BASE 0x08100000u

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
    (const void *) Default_Handler, (const void *) Default_Handler, (const void *) Default_Handler, 0, 0, 0, 0,
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

static void delay_ms(uint32_t ms) {
    uint32_t start = g_ticks;
    while (g_ticks - start < ms) {
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
    clock_216mhz();
    SYST_RVR = 216000u - 1u; /* 1 ms at 216 MHz */
    SYST_CVR = 0;
    SYST_CSR = 7u; /* processor clock, interrupt, enable */
    if (*(volatile uint32_t *) BANK2_BASE == (uint32_t) &_estack) {
        RCC_APB2ENR |= 1u << 14; /* SYSCFGEN */
        (void) RCC_APB2ENR;
        SYSCFG_MEMRMP |= 1u << 8; /* SWP_FB: bank 2 at 0x08000000 */
        __asm volatile("dsb\n isb" ::: "memory");
    }
    g_bank_seen = running_bank_id();
    delay_ms(10);
    uart_init();
    uart_puts(g_bank_seen == 2 ? "console sample: bank 2, 216 MHz, 10 ms\r\n" : "console sample: bank 1, 216 MHz, 10 ms\r\n");
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
    main();
    for (;;) {
    }
}
