package dev.flashbank.sim;

/**
 * A simulated board cannot be built as requested: unknown part name, or a stored state whose sizes do not fit the
 * part. The message names what was asked for and what the model knows.
 */
public class BoardConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean sizeMismatch;

    public BoardConfigurationException(String message, boolean sizeMismatch) {
        super(message);
        this.sizeMismatch = sizeMismatch;
    }

    public BoardConfigurationException(String message, Throwable cause) {
        super(message, cause);
        this.sizeMismatch = false;
    }

    /** True when the part is known but a stored size (flash, OTP, option area) does not match it. */
    public boolean sizeMismatch() {
        return sizeMismatch;
    }
}
