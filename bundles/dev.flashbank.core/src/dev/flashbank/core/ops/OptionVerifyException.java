package dev.flashbank.core.ops;

import java.nio.file.Path;
import java.util.List;

import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.stm32f7.OptionBytes;

/**
 * After OPTSTRT the option registers read back something else than was requested. The previous values are in
 * {@link #backup()}; {@link #differences()} lists requested -> read-back per field.
 */
public class OptionVerifyException extends OperationException {
    private static final long serialVersionUID = 1L;

    private final transient OptionBytes requested;
    private final transient OptionBytes readBack;
    private final transient Path backup;

    public OptionVerifyException(OptionBytes requested, OptionBytes readBack, Path backup) {
        super("option bytes read back differently than written: " + describe(requested, readBack)
                + "; the previous values are saved in " + backup);
        this.requested = requested;
        this.readBack = readBack;
        this.backup = backup;
    }

    private static String describe(OptionBytes requested, OptionBytes readBack) {
        return requested.diff(readBack).stream().map(c -> c.option() + " requested " + c.oldText() + ", read " + c.newText())
                .reduce((a, b) -> a + "; " + b).orElse(requested + " vs " + readBack);
    }

    public OptionBytes requested() {
        return requested;
    }

    public OptionBytes readBack() {
        return readBack;
    }

    public Path backup() {
        return backup;
    }

    /** requested -> read back, per field. */
    public List<OptionChange> differences() {
        return requested.diff(readBack);
    }
}
