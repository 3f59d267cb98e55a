package dev.flashbank.ui.banks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IMemoryBlockManager;
import org.eclipse.debug.core.model.IMemoryBlock;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.contexts.AbstractDebugContextProvider;
import org.eclipse.debug.ui.contexts.DebugContextEvent;
import org.eclipse.debug.ui.memory.IMemoryRendering;
import org.eclipse.debug.ui.memory.IMemoryRenderingContainer;
import org.eclipse.debug.ui.memory.IMemoryRenderingSite;
import org.eclipse.debug.ui.memory.IMemoryRenderingType;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.ui.IViewPart;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.IJobChangeListener;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;

import dev.flashbank.core.banks.BankComparison;
import dev.flashbank.core.banks.BankSource;
import dev.flashbank.core.banks.BytePattern;
import dev.flashbank.core.banks.CachedBankReader;
import dev.flashbank.core.banks.ImageSummary;
import dev.flashbank.core.banks.SectorState;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.doctor.EraseCheck;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.image.ElfReader;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageException;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.image.ImageWriter;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.ops.BackupFailedException;
import dev.flashbank.core.ops.BankSwitch;
import dev.flashbank.core.ops.BankSwitchOperation;
import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.core.ops.OptionBytesWrite;
import dev.flashbank.core.ops.OptionProfile;
import dev.flashbank.core.ops.OptionProfileFile;
import dev.flashbank.ui.options.OptionReviewDialog;
import dev.flashbank.ui.options.OptionTwinPreview;
import dev.flashbank.core.ops.BankSurvey;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.EraseOperation;
import dev.flashbank.core.ops.EraseRequest;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationException;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.OperationResult;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.ops.RollbackOperation;
import dev.flashbank.core.ops.RunningBankGuard;
import dev.flashbank.core.ops.SwapOperation;
import dev.flashbank.core.ops.TargetOperation;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.ui.FlashbankUiPlugin;
import dev.flashbank.ui.jobs.MonitorProgress;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.FlashbankTarget;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.model.TargetManager;
import dev.flashbank.ui.views.TargetsView;

/**
 * The bank browser (issue 8): for the target selected in the Targets view, a strip per PHYSICAL bank drawn to scale
 * with its sectors, where each bank is mapped now (0x0800_0000 / 0x0810_0000 AXIM and the ITCM window, SWP_FB, §1.7)
 * and which bank runs and boots next and why ({@link BankSurvey}); a hex/ASCII view of either physical bank or either
 * window, read lazily per sector ({@link CachedBankReader}, invalidated after every other Flashbank job on the target);
 * the comparison of the two banks as ranges; and the actions erase sector / bank, program the inactive bank, swap and
 * rollback - all as {@link TargetJob}s through the core operations, holding the target's scheduling rule.
 */
public final class BankBrowserView extends ViewPart {

    public static final String ID = "dev.flashbank.ui.views.banks";

    /**
     * What the hex view shows: a physical bank, or the flash as the CPU sees it through the geometry's first window
     * (AXIM on F7, the one window at 0x0800_0000 elsewhere) or second window (ITCM on F7; none on most families). The
     * window entries are named after the connected part's windows once it is read.
     */
    public enum Source {
        BANK_1("Physical bank 1"), BANK_2("Physical bank 2"),
        AXIM("First flash window"),
        ITCM("Second flash window");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private Composite root;
    private Label headline;
    private BankStrip strip;
    private Combo sourceCombo;
    private Combo schemeCombo;
    /** The connected part's A/B schemes, in the combo's order (its family's; empty before a survey). */
    private List<SwitchScheme> schemes = List.of();
    private Text gotoText;
    private Text findText;
    private HexViewer hex;
    private Label hexStatus;
    private Label summaries;
    private Label diffSummary;
    private Table diffTable;
    private Group diffGroup;
    private final List<TableColumn> diffColumns = new ArrayList<>();
    /** A bank compared with a firmware file, shown instead of bank 1 vs bank 2 until the next read. */
    private FileComparison fileComparison;

    /** @param fileBase the file address that lines up with offset 0 of the bank */
    private record FileComparison(int bank, long fileBase, BankComparison comparison) {
    }
    private final List<Button> actions = new ArrayList<>();

    private TargetManager manager;
    private FlashbankTarget target;
    private CachedBankReader reader;
    private volatile BankSnapshot snapshot;
    private Source source = Source.BANK_1;
    private volatile boolean loading;
    /** The shown data may be out of date (another job wrote, or the target changed while the view was hidden). */
    private boolean stale;
    /** UI thread: the target was connected at its last change event (reads start on the transition only). */
    private boolean shownConnected;
    private final IPartListener2 visibility = new IPartListener2() {
        @Override
        public void partVisible(IWorkbenchPartReference ref) {
            if (ref.getPart(false) == BankBrowserView.this) {
                refreshIfVisible();
            }
        }
    };
    private volatile String lastMessage = "";
    private final Consumer<FlashbankTarget> managerListener = this::targetChanged;
    private final ISelectionListener selectionListener = this::selectionChanged;


    /** Any other Flashbank job on the shown target may have written: drop the cache and re-read. */
    private final IJobChangeListener writeListener = new JobChangeAdapter() {
        @Override
        public void done(IJobChangeEvent event) {
            // jobs that only read (TargetJob.writesTarget() false) neither change the flash nor trigger a re-read:
            // otherwise this view and the Option Bytes editor, which re-reads on target events, would wake each other
            if (event.getJob() instanceof TargetJob j && !j.belongsTo(BankBrowserView.this) && j.target() == target
                    && j.writesTarget()) {
                CachedBankReader r = reader;
                if (r != null) {
                    r.invalidate(); // at once, before a read queued behind the write can use stale sectors
                }
                invalidateMemoryBlocks(j.target());
                ui(() -> {
                    stale = true;
                    refreshIfVisible();
                });
            }
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(1, false));
        headline = new Label(root, SWT.WRAP);
        headline.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        headline.setText("Select a target in the Targets view.");
        strip = new BankStrip(root);
        GridData sd = new GridData(SWT.FILL, SWT.TOP, true, false);
        sd.heightHint = strip.computeSize(SWT.DEFAULT, SWT.DEFAULT).y;
        strip.setLayoutData(sd);
        strip.addSelectionListener(s -> status("Selected " + s + "."));

        Composite act = row(root, 9);
        action(act, "Refresh", () -> refresh());
        action(act, "Erase sector\u2026", () -> eraseSelectedSector());
        action(act, "Erase bank\u2026", () -> eraseBankInteractive());
        action(act, "Program inactive bank\u2026", () -> programInteractive());
        action(act, "Swap", () -> reviewSwitch("Swap", (ctx, x) -> new SwapOperation(ctx, x, true)));
        action(act, "Rollback", () -> reviewSwitch("Rollback", (ctx, x) -> new RollbackOperation(ctx, x, true)));
        button(act, "Memory view", () -> showInMemoryView());
        new Label(act, SWT.NONE).setText("Switch scheme:");
        schemeCombo = new Combo(act, SWT.READ_ONLY); // filled with the part's schemes by each snapshot

        summaries = new Label(root, SWT.WRAP);
        summaries.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));

        Composite nav = row(root, 9);
        sourceCombo = new Combo(nav, SWT.READ_ONLY);
        for (Source s : Source.values()) {
            sourceCombo.add(s.label());
        }
        sourceCombo.select(0);
        sourceCombo.addListener(SWT.Selection, e -> showSource(Source.values()[sourceCombo.getSelectionIndex()]));
        new Label(nav, SWT.NONE).setText("Go to:");
        gotoText = new Text(nav, SWT.BORDER);
        gotoText.setLayoutData(new GridData(110, SWT.DEFAULT));
        gotoText.setMessage("0x08000100"); // every STM32 links its flash image at 0x0800_0000
        gotoText.setToolTipText("An address, an offset into a bank, or a symbol of the last ELF file opened here");
        gotoText.addListener(SWT.DefaultSelection, e -> goTo(gotoText.getText()));
        new Label(nav, SWT.NONE).setText("Find:");
        findText = new Text(nav, SWT.BORDER);
        findText.setLayoutData(new GridData(140, SWT.DEFAULT));
        findText.setMessage("DE AD BE EF or \"text\"");
        findText.addListener(SWT.DefaultSelection, e -> find(findText.getText()));
        button(nav, "Find next", () -> find(findText.getText()));
        button(nav, "Export selection\u2026", this::exportInteractive);
        button(nav, "Compare with file\u2026", this::compareInteractive);
        hexStatus = new Label(root, SWT.NONE); // own line: outcomes of go to / find / export / jobs are long
        hexStatus.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        SashForm sash = new SashForm(root, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        hex = new HexViewer(sash);
        Group diff = new Group(sash, SWT.NONE);
        diffGroup = diff;
        diff.setText("Compare physical bank 1 \u2194 bank 2");
        diff.setLayout(new GridLayout(1, false));
        diffSummary = new Label(diff, SWT.WRAP);
        diffSummary.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        diffTable = new Table(diff, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
        diffTable.setHeaderVisible(true);
        diffTable.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        for (String c : List.of("Bank offset", "Bytes", "Bank 1 at", "Bank 2 at")) {
            TableColumn tc = new TableColumn(diffTable, SWT.LEFT);
            tc.setText(c);
            tc.setWidth(c.equals("Bytes") ? 50 : 100);
            diffColumns.add(tc);
        }
        diffTable.addListener(SWT.Selection, e -> {
            int i = diffTable.getSelectionIndex();
            BankSnapshot s = snapshot;
            if (i >= 0 && s != null && shownComparison(s).isPresent()) {
                AddressRange r = shownComparison(s).get().ranges().get(i);
                if (fileComparison != null) {
                    showSource(fileComparison.bank() == 1 ? Source.BANK_1 : Source.BANK_2);
                } else if (source != Source.BANK_1 && source != Source.BANK_2) {
                    showSource(Source.BANK_1);
                }
                hex.reveal(r.start(), (int) r.size());
            }
        });
        sash.setWeights(58, 42);

        manager = FlashbankUiPlugin.getDefault().targets();
        manager.addListener(managerListener);
        Job.getJobManager().addJobChangeListener(writeListener);
        getSite().getPage().addSelectionListener(TargetsView.ID, selectionListener);
        getSite().getPage().addPartListener(visibility);
        IWorkbenchPart tv = getSite().getPage().findView(TargetsView.ID);
        if (tv != null && tv.getSite().getSelectionProvider() != null) {
            selectionChanged(tv, tv.getSite().getSelectionProvider().getSelection());
        }
    }

    private static Composite row(Composite parent, int columns) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayout l = new GridLayout(columns, false);
        l.marginWidth = 0;
        l.marginHeight = 0;
        c.setLayout(l);
        c.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return c;
    }

    private Button button(Composite parent, String text, Runnable r) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.addListener(SWT.Selection, e -> r.run());
        return b;
    }

    private void action(Composite parent, String text, Runnable r) {
        actions.add(button(parent, text, r));
    }

    @Override
    public void setFocus() {
        hex.setFocus();
    }

    // ------------------------------------------------------------------ target and reading

    private void selectionChanged(IWorkbenchPart part, org.eclipse.jface.viewers.ISelection sel) {
        if (sel instanceof IStructuredSelection s && s.getFirstElement() instanceof FlashbankTarget t) {
            setTarget(t);
        }
    }

    /** Shows {@code t}; reads its banks when it is connected. */
    public void setTarget(FlashbankTarget t) {
        if (t == target) {
            return;
        }
        Job.getJobManager().cancel(this);
        target = t;
        shownConnected = t.isConnected();
        reader = null;
        snapshot = null;
        strip.setSnapshot(null);
        hex.setContent(null);
        status("");
        show();
        if (contextProvider != null) {
            contextProvider.changed();
        }
        stale = true;
        refreshIfVisible();
    }

    /**
     * Reads the banks when the data is stale, the target connected and the view on screen: a hidden browser does not
     * occupy the target (the Option Bytes editor stacked with it keeps the target to itself).
     */
    private void refreshIfVisible() {
        FlashbankTarget t = target;
        if (stale && !loading && t != null && t.isConnected() && root != null && !root.isDisposed()
                && getSite().getPage().isPartVisible(this)) {
            refresh();
        }
    }

    public FlashbankTarget target() {
        return target;
    }

    private void targetChanged(FlashbankTarget t) {
        if (t == null || t != target || root == null || root.isDisposed()) {
            return;
        }
        ui(() -> {
            if (t != target) {
                return;
            }
            updateActions(); // busy / idle / connected / disconnected
            boolean connected = t.isConnected();
            boolean connectedNow = connected && !shownConnected;
            shownConnected = connected;
            if (connectedNow) {
                // only on the transition: a failed read must not retry on its own change events
                stale = true;
                refreshIfVisible();
            } else if (!connected && snapshot != null) {
                snapshot = null;
                reader = null;
                strip.setSnapshot(null);
                hex.setContent(null);
                show();
            }
        });
    }

    /**
     * Re-reads the survey, every sector's state, the image summaries and the comparison (a job on the target). After
     * it, the cache holds both banks, so scrolling and comparing need no more target reads until the next write.
     */
    public TargetJob refresh() {
        FlashbankTarget t = target;
        if (t == null) {
            return null;
        }
        loading = true;
        stale = false;
        TargetJob j = new TargetJob("Reading flash banks", t, this, false) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException, OperationException {
                FlashbankTarget.Connection c = t.connect();
                OperationContext ctx = context(t, c);
                FlashGeometry g = ctx.geometry();
                CachedBankReader r = reader;
                if (r == null || !r.geometry().equals(g)) {
                    r = new CachedBankReader(g, BankSource.of(c.driver()));
                }
                // the bank survey needs the family's bank swapping: other families show banks, mapping, contents
                // and comparison without it (and without the A/B actions)
                boolean surveyed = ctx.driver().bankSwapping().isPresent();
                Optional<BankSurvey> survey = surveyed ? Optional.of(BankSurvey.examine(ctx)) : Optional.empty();
                boolean swapped = surveyed ? survey.get().banksSwapped() : c.driver().banksSwapped();
                dev.flashbank.core.device.RdpLevel rdp = surveyed ? survey.get().options().rdpLevel()
                        : c.driver().readOptions().rdpLevel();
                Set<Sector> writeProtected = new HashSet<>();
                Set<Sector> pcropSectors = new HashSet<>();
                // the part's family decides what is protected (F7 nWRP/PCROP, H7 WPSN/PRAR)
                ProtectionModel pa = ctx.driver().protectionModel();
                writeProtected.addAll(pa.writeProtectedSectors());
                pcropSectors.addAll(pa.pcropSectors());
                Map<Sector, SectorState> states = new HashMap<>();
                Map<Integer, ImageSummary> sums = new HashMap<>();
                Optional<BankComparison> cmp = Optional.empty();
                if (rdp == dev.flashbank.core.device.RdpLevel.LEVEL_0) {
                    monitor.beginTask("Reading", g.sectors().size());
                    for (Sector s : g.sectors()) {
                        states.put(s, r.scan(s));
                        monitor.worked(1);
                    }
                    List<AddressRange> ram = c.driver().descriptor().memoryRegions(c.driver().flashSizeKiB()).stream()
                            .filter(m -> m.kind() == MemoryRegion.Kind.RAM).map(MemoryRegion::range).toList();
                    for (Bank b : g.banks()) {
                        sums.put(b.number(), ImageSummary.of(r.readBank(b.number()), g, ram));
                    }
                    if (g.bankCount() == 2) {
                        cmp = Optional.of(BankComparison.of("physical bank 1", r.readBank(1), "physical bank 2",
                                r.readBank(2)));
                    }
                }
                BankSnapshot snap = new BankSnapshot(t.displayName(), g, survey, swapped, states, writeProtected,
                        pcropSectors, sums, cmp);
                CachedBankReader fr = r;
                ui(() -> loaded(t, fr, snap));
                return survey.isPresent() ? survey.get().summary().lines().findFirst().orElse("")
                        : snap.headline().get(0);
            }
        };
        j.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                loading = false;
                ui(() -> {
                    if (event.getResult() != null && !event.getResult().isOK()) {
                        status(j.outcome());
                    }
                    refreshIfVisible(); // a write that finished while this read ran made it stale again
                });
            }
        });
        j.schedule();
        return j;
    }

    static OperationContext context(FlashbankTarget t, FlashbankTarget.Connection c) {
        return new OperationContext(new OperationTarget(t.id(), t.displayName()), c.target(), c.driver())
                .withOptionWriteGuard(t.optionWriteGuard(c));
    }

    private void loaded(FlashbankTarget t, CachedBankReader r, BankSnapshot s) {
        if (t != target) {
            return;
        }
        reader = r;
        snapshot = s;
        loadFailed = false;
        fileComparison = null; // the bank may have changed: compare again
        strip.setSnapshot(s);
        if (source == Source.BANK_2 && s.geometry().bankCount() == 1) {
            source = Source.BANK_1;
        }
        long top = hex.content() == null ? 0 : (long) hex.topRow();
        hex.setContent(content(source));
        hex.scrollToRow(top);
        hex.setHighlights(highlights(source, s));
        show();
    }

    private void show() {
        if (root == null || root.isDisposed()) {
            return;
        }
        BankSnapshot s = snapshot;
        if (s == null) {
            headline.setText(target == null ? "Select a target in the Targets view."
                    : target.displayName() + (target.isConnected() ? " \u2014 reading\u2026" : " \u2014 not connected: connect it in the Targets view."));
            summaries.setText("");
            diffSummary.setText("");
            diffTable.removeAll();
        } else {
            headline.setText(String.join("\n", s.headline()));
            StringBuilder b = new StringBuilder();
            for (Bank bank : s.geometry().banks()) {
                ImageSummary sum = s.summaries().get(bank.number());
                b.append(s.geometry().bankCount() == 1 ? "Bank: " : "Bank " + bank.number() + ": ")
                        .append(sum == null ? "not readable (RDP)" : sum.describe()).append('\n');
            }
            summaries.setText(b.toString().strip());
            diffTable.removeAll();
            FileComparison fc = fileComparison;
            diffGroup.setText(fc == null ? "Compare physical bank 1 \u2194 bank 2"
                    : "Compare physical bank " + fc.bank() + " \u2194 " + fc.comparison().right());
            diffColumns.get(2).setText(fc == null ? "Bank 1 at" : "Bank " + fc.bank() + " at");
            diffColumns.get(3).setText(fc == null ? "Bank 2 at" : "In the file at");
            Optional<BankComparison> shown = shownComparison(s);
            if (shown.isEmpty()) {
                diffSummary.setText(s.geometry().bankCount() == 1
                        ? "Single-bank mode: no second bank (Compare with file\u2026 compares the bank with an image)."
                        : "Not readable.");
            } else {
                BankComparison c = shown.get();
                diffSummary.setText(c.summary());
                long left = s.mapped(fc == null ? 1 : fc.bank()).start();
                long right = fc == null ? s.mapped(2).start() : fc.fileBase();
                for (AddressRange r : c.ranges()) {
                    TableItem it = new TableItem(diffTable, SWT.NONE);
                    it.setText(new String[] { String.format("+0x%06X", r.start()), Long.toString(r.size()),
                            String.format("0x%08X", left + r.start()), String.format("0x%08X", right + r.start()) });
                }
            }
            List<FlashWindow> windows = s.geometry().windows();
            sourceCombo.setItem(Source.AXIM.ordinal(), windowLabel(windows.get(0)));
            sourceCombo.setItem(Source.ITCM.ordinal(), windows.size() > 1 ? windowLabel(windows.get(1))
                    : "(no second window on this part)");
            sourceCombo.select(source.ordinal());
            List<SwitchScheme> partSchemes = s.survey().map(v -> v.boot().schemes()).orElse(List.of());
            if (!partSchemes.equals(schemes)) {
                SwitchScheme chosen = schemeCombo.getSelectionIndex() >= 0 ? schemes.get(schemeCombo.getSelectionIndex())
                        : null;
                schemes = partSchemes;
                schemeCombo.removeAll();
                schemes.forEach(x -> schemeCombo.add(x.name()));
                schemeCombo.select(chosen == null ? 0 : Math.max(0, schemes.indexOf(chosen))); // List.of().indexOf(null) throws
            }
            schemeCombo.setEnabled(s.survey().isPresent());
            schemeCombo.setToolTipText(s.survey().isEmpty() ? NO_AB_ON_THIS_PART : null);
        }
        updateActions();
        root.layout(true, true);
        // GTK3: rows put into a table that never had any are not drawn when a layout follows at once (it re-sets the
        // table's bounds and the rows' pending draw is lost): the table stayed blank under "N ranges differ" until
        // clicked. Redraw it after the layout.
        diffTable.redraw();
    }

    /**
     * The actions that touch the target follow its state: off while it is not connected or a job works on it (the
     * view's own reads too: a second job would only wait for the target's rule), on once it is idle; the A/B actions
     * only on a dual-bank part whose family switches banks. Called on every change event of the target.
     */
    private void updateActions() {
        FlashbankTarget t = target;
        BankSnapshot s = snapshot;
        String busy = t == null ? null : t.busy();
        String off = t == null ? "Select a target in the Targets view."
                : !t.isConnected() ? "Not connected: connect the target in the Targets view."
                : busy != null ? "Busy: " + busy + "." : null;
        for (Button button : actions) {
            String text = button.getText();
            String why = off;
            if (why == null && s == null && !text.equals("Refresh")) {
                why = "Reading the banks\u2026";
            }
            if (why == null && (text.startsWith("Program") || text.equals("Swap") || text.equals("Rollback"))) {
                // A/B switching exists only in dual-bank mode, and the core's A/B operations (switch schemes,
                // running-bank guard) only on parts whose family has bank swapping
                why = s.geometry().bankCount() != 2 ? "Single-bank mode: there is no inactive bank."
                        : s.survey().isEmpty() ? NO_AB_ON_THIS_PART : null;
            }
            button.setEnabled(why == null);
            button.setToolTipText(why);
        }
    }

    /** Why the A/B actions are off on a part the core cannot survey (reported in issue 15). */
    static final String NO_AB_ON_THIS_PART = "Not on this part: its family has no A/B bank switching in Flashbank "
            + "(switch schemes, bank survey, running-bank guard). To swap the banks, set the family's bank-swap option "
            + "in the Option Bytes editor and reset the board.";

    private static String windowLabel(FlashWindow w) {
        return String.format("%s window 0x%08X", w.name(), w.base());
    }

    private void status(String text) {
        lastMessage = text;
        if (hexStatus != null && !hexStatus.isDisposed()) {
            hexStatus.setText(text);
        }
    }

    private void ui(Runnable r) {
        if (root == null || root.isDisposed()) {
            return;
        }
        root.getDisplay().asyncExec(() -> {
            if (!root.isDisposed()) {
                r.run();
            }
        });
    }

    // ------------------------------------------------------------------ hex view

    private static boolean isBank(Source s) {
        return s == Source.BANK_1 || s == Source.BANK_2;
    }

    /** Shows a physical bank or a window in the hex view. */
    public void showSource(Source s) {
        BankSnapshot snap = snapshot;
        if (s == Source.BANK_2 && snap != null && snap.geometry().bankCount() == 1) {
            status("Single-bank mode: there is no physical bank 2.");
            return;
        }
        if (s == Source.ITCM && snap != null && snap.geometry().windows().size() < 2) {
            status("The flash of this part is visible in one window only.");
            sourceCombo.select(source.ordinal());
            return;
        }
        source = s;
        hex.setContent(content(s));
        hex.setHighlights(highlights(s, snap));
        if (sourceCombo.getSelectionIndex() != s.ordinal()) {
            sourceCombo.select(s.ordinal());
        }
    }

    public Source source() {
        return source;
    }

    private HexViewer.Content content(Source s) {
        BankSnapshot snap = snapshot;
        CachedBankReader r = reader;
        if (snap == null || r == null) {
            return null;
        }
        FlashGeometry g = snap.geometry();
        boolean swpFb = snap.swpFb();
        if (isBank(s)) {
            int bank = s == Source.BANK_1 ? 1 : 2;
            long base = snap.mapped(bank).start();
            return new HexViewer.Content() {
                public long base() {
                    return base;
                }

                public long size() {
                    return g.bank(bank).size();
                }

                public Optional<byte[]> peek(long offset, int length) {
                    return r.peek(bank, offset, length);
                }

                public void load(long offset, int length) {
                    loadAsync(bank, offset, length);
                }
            };
        }
        List<FlashWindow> windows = g.windows();
        if (s == Source.ITCM && windows.size() < 2) {
            return null; // showSource refuses it with the reason
        }
        FlashWindow w = windows.get(s == Source.AXIM ? 0 : 1);
        return new HexViewer.Content() {
            public long base() {
                return w.base();
            }

            public long size() {
                return g.totalSize();
            }

            public Optional<byte[]> peek(long offset, int length) {
                // across the slot boundary piece by piece: each slot shows the physical bank SWP_FB maps there
                byte[] out = new byte[length];
                int done = 0;
                while (done < length) {
                    BankOffset bo = g.physicalBankAt(w.base() + offset + done, swpFb).orElseThrow();
                    int n = (int) Math.min(length - done, g.bank(bo.bank()).size() - bo.offset());
                    Optional<byte[]> part = r.peek(bo.bank(), bo.offset(), n);
                    if (part.isEmpty()) {
                        return Optional.empty();
                    }
                    System.arraycopy(part.get(), 0, out, done, n);
                    done += n;
                }
                return Optional.of(out);
            }

            public void load(long offset, int length) {
                BankOffset bo = g.physicalBankAt(w.base() + offset, swpFb).orElseThrow();
                loadAsync(bo.bank(), bo.offset(), (int) Math.min(length, g.bank(bo.bank()).size() - bo.offset()));
            }
        };
    }

    private volatile boolean loadQueued;
    private volatile boolean loadFailed;

    /** Loads the sectors behind rows the hex view could not paint from the cache (once per paint burst). */
    private void loadAsync(int bank, long offset, int length) {
        FlashbankTarget t = target;
        CachedBankReader r = reader;
        if (loadQueued || loadFailed || t == null || r == null) {
            return; // one load at a time; after a failed load only Refresh tries again (no paint/load loop)
        }
        loadQueued = true;
        TargetJob j = new TargetJob("Reading flash", t, this, false) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException {
                try {
                    r.read(bank, offset, length);
                } catch (TargetException | RuntimeException e) {
                    loadFailed = true;
                    throw e;
                } finally {
                    loadQueued = false;
                    ui(() -> hex.redraw());
                }
                return String.format("bank %d +0x%X, %d bytes", bank, offset, length);
            }
        };
        j.setUser(false);
        j.schedule();
    }

    /**
     * Renders every page of the current source as a user holding Page Down sees them, with the hex view's own paint
     * code (the benchmark and the acceptance test use it); returns the rows painted.
     */
    public long pageThrough() {
        return hex.renderAllPages();
    }

    /** Paint events of the hex view so far (a test waits for the next one before it takes a screenshot). */
    public long hexPaints() {
        return hex.paints();
    }

    /** Repaints the hex view (the next paint shows the current content, selection and highlights). */
    public void repaint() {
        hex.redraw();
        strip.redraw();
    }

    /** The rows of the diff table as shown (offsets, bytes, bank 1 at, bank 2 at). */
    public List<String[]> diffRows() {
        List<String[]> rows = new ArrayList<>();
        for (TableItem it : diffTable.getItems()) {
            rows.add(new String[] { it.getText(0), it.getText(1), it.getText(2), it.getText(3) });
        }
        return rows;
    }

    public String headlineText() {
        return headline.getText();
    }

    public String summariesText() {
        return summaries.getText();
    }

    public String diffSummaryText() {
        return diffSummary.getText();
    }

    /** The hex view's row text at {@code offset} of the current source (null when not cached). */
    public String hexRow(long offset) {
        return hex.rowText(offset);
    }

    /**
     * Symbols of the last ELF file opened in this view (Compare with file, Program inactive bank, or
     * {@link #loadSymbols}) for "go to symbol"; other formats carry none.
     */
    private Map<String, Long> symbols = Map.of();

    /** Takes the code and data symbols of {@code file} when it is an ELF file; other files clear nothing. */
    public int loadSymbols(Path file) throws IOException, ImageException {
        byte[] content = java.nio.file.Files.readAllBytes(file);
        if (ElfReader.looksLikeElf(content)) {
            symbols = ElfReader.symbols(file.getFileName().toString(), content);
        }
        return symbols.size();
    }

    /**
     * Address, bank offset (for a bank source, if below its base) or symbol name of the last ELF file to the first
     * row; returns the offset shown.
     */
    public long goTo(String text) {
        HexViewer.Content c = hex.content();
        if (c == null) {
            return -1;
        }
        long a;
        String t = text.strip();
        Long symbol = symbols.get(t);
        if (symbol == null) {
            symbol = symbols.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(t)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
        if (symbol != null) {
            a = symbol;
        } else {
            try {
                a = Long.decode(t.replace("_", ""));
            } catch (NumberFormatException e) {
                status("\"" + text + "\" is not an address (e.g. " + gotoText.getMessage() + "), an offset (0x100)"
                        + (symbols.isEmpty() ? " or a symbol (open an ELF file with Compare with file\u2026 first)."
                                : " or a symbol of the last ELF file."));
                return -1;
            }
        }
        long offset = a >= c.base() && a < c.base() + c.size() ? a - c.base() : a;
        if (offset < 0 || offset >= c.size()) {
            status(String.format("0x%08X is not in %s (0x%08X-0x%08X).", a, source.label(), c.base(),
                    c.base() + c.size() - 1));
            return -1;
        }
        hex.reveal(offset, 1);
        status(String.format("At 0x%08X.", c.base() + offset));
        return offset;
    }

    /** Finds {@code pattern} after the current selection (from the start when none); returns the offset or -1. */
    public long find(String pattern) {
        HexViewer.Content c = hex.content();
        BankSnapshot snap = snapshot;
        if (c == null || snap == null) {
            return -1;
        }
        BytePattern p;
        try {
            p = BytePattern.parse(pattern);
        } catch (IllegalArgumentException e) {
            status(e.getMessage());
            return -1;
        }
        Optional<byte[]> all = c.peek(0, (int) c.size());
        if (all.isEmpty()) {
            status("Still reading; try again when the banks are read.");
            return -1;
        }
        int from = hex.selection().map(s -> (int) s.start() + 1).orElse(0);
        int at = p.findIn(all.get(), from);
        if (at < 0 && from > 0) {
            at = p.findIn(all.get(), 0);
        }
        if (at < 0) {
            status("Not found in " + source.label() + ".");
            return -1;
        }
        hex.reveal(at, p.bytes().length);
        status(String.format("Found at 0x%08X.", c.base() + at));
        return at;
    }

    /** Selects {@code length} bytes at {@code offset} of the current source. */
    public void select(long offset, int length) {
        hex.reveal(offset, length);
    }

    /** Writes the selected bytes, at the addresses they are shown at, as BIN or HEX through the core's writers. */
    public Path exportSelection(Path file, ImageFormat format) throws IOException {
        HexViewer.Content c = hex.content();
        AddressRange sel = hex.selection().orElseThrow(() -> new IOException("nothing selected"));
        byte[] bytes = c.peek(sel.start(), (int) sel.size())
                .orElseThrow(() -> new IOException("the selection is not read yet"));
        FirmwareImage image = FirmwareImage.of(source.label(), format,
                List.of(new Segment(c.base() + sel.start(), bytes, source.label())), java.util.OptionalLong.empty());
        ImageWriter.write(image, format, file);
        status(String.format("Exported 0x%08X-0x%08X (%d bytes) to %s.", c.base() + sel.start(),
                c.base() + sel.last(), sel.size(), file));
        return file;
    }

    private void exportInteractive() {
        if (hex.selection().isEmpty()) {
            status("Select bytes first (click, then shift-click).");
            return;
        }
        FileDialog d = new FileDialog(getSite().getShell(), SWT.SAVE);
        d.setFilterExtensions(new String[] { "*.hex", "*.bin" });
        d.setOverwrite(true);
        String f = d.open();
        if (f == null) {
            return;
        }
        try {
            exportSelection(Path.of(f), f.toLowerCase().endsWith(".bin") ? ImageFormat.BIN : ImageFormat.INTEL_HEX);
        } catch (IOException e) {
            status("Export failed: " + e.getMessage());
        }
    }

    private Optional<BankComparison> shownComparison(BankSnapshot s) {
        FileComparison fc = fileComparison;
        return fc != null ? Optional.of(fc.comparison()) : s.comparison();
    }

    private List<AddressRange> highlights(Source src, BankSnapshot s) {
        if (s == null || !isBank(src)) {
            return List.of();
        }
        FileComparison fc = fileComparison;
        if (fc != null) {
            return (src == Source.BANK_1 ? 1 : 2) == fc.bank() ? fc.comparison().ranges() : List.of();
        }
        return s.comparison().map(BankComparison::ranges).orElse(List.of());
    }

    /**
     * Compares physical bank {@code bank} with a firmware image: the image is lined up by its link address (the slot
     * it is linked for at SWP_FB = 0, so an image linked for 0x08100000 compares from the bank's start), bytes it
     * does not cover are expected erased (0xFF). Shown in the compare panel until the next read.
     */
    public Optional<BankComparison> compareWithImage(FirmwareImage image, int bank) {
        BankSnapshot s = snapshot;
        CachedBankReader r = reader;
        if (s == null || r == null || bank > s.geometry().bankCount()) {
            status("Read the target first.");
            return Optional.empty();
        }
        Optional<AddressRange> span = image.span();
        Optional<BankOffset> at = span.flatMap(sp -> s.geometry().physicalBankAt(sp.start(), false));
        if (at.isEmpty()) {
            status(image.source() + " is not linked for the flash (" + span.map(AddressRange::toString).orElse("empty")
                    + ").");
            return Optional.empty();
        }
        long size = s.geometry().bank(bank).size();
        long fileBase = span.get().start() - at.get().offset();
        Optional<byte[]> content = r.peek(bank, 0, (int) size);
        if (content.isEmpty()) {
            status("Still reading; compare again when the banks are read.");
            return Optional.empty();
        }
        byte[] expected = image.bytes(new AddressRange(fileBase, size), FirmwareImage.ERASED);
        BankComparison c = BankComparison.of("physical bank " + bank, content.get(),
                image.source().substring(image.source().lastIndexOf('/') + 1), expected);
        fileComparison = new FileComparison(bank, fileBase, c);
        showSource(bank == 1 ? Source.BANK_1 : Source.BANK_2);
        show();
        status(c.summary());
        return Optional.of(c);
    }

    private void compareInteractive() {
        FileDialog d = new FileDialog(getSite().getShell(), SWT.OPEN);
        d.setFilterExtensions(new String[] { "*.elf;*.hex;*.srec;*.s19;*.bin", "*.*" });
        String f = d.open();
        if (f == null) {
            return;
        }
        try {
            loadSymbols(Path.of(f));
            compareWithImage(ImageReader.read(Path.of(f)), source == Source.BANK_2 ? 2 : 1);
        } catch (ImageException | IOException e) {
            status("Cannot read " + f + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ actions

    /** The latest snapshot (tests). */
    public BankSnapshot snapshot() {
        return snapshot;
    }

    public String lastMessage() {
        return lastMessage;
    }

    public Control stripControl() {
        return strip;
    }

    /** Selects a sector in the strip (as a click does). */
    public void selectSector(Sector s) {
        strip.select(s);
    }

    /** What the scheme combo offers, as shown (tests). */
    public List<String> schemeChoices() {
        return List.of(schemeCombo.getItems());
    }

    /** The chosen scheme of the connected part (its first while none is chosen); empty before a survey. */
    public Optional<SwitchScheme> scheme() {
        return schemes.isEmpty() ? Optional.empty() : Optional.of(schemes.get(Math.max(0,
                schemeCombo.getSelectionIndex())));
    }

    /** Chooses {@code s}, one of the connected part's schemes (as a user does in the combo). */
    public void setScheme(SwitchScheme s) {
        if (!schemes.contains(s)) {
            throw new IllegalArgumentException(s.id() + " is not a scheme of the connected part: "
                    + SwitchScheme.ids(schemes));
        }
        schemeCombo.select(schemes.indexOf(s));
    }

    private void eraseSelectedSector() {
        Sector s = strip.selectedSector();
        if (s == null) {
            status("Click a sector in a bank strip first.");
            return;
        }
        confirmErase("Erase " + s, "Erase " + s + " of physical bank " + s.bank() + "? Its content is lost. The doctor "
                + "checks protection first.", List.of(s), EraseRequest.sectorsOf(List.of(s)),
                sectorRanges(List.of(s)));
    }

    private void eraseBankInteractive() {
        Sector s = strip.selectedSector();
        int bank = s == null ? 0 : s.bank();
        BankSnapshot snap = snapshot;
        if (bank == 0 || snap == null) {
            status("Click a sector of the bank to erase first.");
            return;
        }
        String warn = snap.running(bank) ? " It is the RUNNING bank: the firmware stops working." : "";
        confirmErase("Erase physical bank " + bank, "Erase all of physical bank " + bank + "?" + warn + " The doctor "
                + "checks protection first.", snap.geometry().bank(bank).sectors(), EraseRequest.bank(bank),
                List.of(snap.mapped(bank)));
    }

    /**
     * Asks before an erase. When the running-bank guard (the same check the erase operation makes) refuses it on the
     * snapshot shown, the dialog says why and offers the expert override - Cancel is the default; a plain confirmation
     * otherwise. The operation checks again on the target before its first write.
     */
    private void confirmErase(String title, String question, List<Sector> sectors, EraseRequest request,
            List<AddressRange> ranges) {
        BankSnapshot snap = snapshot;
        Optional<RunningBankGuard.Hazard> hazard = snap == null || snap.survey().isEmpty() ? Optional.empty()
                : RunningBankGuard.assess(snap.survey().get(), snap.geometry(), "Erase",
                        RunningBankGuard.Write.erase(RunningBankGuard.Addressing.PHYSICAL_NUMBER, sectors));
        if (hazard.isEmpty()) {
            if (MessageDialog.openConfirm(getSite().getShell(), title, question)) {
                erase(request, ranges, false);
            }
            return;
        }
        String text = "Flashbank refuses this erase: " + hazard.get().explanation() + "\n\nWhat to do instead:\n- "
                + String.join("\n- ", hazard.get().fixes()) + "\n\nErase anyway only if you know the firmware is "
                + "halted and you will reprogram the bank before the next reset.";
        MessageDialog d = new MessageDialog(getSite().getShell(), title + ": running or boot bank", null, text,
                MessageDialog.WARNING, 0, "Cancel", "Erase anyway (expert override)");
        if (d.open() == 1) {
            erase(request, ranges, true);
        } else {
            status(title + ": not erased. " + hazard.get().explanation());
        }
    }

    private List<AddressRange> sectorRanges(List<Sector> sectors) {
        BankSnapshot snap = snapshot;
        return sectors.stream().map(x -> snap.geometry().sectorRange(x, snap.swpFb(), snap.geometry().linkWindow())).toList();
    }

    /**
     * Erases through {@link EraseOperation}, after the doctor's pre-flight: when its erase check of {@code ranges}
     * predicts a failure, nothing is erased and the doctor's report is the refusal.
     */
    public TargetJob erase(EraseRequest request, List<AddressRange> ranges) {
        return erase(request, ranges, false);
    }

    /**
     * As {@link #erase(EraseRequest, List)}; {@code allowRunningBank} is the expert override of the running-bank guard
     * (the result, shown in the console, says what it let through).
     */
    public TargetJob erase(EraseRequest request, List<AddressRange> ranges, boolean allowRunningBank) {
        return operation("Erasing", (ctx, c) -> {
            DoctorReport report = new Doctor(dev.flashbank.families.InstalledFamilies.families()).examine(c.target(), ranges);
            for (EraseCheck check : report.eraseChecks()) {
                if (!check.wouldSucceed()) {
                    throw new OperationRefusedException("Erase", "the doctor predicts the erase fails:\n"
                            + report.render(), List.of(), report);
                }
            }
            return new EraseOperation(ctx, request, allowRunningBank);
        });
    }

    /** Public for tests: erase logical sector numbers. */
    public TargetJob eraseSectors(List<Integer> numbers) {
        BankSnapshot snap = snapshot;
        List<Sector> sectors = numbers.stream().map(n -> snap.geometry().sector(n)).toList();
        return erase(EraseRequest.sectorsOf(sectors), sectorRanges(sectors));
    }

    /** Asks for the firmware file of Program inactive bank (the OS file dialog); null when the user cancels. */
    private java.util.function.Function<org.eclipse.swt.widgets.Shell, String> imageFilePrompt = shell -> {
        FileDialog d = new FileDialog(shell, SWT.OPEN);
        d.setFilterExtensions(new String[] { "*.elf;*.hex;*.srec;*.s19;*.bin", "*.*" });
        return d.open();
    };

    /**
     * Answers the file question of Program inactive bank in place of the OS file dialog (UI tests: the OS file chooser
     * is not an SWT shell, so a test can neither find its widgets nor wait on its events); every other step of the
     * action - the button, the confirmation dialog, the job - stays the user's.
     */
    public void setImageFilePrompt(java.util.function.Function<org.eclipse.swt.widgets.Shell, String> prompt) {
        imageFilePrompt = prompt;
    }

    private void programInteractive() {
        String f = imageFilePrompt.apply(getSite().getShell());
        if (f == null) {
            return;
        }
        try {
            FirmwareImage image = ImageReader.read(Path.of(f));
            loadSymbols(Path.of(f));
            String scheme = scheme().map(x -> "the " + x.name() + " scheme").orElse("no switch scheme");
            if (MessageDialog.openConfirm(getSite().getShell(), "Program the inactive bank",
                    "Program " + image + " into the INACTIVE bank (" + scheme + ")? The running bank is not "
                            + "touched and the boot bank is not switched; use Swap afterwards.")) {
                programInactive(image);
            }
        } catch (ImageException | IOException e) {
            status("Cannot read " + f + ": " + e.getMessage());
        }
    }

    /**
     * Programs {@code image} into the inactive physical bank with the core's bank update (erase, program with the
     * vector table last, verify) without switching.
     */
    public TargetJob programInactive(FirmwareImage image) {
        Optional<SwitchScheme> scheme = scheme();
        return operation("Programming the inactive bank", (ctx, c) -> new BankUpdateOperation(ctx, image,
                BankUpdateOperation.Options.of(chosen(scheme, "Bank update")).withSwitch(false).withReset(false)));
    }

    /**
     * Makes the other bank boot at the next reset and resets (core {@link SwapOperation}), without the review the Swap
     * button opens (for callers that reviewed the change themselves, and tests).
     */
    public TargetJob swap() {
        Optional<SwitchScheme> scheme = scheme();
        return operation("Swapping banks", (ctx, c) -> new SwapOperation(ctx, chosen(scheme, "Swap"), true));
    }

    /** Rolls back as {@link #swap()} swaps: the core {@link RollbackOperation}, without the button's review. */
    public TargetJob rollback() {
        Optional<SwitchScheme> scheme = scheme();
        return operation("Rolling back", (ctx, c) -> new RollbackOperation(ctx, chosen(scheme, "Rollback"), true));
    }

    /** The scheme chosen in the combo, or a refusal (nothing written) while the part has none. */
    private static SwitchScheme chosen(Optional<SwitchScheme> scheme, String op) throws OperationRefusedException {
        return scheme.orElseThrow(() -> new OperationRefusedException(op, NO_AB_ON_THIS_PART, ""));
    }

    /** Swap or Rollback of the chosen scheme on a connection. */
    @FunctionalInterface
    private interface SwitchFactory {
        BankSwitchOperation create(OperationContext ctx, SwitchScheme scheme);
    }

    /**
     * Swap and Rollback write the scheme's option (the family's plan, in its words: BOOT_ADDx, SWP_FB, SWAP_BANK_OPT)
     * and reset the target: like every other option change they go through the option review dialog first - the
     * change list, the simulated twin's preview of the next reset and the one confirmation rule. The switch is
     * planned with all the operation's checks (a refusal is shown, nothing written), then reviewed; it runs only from
     * the dialog's write button. Returns the planning job (null without a connected target).
     */
    private TargetJob reviewSwitch(String what, SwitchFactory factory) {
        FlashbankTarget t = target;
        if (t == null || snapshot == null) {
            status("Connect the target first.");
            return null;
        }
        Optional<SwitchScheme> scheme = scheme();
        TargetJob j = new TargetJob("Planning " + what, t, this, false) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException, OperationException {
                FlashbankTarget.Connection c = t.connect();
                try {
                    BankSwitch plan = factory.create(context(t, c), chosen(scheme, what)).plan();
                    List<OptionChange> changes = c.driver().optionChanges(plan.before(), plan.after());
                    List<String> twin = changes.isEmpty() ? List.of()
                            : OptionTwinPreview.lines(t, c, plan.before(), plan.after());
                    ui(() -> openSwitchReview(t, what, scheme, factory, plan, changes, twin));
                    return plan.explanation();
                } catch (TargetException | OperationException e) {
                    ui(() -> status(what + " refused: " + e.getMessage()));
                    throw e;
                }
            }
        };
        j.schedule();
        return j;
    }

    private void openSwitchReview(FlashbankTarget t, String what, Optional<SwitchScheme> scheme,
            SwitchFactory factory, BankSwitch plan, List<OptionChange> changes, List<String> twin) {
        if (t != target) {
            return; // the user moved on while the switch was planned
        }
        if (changes.isEmpty()) {
            // the bank already starts at the next reset (a pending switch): no option byte to review, only the reset
            if (MessageDialog.openConfirm(getSite().getShell(), what, what + ": " + plan.explanation()
                    + ". No option byte changes; the target is reset. Continue?")) {
                switchAfterReview(t, what, scheme, factory, plan, changes, Confirmation.NONE);
            }
            return;
        }
        new OptionReviewDialog(getSite().getShell(), t.partName(), changes, twin, manager.backupsDirectory(),
                given -> switchAfterReview(t, what, scheme, factory, plan, changes, given)).open();
    }

    /**
     * Runs the reviewed switch: the confirmation rule of every option write, a backup of the option bytes now, and
     * only if the board still plans exactly the reviewed change (another writer may have changed it meanwhile).
     */
    private TargetJob switchAfterReview(FlashbankTarget t, String what, Optional<SwitchScheme> scheme,
            SwitchFactory factory, BankSwitch reviewed, List<OptionChange> changes, Confirmation given) {
        if (t != target) {
            return null;
        }
        Path backups = manager.backupsDirectory();
        return operation(what.equals("Swap") ? "Swapping banks" : "Rolling back", (ctx, c) -> {
            OptionBytesWrite.requireConfirmation(t.partName(), changes, given);
            BankSwitchOperation op = factory.create(ctx, chosen(scheme, what));
            BankSwitch now = op.plan();
            if (!now.before().equals(reviewed.before()) || !now.after().equals(reviewed.after())) {
                throw new OperationRefusedException(what, "the option bytes changed since the review; nothing was "
                        + "written.", "press " + what + " again and review the change");
            }
            if (!changes.isEmpty()) {
                Instant at = Instant.now();
                Path backup = backups.resolve(OptionProfileFile.backupFileName(t.partName(), at));
                try {
                    OptionProfileFile.write(backup, new OptionProfile(t.partName(), c.driver().flashSizeKiB(),
                            now.before(), at, "backup before " + what + " writing " + changes.stream()
                                    .map(OptionChange::option).collect(java.util.stream.Collectors.joining(", "))));
                } catch (IOException e) {
                    throw new BackupFailedException(backup, e);
                }
            }
            return op;
        });
    }

    @FunctionalInterface
    private interface OperationFactory {
        TargetOperation<? extends OperationResult> create(OperationContext ctx, FlashbankTarget.Connection c)
                throws TargetException, OperationException;
    }

    private TargetJob operation(String name, OperationFactory factory) {
        FlashbankTarget t = target;
        if (t == null) {
            status("Select a target first.");
            return null;
        }
        TargetJob j = new TargetJob(name, t, this) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException, OperationException {
                FlashbankTarget.Connection c = t.connect();
                try {
                    OperationResult result = factory.create(context(t, c), c).run(new MonitorProgress(monitor));
                    ui(() -> status(name + ": done."));
                    return result.summary();
                } catch (TargetException | OperationException e) {
                    ui(() -> status(name + " failed: " + e.getMessage()));
                    throw e;
                } finally {
                    // the operation may have reset the part: TargetJob identifies it again after the work (a new
                    // session sees the bank mode and options now)
                    if (t instanceof SimulatedTarget s) {
                        s.save();
                    }
                    CachedBankReader r = reader;
                    if (r != null) {
                        r.invalidate();
                    }
                    invalidateMemoryBlocks(t);
                }
            }

            @Override
            protected void done() {
                ui(() -> {
                    stale = true;
                    refreshIfVisible();
                });
            }
        };
        j.schedule();
        return j;
    }

    // ------------------------------------------------------------------ Eclipse Memory view

    private final Map<FlashbankTarget, BankMemoryRetrieval> retrievals = new HashMap<>();
    private DebugContextProvider contextProvider;

    /** Supplies the shown target's memory-block retrieval as the debug context, so the Memory view lists its banks. */
    private final class DebugContextProvider extends AbstractDebugContextProvider {
        DebugContextProvider() {
            super(BankBrowserView.this);
        }

        @Override
        public ISelection getActiveContext() {
            BankMemoryRetrieval r = target == null ? null : retrievals.get(target);
            return r == null ? StructuredSelection.EMPTY : new StructuredSelection(r);
        }

        void changed() {
            fire(new DebugContextEvent(this, getActiveContext(), DebugContextEvent.ACTIVATED));
        }
    }

    private void invalidateMemoryBlocks(FlashbankTarget t) {
        BankMemoryRetrieval r;
        synchronized (retrievals) {
            r = retrievals.get(t);
        }
        if (r != null) {
            r.invalidate();
        }
    }

    /** The Memory-view retrieval of the shown target (created on first use). */
    public BankMemoryRetrieval memoryRetrieval() {
        synchronized (retrievals) {
            return target == null ? null : retrievals.computeIfAbsent(target, BankMemoryRetrieval::new);
        }
    }

    /**
     * Adds a memory block per physical bank to the platform's memory block manager and opens the Memory view with
     * its default rendering of each; returns the blocks.
     */
    public List<BankMemoryBlock> showInMemoryView() {
        BankSnapshot snap = snapshot;
        BankMemoryRetrieval r = memoryRetrieval();
        if (snap == null || r == null) {
            status("Connect and read the target first.");
            return List.of();
        }
        if (contextProvider == null) {
            contextProvider = new DebugContextProvider();
            DebugUITools.getDebugContextManager().getContextService(getSite().getWorkbenchWindow())
                    .addDebugContextProvider(contextProvider);
        }
        IViewPart mv;
        try {
            // open the Memory view first so that it sees the blocks being added and makes a tab for each
            mv = getSite().getPage().showView(IDebugUIConstants.ID_MEMORY_VIEW);
        } catch (CoreException e) {
            status("Cannot open the Memory view: " + e.getMessage());
            return List.of();
        }
        contextProvider.changed();
        IMemoryBlockManager mbm = DebugPlugin.getDefault().getMemoryBlockManager();
        List<BankMemoryBlock> blocks = new ArrayList<>();
        for (IMemoryBlock b : mbm.getMemoryBlocks(r)) {
            if (b instanceof BankMemoryBlock bb) {
                blocks.add(bb);
            }
        }
        List<BankMemoryBlock> added = new ArrayList<>();
        if (blocks.isEmpty()) {
            for (Bank bank : snap.geometry().banks()) {
                added.add(new BankMemoryBlock(r, bank.number(), bank.size()));
            }
            mbm.addMemoryBlocks(added.toArray(IMemoryBlock[]::new));
            blocks.addAll(added);
        }
        if (mv instanceof IMemoryRenderingSite site) {
            IMemoryRenderingContainer pane = site.getContainer(IDebugUIConstants.ID_RENDERING_VIEW_PANE_1);
            if (pane != null) {
                // as the Memory view's own "Add Memory Monitor" does: right after adding the blocks
                addDefaultRenderings(pane, added);
            }
        }
        return blocks;
    }

    private void addDefaultRenderings(IMemoryRenderingContainer container, List<BankMemoryBlock> added) {
        {
            for (BankMemoryBlock b : added) {
                IMemoryRenderingType[] types = DebugUITools.getMemoryRenderingManager().getDefaultRenderingTypes(b);
                if (types.length > 0) {
                    try {
                        IMemoryRendering rendering = types[0].createRendering();
                        rendering.init(container, b);
                        container.addMemoryRendering(rendering);
                    } catch (CoreException e) {
                        status("Cannot render " + b.getExpression() + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    @Override
    public void dispose() {
        if (contextProvider != null) {
            DebugUITools.getDebugContextManager().getContextService(getSite().getWorkbenchWindow())
                    .removeDebugContextProvider(contextProvider);
        }
        if (manager != null) {
            manager.removeListener(managerListener);
        }
        Job.getJobManager().removeJobChangeListener(writeListener);
        getSite().getPage().removeSelectionListener(TargetsView.ID, selectionListener);
        getSite().getPage().removePartListener(visibility);
        Job.getJobManager().cancel(this);
        super.dispose();
    }
}
