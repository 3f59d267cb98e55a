package dev.flashbank.core.ops;

import dev.flashbank.core.target.CoreControl;
import dev.flashbank.core.target.TargetException;

/**
 * A running core halted for the part's target-side checksum engine where that engine needs a halted core
 * ({@link dev.flashbank.core.family.FlashDriver#targetCrcNeedsHaltedCore()}, F7: DMA2 and the CRC unit, which running
 * firmware may own), and let run again on {@link #close()}: the firmware goes on where it was. Nothing is halted when
 * the run may not halt ({@code --no-halt}: the engine's work is then read back), when the core is halted already, or
 * when the engine needs no halt. Shared by Verify and by Program's plan and verify step.
 */
final class HaltForChecksum implements AutoCloseable {

    private final CoreControl core;
    private final boolean halted;

    private HaltForChecksum(CoreControl core, boolean halted) {
        this.core = core;
        this.halted = halted;
    }

    static HaltForChecksum enter(OperationContext ctx, boolean mayHalt) throws TargetException {
        CoreControl core = ctx.debugTarget().core();
        boolean halt = mayHalt && ctx.driver().targetCrcNeedsHaltedCore() && !core.isHalted();
        if (halt) {
            core.halt();
        }
        return new HaltForChecksum(core, halt);
    }

    /** Whether this halted the core (and lets it run again on close). */
    boolean halted() {
        return halted;
    }

    @Override
    public void close() throws TargetException {
        if (halted) {
            core.run();
        }
    }
}
