package dev.flashbank.sim.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.sim.WallClockPacing;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.WireProtocol;

/**
 * The one catch-up rule of every served transport (remote_bitbang JTAG, the emulated ST-Link): a board whose time
 * is owed more than {@link WallClockPacing#MAX_CATCH_UP_NANOS} ages by that much before one access and forgives the
 * rest, modelled transport time longer than that still passes in full, and a scale of 0 ages by modelled time only.
 * The scale is so large that any wall time between two accesses owes more than the cap: nothing here depends on how
 * fast the machine is.
 */
class WallClockPacingTest {

    static final double HUGE_SCALE = 1e9;

    @Test
    void oneAccessCatchesUpAtMostTheCapAndTheRestIsForgiven() {
        Clock bus = new Clock();
        WallClockPacing pacing = new WallClockPacing(bus, HUGE_SCALE);
        for (int access = 0; access < 3; access++) {
            awaitWallTick();
            pacing.leave(pacing.enter());
        }
        // three accesses, each owed seconds of board time: each caught up exactly the cap, nothing carried over
        assertThat(bus.elapsed).containsExactly(WallClockPacing.MAX_CATCH_UP_NANOS,
                WallClockPacing.MAX_CATCH_UP_NANOS, WallClockPacing.MAX_CATCH_UP_NANOS);
    }

    @Test
    void modelledTimeLongerThanTheCapPassesInFull() {
        Clock bus = new Clock();
        WallClockPacing pacing = new WallClockPacing(bus, HUGE_SCALE);
        awaitWallTick();
        long modelled = 3 * WallClockPacing.MAX_CATCH_UP_NANOS;
        pacing.leave(pacing.enter(modelled));
        assertThat(bus.elapsed).containsExactly(modelled);
    }

    @Test
    void atScaleZeroTheBoardAgesByModelledTimeOnly() {
        Clock bus = new Clock();
        WallClockPacing pacing = new WallClockPacing(bus, 0);
        awaitWallTick();
        pacing.leave(pacing.enter());
        pacing.leave(pacing.enter(1234));
        assertThat(bus.elapsed).containsExactly(1234L);
    }

    /** Spins until System.nanoTime has moved on (no sleep: one clock tick). */
    private static void awaitWallTick() {
        long t = System.nanoTime();
        while (System.nanoTime() == t) {
            Thread.onSpinWait();
        }
    }

    /** A bus that is only a clock: records each elapse. */
    static final class Clock implements DebugBus {
        final List<Long> elapsed = new ArrayList<>();
        long nanos;

        @Override
        public void elapse(Duration time) {
            elapsed.add(time.toNanos());
            nanos += time.toNanos();
        }

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public BusResult read(long address, AccessWidth width) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BusResult write(long address, AccessWidth width, long value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BusResult readDpIdcode(WireProtocol protocol) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BusResult readBoundaryScanIdcode() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setNrst(boolean asserted) {
        }

        @Override
        public boolean isNrstAsserted() {
            return false;
        }

        @Override
        public int targetVoltageMillivolts() {
            return 3300;
        }
    }
}
