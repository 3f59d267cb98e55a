package dev.flashbank.core.family;

import java.util.Objects;
import java.util.Optional;

/**
 * One statement of the doctor, in plain words, with (when something is wrong) how to fix it and what the fix
 * costs ("RDP 1->0 erases all flash").
 */
public record Finding(Severity severity, FindingCode code, String message, Optional<String> fix,
        Optional<String> consequence) {

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        fix = fix == null ? Optional.empty() : fix.filter(s -> !s.isBlank());
        consequence = consequence == null ? Optional.empty() : consequence.filter(s -> !s.isBlank());
    }

    public static Finding info(FindingCode code, String message) {
        return new Finding(Severity.INFO, code, message, Optional.empty(), Optional.empty());
    }

    public static Finding of(Severity severity, FindingCode code, String message, String fix, String consequence) {
        return new Finding(severity, code, message, Optional.ofNullable(fix), Optional.ofNullable(consequence));
    }
}
