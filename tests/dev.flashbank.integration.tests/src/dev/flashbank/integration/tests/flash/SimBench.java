package dev.flashbank.integration.tests.flash;

import java.time.Duration;

import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;

/** A simulated board, a probe on it and the flash driver polling on the board's virtual clock. */
final class SimBench {

    final SimulatedBoard board;
    final SimulatedProbe probe;
    final PollClock clock;
    Stm32F7FlashDriver driver;

    SimBench(String part, BoardOptions options) throws Exception {
        board = SimulatedBoards.create(part, options);
        probe = SimulatedProbe.connect(board);
        clock = virtualClock(probe);
        driver = newDriver(FlashDriverSettings.defaults());
    }

    static SimBench of(String part, OptionBytes options) throws Exception {
        return new SimBench(part, BoardOptions.defaults().withOptionBytes(options));
    }

    Stm32F7FlashDriver newDriver(FlashDriverSettings settings) throws TargetException {
        return new Stm32F7FlashDriver(probe, board.descriptor(), board.flashSizeKiB(), clock, settings);
    }

    /** Pausing lets the board's virtual time pass: a 30 s erase is waited for in microseconds of real time. */
    static PollClock virtualClock(SimulatedProbe probe) {
        return new PollClock() {
            @Override
            public long nanoTime() {
                return probe.bus().nanoTime();
            }

            @Override
            public void pause(long nanos) throws TargetException {
                probe.elapse(Duration.ofNanos(nanos));
            }
        };
    }
}
