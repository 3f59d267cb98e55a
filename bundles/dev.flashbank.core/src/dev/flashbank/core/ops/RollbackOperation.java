package dev.flashbank.core.ops;

import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.target.TargetException;

/**
 * Rollback: go back to the image in the bank that is NOT running (the previous image after a bank update), after
 * checking that it is complete and linked for the scheme; switch (BOOT_ADDx) and reset if asked.
 */
public final class RollbackOperation implements TargetOperation<BankSwitchResult> {

    private final OperationContext ctx;
    private final SwitchScheme scheme;
    private final boolean reset;

    public RollbackOperation(OperationContext ctx, SwitchScheme scheme, boolean reset) {
        this.ctx = ctx;
        this.scheme = scheme;
        this.reset = reset;
    }

    @Override
    public String name() {
        return "Rollback";
    }

    @Override
    public OperationTarget target() {
        return ctx.target();
    }

    @Override
    public BankSwitchResult run(FlashProgress progress) throws OperationException, TargetException {
        return BankSwitching.run(name(), ctx, scheme, reset, survey -> {
            if (survey.runningBank() == 0) {
                throw new OperationRefusedException(name(), "no flash bank is running (" + survey.runningEvidence()
                        + ").", "");
            }
            return 3 - survey.runningBank();
        }, progress);
    }
}
