package dev.flashbank.core.flash;

import dev.flashbank.core.device.Sector;
import dev.flashbank.core.target.TargetException;

/**
 * The transport refused a flash access because of read protection (a {@link
 * dev.flashbank.core.target.ReadProtectionException} at RDP level 1, or a locked debug port at level 2), or the driver
 * refused an option change that would freeze the part. Carries the fix and its consequence in the message.
 */
public class FlashProtectionException extends FlashOperationException {
    private static final long serialVersionUID = 1L;

    public FlashProtectionException(FlashOperation operation, FailureCause cause, Sector sector, Long address,
            String message, String fix, TargetException underlying) {
        super(operation, cause, sector, address, message, fix, underlying);
    }
}
