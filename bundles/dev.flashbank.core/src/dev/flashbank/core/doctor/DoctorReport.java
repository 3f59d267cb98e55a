package dev.flashbank.core.doctor;

import java.util.List;
import java.util.Optional;

import dev.flashbank.core.family.BootPath;
import dev.flashbank.core.family.Finding;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.family.TargetIdentity;

/**
 * The doctor's answer: findings in reading order, the erase predictions, and the identity when the part could be
 * identified, and the two boot paths (BOOT0 = 0 / 1). {@link #render()} gives the text the CLI prints and the UI shows.
 */
public record DoctorReport(String target, Optional<TargetIdentity> identity, List<Finding> findings,
        List<EraseCheck> eraseChecks, List<BootPath> bootPaths) {

    public DoctorReport {
        findings = List.copyOf(findings);
        eraseChecks = List.copyOf(eraseChecks);
        bootPaths = List.copyOf(bootPaths);
    }

    /** The boot prediction for BOOT0 = {@code pin}; empty when the part could not be examined. */
    public Optional<BootPath> bootPath(int pin) {
        return bootPaths.stream().filter(b -> b.boot0() == pin).findFirst();
    }

    /** Findings with {@code code}. */
    public List<Finding> findings(FindingCode code) {
        return findings.stream().filter(f -> f.code() == code).toList();
    }

    /** The single finding with {@code code}; empty when there is none. */
    public Optional<Finding> finding(FindingCode code) {
        return findings.stream().filter(f -> f.code() == code).findFirst();
    }

    /** The highest severity among the findings. */
    public Severity worst() {
        return findings.stream().map(Finding::severity).max(Enum::compareTo).orElse(Severity.INFO);
    }

    /** The erase check of a scope label ("mass erase", "erase of physical bank 2", ...). */
    public Optional<EraseCheck> eraseCheck(String label) {
        return eraseChecks.stream().filter(c -> c.scope().label().equals(label)).findFirst();
    }

    /** Plain text, one finding per paragraph. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("Flashbank doctor: ").append(target).append('\n');
        for (Finding f : findings) {
            b.append(String.format("%n[%-7s] %s: %s%n", f.severity(), f.code(), f.message()));
            f.fix().ifPresent(x -> b.append("          fix: ").append(x).append('\n'));
            f.consequence().ifPresent(x -> b.append("          consequence: ").append(x).append('\n'));
        }
        return b.toString();
    }
}
