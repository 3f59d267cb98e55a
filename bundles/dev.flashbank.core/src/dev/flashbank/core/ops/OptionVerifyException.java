package dev.flashbank.core.ops;

import java.nio.file.Path;
import java.util.List;

import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.family.OptionImage;

/**
 * After OPTSTRT the option registers read back something else than was requested. The previous values are in
 * {@link #backup()}; {@link #differences()} lists requested -> read-back per field.
 */
public class OptionVerifyException extends OperationException {
    private static final long serialVersionUID = 1L;

    private final transient OptionImage requested;
    private final transient OptionImage readBack;
    private final transient List<OptionChange> differences;
    private final transient Path backup;

    /**
     * @param differences requested -> read back, per field (the family's option diff, e.g.
     *        {@link dev.flashbank.core.family.FlashDriver#optionChanges})
     */
    public OptionVerifyException(OptionImage requested, OptionImage readBack, List<OptionChange> differences,
            Path backup) {
        super("option bytes read back differently than written: " + describe(requested, readBack, differences)
                + "; the previous values are saved in " + backup);
        this.requested = requested;
        this.readBack = readBack;
        this.differences = List.copyOf(differences);
        this.backup = backup;
    }

    private static String describe(OptionImage requested, OptionImage readBack, List<OptionChange> differences) {
        return differences.stream().map(c -> c.option() + " requested " + c.oldText() + ", read " + c.newText())
                .reduce((a, b) -> a + "; " + b).orElse(requested + " vs " + readBack);
    }

    public OptionImage requested() {
        return requested;
    }

    public OptionImage readBack() {
        return readBack;
    }

    public Path backup() {
        return backup;
    }

    /** requested -> read back, per field. */
    public List<OptionChange> differences() {
        return differences;
    }
}
