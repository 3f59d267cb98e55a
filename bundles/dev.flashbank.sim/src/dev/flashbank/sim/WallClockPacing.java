package dev.flashbank.sim;

import java.time.Duration;

import dev.flashbank.sim.bus.DebugBus;

/**
 * How a board served to another program (a debugger over remote_bitbang JTAG, over the emulated ST-Link, ...) ages
 * with the wall clock: before each access the board's clock is brought up to the client's wall time since the start
 * times a scale, so that a debugger that waits for a flash operation by sleeping between polls (OpenOCD's stm32f2x
 * driver: 1 ms per poll, a bounded number of polls) sees it end, and a scale above 1 makes long erases end sooner.
 * One rule for every served transport:
 * <ul>
 * <li>Only the client's wall time counts, not the time the board spends computing inside an access ({@link #leave}):
 * a board whose core executes simulates slower than real time, and counting its own computing as time owed made every
 * access's catch-up longer than the last (OpenOCD's RAM flash loader: one memory write caught up for minutes).</li>
 * <li>At most {@link #MAX_CATCH_UP_NANOS} of board time is caught up before one access; the rest is forgiven, not
 * carried over, so the board falls behind the scaled wall clock when its core cannot keep up. At a scale of 100 a
 * client's 5 ms between two accesses would otherwise be 0.5 s of firmware (8 M cycles at 16 MHz) per access, and
 * OpenOCD's start-up against a running core took tens of seconds. The debuggers' poll loops still see flash operations
 * end: OpenOCD sleeps 1 ms per poll, so a 20 ms step ends a 2 s erase within 100 polls of budgets of thousands.</li>
 * <li>Modelled transport time ({@link #enter(long)}) may run ahead of the wall clock: the board never goes back, and
 * the wall clock catches up with it first.</li>
 * </ul>
 * Not thread-safe: the transport serialises its accesses.
 */
public final class WallClockPacing {

    /** The most board time caught up before one access, in milliseconds (a constant: help texts say it). */
    public static final int MAX_CATCH_UP_MILLIS = 20;
    /** The same in nanoseconds. */
    public static final long MAX_CATCH_UP_NANOS = MAX_CATCH_UP_MILLIS * 1_000_000L;

    private final DebugBus bus;
    private final double realTimeScale;
    private final long wallStart;
    private final long boardStart;
    /** Wall time spent inside accesses (the board computing) or forgiven: not owed to the board. */
    private long wallNotOwed;

    /**
     * Paces {@code bus} from now on at {@code realTimeScale} board nanoseconds per wall nanosecond (1 = real time;
     * 0 = not at all: the board ages by the modelled time only).
     */
    public WallClockPacing(DebugBus bus, double realTimeScale) {
        if (!(realTimeScale >= 0) || Double.isInfinite(realTimeScale)) {
            throw new IllegalArgumentException("realTimeScale must be >= 0 and finite: " + realTimeScale);
        }
        this.bus = bus;
        this.realTimeScale = realTimeScale;
        this.wallStart = System.nanoTime();
        this.boardStart = bus.nanoTime();
    }

    public double realTimeScale() {
        return realTimeScale;
    }

    /** {@link #enter(long)} with no modelled time. */
    public long enter() {
        return enter(0);
    }

    /**
     * An access begins: the board ages by the longer of {@code modelledNanos} (the transport's own time for it, e.g.
     * TCK cycles) and what it owes the scaled wall clock, the latter at most {@link #MAX_CATCH_UP_NANOS}. Returns
     * the wall instant of entry for {@link #leave}.
     */
    public long enter(long modelledNanos) {
        long entered = System.nanoTime();
        long step = Math.max(0, modelledNanos);
        if (realTimeScale > 0) {
            long due = boardStart + (long) ((entered - wallStart - wallNotOwed) * realTimeScale);
            long owed = due - bus.nanoTime();
            if (owed > MAX_CATCH_UP_NANOS) {
                // forgiven, not carried over: the board falls behind the scaled wall clock
                wallNotOwed += (long) ((owed - MAX_CATCH_UP_NANOS) / realTimeScale);
                owed = MAX_CATCH_UP_NANOS;
            }
            step = Math.max(step, owed);
        }
        if (step > 0) {
            bus.elapse(Duration.ofNanos(step));
        }
        return entered;
    }

    /** The access that {@link #enter entered} at {@code entered} is done: its wall time was the board's. */
    public void leave(long entered) {
        wallNotOwed += System.nanoTime() - entered;
    }
}
