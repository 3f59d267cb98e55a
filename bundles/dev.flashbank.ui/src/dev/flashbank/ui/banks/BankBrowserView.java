package dev.flashbank.ui.banks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.IJobChangeListener;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.part.ViewPart;

import dev.flashbank.core.banks.BankAction;
import dev.flashbank.core.banks.BankComparison;
import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.core.banks.BankSource;
import dev.flashbank.core.banks.BankViewState;
import dev.flashbank.core.banks.CachedBankReader;
import dev.flashbank.core.banks.FileComparison;
import dev.flashbank.core.banks.ImageSummary;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageException;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.ops.EraseRequest;
import dev.flashbank.core.ops.OperationException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.ui.FlashbankUiPlugin;
import dev.flashbank.ui.jobs.MonitorProgress;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.FlashbankTarget;
import dev.flashbank.ui.model.TargetManager;
import dev.flashbank.ui.views.TargetsView;

/**
 * The Flash Banks view (issue 8): for the target selected in the Targets view, a strip per PHYSICAL bank drawn to
 * scale with its sectors, where each bank is mapped now and which bank runs and boots next and why
 * ({@link BankSnapshot}); a hex/ASCII view of either physical bank or either window ({@link BankHexContents}), read
 * lazily per sector and invalidated after every other Flashbank job on the target; the comparison of the two banks or
 * of a bank with a file ({@link BankComparePanel}); go to, find and export ({@link BankFindExport}). Its actions are
 * commands in the view toolbar, the context menu and key bindings ({@link BankCommands}), enabled by one rule
 * ({@link BankViewState}), each run as a {@link TargetJob} ({@link BankActions}). This class lays the parts out and
 * follows the target.
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

    private ScrolledComposite top;
    /** Target (top) over bytes (bottom). */
    private SashForm split;
    /** The least the bytes pane keeps when the top pane grows to show all of its lines. */
    private static final int MIN_BYTES_PANE = 160;
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
    private BankStatusLine status;
    private Label summaries;
    private BankComparePanel compare;
    private BankFindExport findExport;
    private final BankActions actions = new BankActions(this);
    private BankCommands commands;
    private BankMemoryLink memory;

    private TargetManager manager;
    private FlashbankTarget target;
    private CachedBankReader reader;
    /**
     * The connection {@link #reader} reads through: a board reloaded after a launch or the CLI wrote it comes back on a
     * new connection, and the old one's probe is closed - a reader kept across that reads nothing (finding 2).
     */
    private volatile FlashbankTarget.Connection readerConnection;
    /** True while {@link #loaded} carries the chosen sector over to a new snapshot (UI thread). */
    private boolean carryingSelection;
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
                targetWritten(j.target());
                ui(BankBrowserView.this::markStale);
            }
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        dev.flashbank.ui.help.HelpContexts.bind(parent, dev.flashbank.ui.help.HelpContexts.FLASH_BANKS_VIEW);
        // what the target is (top) over its bytes (bottom): a short view keeps both, the user moves the sash
        split = new SashForm(parent, SWT.VERTICAL);
        // the top pane scrolls when the sash leaves it less than its height: the navigation row and the status line
        // stay whole below the headline instead of being cut at the pane's bottom
        top = new ScrolledComposite(split, SWT.V_SCROLL);
        top.setExpandHorizontal(true);
        top.setExpandVertical(true);
        root = new Composite(top, SWT.NONE);
        top.setContent(root);
        top.addListener(SWT.Resize, e -> fitTop());
        root.setLayout(new GridLayout(1, false));
        headline = new Label(root, SWT.WRAP);
        headline.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        headline.setText(BankViewState.NO_TARGET);
        strip = new BankStrip(root);
        GridData sd = new GridData(SWT.FILL, SWT.TOP, true, false);
        sd.heightHint = strip.computeSize(SWT.DEFAULT, SWT.DEFAULT).y;
        strip.setLayoutData(sd);
        strip.addSelectionListener(s -> {
            if (!carryingSelection) {
                status(s == null ? "" : "Selected " + s + ".");
            }
            updateActions();
        });
        summaries = new Label(root, SWT.WRAP);
        summaries.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));

        Composite nav = row(root, 8);
        sourceCombo = new Combo(nav, SWT.READ_ONLY);
        for (Source s : Source.values()) {
            sourceCombo.add(s.label());
        }
        sourceCombo.select(0);
        sourceCombo.addListener(SWT.Selection, e -> showSource(Source.values()[sourceCombo.getSelectionIndex()]));
        new Label(nav, SWT.NONE).setText("Go to:");
        gotoText = new Text(nav, SWT.BORDER);
        gotoText.setLayoutData(new GridData(110, SWT.DEFAULT));
        gotoText.setMessage(BankFindExport.ADDRESS_EXAMPLE);
        gotoText.setToolTipText("An address, an offset into a bank, or a symbol of the last ELF file opened here "
                + "(Ctrl+L)");
        gotoText.addListener(SWT.DefaultSelection, e -> goTo(gotoText.getText()));
        new Label(nav, SWT.NONE).setText("Find:");
        findText = new Text(nav, SWT.BORDER);
        findText.setLayoutData(new GridData(140, SWT.DEFAULT));
        findText.setMessage("DE AD BE EF or \"text\"");
        findText.setToolTipText("Hex bytes or quoted text; Enter finds the next (Ctrl+F)");
        findText.addListener(SWT.DefaultSelection, e -> find(findText.getText()));
        new Label(nav, SWT.NONE).setText("Switch scheme:");
        schemeCombo = new Combo(nav, SWT.READ_ONLY); // filled with the part's schemes by each snapshot
        status = new BankStatusLine(root); // one line: outcomes of go to / find / export / jobs, details on demand
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        SashForm sash = new SashForm(split, SWT.HORIZONTAL);
        hex = new HexViewer(sash);
        compare = new BankComparePanel(sash, (bank, range) -> {
            if (bank != 0) {
                showSource(bank == 1 ? Source.BANK_1 : Source.BANK_2);
            } else if (!BankHexContents.isBank(source)) {
                showSource(Source.BANK_1);
            }
            hex.reveal(range.start(), (int) range.size());
        });
        sash.setWeights(58, 42);
        split.setWeights(45, 55);
        // the selection decides Export (the hex view tells no one, so look after each click and key)
        hex.addListener(SWT.MouseUp, e -> updateActions());
        hex.addListener(SWT.KeyUp, e -> updateActions());
        findExport = new BankFindExport(hex, () -> source, this::status);

        manager = FlashbankUiPlugin.getDefault().targets();
        memory = new BankMemoryLink(this, () -> target, this::status);
        commands = new BankCommands(this);
        commands.contextMenu(strip, hex);
        manager.addListener(managerListener);
        Job.getJobManager().addJobChangeListener(writeListener);
        getSite().getPage().addSelectionListener(TargetsView.ID, selectionListener);
        getSite().getPage().addPartListener(visibility);
        IWorkbenchPart tv = getSite().getPage().findView(TargetsView.ID);
        if (tv != null && tv.getSite().getSelectionProvider() != null) {
            selectionChanged(tv, tv.getSite().getSelectionProvider().getSelection());
        }
        updateActions();
    }

    /**
     * The top pane's content as high as it needs at the pane's width (wrapped headline lines included); a pane
     * smaller than that grows, as far as the bytes pane keeps {@link #MIN_BYTES_PANE}: GTK's overlay scroll bars show
     * only under the pointer, so a navigation row cut at the pane's edge looked like a broken view, not like more
     * content to scroll to.
     */
    private void fitTop() {
        int width = top.getClientArea().width;
        if (width <= 0) {
            return;
        }
        org.eclipse.swt.graphics.Point needed = root.computeSize(width, SWT.DEFAULT);
        top.setMinSize(needed);
        int have = top.getSize().y;
        int total = split.getClientArea().height - split.getSashWidth();
        int want = Math.min(needed.y, total - MIN_BYTES_PANE);
        if (total > 0 && want > have) {
            split.setWeights(want, total - want);
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

    @Override
    public void setFocus() {
        hex.setFocus();
    }

    // ------------------------------------------------------------------ commands

    /** Runs {@code a} as its command does (toolbar, context menu, key binding) - when {@link #state()} allows it. */
    void run(BankAction a) {
        Optional<String> why = state().whyNot(a);
        if (why.isPresent()) {
            status(why.get());
            return;
        }
        switch (a) {
            case REFRESH -> refresh();
            case PROGRAM -> actions.programInteractive();
            case VERIFY -> actions.verifyInteractive();
            case ERASE_SECTOR -> actions.eraseSelectedSector();
            case ERASE_BANK -> actions.eraseBankInteractive();
            case SWAP -> actions.reviewSwitch("Swap", BankActions.SWAP);
            case ROLLBACK -> actions.reviewSwitch("Rollback", BankActions.ROLLBACK);
            case COMPARE_FILE -> compareInteractive();
            case FIND -> focus(findText);
            case GO_TO -> focus(gotoText);
            case EXPORT -> findExport.exportInteractive(shell());
            case MEMORY_VIEW -> showInMemoryView();
        }
    }

    /** Ctrl+F / Ctrl+L: into the field, its text selected, as a find bar does; Enter runs it. */
    private static void focus(Text field) {
        field.setFocus();
        field.selectAll();
    }

    /** What decides which actions are on now. */
    BankViewState state() {
        FlashbankTarget t = target;
        return new BankViewState(Optional.ofNullable(t).map(FlashbankTarget::displayName),
                t != null && t.isConnected(), Optional.ofNullable(t == null ? null : t.busy()),
                Optional.ofNullable(snapshot), Optional.ofNullable(strip == null ? null : strip.selectedSector()),
                hex != null && hex.selection().isPresent());
    }

    /**
     * The commands follow the target's state: off while it is not connected or a job works on it (the view's own reads
     * too: a second job would only wait for the target's rule), on once it is idle; the A/B ones only on a dual-bank
     * part whose family switches banks. Why they are off is the view's description line. Called on every change
     * event of the target and every selection.
     */
    void updateActions() {
        if (commands == null) {
            return;
        }
        BankViewState s = state();
        commands.update(s);
        setContentDescription(s.whyNot(BankAction.REFRESH).or(() -> s.whyNot(BankAction.PROGRAM)).orElse(""));
    }

    /** Why {@code a} is off now, empty when it is on (the handler's enablement; tests). */
    public Optional<String> whyNot(BankAction a) {
        return state().whyNot(a);
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
        memory.targetChanged();
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

    /** A job wrote the target: what was read is stale. UI thread. */
    void markStale() {
        stale = true;
        refreshIfVisible();
    }

    /** A job wrote {@code t}: drop the cached bytes at once, before a read queued behind the write can use them. */
    void targetWritten(FlashbankTarget t) {
        CachedBankReader r = reader;
        if (r != null && t == target) {
            r.invalidate();
        }
        memory.invalidate(t);
    }

    public FlashbankTarget target() {
        return target;
    }

    TargetManager manager() {
        return manager;
    }

    Shell shell() {
        return getSite().getShell();
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
                var ctx = BankActions.context(t, c);
                CachedBankReader r = reader;
                if (r == null || readerConnection != c || !r.geometry().equals(ctx.geometry())) {
                    r = new CachedBankReader(ctx.geometry(), BankSource.of(c.driver()));
                }
                BankSnapshot snap = BankSnapshot.read(t.displayName(), ctx, r, new MonitorProgress(monitor));
                CachedBankReader fr = r;
                ui(() -> loaded(t, c, fr, snap));
                return snap.survey().isPresent() ? snap.survey().get().summary().lines().findFirst().orElse("")
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

    private void loaded(FlashbankTarget t, FlashbankTarget.Connection c, CachedBankReader r, BankSnapshot s) {
        if (t != target) {
            return;
        }
        BankSnapshot before = snapshot;
        Sector chosen = strip.selectedSector();
        reader = r;
        readerConnection = c;
        snapshot = s;
        loadFailed = false;
        compare.newSnapshot(); // the bank may have changed: compare again
        strip.setSnapshot(s);
        if (chosen != null) {
            // finding 9: after a bank-mode change the chosen sector is the one now at its address, not a sector of
            // the old layout that Erase sector would refuse (or none while the status still names it)
            // the same sector carried over by a re-read: the status keeps what the last operation said (a refusal
            // must not be replaced by "Selected ..." when the banks are read again after it); a sector that moved
            // with a new layout is named
            Sector carried = s.carriedOver(chosen, before).orElse(null);
            carryingSelection = chosen.equals(carried);
            try {
                strip.select(carried);
            } finally {
                carryingSelection = false;
            }
        }
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
            headline.setText(target == null ? BankViewState.NO_TARGET
                    : target.displayName() + (target.isConnected() ? " \u2014 reading\u2026"
                            : " \u2014 not connected: connect it in the Targets view."));
            summaries.setText("");
            compare.show(null);
        } else {
            headline.setText(String.join("\n", s.headline()));
            StringBuilder b = new StringBuilder();
            for (Bank bank : s.geometry().banks()) {
                ImageSummary sum = s.summaries().get(bank.number());
                b.append(s.geometry().bankCount() == 1 ? "Bank: " : "Bank " + bank.number() + ": ")
                        .append(sum == null ? "not readable (RDP)" : sum.describe()).append('\n');
            }
            summaries.setText(b.toString().strip());
            compare.show(s);
            List<FlashWindow> windows = s.geometry().windows();
            sourceCombo.setItem(Source.AXIM.ordinal(), windowLabel(windows.get(0)));
            sourceCombo.setItem(Source.ITCM.ordinal(), windows.size() > 1 ? windowLabel(windows.get(1))
                    : "(no second window on this part)");
            sourceCombo.select(source.ordinal());
            // a scheme switches between two banks: none to offer in single-bank mode (a G4-style part run with
            // one bank still lists the scheme its dual-bank mode has)
            boolean twoBanks = s.geometry().bankCount() == 2;
            List<SwitchScheme> partSchemes = twoBanks ? s.survey().map(v -> v.boot().schemes()).orElse(List.of())
                    : List.of();
            if (!partSchemes.equals(schemes)) {
                SwitchScheme chosen = schemeCombo.getSelectionIndex() >= 0
                        ? schemes.get(schemeCombo.getSelectionIndex()) : null;
                schemes = partSchemes;
                schemeCombo.removeAll();
                schemes.forEach(x -> schemeCombo.add(x.name()));
                // List.of().indexOf(null) throws
                schemeCombo.select(chosen == null ? 0 : Math.max(0, schemes.indexOf(chosen)));
            }
            schemeCombo.setEnabled(s.survey().isPresent() && twoBanks);
            schemeCombo.setToolTipText(!twoBanks ? BankViewState.SINGLE_BANK
                    : s.survey().isEmpty() ? BankViewState.NO_AB_ON_THIS_PART : null);
        }
        updateActions();
        root.layout(true, true);
        fitTop();
        compare.redrawAfterLayout();
    }

    private static String windowLabel(FlashWindow w) {
        return String.format("%s window 0x%08X", w.name(), w.base());
    }

    /** Shows {@code text} on the view's one-line status (the whole text behind its tooltip and Details…). */
    void status(String text) {
        if (status != null && !status.isDisposed()) {
            status.show(text);
        }
    }

    /** Runs {@code r} on the UI thread unless the view is gone. */
    void ui(Runnable r) {
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
        return BankHexContents.of(s, snapshot, reader, this::loadAsync);
    }

    private List<AddressRange> highlights(Source src, BankSnapshot s) {
        return s == null || !BankHexContents.isBank(src) ? List.of()
                : compare.highlights(BankHexContents.bankOf(src), s);
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

    // ------------------------------------------------------------------ compare with file

    /**
     * Compares physical bank {@code bank} with a firmware image ({@link FileComparison}: lined up by its link
     * address, uncovered bytes expected erased). Shown in the compare panel until the next read.
     */
    public Optional<BankComparison> compareWithImage(FirmwareImage image, int bank) {
        BankSnapshot s = snapshot;
        CachedBankReader r = reader;
        if (s == null || r == null || bank > s.geometry().bankCount()) {
            status("Read the target first.");
            return Optional.empty();
        }
        Optional<byte[]> content = r.peek(bank, 0, (int) s.geometry().bank(bank).size());
        if (content.isEmpty()) {
            status("Still reading; compare again when the banks are read.");
            return Optional.empty();
        }
        FileComparison.Result result = compare.compareWithImage(s, bank, content.get(), image);
        status(result.message());
        if (result.comparison().isPresent()) {
            showSource(bank == 1 ? Source.BANK_1 : Source.BANK_2);
            show();
        }
        return result.comparison().map(FileComparison::comparison);
    }

    private void compareInteractive() {
        FileDialog d = new FileDialog(shell(), SWT.OPEN);
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

    // ------------------------------------------------------------------ for the parts and tests

    /** The latest snapshot. */
    public BankSnapshot snapshot() {
        return snapshot;
    }

    Sector selectedSector() {
        return strip.selectedSector();
    }

    /** The sector chosen in the bank strip (what Erase Sector and Erase Bank act on); null when none. */
    public Sector chosenSector() {
        return strip.selectedSector();
    }

    /** The whole last message of the status line (it shows one line of it). */
    public String lastMessage() {
        return status.message();
    }

    /** The status line's text as shown: one line. */
    public String statusShown() {
        return status.shown();
    }

    public Control statusControl() {
        return status;
    }

    public Control stripControl() {
        return strip;
    }

    public Control hexControl() {
        return hex;
    }

    public Text findField() {
        return findText;
    }

    /** Selects a sector in the strip (as a click does). */
    public void selectSector(Sector s) {
        strip.select(s);
    }

    /** What the scheme combo offers, as shown. */
    public List<String> schemeChoices() {
        return List.of(schemeCombo.getItems());
    }

    /** The chosen scheme of the connected part (its first while none is chosen); empty before a survey. */
    public Optional<SwitchScheme> scheme() {
        return schemes.isEmpty() ? Optional.empty()
                : Optional.of(schemes.get(Math.max(0, schemeCombo.getSelectionIndex())));
    }

    /** Chooses {@code s}, one of the connected part's schemes (as a user does in the combo). */
    public void setScheme(SwitchScheme s) {
        if (!schemes.contains(s)) {
            throw new IllegalArgumentException(s.id() + " is not a scheme of the connected part: "
                    + SwitchScheme.ids(schemes));
        }
        schemeCombo.select(schemes.indexOf(s));
    }

    public long pageThrough() {
        return hex.renderAllPages();
    }

    /** Paint events of the hex view so far (a test waits for the next one before it takes a screenshot). */
    public long hexPaints() {
        return hex.paints();
    }

    /** Repaints the hex view and the strip. */
    public void repaint() {
        hex.redraw();
        strip.redraw();
    }

    /** The rows of the diff table as shown (offsets, bytes, bank 1 at, bank 2 at). */
    public List<String[]> diffRows() {
        return compare.rows();
    }

    public String headlineText() {
        return headline.getText();
    }

    public String summariesText() {
        return summaries.getText();
    }

    public String diffSummaryText() {
        return compare.summaryText();
    }

    public Control diffTable() {
        return compare.table();
    }

    /** The hex view's row text at {@code offset} of the current source (null when not cached). */
    public String hexRow(long offset) {
        return hex.rowText(offset);
    }

    public int loadSymbols(Path file) throws IOException, ImageException {
        return findExport.loadSymbols(file);
    }

    public long goTo(String text) {
        return findExport.goTo(text);
    }

    public long find(String pattern) {
        return findExport.find(pattern);
    }

    /** Selects {@code length} bytes at {@code offset} of the current source. */
    public void select(long offset, int length) {
        hex.reveal(offset, length);
        updateActions();
    }

    public Path exportSelection(Path file, ImageFormat format) throws IOException {
        return findExport.exportSelection(file, format);
    }

    /** Answers the file question of Program… and Verify… in place of the OS file dialog (UI tests). */
    public void setImageFilePrompt(Function<Shell, String> prompt) {
        actions.setImageFilePrompt(prompt);
    }

    /** Program inactive bank without the confirmation. */
    public TargetJob programInactive(FirmwareImage image) {
        return actions.programInactive(image);
    }

    /** Swap without the review (callers that reviewed the change themselves, tests). */
    public TargetJob swap() {
        return actions.switchNow("Swap", BankActions.SWAP);
    }

    /** Rollback without the review. */
    public TargetJob rollback() {
        return actions.switchNow("Rollback", BankActions.ROLLBACK);
    }

    /** Erase through the doctor's pre-flight, without the confirmation. */
    public TargetJob erase(EraseRequest request, List<AddressRange> ranges) {
        return actions.erase(request, ranges, false);
    }

    /** Erase logical sector numbers, without the confirmation. */
    public TargetJob eraseSectors(List<Integer> numbers) {
        BankSnapshot snap = snapshot;
        List<Sector> sectors = numbers.stream().map(n -> snap.geometry().sector(n)).toList();
        return actions.erase(EraseRequest.sectorsOf(sectors), actions.sectorRanges(sectors), false);
    }

    public BankMemoryRetrieval memoryRetrieval() {
        return memory.retrieval();
    }

    /** A block per physical bank in Eclipse's Memory view, each at the address where the bank is mapped. */
    public List<BankMemoryBlock> showInMemoryView() {
        return memory.show(snapshot);
    }

    @Override
    public void dispose() {
        memory.dispose();
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
