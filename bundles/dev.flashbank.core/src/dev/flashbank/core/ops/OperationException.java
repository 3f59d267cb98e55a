package dev.flashbank.core.ops;

/**
 * An operation refused to run or stopped for a reason that is not a target-access failure (those stay
 * {@link dev.flashbank.core.target.TargetException}s): a missing confirmation, a backup that could not be written, a
 * read-back that does not match. The message is written for the user.
 */
public class OperationException extends Exception {
    private static final long serialVersionUID = 1L;

    public OperationException(String message) {
        super(message);
    }

    public OperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
