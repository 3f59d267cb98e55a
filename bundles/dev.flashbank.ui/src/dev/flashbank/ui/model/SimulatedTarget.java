package dev.flashbank.ui.model;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.ops.OptionCliCommand;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.SimulatedBoard;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.state.BoardStateException;
import dev.flashbank.sim.state.BoardStateFile;
import dev.flashbank.sim.twin.SimulatorPollClock;

/** A simulated board, persisted in the workspace as a board state file. */
public final class SimulatedTarget extends FlashbankTarget {

    private final SimulatedBoard board;
    private final Path stateFile;

    SimulatedTarget(TargetManager manager, SimulatedBoard board, Path stateFile) {
        super(manager, "sim:" + board.serial());
        this.board = board;
        this.stateFile = stateFile;
    }

    public SimulatedBoard board() {
        return board;
    }

    public Path stateFile() {
        return stateFile;
    }

    @Override
    public String displayName() {
        return "Simulated " + board.partName() + " (" + board.serial() + ")";
    }

    @Override
    public String partName() {
        return board.partName();
    }

    @Override
    public String details() {
        return String.format("simulated board, %d KiB, %s bank, BOOT0=%d, %.2f V%s", board.flashSizeKiB(),
                board.geometry().mode().name().toLowerCase(), board.boot0() ? 1 : 0, board.voltageMillivolts() / 1000.0,
                board.isPowered() ? "" : ", POWERED OFF");
    }

    @Override
    public String cliTargetArgument() {
        return OptionCliCommand.boardArgument(board.partName(), stateFile);
    }

    @Override
    protected DebugTarget open() throws TargetException {
        return SimulatedProbe.connect(board);
    }

    @Override
    protected PollClock pollClock(DebugTarget target) {
        return new SimulatorPollClock((SimulatedProbe) target);
    }

    /** Bench reset (NRST), then re-identify when connected. Inside a job holding the rule. */
    public void reset() throws TargetException {
        board.reset(ResetKind.HARDWARE);
        if (isConnected()) {
            reidentify();
        }
        save();
    }

    /** Power cycle; the probe connection is lost like a real one and re-established. */
    public void powerCycle() throws TargetException {
        boolean was = isConnected();
        disconnect();
        board.powerCycle();
        if (was) {
            connect();
        }
        save();
    }

    /** Writes the board state file (atomic, sim.state). */
    public void save() throws TargetException {
        try {
            BoardStateFile.save(board, stateFile);
        } catch (BoardStateException e) {
            throw new TargetException("could not save the simulated board to " + stateFile + ": " + e.getMessage(), e);
        }
        manager.fireChanged(this);
    }

    void deleteFile() throws java.io.IOException {
        Files.deleteIfExists(stateFile);
    }
}
