package dev.flashbank.launch;

import java.util.function.Consumer;

import dev.flashbank.core.connect.ConnectOptions;
import dev.flashbank.core.connect.OpenTarget;
import dev.flashbank.core.connect.TargetAddress;
import dev.flashbank.core.connect.TargetOpenException;
import dev.flashbank.core.connect.TargetOpener;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.launch.LaunchSpec;
import dev.flashbank.core.launch.LaunchSpecException;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.state.SimulatedBoardProvider;
import dev.flashbank.stlink.connect.StlinkTargetProvider;

/**
 * The target of one launch, open for its duration through the {@link TargetOpener} (the same rules as the command
 * line and the IDE): a simulated board held for this launch alone - another writer of its file waits - and saved on
 * close only if the launch changed it (also after a failed or canceled launch, as the silicon would be left); or an
 * ST-Link probe attached by serial (or the only one connected), or a gdbserver. A board file that does not exist, or
 * holds another part, is refused.
 */
final class LaunchTarget implements AutoCloseable {

    private static final TargetOpener OPENER = new TargetOpener(
            java.util.List.of(new SimulatedBoardProvider(InstalledFamilies.simulated()), StlinkTargetProvider.ownUsb(),
                    new dev.flashbank.core.gdb.GdbTargetProvider()));

    private final LaunchSpec.Target spec;
    private final OpenTarget open;

    private LaunchTarget(LaunchSpec.Target spec, OpenTarget open) {
        this.spec = spec;
        this.open = open;
    }

    /** Opens the target of a launch run by the IDE's launch delegate. */
    static LaunchTarget open(LaunchSpec.Target spec, Consumer<String> log) throws LaunchSpecException, TargetException {
        return open(spec, "Flashbank launch", log);
    }

    /**
     * @param holder what holds a board while the launch runs, as another writer is told ("Flashbank launch 'x'")
     * @throws LaunchSpecException the configuration names a board that is missing, corrupt or of another part
     * @throws TargetException the target is there but does not connect (or the wait for a busy board was interrupted)
     */
    static LaunchTarget open(LaunchSpec.Target spec, String holder, Consumer<String> log)
            throws LaunchSpecException, TargetException {
        TargetAddress address = spec.address();
        ConnectOptions o = ConnectOptions.of(holder).withUnderReset(spec.underReset()).withSwdKiloHertz(spec.swdKHz())
                .withNotices(log);
        try {
            return new LaunchTarget(spec, OPENER.open(address, o));
        } catch (TargetOpenException e) {
            switch (e.reason()) {
                case NOT_FOUND, WRONG_PART, BAD_BOARD_FILE, BAD_ADDRESS:
                    throw new LaunchSpecException(e.getMessage(), e);
                default:
                    throw e.getCause() instanceof TargetException t ? t : new TargetException(e.getMessage(), e);
            }
        }
    }

    OperationContext context() throws TargetException {
        return OperationContext.open(InstalledFamilies.families(), new OperationTarget(open.address().key(), spec.describe()), open.target(),
                open.pollClock(), FlashDriverSettings.defaults());
    }

    DebugTarget target() {
        return open.target();
    }

    /** The part as the user names it: the simulated board's order code, else null (the identified part is used). */
    String boardPart() {
        return open.knownPart().orElse(null);
    }

    @Override
    public void close() throws LaunchSpecException {
        try {
            open.close();
        } catch (TargetOpenException e) {
            throw new LaunchSpecException(e.getMessage(), e);
        }
    }
}
