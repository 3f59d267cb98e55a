package dev.flashbank.core.device;

import java.util.Objects;

/**
 * One difference between two option-byte settings: the option, old and new raw value with their human text, the
 * risk of applying it and a sentence saying what will happen ("RDP level 1->0: mass-erases all user flash").
 */
public record OptionChange(String option, int oldValue, int newValue, String oldText, String newText, RiskClass risk,
        String consequence) {

    public OptionChange {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(consequence, "consequence");
    }

    /** Highest risk of a list of changes (SAFE for none). */
    public static RiskClass overallRisk(java.util.List<OptionChange> changes) {
        return changes.stream().map(OptionChange::risk).reduce(RiskClass.SAFE, RiskClass::max);
    }

    @Override
    public String toString() {
        return option + ": " + oldText + " -> " + newText + " [" + risk + "] " + consequence;
    }
}
