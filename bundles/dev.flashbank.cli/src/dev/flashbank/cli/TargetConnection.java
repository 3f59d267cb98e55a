package dev.flashbank.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.flashbank.core.gdb.GdbRemoteTarget;
import dev.flashbank.core.gdb.GdbTargetOptions;
import dev.flashbank.core.session.TargetIdentity;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.SimulatedBoard;
import dev.flashbank.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.state.BoardStateException;
import dev.flashbank.sim.state.BoardStateFile;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.usb.ProbeDiscovery;

/**
 * An open target for the duration of one command. For a simulated board it loads the board from its state file
 * (creating a factory-fresh board when the file does not exist yet) and saves it back atomically when closed, so a
 * user can work across commands; a refused or failed command still saves the board as the silicon would be left.
 */
public final class TargetConnection implements AutoCloseable {

    private final TargetSpec spec;
    private final DebugTarget target;
    private final SimulatedBoard board;
    private final ProbeDiscovery discovery;
    private TargetIdentity identity;

    private TargetConnection(TargetSpec spec, DebugTarget target, SimulatedBoard board, ProbeDiscovery discovery) {
        this.spec = spec;
        this.target = target;
        this.board = board;
        this.discovery = discovery;
    }

    public static TargetConnection open(TargetOptions options, PrintWriter err) throws CliException {
        TargetSpec spec = options.spec();
        if (spec.kind() == TargetSpec.Kind.STLINK) {
            ProbeDiscovery discovery = ProbeDiscovery.system();
            try {
                StlinkSessionOptions o = options.swdKHz > 0
                        ? StlinkSessionOptions.defaults().withSwdKiloHertz(options.swdKHz)
                        : StlinkSessionOptions.defaults();
                DebugTarget t = discovery.attach(spec.probeSerial(), o,
                        options.underReset ? StlinkSession.ConnectMode.UNDER_RESET : StlinkSession.ConnectMode.NORMAL);
                return new TargetConnection(spec, t, null, discovery);
            } catch (TargetException e) {
                discovery.close();
                throw new CliException(ExitCodes.NO_TARGET, e.getMessage(), e);
            }
        }
        if (spec.kind() == TargetSpec.Kind.GDB) {
            DebugTarget t = null;
            try {
                t = GdbRemoteTarget.connect(spec.gdbHost(), spec.gdbPort(), GdbTargetOptions.defaults());
                if (options.underReset) {
                    t.core().resetAndHalt(dev.flashbank.core.target.ResetKind.HARDWARE);
                }
                return new TargetConnection(spec, t, null, null);
            } catch (TargetException e) {
                if (t != null) {
                    try {
                        t.close();
                    } catch (TargetException ignored) {
                        // already failing
                    }
                }
                throw new CliException(ExitCodes.NO_TARGET, "cannot connect to " + spec.describe() + ": " + e.getMessage(), e);
            }
        }
        SimulatedBoard board = loadOrCreate(spec, err);
        try {
            SimulatedProbe probe = SimulatedProbe.connect(board, options.underReset
                    ? SimulatedProbe.ConnectMode.UNDER_RESET : SimulatedProbe.ConnectMode.NORMAL);
            return new TargetConnection(spec, probe, board, null);
        } catch (TargetException e) {
            // e.g. RDP level 2: the board exists but its debug port is gone for good
            throw new CliException(ExitCodes.NO_TARGET, "cannot connect to " + spec.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Loads the board of a simulated target, or creates (and saves) a factory-fresh one if its file is missing. */
    static SimulatedBoard loadOrCreate(TargetSpec spec, PrintWriter err) throws CliException {
        Path file = spec.resolvedStateFile();
        if (Files.exists(file)) {
            SimulatedBoard b;
            try {
                b = BoardStateFile.load(file);
            } catch (BoardStateException e) {
                throw new CliException(ExitCodes.NO_TARGET, e.getMessage(), e);
            }
            if (spec.stateFile().isPresent() && !b.partName().equalsIgnoreCase(spec.part())
                    && !TargetSpec.DEFAULT_PART.equals(spec.part())) {
                throw new CliException(ExitCodes.USAGE, file + " holds a simulated " + b.partName() + ", not a "
                        + spec.part());
            }
            return b;
        }
        try {
            SimulatedBoard b = SimulatedBoards.create(spec.part());
            save(b, file);
            err.println("flashbank: created a factory-fresh simulated " + b.partName() + " in " + file);
            return b;
        } catch (BoardConfigurationException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    static void save(SimulatedBoard b, Path file) throws CliException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            BoardStateFile.save(b, file);
        } catch (java.io.IOException | BoardStateException e) {
            throw new CliException(ExitCodes.FAILED, "could not save the board state to " + file + ": " + e.getMessage(), e);
        }
    }

    public TargetSpec spec() {
        return spec;
    }

    public DebugTarget target() {
        return target;
    }

    /** The simulated board behind the target, or null for a real probe. */
    public SimulatedBoard board() {
        return board;
    }

    /** Identifies the part once (DBGMCU_IDCODE, flash size, UID, CPUID, option bytes, SWP_FB). */
    public TargetIdentity identity() throws CliException {
        if (identity == null) {
            try {
                identity = new TargetSession(target).identify();
            } catch (TargetException e) {
                throw new CliException(ExitCodes.NO_TARGET, "cannot identify the part on " + target.describe() + ": "
                        + e.getMessage(), e);
            }
        }
        return identity;
    }

    @Override
    public void close() throws CliException {
        try {
            target.close();
        } catch (Exception e) {
            // closing a probe that already went away is not an error worth failing the command for
        } finally {
            if (discovery != null) {
                discovery.close();
            }
        }
        if (board != null) {
            save(board, spec.resolvedStateFile());
        }
    }
}
