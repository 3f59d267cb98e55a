package dev.flashbank.sim.state;

import java.nio.file.Path;

/** A board state file could not be written or is not a valid board state; the message names the file. */
public class BoardStateException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong, so callers (CLI exit codes, UI dialogs) can react without parsing the message. */
    public enum Reason {
        /** The file does not start with the board-state magic line: not a board state file. */
        BAD_MAGIC,
        /** A board state of a format version this release cannot read. */
        UNSUPPORTED_VERSION,
        /** A header line is missing or malformed. */
        BAD_HEADER,
        /** Section sizes disagree with the part, or the file is longer/shorter than its header says. */
        SIZE_MISMATCH,
        /** A section's CRC-32 does not match: the binary content was damaged. */
        CORRUPT,
        /** The header names a part the simulator does not know, or values impossible for that part. */
        UNKNOWN_PART,
        /** Reading or writing failed in the file system. */
        IO
    }

    private final transient Path file;
    private final Reason reason;

    public BoardStateException(Path file, Reason reason, String detail) {
        super("board state " + file + ": " + detail);
        this.file = file;
        this.reason = reason;
    }

    public BoardStateException(Path file, Reason reason, String detail, Throwable cause) {
        super("board state " + file + ": " + detail, cause);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public Reason reason() {
        return reason;
    }
}
