package dev.flashbank.core.target;

/** An operation on the target did not complete within its (operation-scaled) time budget. */
public class TargetTimeoutException extends TargetException {
    private static final long serialVersionUID = 1L;

    public TargetTimeoutException(String message) {
        super(message);
    }
}
