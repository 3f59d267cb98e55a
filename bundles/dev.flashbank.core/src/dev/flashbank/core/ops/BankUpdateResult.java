package dev.flashbank.core.ops;

import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.family.OptionWriteResult;

/**
 * What a bank update did.
 *
 * @param plan the checked plan that was carried out
 * @param verify read-back of the programmed bank
 * @param switched the option write that switched the boot bank (empty: no switch requested, already selected, or
 *        the scheme leaves switching to the firmware - see {@link BankUpdateOperation.Plan#bankSwitch()})
 * @param reset the target was reset afterwards
 * @param after the bank survey after the update (after the reset when one was made)
 */
public record BankUpdateResult(BankUpdateOperation.Plan plan, VerifyReport verify, Optional<OptionWriteResult> switched,
        boolean reset, BankSurvey after) implements OperationResult {

    @Override
    public String summary() {
        BankSwitch s = plan.bankSwitch();
        String sw;
        if (!plan.options().switchBanks()) {
            sw = "boot bank NOT switched (not requested)";
        } else if (s.firmwareSwitches()) {
            sw = "boot bank NOT switched: " + s.explanation();
        } else if (switched.isPresent()) {
            sw = "switched: " + s.explanation() + (reset ? "; target reset" : "; takes effect at the next reset");
        } else {
            sw = "boot bank already selected (" + s.explanation() + ")";
        }
        return String.format("bank update: %s; %s; %s%n%s", plan.describe(), verify.summary(), sw, after.summary());
    }

    @Override
    public Map<String, Object> data() {
        return Data.of("plan", plan.data(), "verify", verify.data(), "switched", switched.isPresent(), "reset", reset,
                "after", after.data());
    }
}
