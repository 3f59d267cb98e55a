package dev.flashbank.stlink;

import dev.flashbank.core.target.TargetException;

/** The probe answered a command with a failure status that has no more specific core exception. */
public class StlinkCommandException extends TargetException {
    private static final long serialVersionUID = 1L;
    private final String command;
    private final int status;

    public StlinkCommandException(String command, int status) {
        super(command + " failed: " + StlinkStatus.describe(status));
        this.command = command;
        this.status = status;
    }

    /** Name of the command as the reference spells it ("APIV2_WRITEDEBUGREG"). */
    public String command() {
        return command;
    }

    /** Raw status byte (see {@link StlinkStatus}). */
    public int status() {
        return status;
    }
}
