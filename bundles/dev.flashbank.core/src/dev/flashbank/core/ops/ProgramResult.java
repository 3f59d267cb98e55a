package dev.flashbank.core.ops;

import java.util.Map;
import java.util.Optional;

/**
 * What a program operation did.
 *
 * @param image the image's source (file name)
 * @param imageBytes bytes in the image
 * @param plan the sector plan that was carried out
 * @param verify the read-back comparison, when asked
 * @param guardOverridden what the {@link RunningBankGuard} would have refused, when the user overrode it
 * @param coreHalted the running core was halted for the target-side checksums (plan, verify) and runs again
 * @see #upToDate()
 */
public record ProgramResult(String image, long imageBytes, ProgramPlan plan, Optional<VerifyReport> verify,
        Optional<RunningBankGuard.Hazard> guardOverridden, boolean coreHalted) implements OperationResult {

    /** Every sector the image covers already held its bytes: nothing was erased, written or verified. */
    public boolean upToDate() {
        return plan.touched().isEmpty();
    }

    @Override
    public String summary() {
        String after = upToDate() ? "; nothing needed writing: the flash already holds the image ("
                + plan.identicalMethod() + ")" : verify.map(v -> "; " + v.summary()).orElse("; not verified");
        return String.format("programmed %s (%d bytes): %s%s%s%s", image, imageBytes, plan.describe(), after,
                coreHalted ? "; the core was halted for the checksums and runs again" : "",
                RunningBankGuard.overrideNote(guardOverridden));
    }

    @Override
    public Map<String, Object> data() {
        return Data.of("image", image, "imageBytes", imageBytes, "plan", plan.data(), "verify",
                verify.map(VerifyReport::data).orElse(null), "runningBankGuardOverridden",
                guardOverridden.map(RunningBankGuard.Hazard::data).orElse(null), "coreHalted", coreHalted,
                "upToDate", upToDate());
    }
}
