package dev.flashbank.core.ops;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.RiskClass;

/**
 * What the person running a write said yes to, supplied by the run itself - a CLI flag, a tick and a typed name in
 * the review dialog - and NEVER read from a file (profiles and launch files that carry one are refused, see
 * {@link StoredConfirmation}). The one rule, used by the CLI, the IDE and launches alike: every option change of
 * class {@link RiskClass#ERASES_FLASH} needs {@link #eraseAllFlash()}, every change of class
 * {@link RiskClass#IRREVERSIBLE} needs the part name typed exactly ({@link #partName()}). A change of both classes in
 * one write needs both.
 *
 * @param eraseAllFlash the user agreed that the flash is erased (CLI {@code --erase-all-flash}, dialog tick)
 * @param partName the part name as typed (CLI {@code --confirm PART}, dialog field), empty when none was typed
 */
public record Confirmation(boolean eraseAllFlash, Optional<String> partName) {

    /** Nothing confirmed. */
    public static final Confirmation NONE = new Confirmation(false, Optional.empty());

    public Confirmation {
        Objects.requireNonNull(partName, "partName");
        partName = partName.filter(s -> !s.isEmpty());
    }

    /** From the CLI flags: {@code --erase-all-flash} and {@code --confirm PART} (null when not given). */
    public static Confirmation of(boolean eraseAllFlash, String typedPartName) {
        return new Confirmation(eraseAllFlash, Optional.ofNullable(typedPartName));
    }

    /**
     * Asks for a confirmation at run time, once the changes are known (the IDE's review dialog; the CLI answers with
     * its flags without asking). Throws {@link OperationCanceledException} when the user declines.
     */
    @FunctionalInterface
    public interface Source {
        Confirmation ask(String partName, List<OptionChange> changes) throws OperationCanceledException;
    }

    /** A source that answers every question with this confirmation (the CLI's flags). */
    public Source asSource() {
        return (part, changes) -> this;
    }

    /** The risk classes among {@code changes} that need a confirmation (ERASES_FLASH, IRREVERSIBLE), in that order. */
    public static Set<RiskClass> required(List<OptionChange> changes) {
        Set<RiskClass> s = EnumSet.noneOf(RiskClass.class);
        for (OptionChange c : changes) {
            if (c.risk() == RiskClass.ERASES_FLASH || c.risk() == RiskClass.IRREVERSIBLE) {
                s.add(c.risk());
            }
        }
        return s;
    }

    /** True when {@code typed} confirms an IRREVERSIBLE change of {@code partName}: exactly equal, case included. */
    public static boolean confirmsPart(String partName, String typed) {
        return typed != null && typed.equals(partName);
    }

    /** The classes among {@code changes} that this confirmation does NOT cover (empty: the write may go ahead). */
    public Set<RiskClass> missing(String expectedPartName, List<OptionChange> changes) {
        Set<RiskClass> m = required(changes);
        if (eraseAllFlash) {
            m.remove(RiskClass.ERASES_FLASH);
        }
        if (confirmsPart(expectedPartName, partName.orElse(null))) {
            m.remove(RiskClass.IRREVERSIBLE);
        }
        return m;
    }

    /**
     * The CLI flags that give this confirmation for {@code risks} ("--erase-all-flash --confirm &lt;order code&gt;").
     */
    public static String cliFlags(Set<RiskClass> risks, String partName) {
        StringBuilder b = new StringBuilder();
        if (risks.contains(RiskClass.ERASES_FLASH)) {
            b.append("--erase-all-flash");
        }
        if (risks.contains(RiskClass.IRREVERSIBLE)) {
            b.append(b.length() > 0 ? " " : "").append("--confirm ").append(partName);
        }
        return b.toString();
    }
}
