/**
 * The STM32 page-flash controller family: one controller design (FLASH at 0x4002_2000 with KEYR/OPTKEYR/SR/CR/OPTR,
 * 64-bit double-word programming with ECC, pages erased by PNB + BKER) shared by STM32G4 (RM0440), STM32L4 (RM0351),
 * STM32L4+ (RM0432) and STM32G0B1/G0C1 (RM0444), with the differences between those lines as data: device lines and
 * IDs, flash geometry per bank mode (DBANK / DUALBANK / DB1M / DUAL_BANK), the FLASH/SYSCFG/DBGMCU register model,
 * option-byte fields, timings and named assumptions. The flash driver, protection model, bank-swap strategy and doctor
 * checks live in {@code .flash}, the simulated controller in {@code .sim}. Everything that knows these lines lives in
 * this bundle.
 */
package dev.flashbank.family.pageflash;
