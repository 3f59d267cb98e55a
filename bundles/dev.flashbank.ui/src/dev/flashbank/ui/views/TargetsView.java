package dev.flashbank.ui.views;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;
import org.eclipse.ui.plugin.AbstractUIPlugin;

import dev.flashbank.core.Flashbank;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.ui.FlashbankUiPlugin;
import dev.flashbank.ui.console.FlashbankConsole;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.FlashbankTarget;
import dev.flashbank.ui.model.GdbServerTarget;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.model.TargetManager;

/**
 * Targets view: ST-Link probes and simulated boards (create, reset, power-cycle, run and halt the firmware, show its
 * console, delete), connect/disconnect, the connected part's identity and bank state, and the doctor. Every target
 * operation is a {@link TargetJob} holding the target's rule; the list shows what a busy target is doing.
 */
public final class TargetsView extends ViewPart {

    public static final String ID = "dev.flashbank.ui.views.targets";

    /** The State column's narrowest width ("not connected" and its padding). */
    private static final int STATE_MIN_WIDTH = 100;

    private TableViewer viewer;
    private org.eclipse.swt.widgets.TableColumn names;
    private Label header;
    private Text details;
    private TargetManager manager;
    private final Consumer<FlashbankTarget> listener = t -> refreshAsync();
    private final ConcurrentHashMap<String, DoctorReport> doctorReports = new ConcurrentHashMap<>();

    @Override
    public void createPartControl(Composite parent) {
        dev.flashbank.ui.help.HelpContexts.bind(parent, dev.flashbank.ui.help.HelpContexts.TARGETS_VIEW);
        parent.setLayout(new GridLayout(1, false));
        header = new Label(parent, SWT.WRAP);
        header.setText(Flashbank.NAME + " " + Flashbank.VERSION + " \u2014 targets");
        header.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        viewer = new TableViewer(sash, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER);
        viewer.getTable().setHeaderVisible(true);
        names = TargetNames.install(viewer).getColumn(); // names cut in the middle where needed, tooltip
        column("State", STATE_MIN_WIDTH, TargetsView::state); // widened to its text, then to the rest of the table
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        details = new Text(sash, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL | SWT.BORDER);
        sash.setWeights(55, 45);
        viewer.addSelectionChangedListener(e -> showDetails());
        // double-click or Enter on a target: its Option Bytes editor (which connects it to read the options)
        viewer.addDoubleClickListener(e -> openOptionBytes());
        getSite().setSelectionProvider(viewer);
        contributeActions();

        manager = FlashbankUiPlugin.getDefault().targets();
        manager.addListener(listener);
        viewer.setInput(manager.targets());
        Job load = Job.create("Loading Flashbank targets", (IProgressMonitor m) -> {
            manager.load();
            manager.loadProblems().forEach(p -> FlashbankConsole.get().log("\u2718 " + p));
            refreshAsync();
            selectFirstAsync();
            return Status.OK_STATUS;
        });
        familyOf(load);
        load.schedule();
        Job probes = Job.create("Looking for ST-Link probes", (IProgressMonitor m) -> {
            try {
                manager.refreshProbes();
            } catch (RuntimeException | LinkageError e) {
                FlashbankConsole.get().log("\u2718 ST-Link discovery unavailable: " + e);
            }
            return Status.OK_STATUS;
        });
        familyOf(probes);
        probes.schedule();
    }

    /** Jobs that are not target jobs still join the Flashbank family (for waiting and cancel-on-close). */
    private void familyOf(Job job) {
        job.setSystem(true);
        jobsOfThisView.add(job);
    }

    private final List<Job> jobsOfThisView = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Waits for the view's own loading jobs (tests; never called on the UI thread by the view itself). */
    public void joinLoading() throws InterruptedException {
        for (Job j : jobsOfThisView) {
            j.join();
        }
    }

    private void column(String title, int width, java.util.function.Function<FlashbankTarget, String> text) {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.getColumn().setData(TargetNames.MIN_WIDTH_KEY, width); // TargetNames.fit widens it to its texts
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((FlashbankTarget) element);
            }
        });
    }

    /**
     * The State column: short, so that it shows whole beside the names in a default-width view ("connected, single
     * bank"); the part and the last problem are in {@link #stateInFull}, on the status line and in the details pane.
     */
    static String state(FlashbankTarget t) {
        return state(t, false);
    }

    /** The state with the connected part's name and the last problem ("connected: <i>part name</i>, single bank"). */
    static String stateInFull(FlashbankTarget t) {
        return state(t, true);
    }

    private static String state(FlashbankTarget t, boolean full) {
        if (t.busy() != null) {
            return "busy: " + t.busy(); // the job's name: a few words
        }
        if (t.problem() != null && !t.isConnected()) {
            return full ? "failed: " + t.problem() : "failed (see details)";
        }
        return t.connection().map(c -> "connected" + (full ? ": " + c.identity().device().name() : "") + ", "
                + c.identity().bankMode().name().toLowerCase() + " bank").orElse("not connected");
    }

    private void showDetails() {
        Optional<FlashbankTarget> sel = selected();
        // the whole state of the chosen target where the State column has no room for it (a job's error, shown with
        // setErrorMessage, takes precedence over this message until the next job succeeds)
        getViewSite().getActionBars().getStatusLineManager().setMessage(
                sel.map(t -> t.displayName() + ": " + stateInFull(t)).orElse(null));
        if (sel.isEmpty()) {
            details.setText(manager.targets().isEmpty() ? "No targets." : "Select a target.");
            return;
        }
        FlashbankTarget t = sel.get();
        StringBuilder b = new StringBuilder(t.displayName()).append('\n').append(t.details()).append('\n');
        if (t.busy() != null) {
            b.append("BUSY: ").append(t.busy()).append('\n');
        }
        if (t.problem() != null) {
            b.append("Last problem: ").append(t.problem()).append('\n');
        }
        t.connection().ifPresent(c -> {
            TargetIdentity id = c.identity();
            b.append('\n').append(id.summary()).append('\n');
            FlashGeometry g = id.geometry();
            // the mapping bit in the family's words (active low on some lines); the boot address only where the
            // part reports having used its second one
            b.append(String.format("Flash: %d KiB, %s bank, %s; banks %s (%s at 0x%08X), %s%s%n",
                    id.flashSizeKiB(), g.mode().name().toLowerCase(), g.eraseUnit().count(g.sectors().size()),
                    id.swpFb() ? "swapped" : "not swapped",
                    g.bankCount() == 2 ? "physical bank " + (id.swpFb() ? 2 : 1) : "single bank",
                    g.linkWindow().base(), dev.flashbank.core.family.BootMapping.label(id.mappingLabel(), id.swpFb()),
                    id.memBoot() ? "; last boot used BOOT_ADD1" : ""));
            b.append("RDP: ").append(dev.flashbank.core.device.RdpLevel.text(id.options().rdp())).append('\n');
        });
        DoctorReport r = doctorReports.get(t.id());
        if (r != null) {
            b.append('\n').append(r.render());
        }
        details.setText(b.toString());
    }

    private void refreshAsync() {
        Display d = viewer == null || viewer.getControl().isDisposed() ? null : viewer.getControl().getDisplay();
        if (d == null) {
            return;
        }
        d.asyncExec(() -> {
            if (viewer.getControl().isDisposed()) {
                return;
            }
            List<FlashbankTarget> now = manager.targets();
            if (now.equals(viewer.getInput())) {
                viewer.refresh(true); // same targets: update the labels, keep the selection untouched
            } else {
                viewer.setInput(now);
            }
            TargetNames.fit(viewer.getTable(), names); // a new state is laid out whole as it shows
            showDetails();
        });
    }

    private void selectFirstAsync() {
        Display d = viewer.getControl().getDisplay();
        d.asyncExec(() -> {
            if (!viewer.getControl().isDisposed() && viewer.getSelection().isEmpty() && !manager.targets().isEmpty()) {
                viewer.setSelection(new StructuredSelection(manager.targets().get(0)), true);
            }
        });
    }

    public Optional<FlashbankTarget> selected() {
        IStructuredSelection s = viewer.getStructuredSelection();
        return s.getFirstElement() instanceof FlashbankTarget t ? Optional.of(t) : Optional.empty();
    }

    public void select(FlashbankTarget t) {
        viewer.setSelection(new StructuredSelection(t), true);
    }

    // ------------------------------------------------------------------ operations (each one job)

    public TargetJob connect(FlashbankTarget t) {
        return schedule(new TargetJob("Connecting", t, this, false) {
            @Override
            protected String work(IProgressMonitor monitor) throws dev.flashbank.core.target.TargetException {
                return t.connect().identity().summary();
            }
        });
    }

    public TargetJob disconnect(FlashbankTarget t) {
        return schedule(new TargetJob("Disconnecting", t, this, false) {
            @Override
            protected String work(IProgressMonitor monitor) {
                t.disconnect();
                return "disconnected";
            }
        });
    }

    public TargetJob reset(SimulatedTarget t) {
        return schedule(new TargetJob("Resetting (NRST)", t, this) {
            @Override
            protected String work(IProgressMonitor monitor) throws dev.flashbank.core.target.TargetException {
                t.reset();
                return t.board().lastBootReport().summary();
            }
        });
    }

    /** The firmware runs of simulated boards, by target, while they run (Halt cancels one). */
    private final java.util.Map<FlashbankTarget, TargetJob> runs = new java.util.concurrent.ConcurrentHashMap<>();
    /** Enables Run / Halt firmware for the chosen target (UI thread). */
    private Runnable updateRunActions = () -> {
    };

    /**
     * Runs the board's firmware in virtual time, paced to the wall clock, until Halt (or until the core stops by
     * itself); the firmware's console output goes to the Flashbank console line by line. The job holds the board the
     * whole time: one writer per board, so a command or launch on it waits until the firmware is halted.
     */
    public TargetJob runFirmware(SimulatedTarget t) {
        TargetJob job = new TargetJob("Running firmware", t, this) {
            @Override
            protected String work(IProgressMonitor monitor) throws dev.flashbank.core.target.TargetException {
                StringBuilder partial = new StringBuilder();
                dev.flashbank.sim.FirmwareRun r = t.runFirmware(monitor::isCanceled, text -> {
                    partial.append(text);
                    for (int nl; (nl = partial.indexOf("\n")) >= 0; partial.delete(0, nl + 1)) {
                        FlashbankConsole.get().log(t.displayName() + " console: " + partial.substring(0, nl)
                                .replace("\r", ""));
                    }
                });
                if (!partial.isEmpty()) {
                    FlashbankConsole.get().log(t.displayName() + " console: " + partial);
                }
                return r.summary();
            }
        };
        runs.put(t, job);
        job.addJobChangeListener(new org.eclipse.core.runtime.jobs.JobChangeAdapter() {
            @Override
            public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
                runs.remove(t, job);
                refreshAsync();
                if (viewer != null && !viewer.getControl().isDisposed()) {
                    viewer.getControl().getDisplay().asyncExec(() -> {
                        if (!viewer.getControl().isDisposed()) {
                            updateRunActions.run();
                        }
                    });
                }
            }
        });
        refreshAsync();
        return schedule(job);
    }

    /** Halts a firmware run the Targets view started (the run halts the core between two instructions). */
    public void haltFirmware(FlashbankTarget t) {
        TargetJob job = runs.get(t);
        if (job != null) {
            job.cancel();
        }
    }

    /** True while the Targets view runs the firmware of {@code t}. */
    public boolean isRunningFirmware(FlashbankTarget t) {
        return runs.containsKey(t);
    }

    /**
     * Writes the board's console - what its firmware wrote since power-on, as {@code flashbank board run} and Run
     * firmware left it in the board's file - to the Flashbank console, line by line as a run shows it, without
     * running anything (the job takes the board's turn: a file another program wrote is reloaded first).
     */
    public TargetJob showConsole(SimulatedTarget t) {
        return schedule(new TargetJob("Showing the console", t, this, false) {
            @Override
            protected String work(IProgressMonitor monitor) {
                String text = t.console();
                if (text.isEmpty()) {
                    return "empty: the firmware wrote nothing since power-on";
                }
                String[] lines = text.split("\n", -1);
                int n = 0;
                for (int i = 0; i < lines.length; i++) {
                    if (i < lines.length - 1 || !lines[i].isEmpty()) {
                        FlashbankConsole.get().log(t.displayName() + " console: " + lines[i].replace("\r", ""));
                        n++;
                    }
                }
                return n + " line(s) the firmware wrote since power-on (kept in " + t.stateFile().getFileName() + ")";
            }
        });
    }

    public TargetJob powerCycle(SimulatedTarget t) {
        return schedule(new TargetJob("Power cycling", t, this) {
            @Override
            protected String work(IProgressMonitor monitor) throws dev.flashbank.core.target.TargetException {
                t.powerCycle();
                return t.board().lastBootReport().summary();
            }
        });
    }

    public TargetJob delete(SimulatedTarget t) {
        return schedule(new TargetJob("Deleting simulated board", t, this) {
            @Override
            protected String work(IProgressMonitor monitor) throws dev.flashbank.core.target.TargetException {
                try {
                    TargetsView.this.manager.delete(t);
                    dev.flashbank.ui.problems.DoctorMarkers.removeFor(t); // its problems left with it
                } catch (java.io.IOException e) {
                    throw new dev.flashbank.core.target.TargetException("could not delete " + t.stateFile(), e);
                } catch (org.eclipse.core.runtime.CoreException e) {
                    throw new dev.flashbank.core.target.TargetException("deleted " + t.stateFile()
                            + ", but its doctor problems could not be removed from the Problems view: "
                            + e.getStatus().getMessage(), e);
                }
                return "deleted " + t.stateFile();
            }
        });
    }

    /** Runs the doctor on a connected target; the report goes to the console and the details pane. */
    public DoctorJob doctor(FlashbankTarget t) {
        DoctorJob j = new DoctorJob(t);
        schedule(j);
        return j;
    }

    /** The doctor as a job; {@link #report()} after it finished. */
    public final class DoctorJob extends TargetJob {
        private volatile DoctorReport report;

        DoctorJob(FlashbankTarget t) {
            super("Doctor", t, TargetsView.this, false); // the doctor only reads
        }

        @Override
        protected String work(IProgressMonitor monitor) throws dev.flashbank.core.target.TargetException {
            FlashbankTarget.Connection c = target.connect();
            report = new Doctor(dev.flashbank.families.InstalledFamilies.families()).examine(c.target(), List.of());
            doctorReports.put(target.id(), report);
            dev.flashbank.ui.problems.DoctorMarkers.publish(target, report); // its problems in the Problems view
            FlashbankConsole.get().log(report.render());
            refreshAsync();
            return "worst finding: " + report.worst();
        }

        public DoctorReport report() {
            return report;
        }
    }

    /** Adds a gdbserver target from "host:port" (see {@link GdbServerTarget#validate}); connect it like any target. */
    public GdbServerTarget addGdbServer(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        GdbServerTarget t = manager.addGdbServer(hostPort.substring(0, colon).trim(),
                Integer.parseInt(hostPort.substring(colon + 1).trim()));
        FlashbankConsole.get().log("added " + t.displayName());
        return t;
    }

    /**
     * Renames a simulated board or gdbserver target in the workspace's target registry (launches that chose the old
     * name then ask for a target again).
     */
    public void rename(FlashbankTarget t, String newName) {
        String old = t.displayName();
        manager.rename(t, newName);
        FlashbankConsole.get().log("renamed '" + old + "' to '" + t.displayName() + "' (" + manager.registryFile() + ")");
    }

    /** Creates a simulated board (file I/O in a job). */
    public Job createBoard(String partName) {
        return createBoard(partName, dev.flashbank.sim.BoardOptions.defaults());
    }

    /** Creates a simulated board with {@code options} (bank mode, supply: {@link NewBoardDialog}). */
    public Job createBoard(String partName, dev.flashbank.sim.BoardOptions options) {
        Job j = Job.create("Creating simulated " + partName, (IProgressMonitor m) -> {
            try {
                SimulatedTarget t = manager.createBoard(partName, options);
                FlashbankConsole.get().log("\u2714 created " + t.displayName() + " (" + t.stateFile() + ")");
            } catch (dev.flashbank.sim.BoardConfigurationException | dev.flashbank.sim.state.BoardStateException e) {
                FlashbankConsole.get().log("\u2718 cannot create simulated " + partName + ": " + e.getMessage());
                return Status.info(e.getMessage());
            }
            return Status.OK_STATUS;
        });
        jobsOfThisView.add(j);
        j.schedule();
        return j;
    }

    private <J extends TargetJob> J schedule(J job) {
        job.schedule();
        return job;
    }

    // ------------------------------------------------------------------ actions

    /**
     * Example order codes for "New simulated board": the parts of every installed family that has a simulator (its
     * lines' part names with the pin-count/flash-size letters of the largest variant), so a new family shows up here
     * without an edit in the UI.
     */
    public static String simulatedPartExamples() {
        var simulated = dev.flashbank.families.InstalledFamilies.simulated();
        List<String> examples = new java.util.ArrayList<>();
        for (var provider : dev.flashbank.families.InstalledFamilies.all()) {
            lines: for (var line : provider.descriptors()) {
                for (String part : line.partNames()) {
                    for (String code : List.of(part + "ZI", part + "ZG", part + "ZE")) {
                        var pn = dev.flashbank.core.device.PartNumber.parse(code);
                        if (pn.isPresent() && line.offers(part, pn.get().flashSizeKiB())
                                && simulated.forPart(code).isPresent()) {
                            examples.add(code);
                            continue lines; // one example per line keeps the prompt short
                        }
                    }
                }
            }
        }
        return examples.isEmpty() ? "e.g. " + simulated.defaultPart().orElse("")
                : "e.g. " + String.join(", ", examples);
    }

    private void contributeActions() {
        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        Action newBoard = action("New simulated board\u2026", images.getImageDescriptor(ISharedImages.IMG_OBJ_ADD), () -> {
            NewBoardDialog d = new NewBoardDialog(getSite().getShell());
            if (d.open() == Window.OK) {
                d.choice().ifPresent(c -> createBoard(c.part(), c.options()));
            }
        });
        Action connect = action("Connect", AbstractUIPlugin.imageDescriptorFromPlugin(FlashbankUiPlugin.PLUGIN_ID,
                "icons/flashbank.png"), () -> selected().ifPresent(this::connect));
        Action disconnect = action("Disconnect", images.getImageDescriptor(ISharedImages.IMG_ELCL_STOP),
                () -> selected().ifPresent(this::disconnect));
        ConnectActions.bind(viewer, this::selected, connect, disconnect); // own icon, off while connected
        Action reset = action("Reset (NRST)", null, () -> selected().filter(SimulatedTarget.class::isInstance)
                .ifPresent(t -> reset((SimulatedTarget) t)));
        Action power = action("Power cycle", null, () -> selected().filter(SimulatedTarget.class::isInstance)
                .ifPresent(t -> powerCycle((SimulatedTarget) t)));
        Action runFirmware = action("Run firmware", AbstractUIPlugin.imageDescriptorFromPlugin(
                FlashbankUiPlugin.PLUGIN_ID, "icons/run-firmware.png"), () -> selected()
                        .filter(SimulatedTarget.class::isInstance).filter(t -> !isRunningFirmware(t))
                        .ifPresent(t -> runFirmware((SimulatedTarget) t)));
        Action haltFirmware = action("Halt firmware", AbstractUIPlugin.imageDescriptorFromPlugin(
                FlashbankUiPlugin.PLUGIN_ID, "icons/halt-firmware.png"), () -> selected().ifPresent(this::haltFirmware));
        Action showConsole = action("Show console", AbstractUIPlugin.imageDescriptorFromPlugin("org.eclipse.ui.console",
                "icons/full/eview16/console_view.png"), () -> selected()
                .filter(SimulatedTarget.class::isInstance).filter(t -> !isRunningFirmware(t)).ifPresent(t -> {
                    FlashbankConsole.get().show();
                    showConsole((SimulatedTarget) t);
                }));
        // Run: a simulated board nobody is using; Halt: while this view runs its firmware
        updateRunActions = () -> {
            Optional<FlashbankTarget> t = selected();
            runFirmware.setEnabled(t.filter(SimulatedTarget.class::isInstance).map(x -> x.busy() == null)
                    .orElse(false));
            haltFirmware.setEnabled(t.map(this::isRunningFirmware).orElse(false));
            // while the firmware runs its console goes to the Flashbank console as it comes
            showConsole.setEnabled(t.filter(SimulatedTarget.class::isInstance).map(x -> !isRunningFirmware(x))
                    .orElse(false));
        };
        ConnectActions.follow(viewer, updateRunActions);
        Action delete = action("Delete simulated board", images.getImageDescriptor(ISharedImages.IMG_ETOOL_DELETE),
                () -> selected().filter(SimulatedTarget.class::isInstance).ifPresent(t -> {
                    if (MessageDialog.openConfirm(getSite().getShell(), "Delete simulated board",
                            "Delete " + t.displayName() + " and its state file?")) {
                        delete((SimulatedTarget) t);
                    }
                }));
        Action rename = action("Rename\u2026", null, () -> selected().ifPresent(t -> {
            InputDialog d = new InputDialog(getSite().getShell(), "Rename target",
                    "Name of " + t.displayName() + " (launches and 'flashbank --target NAME' use it):", t.displayName(),
                    n -> manager.renameProblem(t, n));
            if (d.open() == Window.OK) {
                rename(t, d.getValue());
            }
        }));
        Action gdb = action("Add GDB server target\u2026", images.getImageDescriptor(ISharedImages.IMG_OBJ_ADD), () -> {
            InputDialog d = new InputDialog(getSite().getShell(), "Add GDB server target",
                    "host:port of a running gdbserver (OpenOCD, pyOCD, ST-LINK_gdbserver, J-Link, QEMU):",
                    "127.0.0.1:3333", GdbServerTarget::validate);
            if (d.open() == Window.OK) {
                addGdbServer(d.getValue().trim());
            }
        });
        Action doctor = action("Doctor", images.getImageDescriptor(ISharedImages.IMG_OBJS_INFO_TSK),
                () -> selected().ifPresent(this::doctor));
        Action probes = action("Look for ST-Link probes", images.getImageDescriptor(ISharedImages.IMG_ELCL_SYNCED), () -> {
            Job j = Job.create("Looking for ST-Link probes", (IProgressMonitor m) -> {
                manager.refreshProbes();
                if (!manager.usbProblem().isEmpty()) {
                    FlashbankConsole.get().log("USB: " + manager.usbProblem());
                }
                return Status.OK_STATUS;
            });
            j.schedule();
        });
        IToolBarManager tb = getViewSite().getActionBars().getToolBarManager();
        for (Action a : List.of(newBoard, connect, disconnect, runFirmware, haltFirmware, showConsole, doctor, delete,
                probes)) {
            tb.add(a);
        }
        IMenuManager menu = getViewSite().getActionBars().getMenuManager();
        MenuManager context = new MenuManager();
        Action openOptionBytes = action("Open Option Bytes", null, this::openOptionBytes);
        for (IMenuManager m : List.of(menu, context)) {
            m.add(openOptionBytes);
            m.add(connect);
            m.add(disconnect);
            m.add(new Separator());
            m.add(runFirmware);
            m.add(haltFirmware);
            m.add(showConsole);
            m.add(reset);
            m.add(power);
            m.add(doctor);
            m.add(new Separator());
            m.add(newBoard);
            m.add(gdb);
            m.add(rename);
            m.add(delete);
            m.add(probes);
        }
        viewer.getControl().setMenu(context.createContextMenu(viewer.getControl()));
    }

    private static Action action(String text, ImageDescriptor icon, Runnable r) {
        Action a = new Action(text) {
            @Override
            public void run() {
                r.run();
            }
        };
        a.setToolTipText(text);
        if (icon != null) {
            a.setImageDescriptor(icon);
        }
        return a;
    }

    /**
     * Opens the selected target's Option Bytes editor through the workbench command (its handler is the editor's,
     * in ui.options; the views do not call the editor, so the packages form no cycle).
     */
    private void openOptionBytes() {
        try {
            getSite().getService(org.eclipse.ui.handlers.IHandlerService.class)
                    .executeCommand("dev.flashbank.ui.options.open", null);
        } catch (org.eclipse.core.commands.common.CommandException e) {
            FlashbankConsole.get().log("\u2718 Open Option Bytes: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ test access

    /** Lines shown in the view ("name | state"), for tests. */
    public List<String> rows() {
        return Arrays.stream(viewer.getTable().getItems()).map(i -> i.getText(0) + " | " + i.getText(1)).toList();
    }

    public String headerText() {
        return header.getText();
    }

    public String detailsText() {
        return details.getText();
    }

    public TargetManager manager() {
        return manager;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        manager.removeListener(listener);
        // closing the view cancels what it started; the jobs stop at their next safe point
        Job.getJobManager().cancel(this);
        for (Job j : jobsOfThisView) {
            j.cancel();
        }
        super.dispose();
    }
}
