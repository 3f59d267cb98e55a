package dev.flashbank.core.flash;

import dev.flashbank.core.device.Sector;

/** The requested operation cannot be done on this part in its current configuration (nothing was written). */
public class FlashRequestException extends FlashOperationException {
    private static final long serialVersionUID = 1L;

    public FlashRequestException(FlashOperation operation, Sector sector, Long address, String message, String fix) {
        super(operation, FailureCause.INVALID_REQUEST, sector, address, message, fix, null);
    }
}
