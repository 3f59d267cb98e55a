package dev.flashbank.family.stm32h7.flash;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.flash.FlashOperation;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.Stm32H7OptionImage;
import dev.flashbank.family.stm32h7.Stm32H7Registers;

/**
 * The STM32H7 A/B scheme "swap-bank" (RM0433 §4.3.13 "Flash bank swapping"): both images are linked for
 * 0x0800_0000; the running image is the one mapped in window 1, the other image is ALWAYS written through window 2
 * (0x0810_0000) - whichever physical bank that is now - with register set 2, which reaches the bank mapped there;
 * activating it toggles FLASH_OPTSR_PRG.SWAP_BANK_OPT with one option change (OPTSTART). The mapping changes only at
 * the next system reset, when FLASH_OPTCR.SWAP_BANK takes SWAP_BANK_OPT: until then OPTSR_CUR.SWAP_BANK_OPT predicts
 * the mapping after the reset, and OPTCR.SWAP_BANK tells the mapping in force.
 * <p>
 * Choosing "the inactive bank" by physical bank number instead of by window is the classic mistake that erases the
 * running bank after a swap: this class never names a physical bank when it writes.
 */
public final class SwapBank {

    /** Scheme id users type ({@code --scheme swap-bank}). */
    public static final String ID = Stm32H7Descriptor.SWAP_BANK.id();

    private final Stm32H7FlashDriver driver;

    public SwapBank(Stm32H7FlashDriver driver) {
        this.driver = driver;
    }

    /** The address both images are linked for: window 1, where the core boots from. */
    public long linkAddress() {
        return driver.windowRange(1).start();
    }

    /** Where the inactive image is written and verified: all of window 2. */
    public AddressRange inactiveWindow() throws FlashRequestException {
        requireDualBank();
        return driver.windowRange(2);
    }

    /** The physical bank behind window 2 now (for reports only; writes go through the window). */
    public int inactivePhysicalBank() throws TargetException {
        requireDualBank();
        return driver.physicalBankInWindow(2, driver.swapBank());
    }

    /** The physical bank the core runs from now (window 1). */
    public int activePhysicalBank() throws TargetException {
        return driver.physicalBankInWindow(1, driver.swapBank());
    }

    /** The physical bank window 1 will show after the next reset (from OPTSR_CUR.SWAP_BANK_OPT). */
    public int activePhysicalBankAfterReset() throws TargetException {
        return driver.physicalBankInWindow(1, driver.swapBankAfterReset());
    }

    /** True when an activation is waiting for its reset (SWAP_BANK_OPT differs from the SWAP_BANK in force). */
    public boolean pending() throws TargetException {
        return driver.swapBankAfterReset() != driver.swapBank();
    }

    /**
     * The option image that makes the image in window 2 start after the next reset: SWAP_BANK_OPT = NOT(SWAP_BANK in
     * force). Idempotent: asking again while the activation is pending gives the same image.
     */
    public Stm32H7OptionImage activationImage() throws TargetException {
        requireDualBank();
        Stm32H7OptionImage now = driver.readOptions();
        return withSwapBankOpt(now, !driver.swapBank());
    }

    /** The option image that keeps the running image after the next reset (cancels a pending activation). */
    public Stm32H7OptionImage stayImage() throws TargetException {
        requireDualBank();
        return withSwapBankOpt(driver.readOptions(), driver.swapBank());
    }

    /**
     * Writes {@link #activationImage()} (one option change: OPTSTART, OPT_BUSY, OPTCHANGEERR, read-back). The swap
     * takes effect at the next system reset.
     */
    public Stm32H7FlashDriver.H7OptionWrite activate(FlashProgress progress) throws TargetException {
        return driver.writeOptionImage(activationImage(), false, progress);
    }

    /** {@code image} with FLASH_OPTSR_PRG.SWAP_BANK_OPT = {@code value} (the rest kept). */
    public Stm32H7OptionImage withSwapBankOpt(Stm32H7OptionImage image, boolean value) {
        String optsr = Stm32H7Registers.OPTSR_PRG;
        Field f = driver.descriptor().registers().optsrPrg().field(Stm32H7Registers.SWAP_BANK_OPT);
        return image.withWord(optsr, f.insert(image.word(optsr), value ? 1 : 0));
    }

    private void requireDualBank() throws FlashRequestException {
        if (driver.geometry().bankCount() < 2) {
            throw new FlashRequestException(FlashOperation.OPTION_WRITE, null, null, driver.descriptor().variantName(
                    driver.flashSizeKiB()) + " has one flash bank: there is no bank to swap in",
                    "update a single-bank part in place (program, then reset)");
        }
    }
}
