package dev.flashbank.core.ops;

import dev.flashbank.core.target.CoreControl;
import dev.flashbank.core.target.TargetException;

/**
 * A running core halted for the part's target-side checksum engine where that engine needs a halted core
 * ({@link dev.flashbank.core.family.FlashDriver#targetCrcNeedsHaltedCore()}, F7: DMA2 and the CRC unit, which running
 * firmware may own), and let run again on {@link #close()}: the firmware goes on where it was. Nothing is halted when
 * the run may not halt ({@code --no-halt}: the engine's work is then read back), when the core is halted already, or
 * when the engine needs no halt. Shared by Verify, by Program's plan and verify step and by the board journal's capture
 * of the banks before an option write ({@link BoardJournal#guard(String, java.util.function.Consumer, CoreControl)}).
 * Program's plan halts only {@link #deferred when} it computes a checksum: a plan that reads every sector back (an
 * image that covers no sector wholly) leaves the firmware running.
 */
final class HaltForChecksum implements AutoCloseable {

    private final CoreControl core;
    private boolean halted;
    /** {@link #deferred}: the core is to be halted at the first {@link #beforeChecksums()}. */
    private boolean pending;
    private final boolean haltedAlready;

    private HaltForChecksum(CoreControl core, boolean halted, boolean haltedAlready) {
        this.core = core;
        this.halted = halted;
        this.haltedAlready = haltedAlready;
    }

    static HaltForChecksum enter(OperationContext ctx, boolean mayHalt) throws TargetException {
        return enter(ctx.driver(), ctx.debugTarget().core(), mayHalt);
    }

    /** As {@link #enter(OperationContext, boolean)}, for a caller that holds the driver and the core (the journal). */
    static HaltForChecksum enter(dev.flashbank.core.family.FlashDriver driver, CoreControl core, boolean mayHalt)
            throws TargetException {
        boolean haltedAlready = mayHalt && driver.targetCrcNeedsHaltedCore() && core.isHalted();
        boolean halt = mayHalt && driver.targetCrcNeedsHaltedCore() && !haltedAlready;
        if (halt) {
            core.halt();
        }
        return new HaltForChecksum(core, halt, haltedAlready);
    }

    /**
     * As {@link #enter(OperationContext, boolean)}, but the core is halted only at the first {@link #beforeChecksums()}
     * (whether it was halted already is looked at now, as there).
     */
    static HaltForChecksum deferred(OperationContext ctx, boolean mayHalt) throws TargetException {
        dev.flashbank.core.family.FlashDriver driver = ctx.driver();
        CoreControl core = ctx.debugTarget().core();
        boolean haltedAlready = mayHalt && driver.targetCrcNeedsHaltedCore() && core.isHalted();
        HaltForChecksum h = new HaltForChecksum(core, false, haltedAlready);
        h.pending = mayHalt && driver.targetCrcNeedsHaltedCore() && !haltedAlready;
        return h;
    }

    /** A target-side checksum is about to be computed: a {@link #deferred} halt happens now (once). */
    void beforeChecksums() throws TargetException {
        if (pending) {
            pending = false;
            core.halt();
            halted = true;
        }
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
