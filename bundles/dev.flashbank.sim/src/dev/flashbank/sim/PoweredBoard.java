package dev.flashbank.sim;

import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.bus.BusResult;

/**
 * What every family's simulated board does alike with its supply and its pins: power on and off (a cut interrupts
 * what the flash is doing, as {@link FaultInjector} cuts do), the bench reset (SYSRESETREQ or an NRST pulse), BOOT0,
 * the supply voltage, the cause of the last reset and the last boot, on one virtual clock and one fault injector. A
 * family's board says what a power-on reset, a power loss, a system reset and a change of NRST do to its silicon.
 * <p>
 * Every method locks the board (as the family's own bus accesses do), so a bench control never interleaves with a bus
 * access from a debug server thread.
 */
public abstract class PoweredBoard implements BenchBoard {

    protected final VirtualClock clock = new VirtualClock();
    protected final FaultInjector faults = new FaultInjector();
    protected boolean powered;
    protected boolean boot0;
    protected int voltageMillivolts;
    protected BootReport lastBoot;
    protected ResetCause lastResetCause = ResetCause.POWER_ON;

    /** Power comes up: options loaded, RAM and debug state lost, the part boots. */
    protected abstract void powerOnReset();

    /** Power goes away now: an operation in progress is interrupted (cells left as the cut leaves them). */
    protected abstract void powerLoss();

    /** A system reset with its cause (SYSRESETREQ, watchdog, option load). */
    protected abstract void systemReset(ResetCause cause);

    /** The NRST pin driven by the probe or the bench ({@code true} = held low). */
    protected abstract void setNrstInternal(boolean asserted);

    /** The flash controller catches up with the clock: operations due by {@code nanos} complete. */
    protected abstract void settleFlash(long nanos);

    /** When the flash's operation in progress completes (clock nanos), or -1 when it is idle. */
    protected abstract long flashNextCompletion();

    /** RDP level 2 closed the debug port for good. */
    protected abstract boolean debugPortLocked();

    /**
     * What every debug access checks first, in the silicon's order: supply, the probe link, a power cut that is due
     * (fault injection: the access is the one that finds the board dead), the debug port closed by RDP level 2; then the
     * flash catches up with the clock. {@code null} when the access may go on.
     */
    protected final BusResult gate() {
        if (!powered) {
            return new BusResult.Disconnected("target has no power");
        }
        if (faults.linkDownBeforeAccess()) {
            return new BusResult.Disconnected("probe link dropped (fault injection)");
        }
        if (faults.powerLossDueBeforeAccess()
                || (faults.powerLossTime().isPresent() && faults.powerLossTime().getAsLong() <= clock.nanos())) {
            powerLoss();
            return new BusResult.Disconnected("target lost power (fault injection)");
        }
        faults.countAccess();
        if (debugPortLocked()) {
            return new BusResult.PortLocked("debug port disabled by RDP level 2 (irreversible)");
        }
        settleFlash(clock.nanos());
        return null;
    }

    /**
     * Lets board time pass up to {@code target}, completing flash operations on the way; a power cut due before it
     * happens at its instant. False when the power was cut (the board is off).
     */
    protected boolean advanceTo(long target) {
        while (true) {
            long now = clock.nanos();
            if (faults.powerLossTime().isPresent() && faults.powerLossTime().getAsLong() <= target) {
                clock.advanceTo(Math.max(now, faults.powerLossTime().getAsLong()));
                settleFlash(clock.nanos());
                powerLoss();
                return false;
            }
            long next = flashNextCompletion();
            if (next >= 0 && next <= target) {
                clock.advanceTo(Math.max(now, next));
                settleFlash(clock.nanos());
                if (next > now) {
                    continue;
                }
            }
            clock.advanceTo(target);
            settleFlash(clock.nanos());
            return true;
        }
    }

    @Override
    public VirtualClock clock() {
        return clock;
    }

    @Override
    public FaultInjector faults() {
        return faults;
    }

    @Override
    public synchronized boolean isPowered() {
        return powered;
    }

    /** Cuts the power now (an operation in progress is interrupted as by {@link FaultInjector}). */
    @Override
    public synchronized void powerOff() {
        if (powered) {
            powerLoss();
        }
    }

    /** Restores power: a power-on reset. No-op when powered. */
    @Override
    public synchronized void powerOn() {
        if (!powered) {
            powerOnReset();
        }
    }

    /** Bench reset: {@link ResetKind#SYSTEM} as SYSRESETREQ, {@link ResetKind#HARDWARE} as an NRST pulse. */
    @Override
    public synchronized void reset(ResetKind kind) {
        if (!powered) {
            return;
        }
        if (kind == ResetKind.HARDWARE) {
            setNrstInternal(true);
            setNrstInternal(false);
        } else {
            systemReset(ResetCause.SOFTWARE);
        }
    }

    @Override
    public synchronized boolean boot0() {
        return boot0;
    }

    /** Sets the BOOT0 pin; it is sampled at the next reset. */
    @Override
    public synchronized void setBoot0(boolean level) {
        boot0 = level;
    }

    @Override
    public synchronized int voltageMillivolts() {
        return voltageMillivolts;
    }

    @Override
    public synchronized void setVoltageMillivolts(int mv) {
        if (mv < 0) {
            throw new IllegalArgumentException("negative voltage");
        }
        voltageMillivolts = mv;
    }

    /** What caused the last reset (the reset flags of the silicon; not modelled as a register). */
    @Override
    public synchronized ResetCause lastResetCause() {
        return lastResetCause;
    }

    @Override
    public synchronized BootReport lastBootReport() {
        return lastBoot;
    }
}
