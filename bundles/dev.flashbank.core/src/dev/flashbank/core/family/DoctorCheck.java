package dev.flashbank.core.family;

import java.util.List;

import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.target.DebugTarget;

/**
 * A family's contribution to the doctor ({@link FamilyProvider#doctorChecks()}): what the family's registers say
 * about a connected part in plain words - bank mode and mapping, boot paths, protection, stale status flags, pending
 * option changes - each finding naming the register and, when something is wrong, the fix and its consequence. The
 * neutral doctor adds the erase predictions (from the part's {@link ProtectionModel}) after the checks whose
 * {@link #afterEraseChecks()} is false and before the others. A check only reads and never throws for target
 * problems: they become findings.
 */
public interface DoctorCheck {

    /**
     * What a check examines: the identified part, its flash driver (options, protection, mapping) and the transport.
     *
     * @param settings the driver settings the run was given (e.g. an explicit program parallelism)
     */
    record Subject(DebugTarget target, TargetIdentity identity, FlashDriver driver, FlashDriverSettings settings) {
    }

    /**
     * The findings of a check in reading order, and the boot predictions it made (one per BOOT0 level, when the
     * family predicts them).
     */
    record Result(List<Finding> findings, List<BootPath> bootPaths) {
        public Result {
            findings = List.copyOf(findings);
            bootPaths = List.copyOf(bootPaths);
        }

        public static Result of(List<Finding> findings) {
            return new Result(findings, List.of());
        }
    }

    /** Examines {@code subject}. */
    Result examine(Subject subject);

    /** True for checks whose findings follow the erase predictions (e.g. the model assumptions they rely on). */
    default boolean afterEraseChecks() {
        return false;
    }
}
