package dev.flashbank.core.flash;

/** Read-back after programming differs from the data: the flash reported no error but holds something else. */
public class FlashVerifyException extends FlashOperationException {
    private static final long serialVersionUID = 1L;

    private final VerifyResult result;

    public FlashVerifyException(VerifyResult result, String fix) {
        super(FlashOperation.VERIFY, FailureCause.VERIFY_MISMATCH, null,
                result.ok() ? null : result.firstMismatchAddress(), result.describe(), fix, null);
        this.result = result;
    }

    public VerifyResult result() {
        return result;
    }
}
