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

    /**
     * The value the mapping bit named {@code bit} ({@code FlashDriver.bankMappingLabel()}) holds when the banks are
     * {@code swapped}: 1, except for ST's active-low option bits, whose names start with a lower-case n (G0B1
     * nSWAP_BANK = 0 swaps the banks, RM0444 FLASH_OPTR).
     */
    public static int bitValue(String bit, boolean swapped) {
        return swapped != bit.startsWith("n") ? 1 : 0;
    }

    /** "SWP_FB=1", "nSWAP_BANK=0": the mapping bit with its value under {@code swapped}, for messages. */
    public static String label(String bit, boolean swapped) {
        return bit + "=" + bitValue(bit, swapped);
    }
}
