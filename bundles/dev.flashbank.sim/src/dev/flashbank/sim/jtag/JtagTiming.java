package dev.flashbank.sim.jtag;

import dev.flashbank.sim.WallClockPacing;

/**
 * How the JTAG front end lets time pass on the board's virtual clock.
 *
 * @param tckHertz       TCK frequency: every TCK cycle costs {@code 1/tckHertz} of virtual time (an adapter's
 *                       {@code adapter speed}; remote_bitbang has no clock of its own)
 * @param realTimeScale  virtual nanoseconds per real nanosecond between two transactions, or 0 to decouple the
 *                       board from the wall clock. Debuggers wait for flash operations by sleeping between polls
 *                       (OpenOCD's stm32f2x driver: 1 ms per poll, at most 10 000 polls for a sector erase), so a
 *                       served board must age at least as fast as real time or a 1 s sector erase would look like a
 *                       timeout; a scale above 1 makes long erases finish sooner in tests. The board
 *                       follows by {@link WallClockPacing}'s rule, the one every served transport shares: only the
 *                       adapter's wall time counts, and a bounded catch-up before one access, so the board falls
 *                       behind the scaled wall clock when its core cannot keep up.
 */
public record JtagTiming(long tckHertz, double realTimeScale) {

    /** 1 MHz TCK, board time follows the wall clock. */
    public static final JtagTiming REAL_TIME = new JtagTiming(1_000_000, 1.0);

    public JtagTiming {
        if (tckHertz <= 0 || realTimeScale < 0 || Double.isNaN(realTimeScale)) {
            throw new IllegalArgumentException("tckHertz must be > 0 and realTimeScale >= 0");
        }
    }

    public static JtagTiming accelerated(double realTimeScale) {
        return new JtagTiming(REAL_TIME.tckHertz, realTimeScale);
    }

    /** Virtual time of {@code cycles} TCK cycles on the wire, in nanoseconds. */
    long wireNanos(long cycles) {
        return cycles * 1_000_000_000L / tckHertz;
    }
}
