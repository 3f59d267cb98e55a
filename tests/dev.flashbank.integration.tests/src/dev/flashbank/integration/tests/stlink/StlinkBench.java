package dev.flashbank.integration.tests.stlink;

import dev.flashbank.cli.sim.SimStlinkBackend;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.stlink.RecordingTransport;
import dev.flashbank.stlink.StlinkDebugTarget;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;

/**
 * A simulated board behind an emulated ST-Link, the {@link StlinkDebugTarget} on it, and the flash driver polling on
 * the board's virtual clock: the ST-Link twin of the simulator-direct bench used by the seed-scenario tests.
 */
final class StlinkBench {

    final SimulatedBoard board;
    final StlinkEmulator emulator;
    final RecordingTransport wire;
    final StlinkDebugTarget target;
    final PollClock clock;
    final Stm32F7FlashDriver driver;

    StlinkBench(String part, BoardOptions options, EmulatorConfig probe) throws Exception {
        board = SimulatedBoards.create(part, options);
        emulator = new StlinkEmulator(probe, new SimStlinkBackend(board.debugBus()));
        wire = new RecordingTransport(emulator);
        clock = emulator.clock();
        StlinkSession session = StlinkSession.open(wire, StlinkSessionOptions.defaults().withClock(clock));
        target = StlinkDebugTarget.attach(session, StlinkSession.ConnectMode.NORMAL);
        driver = newDriver(FlashDriverSettings.defaults());
    }

    static StlinkBench of(String part, OptionBytes options, EmulatorConfig probe) throws Exception {
        return new StlinkBench(part, BoardOptions.defaults().withOptionBytes(options), probe);
    }

    Stm32F7FlashDriver newDriver(FlashDriverSettings settings) throws TargetException {
        return new Stm32F7FlashDriver(target, board.descriptor(), board.flashSizeKiB(), clock, settings);
    }
}
