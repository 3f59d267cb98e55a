package dev.flashbank.core.ops;

import dev.flashbank.core.device.SwitchScheme;

/**
 * Swap: make the OTHER bank than the one the option bytes start now boot at the next reset (switch only, nothing is
 * programmed). Refused unless that bank holds a complete image linked for the scheme (its vector table plausible,
 * its reset handler on programmed flash). Also cancels a pending switch. Writes the scheme's option
 * ({@link BankSwitch}: F7 BOOT_ADDx, H7 SWAP_BANK_OPT).
 */
public final class SwapOperation extends BankSwitchOperation {

    public SwapOperation(OperationContext ctx, SwitchScheme scheme, boolean reset) {
        super(ctx, scheme, reset);
    }

    @Override
    public String name() {
        return "Swap";
    }

    @Override
    protected int targetBank(BankSurvey survey) throws OperationRefusedException {
        if (survey.bootBank() == 0) {
            throw new OperationRefusedException(name(), "the option bytes do not start a flash bank ("
                    + survey.bootReason() + "), so there is nothing to swap.", "");
        }
        return 3 - survey.bootBank();
    }
}
