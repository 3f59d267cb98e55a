package dev.flashbank.ui.model;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.flashbank.core.connect.ConnectOptions;
import dev.flashbank.core.connect.TargetAddress;
import dev.flashbank.core.connect.TargetOpenException;
import dev.flashbank.core.connect.TargetOpener;
import dev.flashbank.core.gdb.GdbTargetProvider;
import dev.flashbank.core.registry.TargetDefinition;
import dev.flashbank.core.registry.TargetRegistry;
import dev.flashbank.core.registry.TargetRegistryException;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.state.BoardLock;
import dev.flashbank.sim.state.BoardStateException;
import dev.flashbank.sim.state.LiveBoard;
import dev.flashbank.stlink.connect.StlinkTargetProvider;
import dev.flashbank.stlink.usb.DiscoveredProbe;
import dev.flashbank.stlink.usb.DiscoveryReport;
import dev.flashbank.stlink.usb.ProbeDiscovery;

/**
 * The targets of this workspace, a view of its target registry ({@code <state>/targets.fbtargets}, core.registry -
 * the names launches and {@code flashbank --target NAME} use): simulated boards (state files under
 * {@code <state>/boards}; a new workspace gets the default board of the first installed simulated family,
 * {@code SimulatedFamilies.defaultPart}) and gdbserver targets, each added, renamed or removed through the registry,
 * and the ST-Link probes found on USB. Thread-safe; listeners are called on the thread that
 * made the change (the UI re-posts to the display thread).
 */
public final class TargetManager {

    /** File name extension of board state files. */
    public static final String BOARD_EXTENSION = ".fbboard";

    private final Path boardsDir;
    /** The workspace's target registry: the names this list, launches and the command line share. */
    private final Path registryFile;
    private volatile TargetRegistry registry = TargetRegistry.empty();
    /** Why the registry file did not read (then it is never written over), or null. */
    private volatile String registryProblem;
    private final List<FlashbankTarget> targets = new CopyOnWriteArrayList<>();
    private final List<Consumer<FlashbankTarget>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> noticeListeners = new CopyOnWriteArrayList<>();
    /** Probes and gdbservers are opened as the command line and launches open them (simulated boards: BoardTurn). */
    private final TargetOpener opener = new TargetOpener(
            List.of(StlinkTargetProvider.sharing(this::discovery), new GdbTargetProvider()));
    private final List<String> loadProblems = new CopyOnWriteArrayList<>();
    private volatile ProbeDiscovery discovery;
    private volatile String usbProblem = "";

    public TargetManager(Path stateLocation) {
        this.boardsDir = stateLocation.resolve("boards");
        this.registryFile = stateLocation.resolve(TargetRegistry.FILE_NAME);
    }

    /** Loads the saved boards; creates the default board in a new workspace. */
    public synchronized void load() {
        if (!targets.isEmpty()) {
            return;
        }
        List<Path> files = new ArrayList<>();
        // the workspace's boards and those made in the board folder of the preferences
        for (Path dir : new java.util.LinkedHashSet<>(List.of(boardsDir, newBoardsDirectory()))) {
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + BOARD_EXTENSION)) {
                    s.forEach(files::add);
                } catch (IOException e) {
                    loadProblems.add("cannot list " + dir + ": " + e.getMessage());
                }
            }
        }
        files.sort(null);
        TargetRegistry saved;
        try {
            saved = TargetRegistry.read(registryFile);
        } catch (TargetRegistryException e) {
            // never overwrite a registry the user can repair: the list stays unsaved until it reads again
            registryProblem = e.getMessage();
            loadProblems.add("target registry " + e.getMessage() + " (changes in the Targets view are not saved until "
                    + "that line is fixed)");
            saved = TargetRegistry.empty();
        }
        registry = saved;
        java.util.Set<Path> registered = new java.util.HashSet<>();
        for (TargetDefinition d : saved.targets()) {
            if (d instanceof TargetDefinition.SimulatedBoard b) {
                registered.add(b.boardFile().toAbsolutePath().normalize());
                try {
                    // no lock needed to read: writers replace the file atomically, and each job reloads if it changed
                    targets.add(new SimulatedTarget(this, b.name(), LiveBoard.load(b.boardFile(),
                            InstalledFamilies.simulated())));
                } catch (BoardStateException e) {
                    loadProblems.add("target '" + b.name() + "': " + e.getMessage());
                }
            } else if (d instanceof TargetDefinition.GdbServer g) {
                targets.add(new GdbServerTarget(this, g.name(), g.host(), g.port()));
            }
            // ST-Link entries stay in the registry (launches and the CLI use them); the list shows the probes on USB
        }
        // boards made before the registry (or copied into the folder): listed and registered under their own name
        boolean added = false;
        for (Path f : files) {
            if (registered.contains(f.toAbsolutePath().normalize())) {
                continue;
            }
            try {
                LiveBoard live = LiveBoard.load(f, InstalledFamilies.simulated());
                String name = registry.freeName(SimulatedTarget.defaultName(live.board()));
                targets.add(new SimulatedTarget(this, name, live));
                registry = registry.with(new TargetDefinition.SimulatedBoard(name, Optional.of(live.board().partName()), f));
                added = true;
            } catch (BoardStateException e) {
                loadProblems.add(e.getMessage());
            }
        }
        if (added) {
            saveRegistry();
        }
        if (simulatedTargets().isEmpty() && saved.targets().stream().noneMatch(TargetDefinition.SimulatedBoard.class::isInstance)) {
            try {
                createBoard(InstalledFamilies.simulated().defaultPart().orElseThrow(() -> new BoardConfigurationException(
                        "no installed simulated family offers a default board", false)));
            } catch (BoardConfigurationException | BoardStateException e) {
                loadProblems.add("cannot create the default board: " + e.getMessage());
            }
        }
    }

    /** The workspace's target registry file (what launches and {@code flashbank --target NAME} read). */
    public Path registryFile() {
        return registryFile;
    }

    /** The registry as this workspace last loaded or saved it. */
    public TargetRegistry registry() {
        return registry;
    }

    /**
     * Writes the registry (atomically, previous version kept as .bak). A registry that did not read is left alone
     * (the problem is in the console; the user fixes the line); a failed write is told the same way.
     */
    private synchronized void saveRegistry() {
        if (registryProblem != null) {
            notice("target list not saved: " + registryProblem);
            return;
        }
        try {
            registry.write(registryFile);
        } catch (TargetRegistryException e) {
            notice("target list not saved: " + e.getMessage());
        }
    }

    private synchronized void register(TargetDefinition d) {
        registry = registry.with(d);
        saveRegistry();
    }

    private synchronized void unregister(String name) {
        registry = registry.without(name);
        saveRegistry();
    }

    /** What stops naming {@code t} {@code newName}, or null (the rename dialog's validator). */
    public String renameProblem(FlashbankTarget t, String newName) {
        if (!(t instanceof SimulatedTarget || t instanceof GdbServerTarget)) {
            return "only simulated boards and GDB server targets have a name of their own";
        }
        return registry.renameProblem(t.displayName(), newName);
    }

    /**
     * Renames a simulated board or gdbserver target: the registry is saved under the new name (launches that chose the
     * old name are refused until they choose again, rather than run on a target nobody named).
     */
    public synchronized void rename(FlashbankTarget t, String newName) {
        String problem = renameProblem(t, newName);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        String name = newName.strip();
        registry = registry.renamed(t.displayName(), name);
        if (t instanceof SimulatedTarget st) {
            st.setName(name);
        } else if (t instanceof GdbServerTarget gt) {
            gt.setName(name);
        }
        saveRegistry();
        fireChanged(t);
    }

    /**
     * Simulated boards whose file someone else wrote since this workspace loaded or saved it (a launch, the command
     * line, another workbench): a stat and a header checksum per board, no board is loaded here.
     */
    public List<SimulatedTarget> changedOnDisk() {
        return simulatedTargets().stream().filter(SimulatedTarget::fileChanged).toList();
    }

    /**
     * The one folder of option-byte backups: the Flashbank preference (Window &gt; Preferences &gt; Flashbank), where
     * launches back up too.
     */
    public Path backupsDirectory() {
        return dev.flashbank.ui.preferences.FlashbankPreferences.backupFolder();
    }

    /** Where a new simulated board is saved: the board folder of the Flashbank preferences, else the workspace's. */
    public Path newBoardsDirectory() {
        return dev.flashbank.ui.preferences.FlashbankPreferences.boardFolder().orElse(boardsDir);
    }

    public Path boardsDirectory() {
        return boardsDir;
    }

    public List<FlashbankTarget> targets() {
        return List.copyOf(targets);
    }

    public List<SimulatedTarget> simulatedTargets() {
        return targets.stream().filter(SimulatedTarget.class::isInstance).map(SimulatedTarget.class::cast).toList();
    }

    /** Problems met while loading saved boards (a corrupt state file is skipped, not deleted). */
    public List<String> loadProblems() {
        return List.copyOf(loadProblems);
    }

    public String usbProblem() {
        return usbProblem;
    }

    /** A new simulated board with factory options, erased flash and a UID of its own, saved at once. */
    public SimulatedTarget createBoard(String partName) throws BoardConfigurationException, BoardStateException {
        return createBoard(partName, BoardOptions.defaults());
    }

    /** As {@link #createBoard(String)} with {@code options} (bank mode, supply), an identity of its own. */
    public SimulatedTarget createBoard(String partName, BoardOptions options) throws BoardConfigurationException,
            BoardStateException {
        BenchBoard b = InstalledFamilies.simulated().create(partName, options.withFreshIdentity());
        Path dir = newBoardsDirectory();
        Path f = dir.resolve(b.serial() + BOARD_EXTENSION);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BoardStateException(f, BoardStateException.Reason.IO, "cannot create " + dir + ": " + e, e);
        }
        LiveBoard created;
        try (BoardLock lock = BoardLock.acquire(f, "Flashbank IDE: new board", true, this::notice)) {
            created = LiveBoard.create(lock.boardFile(), b);
        } catch (TargetOpenException e) {
            throw new BoardStateException(f, BoardStateException.Reason.IO, e.getMessage(), e);
        }
        SimulatedTarget t = new SimulatedTarget(this, registry.freeName(SimulatedTarget.defaultName(b)), created);
        targets.add(t);
        register(new TargetDefinition.SimulatedBoard(t.displayName(), Optional.of(b.partName()), f));
        fireChanged(null);
        return t;
    }

    /** Removes a simulated board and its state file (the caller holds the board's rule). */
    public void delete(SimulatedTarget t) throws IOException {
        t.disconnect();
        targets.remove(t);
        unregister(t.displayName());
        t.deleteFile();
        fireChanged(null);
    }

    /** Adds a target behind a running gdbserver (no I/O: connecting is a job); an existing one is returned. */
    public synchronized GdbServerTarget addGdbServer(String host, int port) {
        String id = "gdb:" + host + ":" + port;
        for (FlashbankTarget t : targets) {
            if (t.id().equals(id)) {
                return (GdbServerTarget) t;
            }
        }
        GdbServerTarget t = new GdbServerTarget(this, registry.freeName(GdbServerTarget.defaultName(host, port)), host, port);
        targets.add(t);
        register(new TargetDefinition.GdbServer(t.displayName(), host, port));
        fireChanged(null);
        return t;
    }

    /** Removes a gdbserver target (the caller holds its rule). */
    public void remove(GdbServerTarget t) {
        t.disconnect();
        targets.remove(t);
        unregister(t.displayName());
        fireChanged(null);
    }

    /** Looks for ST-Link probes (USB I/O: call from a job). Probes that left are removed unless connected. */
    public void refreshProbes() {
        ProbeDiscovery d = discovery();
        DiscoveryReport report = d.discover();
        usbProblem = report.usbProblem() == null ? "" : report.usbProblem();
        List<ProbeTarget> present = new ArrayList<>();
        for (DiscoveredProbe p : report.probes()) {
            String id = "stlink:" + (p.serial() == null ? p.location() : p.serial());
            ProbeTarget existing = targets.stream().filter(t -> t.id().equals(id)).map(ProbeTarget.class::cast)
                    .findFirst().orElse(null);
            if (existing == null) {
                existing = new ProbeTarget(this, p);
                targets.add(existing);
            } else {
                existing.update(p);
            }
            present.add(existing);
        }
        targets.removeIf(t -> t instanceof ProbeTarget pt && !present.contains(pt) && !pt.isConnected());
        fireChanged(null);
    }

    /**
     * An ST-Link found on USB, as a launch's probe picker offers it.
     *
     * @param serial what a launch or {@code --probe} names it by (its serial, else its USB location)
     * @param label what the user reads ("ST-LINK/V3 0038FF... ", with its state when it is not ready)
     */
    public record ConnectedProbe(String serial, String label) {
    }

    /** The ST-Link probes the last {@link #refreshProbes()} found on USB. */
    public List<ConnectedProbe> connectedProbes() {
        return targets.stream().filter(ProbeTarget.class::isInstance).map(ProbeTarget.class::cast)
                .map(p -> new ConnectedProbe(p.probe().serial() == null ? p.probe().location() : p.probe().serial(),
                        p.displayName()))
                .toList();
    }

    /** Opens a probe or gdbserver target's transport (inside a job holding its rule). */
    DebugTarget openTransport(TargetAddress address) throws TargetException {
        try {
            // the transport is all the IDE keeps: closing it (disconnect) is closing the open target
            return opener.open(address, ConnectOptions.of("Flashbank IDE").withNotices(this::notice)).target();
        } catch (TargetOpenException e) {
            throw e.getCause() instanceof TargetException t ? t : new TargetException(e.getMessage(), e);
        }
    }

    private ProbeDiscovery discovery() {
        ProbeDiscovery d = discovery;
        if (d == null) {
            d = ProbeDiscovery.system();
            discovery = d;
        }
        return d;
    }

    /** Listens for one-line notices (waiting for a board another program holds, a board reloaded). */
    public void addNoticeListener(Consumer<String> l) {
        noticeListeners.add(l);
    }

    void notice(String line) {
        for (Consumer<String> l : noticeListeners) {
            l.accept(line);
        }
    }

    public void addListener(Consumer<FlashbankTarget> l) {
        listeners.add(l);
    }

    public void removeListener(Consumer<FlashbankTarget> l) {
        listeners.remove(l);
    }

    /** {@code target} null = the list itself changed. */
    void fireChanged(FlashbankTarget target) {
        for (Consumer<FlashbankTarget> l : listeners) {
            l.accept(target);
        }
    }

    /** Disconnects everything and releases USB (workbench shutdown). */
    public void shutdown() {
        for (FlashbankTarget t : targets) {
            t.disconnect();
        }
        ProbeDiscovery d = discovery;
        discovery = null;
        if (d != null) {
            d.close();
        }
    }
}
