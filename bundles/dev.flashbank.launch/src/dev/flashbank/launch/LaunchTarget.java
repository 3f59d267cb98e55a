package dev.flashbank.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.launch.LaunchSpec;
import dev.flashbank.core.launch.LaunchSpecException;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.SimulatedBoard;
import dev.flashbank.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.state.BoardStateException;
import dev.flashbank.sim.state.BoardStateFile;
import dev.flashbank.sim.twin.SimulatorPollClock;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.usb.ProbeDiscovery;

/**
 * The target of one launch, open for its duration: a simulated board loaded from its state file (a factory-fresh one
 * when the file is missing) and saved back when closed - also after a failed or canceled launch, as the silicon would
 * be left - or an ST-Link probe attached by serial.
 */
final class LaunchTarget implements AutoCloseable {

    private final LaunchSpec.Target spec;
    private final DebugTarget target;
    private final SimulatedBoard board;
    private final ProbeDiscovery discovery;

    private LaunchTarget(LaunchSpec.Target spec, DebugTarget target, SimulatedBoard board, ProbeDiscovery discovery) {
        this.spec = spec;
        this.target = target;
        this.board = board;
        this.discovery = discovery;
    }

    static LaunchTarget open(LaunchSpec.Target spec, Consumer<String> log) throws LaunchSpecException, TargetException {
        if (spec.kind() == LaunchSpec.TargetKind.STLINK) {
            ProbeDiscovery d = ProbeDiscovery.system();
            try {
                StlinkSessionOptions o = StlinkSessionOptions.defaults();
                if (spec.swdKHz() > 0) {
                    o = o.withSwdKiloHertz(spec.swdKHz());
                }
                DebugTarget t = d.attach(spec.probeSerial(), o, spec.underReset() ? StlinkSession.ConnectMode.UNDER_RESET
                        : StlinkSession.ConnectMode.NORMAL);
                return new LaunchTarget(spec, t, null, d);
            } catch (TargetException | RuntimeException e) {
                d.close();
                throw e;
            }
        }
        Path file = spec.stateFile();
        SimulatedBoard b;
        try {
            if (Files.exists(file)) {
                b = BoardStateFile.load(file);
                if (!b.partName().equalsIgnoreCase(spec.part())) {
                    throw new LaunchSpecException("The board file " + file + " holds a simulated " + b.partName()
                            + ", but the configuration names a " + spec.part() + ".");
                }
            } else {
                b = SimulatedBoards.create(spec.part());
                save(b, file);
                log.accept("Created a factory-fresh simulated " + b.partName() + " in " + file);
            }
        } catch (BoardStateException | BoardConfigurationException e) {
            throw new LaunchSpecException(e.getMessage(), e);
        }
        SimulatedProbe p = SimulatedProbe.connect(b, spec.underReset() ? SimulatedProbe.ConnectMode.UNDER_RESET
                : SimulatedProbe.ConnectMode.NORMAL);
        return new LaunchTarget(spec, p, b, null);
    }

    OperationContext context() throws TargetException {
        PollClock clock = target instanceof SimulatedProbe p ? new SimulatorPollClock(p) : PollClock.system();
        String key = spec.kind() == LaunchSpec.TargetKind.STLINK ? "stlink:" + spec.probeSerial()
                : "sim:" + spec.part() + "@" + spec.stateFile().toAbsolutePath();
        return OperationContext.open(new OperationTarget(key, spec.describe()), target, clock,
                FlashDriverSettings.defaults());
    }

    DebugTarget target() {
        return target;
    }

    /** The part as the user names it: the simulated board's order code, else empty (the identified part is used). */
    String boardPart() {
        return board == null ? null : board.partName();
    }

    @Override
    public void close() throws LaunchSpecException {
        try {
            target.close();
        } catch (Exception e) {
            // a probe that is already gone cannot be closed more; not a launch failure
        } finally {
            if (discovery != null) {
                discovery.close();
            }
        }
        if (board != null) {
            save(board, spec.stateFile());
        }
    }

    private static void save(SimulatedBoard b, Path file) throws LaunchSpecException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            BoardStateFile.save(b, file);
        } catch (IOException | BoardStateException e) {
            throw new LaunchSpecException("could not save the board state to " + file + ": " + e.getMessage(), e);
        }
    }
}
