package dev.flashbank.core.flash;

/**
 * FLASH_CR.LOCK or FLASH_OPTCR.OPTLOCK is still set after the key sequence, or the key write itself faulted. After a
 * wrong key sequence the register stays locked until the next reset (F4 behaviour; parameter
 * wrongKeyLocksUntilReset; RM0090 for F4, F7 UNCONFIRMED).
 */
public class FlashUnlockException extends FlashOperationException {
    private static final long serialVersionUID = 1L;

    public FlashUnlockException(FlashOperation operation, String message, Throwable underlying) {
        super(operation, FailureCause.LOCKED, null, null, message,
                "reset the target (a wrong key sequence keeps the register locked until reset) and try again; make "
                        + "sure no other tool or firmware writes FLASH_KEYR/OPTKEYR at the same time",
                underlying);
    }
}
