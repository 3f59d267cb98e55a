package dev.flashbank.family.stm32h7.flash;

import java.util.EnumSet;
import java.util.Set;

import dev.flashbank.core.device.Sector;
import dev.flashbank.core.flash.FailureCause;
import dev.flashbank.core.flash.FlashOperation;
import dev.flashbank.core.flash.FlashOperationException;

/**
 * An STM32H7 bank controller ended an operation with error flags in FLASH_SRx (or OPTCHANGEERR in FLASH_OPTSR_CUR).
 * The message names the flags, the register set, the sector or address and (for ECC errors) the failing flash word
 * from FLASH_ECC_FAx.
 */
public class H7FlashStatusException extends FlashOperationException {
    private static final long serialVersionUID = 1L;

    private final EnumSet<H7StatusFlag> flags;
    private final int srValue;

    public H7FlashStatusException(FlashOperation operation, Set<H7StatusFlag> flags, int srValue, FailureCause cause,
            Sector sector, Long address, String message, String fix) {
        super(operation, cause, sector, address, message, fix, null);
        this.flags = flags.isEmpty() ? EnumSet.noneOf(H7StatusFlag.class) : EnumSet.copyOf(flags);
        this.srValue = srValue;
    }

    /** Every error flag that was set (empty for an OPTCHANGEERR). */
    public Set<H7StatusFlag> flags() {
        return flags.isEmpty() ? EnumSet.noneOf(H7StatusFlag.class) : EnumSet.copyOf(flags);
    }

    /** Raw FLASH_SRx (or FLASH_OPTSR_CUR) as read when the operation ended. */
    public int srValue() {
        return srValue;
    }
}
