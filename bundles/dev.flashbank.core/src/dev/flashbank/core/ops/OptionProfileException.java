package dev.flashbank.core.ops;

import java.nio.file.Path;

/**
 * An option-byte profile/backup file could not be read or is not valid. {@link #line()} is the 1-based line number
 * of the problem (0 when it concerns the whole file).
 */
public class OptionProfileException extends OperationException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    public OptionProfileException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public OptionProfileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.line = 0;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }
}
