/**
 * STM32F72x/F73x (DEV_ID 0x452), F74x/F75x (0x449) and F76x/F77x (0x451): FLASH, SYSCFG_MEMRMP, DBGMCU and
 * RCC_APB2ENR registers, keys, sector layouts for all sizes and both bank modes, SNB and nWRP encodings, option bytes
 * as typed fields with texts and risk-classified diffs, BOOT_ADDx address validation, PSIZE vs supply, and the
 * UNCONFIRMED facts as named parameters ({@link dev.flashbank.family.stm32f7.Stm32F7Parameters}). Sources: RM0410,
 * RM0431, RM0385, ST's SVDs and CMSIS device headers, the STM32F7 HAL, OpenOCD src/flash/nor/stm32f2x.c (cited where
 * used).
 */
package dev.flashbank.family.stm32f7;
