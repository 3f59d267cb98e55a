package dev.flashbank.cli;

import java.io.PrintWriter;
import java.util.List;

import dev.flashbank.core.connect.ConnectOptions;
import dev.flashbank.core.connect.OpenTarget;
import dev.flashbank.core.connect.TargetOpenException;
import dev.flashbank.core.connect.TargetOpener;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.gdb.GdbTargetProvider;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.state.SimulatedBoardProvider;
import dev.flashbank.stlink.connect.StlinkTargetProvider;

/**
 * An open target for the duration of one command, opened by the {@link TargetOpener} with the providers the CLI
 * ships. A simulated board is held for this command alone (another command on the same file waits, or with
 * {@code --no-wait} is refused) and its file is written back on close only if the command changed the board.
 */
public final class TargetConnection implements AutoCloseable {

    private final TargetSpec spec;
    private final OpenTarget open;
    private TargetIdentity identity;

    private TargetConnection(TargetSpec spec, OpenTarget open) {
        this.spec = spec;
        this.open = open;
    }

    /** The opener of the command line: simulated boards, ST-Link probes (own USB context), gdbservers. */
    static TargetOpener opener() {
        return new TargetOpener(List.of(new SimulatedBoardProvider(InstalledFamilies.simulated()), StlinkTargetProvider.ownUsb(),
                new GdbTargetProvider()));
    }

    public static TargetConnection open(TargetOptions options, PrintWriter err) throws CliException {
        TargetSpec spec = options.spec();
        ConnectOptions co = ConnectOptions.of(options.holder()).withWaitForBoard(!options.noWait)
                .withUnderReset(options.underReset).withSwdKiloHertz(options.swdKHz).withNotices(line -> {
                    err.println("flashbank: " + line);
                    err.flush();
                });
        try {
            return new TargetConnection(spec, opener().open(spec.address(), co));
        } catch (TargetOpenException e) {
            throw failure(e);
        }
    }

    /** Exit code of a target that could not be opened or saved. */
    static CliException failure(TargetOpenException e) {
        int code = switch (e.reason()) {
            case BAD_ADDRESS -> ExitCodes.USAGE;
            case SAVE_FAILED -> ExitCodes.FAILED;
            default -> ExitCodes.NO_TARGET;
        };
        return new CliException(code, e.getMessage(), e);
    }

    public TargetSpec spec() {
        return spec;
    }

    public DebugTarget target() {
        return open.target();
    }

    /** The clock flash polls wait on (the board's own time on a simulated board). */
    public PollClock pollClock() {
        return open.pollClock();
    }

    /** What {@link dev.flashbank.core.ops.OperationContext} works on. */
    public OperationTarget operationTarget() {
        return open.operationTarget();
    }

    /**
     * This command shows the board's console (or clears it): a simulated board's file keeps the console as it is when
     * the command ends, also when nothing else changed (a command that only reads leaves the file as it was).
     */
    public void keepConsole() {
        open.unwrap(dev.flashbank.sim.state.BoardTurn.class).ifPresent(dev.flashbank.sim.state.BoardTurn::keepConsole);
    }

    /** The simulated board behind the target, or null for a real probe. */
    public BenchBoard board() {
        return open.unwrap(BenchBoard.class).orElse(null);
    }

    /** Identifies the part once (DBGMCU_IDCODE, flash size, UID, CPUID, option bytes, SWP_FB). */
    public TargetIdentity identity() throws CliException {
        if (identity == null) {
            try {
                identity = new TargetSession(target(), InstalledFamilies.families()).identify();
            } catch (TargetException e) {
                throw new CliException(ExitCodes.NO_TARGET, "cannot identify the part on " + target().describe() + ": "
                        + e.getMessage(), e);
            }
        }
        return identity;
    }

    /** Closes the transport; a simulated board is saved if the command changed it, then released. */
    @Override
    public void close() throws CliException {
        try {
            open.close();
        } catch (TargetOpenException e) {
            throw failure(e);
        }
    }
}
