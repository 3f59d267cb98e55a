package dev.flashbank.integration.tests.flash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32f7.flash.EraseWait;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.family.stm32f7.sim.Stm32F7SimParameters;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;

/**
 * The F7 driver waits for an erase as on silicon (issue 18): it does not know where in the datasheet's typ..max range
 * the part ends. The simulated erase time is moved within that range ({@code Stm32F7SimParameters
 * .eraseTimeWithinRange}); the driver's waits are recorded on the board's virtual clock, not measured on the host.
 */
class EraseWaitTest {

    /** Sector 0 of physical bank 1 on the factory-fresh default board (AXIM window, banks not swapped). */
    static final long SECTOR_0 = 0x0800_0000L;

    /** The driver's clock, recording every pause it asks for. */
    static final class RecordingClock implements PollClock {
        final PollClock inner;
        final List<Long> pauses = new ArrayList<>();

        RecordingClock(PollClock inner) {
            this.inner = inner;
        }

        @Override
        public long nanoTime() throws TargetException {
            return inner.nanoTime();
        }

        @Override
        public void pause(long nanos) throws TargetException {
            pauses.add(nanos);
            inner.pause(nanos);
        }
    }

    record Erased(SimulatedBoard board, Sector sector, RecordingClock clock, long boardNanos) {
    }

    private static Erased eraseFirstSectorAt(double withinRange) throws Exception {
        SimulatedBoard board = SimulatedBoards.createDefault(BoardOptions.defaults()
                .withFamilySim(Stm32F7SimParameters.defaults().withEraseTimeWithinRange(withinRange)));
        SimulatedProbe probe = SimulatedProbe.connect(board);
        // the default board runs its sample from sector 0: halted, as a flash tool halts it, it does not stall on
        // fetches from the sector being erased (which would end the erase before the driver's first poll)
        probe.core().halt();
        RecordingClock clock = new RecordingClock(new SimulatorPollClock(probe));
        Stm32F7FlashDriver driver = new Stm32F7FlashDriver(probe, board.descriptor(), board.flashSizeKiB(), clock,
                FlashDriverSettings.defaults());
        Sector s = driver.geometry().bank(1).sectors().get(0);
        driver.program(SECTOR_0, new byte[] { 1, 2, 3, 4 }, FlashProgress.NONE);
        clock.pauses.clear();
        long t0 = board.clock().nanos();
        driver.eraseSectors(List.of(s), FlashProgress.NONE);
        long took = board.clock().nanos() - t0;
        assertThat(probe.memory().read32(SECTOR_0)).as("sector erased").isEqualTo(0xFFFF_FFFF);
        return new Erased(board, s, clock, took);
    }

    private static long micros(SimulatedBoard board, Sector s, FlashTimings.Bound b) {
        // the driver's default parallelism at 3.3 V is x32
        return board.descriptor().timings().sectorEraseMicros(s.size(), Parallelism.X32, b);
    }

    @Test
    void atTheTypicalTimeTheDriverPollsAfterItsFirstWait() throws Exception {
        Erased e = eraseFirstSectorAt(0);
        long typ = micros(e.board(), e.sector(), FlashTimings.Bound.TYPICAL);
        EraseWait w = Stm32F7FlashDriver.ERASE_WAIT;
        assertThat(w.firstWaitNanos(typ)).isLessThan(typ * 1000); // a share of typ, never typ itself
        assertThat(e.clock().pauses).first().isEqualTo(w.firstWaitNanos(typ));
        // the erase still runs after the first wait: at least one more poll interval follows
        assertThat(e.clock().pauses.subList(1, e.clock().pauses.size())).isNotEmpty()
                .allMatch(p -> p <= w.intervalNanos(typ));
        // and the erase ends within one interval (plus the status reads' cost) of the typical time
        assertThat(e.boardNanos()).isGreaterThanOrEqualTo(typ * 1000)
                .isLessThan(typ * 1000 + w.intervalNanos(typ) + 1_000_000);
    }

    @Test
    void anEraseThatTakesTheMaximumTimeStillCompletesWithoutATimeout() throws Exception {
        Erased e = eraseFirstSectorAt(1);
        long typ = micros(e.board(), e.sector(), FlashTimings.Bound.TYPICAL);
        long max = micros(e.board(), e.sector(), FlashTimings.Bound.MAXIMUM);
        assertThat(max).isGreaterThan(typ);
        EraseWait w = Stm32F7FlashDriver.ERASE_WAIT;
        assertThat(e.boardNanos()).isGreaterThanOrEqualTo(max * 1000)
                .isLessThan(max * 1000 + w.intervalNanos(typ) + 1_000_000);
        // polled at a fixed interval from the first wait to the end, not once at a time the driver knew (each status
        // read takes its own time too: at 0.5 % of typical that is a few percent of the interval)
        long polls = e.clock().pauses.size() - 1;
        assertThat(polls).isGreaterThanOrEqualTo((max * 1000 - w.firstWaitNanos(typ)) / w.intervalNanos(typ) * 9 / 10);
    }

    @Test
    void halfwayThroughTheRangeTheEraseEndsWhereTheSimulatorSaysNotWhereTheTableSays() throws Exception {
        Erased e = eraseFirstSectorAt(0.5);
        long typ = micros(e.board(), e.sector(), FlashTimings.Bound.TYPICAL);
        long max = micros(e.board(), e.sector(), FlashTimings.Bound.MAXIMUM);
        long mid = (typ + (max - typ) / 2) * 1000;
        assertThat(e.boardNanos()).isGreaterThanOrEqualTo(mid)
                .isLessThan(mid + Stm32F7FlashDriver.ERASE_WAIT.intervalNanos(typ) + 1_000_000);
    }
}
