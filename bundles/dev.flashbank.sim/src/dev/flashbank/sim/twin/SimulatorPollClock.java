package dev.flashbank.sim.twin;

import java.time.Duration;

import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.SimulatedProbe;

/**
 * The flash driver's {@link PollClock} on a simulated board: time is the board's virtual clock, and pausing lets
 * virtual time pass through the probe (so a 30 s option programming with mass erase takes no wall-clock time).
 */
public final class SimulatorPollClock implements PollClock {

    private final SimulatedProbe probe;

    public SimulatorPollClock(SimulatedProbe probe) {
        this.probe = probe;
    }

    @Override
    public long nanoTime() {
        return probe.board().clock().nanos();
    }

    @Override
    public void pause(long nanos) throws TargetException {
        if (nanos > 0) {
            probe.elapse(Duration.ofNanos(nanos));
        }
    }
}
