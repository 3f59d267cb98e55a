package dev.flashbank.sim;

import dev.flashbank.core.target.ResetKind;

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
