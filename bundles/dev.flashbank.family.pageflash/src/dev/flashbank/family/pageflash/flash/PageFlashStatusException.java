package dev.flashbank.family.pageflash.flash;

import java.util.EnumSet;
import java.util.Set;

import dev.flashbank.core.device.Sector;
import dev.flashbank.core.flash.FlashOperation;
import dev.flashbank.core.flash.FlashOperationException;

/**
 * A page-flash operation ended with error flags in FLASH_SR. The message names the flags, the page or address, what
 * the flag means and what to do ({@link PageFlashStatusFlag}); the flags were cleared before this was thrown, so the
 * next operation starts clean.
 */
public class PageFlashStatusException extends FlashOperationException {
    private static final long serialVersionUID = 1L;

    private final EnumSet<PageFlashStatusFlag> flags;
    private final int srValue;

    public PageFlashStatusException(FlashOperation operation, Set<PageFlashStatusFlag> flags, int srValue,
            Sector sector, Long address, String message, String fix) {
        super(operation, flags.isEmpty() ? dev.flashbank.core.flash.FailureCause.UNKNOWN
                : PageFlashStatusFlag.primary(flags).cause(), sector, address, message, fix, null);
        this.flags = flags.isEmpty() ? EnumSet.noneOf(PageFlashStatusFlag.class) : EnumSet.copyOf(flags);
        this.srValue = srValue;
    }

    /** Every error flag that was set. */
    public Set<PageFlashStatusFlag> flags() {
        return flags.isEmpty() ? EnumSet.noneOf(PageFlashStatusFlag.class) : EnumSet.copyOf(flags);
    }

    /** The most specific flag (the cause). */
    public PageFlashStatusFlag primary() {
        return PageFlashStatusFlag.primary(flags);
    }

    /** Raw FLASH_SR as read when the operation ended. */
    public int srValue() {
        return srValue;
    }
}
