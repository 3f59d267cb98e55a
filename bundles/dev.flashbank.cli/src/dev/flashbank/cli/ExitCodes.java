package dev.flashbank.cli;

/**
 * Exit codes of {@code flashbank}, stable for scripts (documented in {@code flashbank --help} and the README).
 */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;
    /** The operation ran and failed on the target (flash error, timeout, fault). */
    public static final int FAILED = 1;
    /** Bad command line (unknown option, missing argument, malformed value). */
    public static final int USAGE = 2;
    /** Refused before touching the target: a precondition or protection blocks it; nothing was written. */
    public static final int REFUSED = 3;
    /** Verification found differences. */
    public static final int VERIFY_MISMATCH = 4;
    /** No target: probe missing, no permission, board state file unreadable, connection failed. */
    public static final int NO_TARGET = 5;
    /** Bad input file (image, option-byte profile). */
    public static final int BAD_INPUT = 6;

    /**
     * Not an exit code of {@code flashbank} itself: the JVM's status after Ctrl-C (128 + SIGINT), once the running
     * operation has stopped between two units and said what state the target was left in.
     */
    public static final int INTERRUPTED = 130;

    /**
     * The stable {@code error.code} of a failure with this exit code in {@code --json} output, when no more specific
     * code applies (more specific ones: {@code CONFIRMATION_REQUIRED}, {@code CANCELED}, {@code INTERNAL}).
     */
    public static String errorCode(int exitCode) {
        return switch (exitCode) {
            case FAILED -> "FAILED";
            case USAGE -> "USAGE";
            case REFUSED -> "REFUSED";
            case VERIFY_MISMATCH -> "VERIFY_MISMATCH";
            case NO_TARGET -> "NO_TARGET";
            case BAD_INPUT -> "BAD_INPUT";
            default -> "ERROR";
        };
    }

    /** Text for the help footer. */
    public static final String[] HELP = {
            "",
            "Exit codes:",
            "  0  success",
            "  1  the operation failed on the target (flash error, timeout, fault)",
            "  2  usage error",
            "  3  refused before touching the target (a precondition or protection);",
            "     nothing was written",
            "  4  verification found differences",
            "  5  no target (no probe, no permission, unreadable board state,",
            "     connection failed)",
            "  6  bad input file (image or option-byte profile)",
            "130  interrupted by Ctrl-C (stopped between two units; the state is printed)" };

    private ExitCodes() {
    }
}
