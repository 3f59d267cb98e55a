package dev.flashbank.core.ops;

import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.family.BankSwapStrategy;
import dev.flashbank.core.family.BankSwapping;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.SchemeRefusedException;
import dev.flashbank.core.family.SwitchPlan;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.family.OptionWriteResult;
import dev.flashbank.core.target.TargetException;

/**
 * How the boot bank will be switched to {@code targetBank}: the family's plan for the scheme ({@link SwitchPlan}: which
 * option changes, its new value, and why - F7 BOOT_ADDx, H7 SWAP_BANK_OPT) and the option-write window a power loss
 * can hit. The option write is one option-programming sequence; it acts at the next reset.
 *
 * @param scheme the user's scheme
 * @param targetBank the physical bank that should start
 * @param how the family's plan
 * @param before the option bytes now
 * @param explanation plain words (the plan's, with the option-write window)
 * @param window how long the option write keeps the part where a power loss damages the options (empty when nothing
 *        is written)
 */
public record BankSwitch(SwitchScheme scheme, int targetBank, SwitchPlan how, OptionImage before, String explanation,
        Optional<OptionWriteWindow> window) {

    /** What selects the bank at reset ({@link SwitchPlan#mechanism()}: "BOOT_ADDRESS", "SWAP_BANK_OPT", "FIRMWARE"...). */
    public String mechanism() {
        return how.mechanism();
    }

    /** True when no option can switch and the firmware's start-up code must (F7 REMAP without dual boot). */
    public boolean firmwareSwitches() {
        return how.firmwareSwitches();
    }

    /** The option that changes ("BOOT_ADD0", "SWAP_BANK_OPT"); empty when the firmware switches. */
    public Optional<String> option() {
        return how.option();
    }

    /** The option bytes to write (equal to {@code before} when nothing changes). */
    public OptionImage after() {
        return how.after();
    }

    /** True when an option write is needed. */
    public boolean writesOptions() {
        return !how.firmwareSwitches() && !how.after().equals(before);
    }

    /**
     * The part's strategy for {@code scheme}; refused (nothing written) when the part has no bank swapping or
     * {@code scheme} is not one of its schemes, naming them.
     */
    static BankSwapStrategy strategy(String op, OperationContext ctx, SwitchScheme scheme)
            throws OperationRefusedException {
        Optional<BankSwapping> swapping = ctx.driver().bankSwapping();
        if (swapping.isEmpty()) {
            throw new OperationRefusedException(op, ctx.driver().descriptor().line() + " has no A/B bank switching "
                    + "in Flashbank.", "flashbank program IMAGE (IDE: Bank Update launch, Update: whole flash)");
        }
        try {
            return swapping.get().strategy(scheme);
        } catch (SchemeRefusedException e) {
            throw refusal(op, e);
        }
    }

    /** The strategy's refusal as the operation's. */
    static OperationRefusedException refusal(String op, SchemeRefusedException e) {
        return new OperationRefusedException(op, e.reason(), e.fixes(), null);
    }

    /** Plans the switch to {@code targetBank}, whose image is linked in {@code linkWindow}. */
    static BankSwitch plan(String op, OperationContext ctx, BankSurvey survey, BankSwapStrategy strategy,
            int targetBank, FlashWindow linkWindow) throws OperationRefusedException {
        SwitchPlan how;
        try {
            how = strategy.plan(survey.boot(), targetBank, linkWindow);
        } catch (SchemeRefusedException e) {
            throw refusal(op, e);
        }
        OptionImage o = survey.options();
        if (how.firmwareSwitches()) {
            return new BankSwitch(strategy.scheme(), targetBank, how, o, how.explanation(), Optional.empty());
        }
        Optional<OptionWriteWindow> window = how.after().equals(o) ? Optional.empty()
                : Optional.of(OptionWriteWindow.of(ctx.driver(), o, how.after()));
        String said = how.explanation() + window.map(w -> String.format("; written last, in one %s of at most ~%d ms "
                + "(if power is lost inside it, `%s` restores the board)", how.optionStart(), w.millis(),
                OptionWriteWindow.RECOVER_COMMAND)).orElse("");
        return new BankSwitch(strategy.scheme(), targetBank, how, o, said, window);
    }

    /**
     * Writes the options (when anything changes) in ONE option-programming sequence and checks the read-back. The
     * context's {@link OptionWriteGuard} runs right before it (journal, "do not remove power" notice): this is the last
     * step of every bank update, swap and rollback, so the window a power loss can hit is that one sequence.
     */
    Optional<OptionWriteResult> apply(String op, OperationContext ctx, FlashProgress progress)
            throws OperationException, TargetException {
        if (!writesOptions()) {
            return Optional.empty();
        }
        ctx.optionWriteGuard().beforeOptionWrite(ctx.driver(), before, after());
        OptionWriteResult r = ctx.driver().writeOptions(after(), progress);
        if (!r.readBackMatches(ctx.driver())) {
            throw new OperationException(op + ": the option bytes read back " + r.after() + " after writing " + after()
                    + "; the boot bank may not have been switched - run the doctor");
        }
        return Optional.of(r);
    }

    public Map<String, Object> data() {
        return Data.of("scheme", scheme.name(), "mechanism", how.mechanism(), "targetBank", targetBank, "option",
                how.option().orElse(null), "value", how.option().isPresent() ? how.value().orElse(null) : null,
                "changes", writesOptions(), "explanation", explanation, "optionWriteWindow",
                window.map(OptionWriteWindow::data).orElse(null));
    }
}
