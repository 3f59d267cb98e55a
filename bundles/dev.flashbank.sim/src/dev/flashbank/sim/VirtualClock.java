package dev.flashbank.sim;

import java.time.Duration;

/**
 * The simulated board's time base, in nanoseconds since the board was created. Nothing in the simulator sleeps: flash
 * operations set BSY for a duration on this clock (the family's timing table, a core FlashTimings) and the clock
 * advances only when something consumes time - a probe access, a bus access stalled by BSY, or an explicit
 * {@link #advance}. Tests and tools therefore see exactly the silicon's durations without waiting for them.
 * <p>
 * The clock itself is a plain counter; the board ({@link BenchBoard}) moves it so that time-based fault injection
 * (power loss at a given virtual time) fires at exactly the requested instant.
 */
public final class VirtualClock {

    private volatile long nanos;

    /** Current virtual time in nanoseconds. */
    public long nanos() {
        return nanos;
    }

    /** Current virtual time as a {@link Duration} since the board was created. */
    public Duration now() {
        return Duration.ofNanos(nanos);
    }

    /** Moves the clock forward by {@code deltaNanos} (negative values are refused: time never runs backwards). */
    public void advance(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("virtual time cannot run backwards: " + deltaNanos + " ns");
        }
        nanos = Math.addExact(nanos, deltaNanos);
    }

    /** Moves the clock to {@code target} if that is later than now. */
    public void advanceTo(long target) {
        if (target > nanos) {
            nanos = target;
        }
    }

    /** Restores a saved time (board state load). */
    void set(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative virtual time");
        }
        nanos = value;
    }

    @Override
    public String toString() {
        return String.format("t=%.6f s", nanos / 1e9);
    }
}
