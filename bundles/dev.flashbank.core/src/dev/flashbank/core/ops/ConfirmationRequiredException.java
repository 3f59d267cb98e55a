package dev.flashbank.core.ops;

import java.util.List;

import dev.flashbank.core.device.OptionChange;

/**
 * An IRREVERSIBLE change (RDP level 2, stm32-facts §1.11) was requested without the exact confirmation: the user must
 * type the part name exactly as shown. Nothing was written (and no backup was needed).
 */
public class ConfirmationRequiredException extends OperationException {
    private static final long serialVersionUID = 1L;

    private final String expected;
    private final transient List<OptionChange> irreversible;

    public ConfirmationRequiredException(String expected, String given, List<OptionChange> irreversible) {
        super("refusing an IRREVERSIBLE option change (" + irreversible.stream().map(OptionChange::consequence)
                .reduce((a, b) -> a + "; " + b).orElse("") + "): type the part name \"" + expected
                + "\" exactly to confirm" + (given == null || given.isEmpty() ? "" : " (got \"" + given + "\")")
                + ". Nothing was written.");
        this.expected = expected;
        this.irreversible = List.copyOf(irreversible);
    }

    /** The text that would have confirmed the change. */
    public String expected() {
        return expected;
    }

    public List<OptionChange> irreversibleChanges() {
        return irreversible;
    }
}
