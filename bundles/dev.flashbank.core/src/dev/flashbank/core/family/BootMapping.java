package dev.flashbank.core.family;

/**
 * The bank mapping in force and the boot address a part started from, both latched at its last reset
 * ({@link FlashDriver#bootMapping()}).
 *
 * @param banksSwapped window slot 1 shows physical bank 2 ({@link FlashDriver#banksSwapped()})
 * @param secondBootAddress the part booted from its second boot address (F7: SYSCFG_MEMRMP.MEM_BOOT = 1, BOOT0 pin
 *            high: BOOT_ADD1); false where the part does not report it
 */
public record BootMapping(boolean banksSwapped, boolean secondBootAddress) {
}
