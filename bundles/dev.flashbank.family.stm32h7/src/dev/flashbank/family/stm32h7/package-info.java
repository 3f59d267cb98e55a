/**
 * The STM32H7 family (RM0433 and siblings): device lines and IDs, flash geometry, the FLASH/SYSCFG/DBGMCU register
 * model, option-byte fields, named assumptions, and (in sub-packages) the flash driver and the simulated controller.
 * Everything that knows H7 lives in this bundle.
 */
package dev.flashbank.family.stm32h7;
