package dev.flashbank.core.ops;

import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.target.TargetException;

/**
 * Swap: make the OTHER bank than the one the option bytes start now boot at the next reset (switch only, nothing is
 * programmed). Refused unless that bank holds a complete image linked for the scheme (its vector table plausible,
 * its reset handler on programmed flash). Also cancels a pending switch. Writes BOOT_ADDx ({@link BankSwitch}).
 */
public final class SwapOperation implements TargetOperation<BankSwitchResult> {

    private final OperationContext ctx;
    private final SwitchScheme scheme;
    private final boolean reset;

    public SwapOperation(OperationContext ctx, SwitchScheme scheme, boolean reset) {
        this.ctx = ctx;
        this.scheme = scheme;
        this.reset = reset;
    }

    @Override
    public String name() {
        return "Swap";
    }

    @Override
    public OperationTarget target() {
        return ctx.target();
    }

    @Override
    public BankSwitchResult run(FlashProgress progress) throws OperationException, TargetException {
        return BankSwitching.run(name(), ctx, scheme, reset, survey -> {
            if (survey.bootBank() == 0) {
                throw new OperationRefusedException(name(), "the option bytes do not start a flash bank ("
                        + survey.bootReason() + "), so there is nothing to swap.", "");
            }
            return 3 - survey.bootBank();
        }, progress);
    }
}
