package dev.flashbank.integration.tests.ops;

import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;

/** A simulated board with a probe and a flash driver on it. */
record SimTarget(SimulatedBoard board, SimulatedProbe probe, Stm32F7FlashDriver driver) {

    static SimTarget on(SimulatedBoard board) throws TargetException {
        SimulatedProbe probe = SimulatedProbe.connect(board);
        return new SimTarget(board, probe, new Stm32F7FlashDriver(probe, board.descriptor(), board.flashSizeKiB(),
                new SimulatorPollClock(probe), FlashDriverSettings.defaults()));
    }
}
