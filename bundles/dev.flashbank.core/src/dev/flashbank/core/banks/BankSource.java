package dev.flashbank.core.banks;

import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.target.TargetException;

/** Reads bytes of a PHYSICAL bank, wherever it is mapped now. */
@FunctionalInterface
public interface BankSource {

    /** {@code length} bytes at {@code offset} of physical bank {@code physicalBank} (1 or 2). */
    byte[] read(int physicalBank, long offset, int length) throws TargetException;

    /**
     * Through the flash driver: the bank mapping ({@link FlashDriver#banksSwapped()}, F7: SYSCFG_MEMRMP.SWP_FB) is
     * read at every call because firmware or the ROM bootloader may change it between two reads, then the bank
     * is read through the AXIM window where it is visible now.
     */
    static BankSource of(FlashDriver driver) {
        return (bank, offset, length) -> {
            FlashGeometry g = driver.geometry();
            boolean swpFb = driver.banksSwapped();
            return driver.readFlash(g.windowAddress(bank, offset, swpFb, g.linkWindow()), length);
        };
    }
}
