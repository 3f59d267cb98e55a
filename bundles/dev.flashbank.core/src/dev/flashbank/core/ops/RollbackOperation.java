package dev.flashbank.core.ops;

import dev.flashbank.core.device.SwitchScheme;

/**
 * Rollback: go back to the image in the bank that is NOT running (the previous image after a bank update), after
 * checking that it is complete and linked for the scheme; switch (the scheme's option, {@link BankSwitch}) and reset if asked.
 */
public final class RollbackOperation extends BankSwitchOperation {

    public RollbackOperation(OperationContext ctx, SwitchScheme scheme, boolean reset) {
        super(ctx, scheme, reset);
    }

    @Override
    public String name() {
        return "Rollback";
    }

    @Override
    protected int targetBank(BankSurvey survey) throws OperationRefusedException {
        if (survey.runningBank() == 0) {
            throw new OperationRefusedException(name(), "no flash bank is running (" + survey.runningEvidence() + ").",
                    "");
        }
        return 3 - survey.runningBank();
    }
}
