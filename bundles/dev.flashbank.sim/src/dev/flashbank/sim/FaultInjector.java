package dev.flashbank.sim;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Faults a bench can inflict on a simulated board: cutting the power at an exact virtual time or after a number of
 * bus accesses, and cutting the probe link after a number of accesses. Obtained from {@link BenchBoard#faults()}.
 * <p>
 * Counting: every access on the board's {@link dev.flashbank.sim.bus.DebugBus} (memory, registers, DP IDCODE) is one
 * access. "After N accesses" counts from the moment the fault is armed: the first N accesses complete normally, the
 * power fails (or the link drops) right after the N-th one, so access N+1 is the first to see
 * {@link dev.flashbank.core.target.ProbeDisconnectedException}. N = 0 fails the very next access.
 * <p>
 * What a power loss does to an operation in progress (BSY set) is described by {@link InterruptedOperation}: the
 * model is deterministic, so a test can rerun a scenario and get the same cells.
 * <p>
 * Power stays off until {@link BenchBoard#powerOn()}; a dropped probe link stays down until
 * {@link #reconnectProbe()} (the board keeps running and the virtual clock keeps its value).
 */
public final class FaultInjector {

    private OptionalLong powerLossAtNanos = OptionalLong.empty();
    private long powerLossAfter = -1;
    private long disconnectAfter = -1;
    private long accessCount;
    private long accessesAtPowerArm;
    private long accessesAtDisconnectArm;
    private boolean probeLinkDown;
    private InterruptedOperation lastInterruption;

    /** A fault injector for a board (each board owns one; families' boards create theirs). */
    public FaultInjector() {
    }

    /**
     * Power fails at exactly {@code virtualTime} (board time since creation), even in the middle of a stall. A time
     * that has already passed makes the power fail at the next access or elapse.
     */
    public synchronized FaultInjector powerLossAt(Duration virtualTime) {
        if (virtualTime.isNegative()) {
            throw new IllegalArgumentException("negative time");
        }
        powerLossAtNanos = OptionalLong.of(virtualTime.toNanos());
        return this;
    }

    /** Power fails right after the next {@code accesses} bus accesses complete. */
    public synchronized FaultInjector powerLossAfterAccesses(long accesses) {
        if (accesses < 0) {
            throw new IllegalArgumentException("negative access count");
        }
        powerLossAfter = accesses;
        accessesAtPowerArm = accessCount;
        return this;
    }

    /** The probe link drops right after the next {@code accesses} bus accesses complete (board stays powered). */
    public synchronized FaultInjector probeDisconnectAfterAccesses(long accesses) {
        if (accesses < 0) {
            throw new IllegalArgumentException("negative access count");
        }
        disconnectAfter = accesses;
        accessesAtDisconnectArm = accessCount;
        return this;
    }

    /** Drops the probe link now. */
    public synchronized void disconnectProbe() {
        probeLinkDown = true;
        disconnectAfter = -1;
    }

    /** Plugs the probe back in. */
    public synchronized void reconnectProbe() {
        probeLinkDown = false;
    }

    /** Disarms all pending faults (a dropped link stays dropped until {@link #reconnectProbe()}). */
    public synchronized void clear() {
        powerLossAtNanos = OptionalLong.empty();
        powerLossAfter = -1;
        disconnectAfter = -1;
    }

    /** Bus accesses seen since the board was created. */
    public synchronized long accessCount() {
        return accessCount;
    }

    public synchronized boolean isProbeLinkDown() {
        return probeLinkDown;
    }

    /** The operation the last power loss interrupted, if it interrupted one. */
    public synchronized Optional<InterruptedOperation> lastInterruption() {
        return Optional.ofNullable(lastInterruption);
    }

    // ---- board side (public for the boards of other families' simulators) -------------------------------------------------------------------------------------------

    /** Virtual time at which power is due to fail, if armed. */
    public synchronized OptionalLong powerLossTime() {
        return powerLossAtNanos;
    }

    /** Called before an access: true when the count-based power loss is due now. */
    public synchronized boolean powerLossDueBeforeAccess() {
        return powerLossAfter >= 0 && accessCount - accessesAtPowerArm >= powerLossAfter;
    }

    /** Called before an access: true when the link is (or is due to go) down. */
    public synchronized boolean linkDownBeforeAccess() {
        if (disconnectAfter >= 0 && accessCount - accessesAtDisconnectArm >= disconnectAfter) {
            probeLinkDown = true;
            disconnectAfter = -1;
        }
        return probeLinkDown;
    }

    public synchronized void countAccess() {
        accessCount++;
    }

    /** A reset (not a power loss) interrupted an operation. */
    public synchronized void recordInterruption(InterruptedOperation interrupted) {
        lastInterruption = interrupted;
    }

    /** The board reports a power loss: one-shot triggers are consumed. */
    public synchronized void powerLost(InterruptedOperation interrupted) {
        powerLossAtNanos = OptionalLong.empty();
        powerLossAfter = -1;
        lastInterruption = interrupted;
    }
}
