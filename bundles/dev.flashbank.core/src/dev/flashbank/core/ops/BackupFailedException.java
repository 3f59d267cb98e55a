package dev.flashbank.core.ops;

import java.nio.file.Path;

/** The backup of the current option bytes could not be written, so nothing was written to the target. */
public class BackupFailedException extends OperationException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public BackupFailedException(Path file, Throwable cause) {
        super("could not write the option-byte backup " + file + " (" + cause.getMessage()
                + "); nothing was written to the target", cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
