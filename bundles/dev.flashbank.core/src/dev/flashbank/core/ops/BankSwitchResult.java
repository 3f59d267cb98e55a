package dev.flashbank.core.ops;

import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.family.OptionWriteResult;

/**
 * What a swap or rollback did.
 *
 * @param operation "Swap" or "Rollback"
 * @param before the survey the decision was made from
 * @param bankSwitch the switch
 * @param written the option write (empty when the options already selected the bank)
 * @param reset the target was reset afterwards
 * @param after the survey afterwards
 */
public record BankSwitchResult(String operation, BankSurvey before, BankSwitch bankSwitch,
        Optional<OptionWriteResult> written, boolean reset, BankSurvey after) implements OperationResult {

    @Override
    public String summary() {
        return String.format("%s to physical bank %d: %s%s%n%s", operation.toLowerCase(), bankSwitch.targetBank(),
                written.isPresent() ? bankSwitch.explanation() : "already selected (" + bankSwitch.explanation() + ")",
                reset ? "; target reset" : "; takes effect at the next reset", after.summary());
    }

    @Override
    public Map<String, Object> data() {
        return Data.of("operation", operation, "targetBank", bankSwitch.targetBank(), "switch", bankSwitch.data(),
                "written", written.isPresent(), "reset", reset, "before", before.data(), "after", after.data());
    }
}
