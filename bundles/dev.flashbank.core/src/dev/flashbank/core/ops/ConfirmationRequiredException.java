package dev.flashbank.core.ops;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.RiskClass;

/**
 * An option change of class ERASES_FLASH or IRREVERSIBLE was requested without its confirmation ({@link Confirmation}):
 * refused before anything was written (no backup was needed either). The message names every change that needs a
 * confirmation with what it erases or locks, and how to confirm on the command line and in the IDE.
 */
public class ConfirmationRequiredException extends OperationRefusedException {
    private static final long serialVersionUID = 1L;

    private final String expected;
    private final transient Set<RiskClass> missing;
    private final transient List<OptionChange> unconfirmed;

    public ConfirmationRequiredException(String partName, Confirmation given, Set<RiskClass> missing,
            List<OptionChange> changes) {
        super("Option write", reason(partName, given, missing, changes), fixes(partName, missing), null);
        this.expected = partName;
        this.missing = Set.copyOf(missing);
        this.unconfirmed = changes.stream().filter(c -> missing.contains(c.risk())).toList();
    }

    private static String reason(String partName, Confirmation given, Set<RiskClass> missing,
            List<OptionChange> changes) {
        String what = changes.stream().filter(c -> missing.contains(c.risk()))
                .map(c -> c.option() + " [" + c.risk() + "]: " + c.consequence()).collect(Collectors.joining("; "));
        String typed = missing.contains(RiskClass.IRREVERSIBLE) && given.partName().isPresent()
                ? " (\"" + given.partName().get() + "\" is not the part name \"" + partName + "\")" : "";
        return (missing.contains(RiskClass.IRREVERSIBLE) ? "an IRREVERSIBLE" : "a flash-erasing")
                + " option change needs a confirmation given when it is applied" + typed + ": " + what + ".";
    }

    private static List<String> fixes(String partName, Set<RiskClass> missing) {
        String ide = (missing.contains(RiskClass.ERASES_FLASH) ? "tick \"erase the flash\"" : "")
                + (missing.size() == 2 ? " and " : "")
                + (missing.contains(RiskClass.IRREVERSIBLE) ? "type \"" + partName + "\"" : "");
        return List.of("on the command line add " + Confirmation.cliFlags(missing, partName),
                "in the IDE " + ide + " in the option review dialog");
    }

    /** The part name that would have confirmed an IRREVERSIBLE change. */
    public String expected() {
        return expected;
    }

    /** The confirmations that were missing (ERASES_FLASH, IRREVERSIBLE). */
    public Set<RiskClass> missing() {
        return missing;
    }

    /** The changes that were not confirmed. */
    public List<OptionChange> unconfirmedChanges() {
        return unconfirmed;
    }

    /** The CLI flags that confirm what was missing. */
    public String cliFlags() {
        return Confirmation.cliFlags(missing, expected);
    }
}
