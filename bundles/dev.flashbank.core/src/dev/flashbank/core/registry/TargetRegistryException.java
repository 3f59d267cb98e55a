package dev.flashbank.core.registry;

import java.nio.file.Path;

/**
 * A registry file that cannot be read or written. The message names the file, the line (when one line is at fault)
 * and the reason, as {@code targets.fbtargets:3: ...}, so the user can open the file and fix that line.
 */
public final class TargetRegistryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String reason;

    /**
     * @param line 1-based line at fault, 0 when the file as a whole is (cannot be read, cannot be written)
     */
    public TargetRegistryException(Path file, int line, String reason, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason, cause);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public TargetRegistryException(Path file, int line, String reason) {
        this(file, line, reason, null);
    }

    public Path file() {
        return file;
    }

    /** 1-based line at fault, 0 for the whole file. */
    public int line() {
        return line;
    }

    /** What is wrong, without the file and line. */
    public String reason() {
        return reason;
    }
}
