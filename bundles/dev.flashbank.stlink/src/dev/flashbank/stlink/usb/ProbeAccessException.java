package dev.flashbank.stlink.usb;

import dev.flashbank.core.target.TargetException;

/** A probe could not be selected or opened; {@link #problem()} says which case, the message what to do. */
public class ProbeAccessException extends TargetException {
    private static final long serialVersionUID = 1L;

    /** The distinct situations users must be told apart (issue 5). */
    public enum Problem {
        NO_PROBE, NOT_FOUND, AMBIGUOUS, NO_PERMISSION, CLAIMED_BY_OTHER, USB_LOADER_MODE, UNSUPPORTED, USB_UNAVAILABLE,
        OPEN_FAILED
    }

    private final Problem problem;

    public ProbeAccessException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
