package dev.flashbank.core.connect;

/** A target could not be opened (or a board not saved when closed); the message names the target and the reason. */
public final class TargetOpenException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why, so callers map it (CLI exit code, launch status) without parsing the message. */
    public enum Reason {
        /** No board state file at the path given (and it is not a default board that is created on first use). */
        NOT_FOUND,
        /** Another writer holds the board and the caller chose not to wait. */
        BUSY,
        /** The board file holds another part than the one named. */
        WRONG_PART,
        /** The board state file is not a valid board (corrupt, unknown format or part). */
        BAD_BOARD_FILE,
        /** The address names something that cannot exist (unknown part). */
        BAD_ADDRESS,
        /** No provider for this kind of target in this program. */
        UNSUPPORTED,
        /** The transport did not connect (probe missing, debug port locked, gdbserver down). */
        UNREACHABLE,
        /** The board's changed state could not be written back. */
        SAVE_FAILED
    }

    private final Reason reason;

    public TargetOpenException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public TargetOpenException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
