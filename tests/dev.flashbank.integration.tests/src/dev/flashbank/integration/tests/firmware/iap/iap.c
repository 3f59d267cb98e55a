/*
 * In-application update of an STM32F767 in dual-bank mode, written as the user of seed problem A wrote it
 * (register level, as HAL_FLASHEx_Erase / HAL_FLASH_Program do it): the firmware runs from physical bank 2,
 * which SYSCFG_MEMRMP.SWP_FB = 1 maps at 0x0800_0000, bank-erases "bank 1" (FLASH_CR.MER) and programs the new
 * image at TARGET_ADDRESS, then compares what it wrote.
 *
 *   iap-as-seeded.elf      TARGET_ADDRESS = 0x0800_0000: the seed's sequence. MER erases PHYSICAL bank 1, but with
 *                          SWP_FB = 1 the address 0x0800_0000 is physical bank 2 - the running bank, not erased:
 *                          the words are programmed over the running image (no flag on F7) and the compare fails.
 *   iap-physical-bank1.elf TARGET_ADDRESS = 0x0810_0000: the doctor's sequence - while SWP_FB = 1 physical bank 1
 *                          is mapped at 0x0810_0000 (RM0410 §3.3.2 table "Flash memory organization, SWP_FB").
 *
 * The erase/program/compare code runs from SRAM (.ramfunc, copied by the start-up code) so that a write into the
 * running bank cannot pull the instructions out from under the core. Results for the test, in RAM:
 *   iap_state  = 0xD0E0_0000 | step reached (1 erase done, 2 program done, 3 compare done)
 *   iap_sr     = FLASH_SR at the first error flag (0 if none)
 *   iap_bad    = address of the first word that read back different (0 if none)
 * and the firmware ends in BKPT #0x42 (a debugger sees a halt with DFSR.BKPT; without one the core would fault).
 * Build: ./build.sh (arm-none-eabi-gcc); the ELFs are committed beside this file.
 */
#include <stdint.h>

#ifndef TARGET_ADDRESS
#error "build with -DTARGET_ADDRESS=0x08000000 or 0x08100000 (see build.sh)"
#endif

/* RM0410 §3.7: FLASH registers (base 0x4002_3C00), keys, bits. */
#define FLASH_KEYR (*(volatile uint32_t *) 0x40023C04u)
#define FLASH_SR (*(volatile uint32_t *) 0x40023C0Cu)
#define FLASH_CR (*(volatile uint32_t *) 0x40023C10u)
#define FLASH_KEY1 0x45670123u
#define FLASH_KEY2 0xCDEF89ABu
#define CR_PG (1u << 0)
#define CR_MER (1u << 2)        /* MER1 on F76x: bank 1 in dual-bank mode */
#define CR_PSIZE_X32 (2u << 8)  /* 2.7-3.6 V */
#define CR_STRT (1u << 16)
#define CR_LOCK (1u << 31)
#define SR_BSY (1u << 16)
#define SR_ERRORS 0xF2u         /* OPERR, WRPERR, PGAERR, PGPERR, ERSERR */
#define SR_EOP (1u << 0)

#define PAYLOAD_WORDS 256u

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;

volatile uint32_t iap_state;
volatile uint32_t iap_sr;
volatile uint32_t iap_bad;

void Reset_Handler(void);
__attribute__((section(".isr_vector"), used))
const void *const g_vectors[2] = { &_estack, (const void *) Reset_Handler };

/* The "new image" the update writes: a pattern no erased or programmed-over flash shows by chance. */
__attribute__((section(".ramfunc"))) static uint32_t payload_word(uint32_t i) {
    return 0xA5000000u ^ (i * 0x01010101u) ^ 0x5A5Au;
}

__attribute__((section(".ramfunc"), noinline)) static int wait_ready(void) {
    while (FLASH_SR & SR_BSY) {
    }
    uint32_t sr = FLASH_SR;
    if (sr & SR_ERRORS) {
        iap_sr = sr;
        return 0;
    }
    FLASH_SR = SR_EOP;
    return 1;
}

__attribute__((section(".ramfunc"), noinline, noreturn)) static void update(void) {
    if (FLASH_CR & CR_LOCK) {
        FLASH_KEYR = FLASH_KEY1;
        FLASH_KEYR = FLASH_KEY2;
    }
    FLASH_CR = CR_PSIZE_X32 | CR_MER;
    FLASH_CR = CR_PSIZE_X32 | CR_MER | CR_STRT;
    if (wait_ready()) {
        iap_state = 0xD0E00001u;
        FLASH_CR = CR_PSIZE_X32 | CR_PG;
        volatile uint32_t *dst = (volatile uint32_t *) TARGET_ADDRESS;
        uint32_t i;
        for (i = 0; i < PAYLOAD_WORDS; i++) {
            dst[i] = payload_word(i);
            if (!wait_ready()) {
                break;
            }
        }
        FLASH_CR = CR_LOCK;
        if (i == PAYLOAD_WORDS) {
            iap_state = 0xD0E00002u;
            for (i = 0; i < PAYLOAD_WORDS; i++) {
                if (dst[i] != payload_word(i)) {
                    iap_bad = (uint32_t) &dst[i];
                    break;
                }
            }
            iap_state = 0xD0E00003u;
        }
    }
    for (;;) {
        __asm volatile("bkpt #0x42");
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
    update();
}
