/*
 * The REMAP A/B scheme of a dual-bank STM32F767, end to end from the firmware side (issue 19): the firmware chooses
 * its bank itself with SYSCFG_MEMRMP.SWP_FB and updates the other physical bank from the running one.
 *
 * Start-up (identical code in both banks: the version word is data at a fixed offset, so the same source gives the
 * same instructions in every generation): compare the version at 0x0800_0000 + VERSION_OFFSET with the one at
 * 0x0810_0000 + VERSION_OFFSET; when the bank mapped at 0x0810_0000 holds a newer image, set SWP_FB. The next
 * instruction is fetched from the other physical bank at the same address - the same code - and goes on there
 * (RM0410 §3.3.2 / §7.2.1 SYSCFG_MEMRMP.SWP_FB: bank 2 at 0x0800_0000, bank 1 at 0x0810_0000).
 *
 * Update: copy the running image to 0x0810_0000 - always the inactive bank while the firmware runs from
 * 0x0800_0000 - with its version + 1, after erasing sector 0 of the INACTIVE PHYSICAL bank: FLASH_CR.SNB names
 * physical sectors (bank 2 = 0x10 | n in dual-bank mode, RM0410 §3.7.5), so with SWP_FB = 1 the inactive bank is
 * physical bank 1 (SNB 0) and with SWP_FB = 0 physical bank 2 (SNB 0x10). Then a system reset (AIRCR.SYSRESETREQ).
 * Generations 1, 2, 3 boot in turn; the third stops at BKPT #0x33.
 *
 * For the test, in SRAM that survives the system reset (.noinit): boot_log[i] = version | SWP_FB << 31 of boot i,
 * boots = how many. Build: ./build.sh (arm-none-eabi-gcc); remap-v1.elf is committed beside this file.
 */
#include <stdint.h>

#define VERSION_OFFSET 0x100u
#define ACTIVE ((volatile uint32_t *) 0x08000000u)
#define INACTIVE ((volatile uint32_t *) 0x08100000u)
#define LAST_GENERATION 3u

/* RM0410 §5.3.14 RCC_APB2ENR.SYSCFGEN, §7.2.1 SYSCFG_MEMRMP.SWP_FB, §3.7 FLASH, B3.2.6 AIRCR. */
#define RCC_APB2ENR (*(volatile uint32_t *) 0x40023844u)
#define SYSCFGEN (1u << 14)
#define SYSCFG_MEMRMP (*(volatile uint32_t *) 0x40013800u)
#define SWP_FB (1u << 8)
#define FLASH_KEYR (*(volatile uint32_t *) 0x40023C04u)
#define FLASH_SR (*(volatile uint32_t *) 0x40023C0Cu)
#define FLASH_CR (*(volatile uint32_t *) 0x40023C10u)
#define CR_PG (1u << 0)
#define CR_SER (1u << 1)
#define CR_SNB(n) ((uint32_t) (n) << 3)
#define CR_PSIZE_X32 (2u << 8)
#define CR_STRT (1u << 16)
#define CR_LOCK (1u << 31)
#define SR_BSY (1u << 16)
#define SR_ERRORS 0xF2u
#define AIRCR (*(volatile uint32_t *) 0xE000ED0Cu)
#define AIRCR_SYSRESETREQ 0x05FA0004u
#define LOG_MAGIC 0xB0075EEDu

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack, _image_end;

void Reset_Handler(void);
__attribute__((section(".isr_vector"), used))
const void *const g_vectors[2] = { &_estack, (const void *) Reset_Handler };

/* Generation of this image: the update writes its copy with + 1. */
__attribute__((section(".fw_version"), used))
const uint32_t fw_version = 1;

__attribute__((section(".noinit"))) volatile uint32_t log_magic;
__attribute__((section(".noinit"))) volatile uint32_t boots;
__attribute__((section(".noinit"))) volatile uint32_t boot_log[8];
__attribute__((section(".noinit"))) volatile uint32_t update_sr;

static int wait_ready(void) {
    while (FLASH_SR & SR_BSY) {
    }
    uint32_t sr = FLASH_SR;
    FLASH_SR = sr;
    if (sr & SR_ERRORS) {
        update_sr = sr;
        return 0;
    }
    return 1;
}

static void stop(void) {
    for (;;) {
        __asm volatile("bkpt #0x33");
    }
}

static void update(uint32_t version, int swapped) {
    uint32_t words = ((uint32_t) &_image_end - 0x08000000u + 3u) / 4u;
    if (FLASH_CR & CR_LOCK) {
        FLASH_KEYR = 0x45670123u;
        FLASH_KEYR = 0xCDEF89ABu;
    }
    FLASH_CR = CR_PSIZE_X32 | CR_SER | CR_SNB(swapped ? 0x00 : 0x10);
    FLASH_CR = CR_PSIZE_X32 | CR_SER | CR_SNB(swapped ? 0x00 : 0x10) | CR_STRT;
    if (!wait_ready()) {
        stop();
    }
    FLASH_CR = CR_PSIZE_X32 | CR_PG;
    for (uint32_t i = 0; i < words; i++) {
        INACTIVE[i] = i == VERSION_OFFSET / 4 ? version + 1 : ACTIVE[i];
        if (!wait_ready()) {
            stop();
        }
    }
    FLASH_CR = CR_LOCK;
    AIRCR = AIRCR_SYSRESETREQ;
    for (;;) {
    }
}

void Reset_Handler(void) {
    uint32_t here = ACTIVE[VERSION_OFFSET / 4];
    uint32_t other = INACTIVE[VERSION_OFFSET / 4];
    if (other != 0xFFFFFFFFu && other > here) {
        RCC_APB2ENR |= SYSCFGEN;
        (void) RCC_APB2ENR;
        SYSCFG_MEMRMP |= SWP_FB;
        __asm volatile("dsb\n isb" ::: "memory");
    }
    uint32_t *src = &_sidata;
    for (uint32_t *dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
    if (log_magic != LOG_MAGIC) {
        log_magic = LOG_MAGIC;
        boots = 0;
        update_sr = 0;
    }
    uint32_t version = ACTIVE[VERSION_OFFSET / 4];
    int swapped = (SYSCFG_MEMRMP & SWP_FB) != 0;
    if (boots < 8) {
        boot_log[boots] = version | (swapped ? 1u << 31 : 0);
    }
    boots = boots + 1;
    if (version >= LAST_GENERATION) {
        stop();
    }
    update(version, swapped);
}
