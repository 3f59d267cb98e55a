package dev.flashbank.family.stm32f7;

import java.util.List;
import java.util.Optional;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.device.SwitchScheme.Choice;
import dev.flashbank.core.device.SwitchScheme.LinkRule;

/**
 * How an A/B pair of images on a dual-bank F76x/F77x is switched (RM0410 §2.4 boot configuration, §3.3.2 dual-bank
 * organisation; AN4826 "STM32F7 Series flash memory dual bank mode", the update procedure). What each scheme does on the target is
 * {@code core.flash.Stm32F7BankSwap}.
 */
public final class Stm32F7SwitchSchemes {

    /**
     * Each image is linked for its bank's OWN address (bank 1: 0x0800_0000, bank 2: 0x0810_0000 on 2 MiB parts,
     * 0x0808_0000 on 1 MiB parts) and BOOT_ADDx selects which one starts (ST's FLASH_DualBoot example). Flashbank
     * checks the link address, programs BOOT_ADDx (the one the last reset used, per SYSCFG_MEMRMP.MEM_BOOT) and the
     * switch takes effect at the next reset. SWP_FB is not involved and must be 0.
     */
    public static final SwitchScheme BOOT_ADD = new SwitchScheme("boot-add", "BOOT_ADD", List.of("bootadd"),
            LinkRule.OWN_BANK_ADDRESS, "BOOT_ADDx", "image linked for its bank's own address; BOOT_ADDx is pointed at it");

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
    public static final SwitchScheme REMAP = new SwitchScheme("remap", "REMAP", List.of("swp-fb"), LinkRule.FIRST_SLOT,
            "SWP_FB", "image linked for 0x08000000; the firmware sets SWP_FB at start-up");

    /** Both schemes, BOOT_ADD first (it needs nothing from the firmware). */
    public static final List<SwitchScheme> ALL = List.of(BOOT_ADD, REMAP);

    private Stm32F7SwitchSchemes() {
    }

    /**
     * The scheme under which an image spanning {@code image} runs from the inactive bank, for users who do not say
     * (RM0410: BOOT_ADDx starts the image at the address it names; SYSCFG_MEMRMP.SWP_FB maps bank 2 at 0x0800_0000).
     * The link address decides: an image linked for bank 2's own address runs only there, so BOOT_ADD; an image linked
     * for 0x0800_0000 runs from bank 2 only through the remap, so REMAP - unless bank 1 is the inactive bank while
     * SWP_FB = 0 (BOOT_ADDx started bank 2), where BOOT_ADD starts it at its own address. These are exactly the
     * combinations the bank update accepts. Reads nothing: {@code runningBank} and {@code swpFb} are the target as it
     * is now. Where nothing fits (an image outside flash, no running bank) the choice is BOOT_ADD and the update
     * refuses with the precise reason.
     */
    public static Choice forImage(AddressRange image, FlashGeometry g, int runningBank, boolean swpFb) {
        Optional<BankOffset> at = g.physicalBankAt(image.start(), false);
        if (at.isEmpty() || g.bankCount() < 2 || runningBank == 0) {
            return new Choice(BOOT_ADD, String.format("the image at 0x%08X gives no hint (not a dual-bank flash image "
                    + "with a running bank); BOOT_ADD is the scheme that needs nothing from the firmware",
                    image.start()));
        }
        int slot = at.get().bank();
        long slotBase = g.windowAddress(slot, 0, false, g.linkWindow());
        int inactive = 3 - runningBank;
        if (slot != 1) {
            return new Choice(BOOT_ADD, String.format("the image is linked for 0x%08X, physical bank %d's own address: "
                    + "it runs only from there, started by BOOT_ADDx", slotBase, slot));
        }
        if (swpFb) {
            return new Choice(REMAP, String.format("the image is linked for 0x%08X and SWP_FB = 1: the running firmware "
                    + "maps its bank there itself", slotBase));
        }
        if (inactive == 1) {
            return new Choice(BOOT_ADD, String.format("the image is linked for 0x%08X, physical bank 1's own address, "
                    + "and bank 1 is the inactive bank (bank 2 runs with SWP_FB = 0): BOOT_ADDx starts it there",
                    slotBase));
        }
        return new Choice(REMAP, String.format("the image is linked for 0x%08X but goes into physical bank %d: only "
                + "the remap (SWP_FB = 1) runs it at 0x%08X; the firmware (or the ROM bootloader) must set SWP_FB",
                slotBase, inactive, slotBase));
    }
}
