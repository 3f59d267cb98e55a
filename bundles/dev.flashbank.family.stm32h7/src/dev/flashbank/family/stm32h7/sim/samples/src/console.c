/*
 * Start-up firmware for the simulated STM32H743 (issue 19): what a CubeIDE project for a NUCLEO-H743ZI does before
 * and right after main, written register-level so that the tests know every step:
 *  - Reset_Handler enables the FPU (CPACR), copies .data, clears .bss and calls main;
 *  - main configures the supply and the clock tree as CubeMX's SystemClock_Config does: LDO supply (PWR_CR3, wait
 *    ACTVOSRDY), voltage scale 1 (PWR_D3CR.VOS, wait VOSRDY), HSE 8 MHz bypass from the ST-LINK (wait HSERDY), PLL1
 *    from HSE with DIVM1 = 4, DIVN1 = 400, DIVP1 = 2 -> 400 MHz (wait PLL1RDY), FLASH_ACR LATENCY = 2 and
 *    WRHIGHFREQ = 2, D1CPRE /1, HPRE /2 (AXI 200 MHz), APB /2, SYSCLK = PLL1 (wait SWS), then SysTick at 1 kHz and
 *    2 ticks in its interrupt handler's counter (HAL_Delay);
 *  - it computes one double-precision product (FPv5-D16), prints one line to USART3 (the NUCLEO's ST-LINK virtual
 *    COM port) with the image number (IMAGE_ID: 1 as built for bank 1, 2 for the bank-2 image) and FLASH_OPTCR's
 *    SWAP_BANK, and the boot count;
 *  - after its first boot since power-on it asks for a system reset (AIRCR.SYSRESETREQ); RAM keeps g_boots across it;
 *  - then it counts the global counter forever, in a loop that spans more than one 256-bit flash word (so that flash
 *    wait states show in its speed).
 * Register addresses and bits: RM0433 (RCC, PWR, FLASH, GPIO, USART chapters) and PM0253 (SCB, SysTick, FPU).
 */
#include <stdint.h>

#ifndef IMAGE_ID
#define IMAGE_ID 1
#endif

#define REG(a) (*(volatile uint32_t *) (a))
#define RCC_CR REG(0x58024400u)
#define RCC_CFGR REG(0x58024410u)
#define RCC_D1CFGR REG(0x58024418u)
#define RCC_D2CFGR REG(0x5802441Cu)
#define RCC_D3CFGR REG(0x58024420u)
#define RCC_PLLCKSELR REG(0x58024428u)
#define RCC_PLLCFGR REG(0x5802442Cu)
#define RCC_PLL1DIVR REG(0x58024430u)
#define RCC_AHB4ENR REG(0x580244E0u)
#define RCC_APB1LENR REG(0x580244E8u)
#define PWR_CSR1 REG(0x58024804u)
#define PWR_CR3 REG(0x5802480Cu)
#define PWR_D3CR REG(0x58024818u)
#define FLASH_ACR REG(0x52002000u)
#define FLASH_OPTCR REG(0x52002018u)
#define GPIOD_MODER REG(0x58020C00u)
#define GPIOD_AFRH REG(0x58020C24u)
#define USART3_CR1 REG(0x40004800u)
#define USART3_BRR REG(0x4000480Cu)
#define USART3_ISR REG(0x4000481Cu)
#define USART3_TDR REG(0x40004828u)
#define SCB_CPACR REG(0xE000ED88u)
#define SCB_AIRCR REG(0xE000ED0Cu)
#define SYST_CSR REG(0xE000E010u)
#define SYST_RVR REG(0xE000E014u)
#define SYST_CVR REG(0xE000E018u)
#define BOOT_MAGIC 0xB007C0DEu

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

volatile uint32_t g_ticks;
volatile uint32_t counter;
volatile uint32_t g_sysclk_switched;
volatile double g_fp_result;
volatile double g_fp_operand = 1.25;
/* Not cleared by the start-up code: survives a system reset (RAM keeps its content), initialised by its magic. */
__attribute__((section(".noinit"))) volatile uint32_t g_boot_magic;
__attribute__((section(".noinit"))) volatile uint32_t g_boots;

void SysTick_Handler(void) {
    g_ticks++;
}

static void clock_400mhz(void) {
    PWR_CR3 = (PWR_CR3 & ~7u) | (1u << 1); /* LDOEN, SCUEN = 0: supply configuration done (HAL_PWREx_ConfigSupply) */
    while (!(PWR_CSR1 & (1u << 13))) { /* ACTVOSRDY */
    }
    PWR_D3CR = (PWR_D3CR & ~(3u << 14)) | (3u << 14); /* VOS scale 1 */
    while (!(PWR_D3CR & (1u << 13))) { /* VOSRDY */
    }
    RCC_CR |= (1u << 18) | (1u << 16); /* HSEBYP, HSEON */
    while (!(RCC_CR & (1u << 17))) { /* HSERDY */
    }
    RCC_CR &= ~(1u << 24); /* PLL1ON off before configuring */
    while (RCC_CR & (1u << 25)) {
    }
    RCC_PLLCKSELR = (RCC_PLLCKSELR & ~((0x3Fu << 4) | 3u)) | (4u << 4) | 2u; /* DIVM1 = 4, PLLSRC = HSE: 2 MHz */
    RCC_PLL1DIVR = (399u << 0) | (1u << 9) | (3u << 16) | (1u << 24); /* N = 400, P = 2, Q = 4, R = 2 */
    RCC_PLLCFGR = (RCC_PLLCFGR & ~0xFu) | (1u << 2) | (7u << 16); /* PLL1RGE 2-4 MHz, wide VCO, DIVP1/Q1/R1EN */
    RCC_CR |= 1u << 24; /* PLL1ON */
    while (!(RCC_CR & (1u << 25))) { /* PLL1RDY */
    }
    FLASH_ACR = (2u << 4) | 2u; /* WRHIGHFREQ = 2, LATENCY = 2 (AXI 200 MHz at VOS1) */
    while ((FLASH_ACR & 0xFu) != 2u) {
    }
    RCC_D1CFGR = (0u << 8) | (4u << 4) | 8u; /* D1CPRE /1, D1PPRE /2, HPRE /2 */
    RCC_D2CFGR = (4u << 8) | (4u << 4); /* D2PPRE2 /2, D2PPRE1 /2 */
    RCC_D3CFGR = 4u << 4; /* D3PPRE /2 */
    RCC_CFGR = (RCC_CFGR & ~7u) | 3u; /* SW = PLL1 */
    while ((RCC_CFGR & (7u << 3)) != (3u << 3)) { /* SWS = PLL1 */
    }
    g_sysclk_switched = 1;
}

static void delay_ms(uint32_t ms) {
    uint32_t start = g_ticks;
    while (g_ticks - start < ms) {
    }
}

static void uart_init(void) {
    RCC_AHB4ENR |= 1u << 3; /* GPIODEN */
    RCC_APB1LENR |= 1u << 18; /* USART3EN */
    GPIOD_MODER = (GPIOD_MODER & ~(0xFu << 16)) | (0xAu << 16); /* PD8, PD9 alternate function */
    GPIOD_AFRH = (GPIOD_AFRH & ~0xFFu) | 0x77u; /* AF7 = USART3 */
    USART3_BRR = 100000000u / 115200u; /* PCLK1 = 100 MHz */
    USART3_CR1 = (1u << 3) | 1u; /* TE, UE */
}

static void uart_putc(char c) {
    while (!(USART3_ISR & (1u << 7))) { /* TXE */
    }
    USART3_TDR = (uint8_t) c;
}

static void uart_puts(const char *s) {
    for (; *s; s++) {
        uart_putc(*s);
    }
    while (!(USART3_ISR & (1u << 6))) { /* TC */
    }
}

/* The counting loop: 16 NOPs make its body longer than one 256-bit flash word. */
__attribute__((noinline, aligned(32))) static void count_forever(void) {
    for (;;) {
        counter++;
        __asm volatile(".rept 16\n nop\n .endr" ::: "memory");
    }
}

int main(void) {
    if (g_boot_magic != BOOT_MAGIC) {
        g_boot_magic = BOOT_MAGIC;
        g_boots = 0;
    }
    g_boots++;
    clock_400mhz();
    SYST_RVR = 400000u - 1u; /* 1 ms at 400 MHz */
    SYST_CVR = 0;
    SYST_CSR = 7u; /* processor clock, interrupt, enable */
    g_fp_result = g_fp_operand * 3.0e9; /* VMUL.F64 */
    delay_ms(2);
    uart_init();
    uart_puts("h7 console sample: image ");
    uart_putc('0' + IMAGE_ID);
    uart_puts((FLASH_OPTCR & (1u << 31)) ? ", SWAP_BANK=1" : ", SWAP_BANK=0");
    uart_puts(", 400 MHz, boot ");
    uart_putc('0' + (char) (g_boots % 10));
    uart_puts("\r\n");
    if (g_boots == 1) {
        SCB_AIRCR = 0x05FA0004u; /* VECTKEY | SYSRESETREQ */
        __asm volatile("dsb" ::: "memory");
        for (;;) {
        }
    }
    count_forever();
    return 0;
}

void Reset_Handler(void) {
    SCB_CPACR |= 0xFu << 20; /* CP10, CP11 full access: the FPU */
    __asm volatile("dsb\n isb" ::: "memory");
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
