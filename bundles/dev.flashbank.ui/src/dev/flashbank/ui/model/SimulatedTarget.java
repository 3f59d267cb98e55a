package dev.flashbank.ui.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.flashbank.core.connect.TargetOpenException;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.ops.OptionCliCommand;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.FirmwareRun;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.state.BoardLock;
import dev.flashbank.sim.state.BoardTurn;
import dev.flashbank.sim.state.LiveBoard;
import dev.flashbank.sim.twin.SimulatorPollClock;

/**
 * A simulated board, persisted in the workspace as a board state file. The board lives in memory between jobs (it is
 * a running simulation), but every job takes a {@link BoardTurn} on its file - the rule the command line and launches
 * follow too: lock the file (waiting for a command or launch that holds it), reload the board if someone else wrote
 * the file since (views are told, the connection is re-made on the new board), work, save only if the board changed,
 * release. So the IDE never writes back a stale copy over another writer's work.
 */
public final class SimulatedTarget extends FlashbankTarget {

    private volatile LiveBoard live;
    /** The running job's turn (one job at a time: the target's scheduling rule). */
    private volatile BoardTurn turn;

    /** Its name in the target registry (the list, launches and {@code flashbank --target} use it). */
    private volatile String name;

    SimulatedTarget(TargetManager manager, String name, LiveBoard live) {
        super(manager, "sim:" + live.board().serial());
        this.name = name;
        this.live = live;
    }

    /** The name a new board gets: "Simulated &lt;order code&gt; (&lt;probe serial&gt;)". */
    static String defaultName(BenchBoard board) {
        return "Simulated " + board.partName() + " (" + board.serial() + ")";
    }

    void setName(String name) {
        this.name = name;
    }

    /**
     * Whether someone else wrote the board file since this workspace loaded or saved it (a stat and the header's
     * checksum; an unreadable file counts as changed, so the next job's turn reports it).
     */
    boolean fileChanged() {
        try {
            return !live.isCurrent();
        } catch (dev.flashbank.sim.state.BoardStateException e) {
            return true;
        }
    }

    public BenchBoard board() {
        return live.board();
    }

    public Path stateFile() {
        return live.file();
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public String partName() {
        return board().partName();
    }

    @Override
    public String details() {
        BenchBoard board = board();
        return String.format("simulated board, %d KiB, %s bank, BOOT0=%d, %.2f V%s", board.flashSizeKiB(),
                board.geometry().mode().name().toLowerCase(), board.boot0() ? 1 : 0, board.voltageMillivolts() / 1000.0,
                board.isPowered() ? "" : ", POWERED OFF");
    }

    @Override
    public String cliTargetArgument() {
        return OptionCliCommand.boardArgument(board().partName(), stateFile());
    }

    @Override
    protected DebugTarget open() throws TargetException {
        return SimulatedProbe.connect(board());
    }

    @Override
    protected PollClock pollClock(DebugTarget target) {
        return new SimulatorPollClock((SimulatedProbe) target);
    }

    /**
     * Takes the board file for one job: waits (told on the Flashbank console) while a command or launch holds it, and
     * reloads the board when the file changed since this workspace last loaded or saved it.
     */
    @Override
    public JobTurn beginJob(String what) throws TargetException {
        BoardTurn t;
        try {
            t = BoardTurn.begin(live.file(), live, "Flashbank IDE: " + what, true, manager::notice, null,
                    dev.flashbank.families.InstalledFamilies.simulated());
        } catch (TargetOpenException e) {
            throw new TargetException(e.getMessage(), e);
        }
        try {
            if (t.reloaded()) {
                adopt(t.live());
                manager.notice("reloaded " + displayName() + " from " + stateFile() + " (changed outside this workspace)");
            }
        } catch (TargetException | RuntimeException e) {
            t.release();
            throw e;
        }
        turn = t;
        return () -> {
            turn = null;
            try {
                t.close();
            } catch (TargetOpenException e) {
                throw new TargetException(e.getMessage(), e);
            } finally {
                boolean saved = live != t.live();
                live = t.live();
                if (saved) {
                    manager.fireChanged(this);
                }
            }
        };
    }

    /** Shows a board someone else wrote: the connection to the old copy is dropped and, if there was one, re-made. */
    private void adopt(LiveBoard fresh) throws TargetException {
        boolean wasConnected = isConnected();
        disconnect();
        live = fresh;
        if (wasConnected) {
            connect();
        }
        manager.fireChanged(this);
    }

    /** Bench reset (NRST), then re-identify when connected. Inside a job holding the rule. */
    public void reset() throws TargetException {
        board().reset(ResetKind.HARDWARE);
        if (isConnected()) {
            reidentify();
        }
        save();
    }

    /** Virtual time the firmware runs between looks at the stop request and the console. */
    private static final Duration RUN_SLICE = Duration.ofMillis(20);

    /**
     * Lets the board's firmware run in virtual time, paced to the wall clock (a blinking LED blinks at its own rate),
     * until {@code stop} says so or the core stops by itself (a BKPT with a debugger attached, a lockup, NRST held);
     * what the firmware writes to the board's console goes to {@code console} as it comes. A halted core is resumed
     * first, as a debugger's run would; a core still running when {@code stop} ends the run is halted, so that the
     * board stays where the user stopped it. The board's file keeps the console as the run left it ({@link
     * #console()}), also when nothing else changed. Inside a job holding the board.
     *
     * @return why the run ended (HALTED for a stop request), where the core is and the virtual time it ran
     */
    public FirmwareRun runFirmware(BooleanSupplier stop, Consumer<String> console) throws TargetException {
        SimulatedProbe debugger = SimulatedProbe.connect(board());
        try {
            if (debugger.core().isHalted()) {
                debugger.core().run();
            }
            long wallStart = System.nanoTime();
            long virtual = 0;
            FirmwareRun slice;
            do {
                slice = board().runFirmware(RUN_SLICE, OptionalLong.empty());
                virtual += slice.elapsed().toNanos();
                if (!slice.console().isEmpty()) {
                    console.accept(slice.console());
                }
                waitForWallClock(wallStart, virtual, stop);
            } while (slice.stop() == FirmwareRun.Stop.TIME_ELAPSED && !stop.getAsBoolean());
            FirmwareRun.Stop why = slice.stop();
            if (why == FirmwareRun.Stop.TIME_ELAPSED) {
                debugger.core().halt();
                why = FirmwareRun.Stop.HALTED;
            }
            keepConsole();
            save();
            // the whole run's virtual time, not the last slice's
            return new FirmwareRun(why, board().coreRegister(15), Duration.ofNanos(virtual), "");
        } finally {
            debugger.close();
        }
    }

    /** Waits while the board is ahead of the wall clock (looking at the stop request every few ms). */
    private static void waitForWallClock(long wallStart, long virtualNanos, BooleanSupplier stop) {
        long ahead;
        while ((ahead = virtualNanos - (System.nanoTime() - wallStart)) > 0 && !stop.getAsBoolean()) {
            try {
                Thread.sleep(Math.max(1, Math.min(ahead / 1_000_000, 10)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Power cycle; the probe connection is lost like a real one and re-established. */
    public void powerCycle() throws TargetException {
        boolean was = isConnected();
        disconnect();
        board().powerCycle();
        if (was) {
            connect();
        }
        keepConsole(); // a fresh boot: the console the file kept is gone too
        save();
    }

    /**
     * What the board's firmware wrote to its console since power-on, as its file kept it (from {@code flashbank board
     * run}, Run firmware) and the board wrote since: a terminal's scrollback, its last {@link
     * dev.flashbank.sim.BoardSnapshot#CONSOLE_KEEP_BYTES} bytes. Inside a job holding
     * the board (its turn reloads a file another program wrote).
     */
    public String console() {
        return board().consoleOutput();
    }

    /** This job's turn saves the console when it changed, also when nothing else did. */
    private void keepConsole() {
        BoardTurn t = turn;
        if (t != null) {
            t.keepConsole();
        }
    }

    /**
     * Writes the board state file now if the board's non-volatile state changed (atomic, sim.state); a job's turn
     * also does so when it ends. Outside a job it takes a turn of its own.
     */
    public void save() throws TargetException {
        BoardTurn t = turn;
        if (t == null) {
            try (JobTurn own = beginJob("save")) {
                return;
            }
        }
        try {
            if (t.save()) {
                live = t.live();
                manager.fireChanged(this);
            }
        } catch (TargetOpenException e) {
            throw new TargetException(e.getMessage(), e);
        }
    }

    /** Deletes the state file (inside a job: its turn holds the board, so no command is using it). */
    void deleteFile() throws java.io.IOException {
        Files.deleteIfExists(stateFile());
        Files.deleteIfExists(BoardLock.lockFileOf(stateFile()));
    }
}
