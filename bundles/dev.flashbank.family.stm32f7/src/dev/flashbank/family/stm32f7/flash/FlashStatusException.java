package dev.flashbank.family.stm32f7.flash;

import java.util.EnumSet;
import java.util.Set;

import dev.flashbank.core.device.Sector;
import dev.flashbank.core.flash.FailureCause;
import dev.flashbank.core.flash.FlashOperation;
import dev.flashbank.core.flash.FlashOperationException;

/**
 * The flash interface ended an operation with error flags in FLASH_SR. {@link #primaryFlag()} is the most specific
 * flag; {@link #failureCause()} what the driver concluded from the flags and the option bytes (e.g. WRPERR during a
 * mass erase with RDP = 0xFF is {@link FailureCause#READ_PROTECTION}, not a write-protected sector).
 */
public class FlashStatusException extends FlashOperationException {
    private static final long serialVersionUID = 1L;

    private final EnumSet<FlashErrorFlag> flags;
    private final int srValue;

    public FlashStatusException(FlashOperation operation, Set<FlashErrorFlag> flags, int srValue, FailureCause cause,
            Sector sector, Long address, String message, String fix) {
        super(operation, cause, sector, address, message, fix, null);
        this.flags = flags.isEmpty() ? EnumSet.noneOf(FlashErrorFlag.class) : EnumSet.copyOf(flags);
        this.srValue = srValue;
    }

    /** Every error flag that was set. */
    public Set<FlashErrorFlag> flags() {
        return EnumSet.copyOf(flags);
    }

    public FlashErrorFlag primaryFlag() {
        return FlashErrorFlag.primary(flags);
    }

    /** Raw FLASH_SR as read when the operation ended. */
    public int srValue() {
        return srValue;
    }
}
