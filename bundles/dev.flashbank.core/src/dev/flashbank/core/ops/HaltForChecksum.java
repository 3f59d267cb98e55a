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
    private final boolean haltedAlready;

    private HaltForChecksum(CoreControl core, boolean halted, boolean haltedAlready) {
        this.core = core;
        this.halted = halted;
        this.haltedAlready = haltedAlready;
    }

    static HaltForChecksum enter(OperationContext ctx, boolean mayHalt) throws TargetException {
        CoreControl core = ctx.debugTarget().core();
        boolean haltedAlready = mayHalt && ctx.driver().targetCrcNeedsHaltedCore() && core.isHalted();
        boolean halt = mayHalt && ctx.driver().targetCrcNeedsHaltedCore() && !haltedAlready;
        if (halt) {
            core.halt();
        }
        return new HaltForChecksum(core, halt, haltedAlready);
    }

    /** Whether this halted the core (and lets it run again on close). */
    boolean halted() {
        return halted;
    }

    /**
     * Whether the core was found halted on entry (and is left so on close): no firmware runs from entry until
     * something else lets the core run. False when it was running, or when this did not look (no halt needed or
     * allowed).
     */
    boolean haltedAlready() {
        return haltedAlready;
    }

    @Override
    public void close() throws TargetException {
        if (halted) {
            core.run();
        }
    }
}
