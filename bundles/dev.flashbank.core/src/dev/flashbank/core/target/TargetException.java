package dev.flashbank.core.target;

/**
 * Base of every typed failure of target access. Layers above the memory-access interface catch these and
 * never see a transport-specific exception (USB, socket, simulator internals).
 */
public class TargetException extends Exception {
    private static final long serialVersionUID = 1L;

    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
