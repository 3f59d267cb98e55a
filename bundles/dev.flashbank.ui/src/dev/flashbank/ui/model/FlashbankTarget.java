package dev.flashbank.ui.model;

import java.util.Optional;

import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.families.InstalledFamilies;

/**
 * A probe or simulated board in the Targets view. Connection state is only changed by jobs holding {@link #rule()};
 * the getters may be called from any thread (fields are volatile, listeners are told through the
 * {@link TargetManager}).
 */
public abstract sealed class FlashbankTarget permits SimulatedTarget, ProbeTarget, GdbServerTarget {

    /** A live connection: transport, identified session and flash driver. */
    public record Connection(DebugTarget target, TargetSession session, TargetIdentity identity,
            FlashDriver driver) {
    }

    /** The installed families: every part the IDE identifies and drives is looked up there. */
    private static final Families FAMILIES = InstalledFamilies.families();

    private final String id;
    private final TargetRule rule;
    protected final TargetManager manager;
    private volatile Connection connection;
    private volatile String busy;
    private volatile String problem;

    protected FlashbankTarget(TargetManager manager, String id) {
        this.manager = manager;
        this.id = id;
        this.rule = new TargetRule(id);
    }

    public String id() {
        return id;
    }

    public TargetRule rule() {
        return rule;
    }

    /** Name in the list: "Simulated &lt;order code&gt; (SIM0A1B2C3D4E5F)", "ST-LINK/V3 0038FF..." */
    public abstract String displayName();

    /** The name the user must type to confirm an IRREVERSIBLE change. */
    public abstract String partName();

    /** "simulated board" / "ST-Link probe" plus what the list can say without connecting. */
    public abstract String details();

    /** How "Copy as CLI command" addresses this target. */
    public abstract String cliTargetArgument();

    public Optional<Connection> connection() {
        return Optional.ofNullable(connection);
    }

    public boolean isConnected() {
        return connection != null;
    }

    /** What a running job is doing ("Writing option bytes"), or null when idle. */
    public String busy() {
        return busy;
    }

    /** The last failure, shown until the next successful operation. */
    public String problem() {
        return problem;
    }

    public void setBusy(String what) {
        busy = what;
        manager.fireChanged(this);
    }

    public void setProblem(String text) {
        problem = text;
        manager.fireChanged(this);
    }

    /**
     * What a job holds on this target besides its scheduling rule, released when the job ends (a simulated board: its
     * file, see {@link SimulatedTarget#beginJob}).
     */
    @FunctionalInterface
    public interface JobTurn extends AutoCloseable {
        /** Ends the turn (a simulated board is saved if the job changed it, then released). */
        @Override
        void close() throws TargetException;
    }

    /**
     * Begins a job's turn on this target (on the job's thread, before its work). Probes and gdbservers need nothing
     * beyond the scheduling rule.
     *
     * @param what the job, as another writer waiting for the target is told
     */
    public JobTurn beginJob(String what) throws TargetException {
        return () -> {
        };
    }

    /**
     * What runs right before every option write on this target: the board's journal under the Flashbank home (what
     * {@code flashbank recover} restores from after a power loss inside the write) and the "do not remove power"
     * notice in the Flashbank console - the same guard the command line and launches put around their option writes.
     */
    public dev.flashbank.core.ops.OptionWriteGuard optionWriteGuard(Connection c) {
        return dev.flashbank.core.ops.BoardJournal.guardOf(dev.flashbank.core.io.FlashbankHome.journals(), c.target(),
                partName(), manager::notice);
    }

    /** Opens the transport (inside a job holding {@link #rule()}). */
    protected abstract DebugTarget open() throws TargetException;

    protected abstract PollClock pollClock(DebugTarget target);

    /** Connects and identifies (inside a job holding {@link #rule()}). */
    public Connection connect() throws TargetException {
        Connection c = connection;
        if (c != null) {
            return c;
        }
        DebugTarget t = open();
        try {
            TargetSession session = new TargetSession(t, FAMILIES);
            TargetIdentity identity = session.identify();
            FlashDriver driver = FAMILIES.openDriver(t, identity.device(), pollClock(t), FlashDriverSettings.defaults());
            c = new Connection(t, session, identity, driver);
        } catch (TargetException | RuntimeException e) {
            closeQuietly(t);
            throw e;
        }
        connection = c;
        problem = null;
        onConnected(c);
        manager.fireChanged(this);
        return c;
    }

    /** Reads what the list shows about a live connection (inside the connecting job, never on the UI thread). */
    protected void onConnected(Connection c) {
    }

    /** Re-identifies after a reset (bank mode may have changed): same transport, new session and driver. */
    public Connection reidentify() throws TargetException {
        Connection c = connection;
        if (c == null) {
            return connect();
        }
        TargetSession session = new TargetSession(c.target(), FAMILIES);
        TargetIdentity identity = session.identify();
        Connection n = new Connection(c.target(), session, identity,
                FAMILIES.openDriver(c.target(), identity.device(), pollClock(c.target()), FlashDriverSettings.defaults()));
        connection = n;
        manager.fireChanged(this);
        return n;
    }

    public void disconnect() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            closeQuietly(c.target());
        }
        manager.fireChanged(this);
    }

    private static void closeQuietly(DebugTarget t) {
        try {
            t.close();
        } catch (TargetException e) {
            // closing a transport that already failed: nothing more to do
        }
    }

    @Override
    public String toString() {
        return displayName();
    }
}
