package dev.flashbank.core.ops;

/**
 * How an A/B pair of images on a dual-bank F76x/F77x is switched (stm32-facts §6.1 "Correct procedure" step 5).
 */
public enum SwitchScheme {
    /**
     * Each image is linked for its bank's OWN address (bank 1: 0x0800_0000, bank 2: 0x0810_0000 on 2 MiB parts,
     * 0x0808_0000 on 1 MiB parts) and BOOT_ADDx selects which one starts (ST's FLASH_DualBoot example). Flashbank
     * checks the link address, programs BOOT_ADDx (the one the last reset used, per SYSCFG_MEMRMP.MEM_BOOT) and the
     * switch takes effect at the next reset. SWP_FB is not involved and must be 0.
     */
    BOOT_ADD,
    /**
     * Both images are linked for 0x0800_0000 and whoever starts them sets SYSCFG_MEMRMP.SWP_FB so that the chosen
     * bank appears at 0x0800_0000. SWP_FB is volatile (reset 0), so something must set it at every boot:
     * <ul>
     * <li>the firmware's own startup code, from its own persistent "active bank" marker - Flashbank does NOT know that
     * marker and does NOT write it: it programs and verifies the inactive bank and leaves switching to the firmware
     * (a requested switch is refused before anything is written);</li>
     * <li>or the ROM bootloader in dual-boot mode (nDBOOT = 0), IF it tries the bank BOOT_ADDx names first and sets
     * SWP_FB when it starts bank 2 - both UNCONFIRMED (AN2606 not read), the model parameters
     * {@code dualBootPolicy = BOOT_ADDRESS_BANK_FIRST} and {@code romBootloaderSetsSwpFb = true}. Only when the
     * model says so does Flashbank switch, by programming BOOT_ADDx to the chosen bank's address.</li>
     * </ul>
     */
    REMAP
}
