package dev.flashbank.core.ops;

import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.target.TargetException;

/**
 * A switch-only operation (nothing is programmed): choose the bank that should start at the next reset, check it
 * holds a complete image linked for the scheme, and write the option the scheme switches with ({@link BankSwitching}). Subclasses only say
 * which bank.
 */
public abstract class BankSwitchOperation implements TargetOperation<BankSwitchResult> {

    private final OperationContext ctx;
    private final SwitchScheme scheme;
    private final boolean reset;

    protected BankSwitchOperation(OperationContext ctx, SwitchScheme scheme, boolean reset) {
        this.ctx = ctx;
        this.scheme = scheme;
        this.reset = reset;
    }

    /** The PHYSICAL bank to start at the next reset, or a refusal saying why there is none. */
    protected abstract int targetBank(BankSurvey survey) throws OperationRefusedException;

    @Override
    public OperationTarget target() {
        return ctx.target();
    }

    /**
     * What {@link #run} would write, with all its checks and nothing written: the plan's {@link BankSwitch#before()}
     * and {@link BankSwitch#after()} option bytes are what a tool shows for review before it runs the switch (the IDE's
     * option review dialog).
     */
    public BankSwitch plan() throws OperationException, TargetException {
        return BankSwitching.plan(name(), ctx, scheme, this::targetBank).sw();
    }

    @Override
    public BankSwitchResult run(FlashProgress progress) throws OperationException, TargetException {
        return BankSwitching.run(name(), ctx, scheme, reset, this::targetBank, progress);
    }
}
