package dev.flashbank.ui.options;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.eclipse.core.commands.operations.IOperationHistory;
import org.eclipse.core.commands.operations.IUndoContext;
import org.eclipse.core.commands.operations.IUndoableOperation;
import org.eclipse.core.commands.operations.ObjectUndoContext;
import org.eclipse.core.commands.operations.OperationHistoryFactory;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.preference.JFacePreferences;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.ISaveablePart2;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.forms.widgets.FormToolkit;
import org.eclipse.ui.forms.widgets.ScrolledForm;
import org.eclipse.ui.forms.widgets.Section;
import org.eclipse.ui.operations.RedoActionHandler;
import org.eclipse.ui.operations.UndoActionHandler;
import org.eclipse.ui.part.EditorPart;

import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.core.ops.OperationException;
import dev.flashbank.core.ops.OptionBytesWrite;
import dev.flashbank.core.ops.OptionCliCommand;
import dev.flashbank.core.ops.OptionProfile;
import dev.flashbank.core.ops.OptionProfileException;
import dev.flashbank.core.ops.OptionProfileFile;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.ui.FlashbankUiPlugin;
import dev.flashbank.ui.jobs.MonitorProgress;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.FlashbankTarget;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.model.TargetManager;
import dev.flashbank.ui.options.OptionFieldsForm.OptionsRead;

/**
 * The Option Bytes editor of one target (issue 7; an editor since issue 16), for a part of any installed family, as
 * Eclipse editors behave: one editor per target (its {@link OptionBytesEditorInput}), opened from the Targets view;
 * pending changes make it dirty ({@code *} in its tab); Save (Ctrl+S, File &gt; Save) is Apply - the change is
 * previewed on a simulated twin and written only from the review dialog ({@link OptionReviewDialog}), with backup,
 * verify and re-read; cancelling the review writes nothing and keeps the editor dirty; File &gt; Revert drops the
 * pending changes; Edit &gt; Undo/Redo step through them (the workbench's operation history, {@link OptionEdit}s in
 * the editor's own undo context); closing it with pending changes asks whether to review and write, or discard them.
 * The fields are {@link OptionFieldsForm}'s. The header says what the target is, what is pending and the result of
 * the last write made from THIS editor (each target's editor has its own). Refresh, Backup, Restore and Copy as CLI
 * command are in the header's toolbar.
 */
public final class OptionBytesEditor extends EditorPart implements ISaveablePart2 {

    public static final String ID = "dev.flashbank.ui.options.editor";

    /** Opens the editor of {@code t} in {@code page}, or activates the one already open; it reads the options. */
    public static OptionBytesEditor open(IWorkbenchPage page, FlashbankTarget t) throws PartInitException {
        return (OptionBytesEditor) page.openEditor(new OptionBytesEditorInput(t), ID);
    }

    private FlashbankTarget target;
    private TargetManager manager;
    private FormToolkit toolkit;
    private ScrolledForm form;
    private Label status;
    private Label banner;
    private OptionFieldsForm fields;

    private OptionsRead read;
    private OptionImage edited;
    private boolean dirty;

    private OptionReviewDialog review;
    private volatile OptionBytesWrite.Result lastResult;
    private volatile String lastProblem;
    private volatile TargetJob pendingRead;
    /** UI thread only: a read was started and its result has not been shown yet. */
    private boolean reading;
    private TargetJob preview;

    private final IOperationHistory history = OperationHistoryFactory.getOperationHistory();
    private IUndoContext undoContext;
    /** The edit still collecting keystrokes of a typed field or the toggles of one map action, if any. */
    private OptionEdit open;
    private UndoActionHandler undo;
    private RedoActionHandler redo;
    private final Action revert = new Action("Revert") {
        @Override
        public void run() {
            revert();
        }
    };
    private final Consumer<FlashbankTarget> managerListener = this::targetChanged;

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        if (!(input instanceof OptionBytesEditorInput in)) {
            throw new PartInitException("Not a target's option bytes: " + input);
        }
        setSite(site);
        setInput(input);
        target = in.target();
        setPartName(target.displayName());
        setTitleToolTip(in.getToolTipText());
        undoContext = new ObjectUndoContext(this, "Option bytes of " + target.displayName());
        history.setLimit(undoContext, 100);
        undo = new UndoActionHandler(site, undoContext);
        redo = new RedoActionHandler(site, undoContext);
        revert.setEnabled(false);
    }

    @Override
    public void createPartControl(Composite parent) {
        dev.flashbank.ui.help.HelpContexts.bind(parent, dev.flashbank.ui.help.HelpContexts.OPTION_BYTES_EDITOR);
        toolkit = new FormToolkit(parent.getDisplay());
        form = toolkit.createScrolledForm(parent);
        form.setText("Option bytes \u2014 " + target.displayName());
        toolkit.decorateFormHeading(form.getForm());
        Composite body = form.getBody();
        body.setLayout(new GridLayout(1, false));
        status = toolkit.createLabel(body, "", SWT.WRAP);
        GridData sd = new GridData(SWT.FILL, SWT.TOP, true, false);
        sd.widthHint = 600; // wraps in the editor's width instead of widening the form to one long line
        status.setLayoutData(sd);
        banner = toolkit.createLabel(body, "", SWT.WRAP);
        banner.setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
        GridData bd = new GridData(SWT.FILL, SWT.TOP, true, false);
        bd.widthHint = 600; // the backup's path is long
        bd.exclude = true;
        banner.setLayoutData(bd);
        banner.setVisible(false);
        fields = new OptionFieldsForm(toolkit, form.getMessageManager(), body, new OptionFieldsForm.Edits() {
            @Override
            public void edit(String label, OptionImage next, String key) {
                OptionBytesEditor.this.edit(label, next, key);
            }

            @Override
            public void fieldLeft(String field) {
                if (open != null && open.collects(field)) {
                    closeOpenEdit();
                }
            }

            @Override
            public void refused(String message) {
                status(message, true);
            }
        });
        contributeToolbar(form.getToolBarManager());
        manager = FlashbankUiPlugin.getDefault().targets();
        manager.addListener(managerListener);
        refresh(); // opening the editor reads the options (connecting the target when needed)
        rebuild();
    }

    private void contributeToolbar(IToolBarManager tb) {
        tb.add(action("Refresh", "Read the option bytes from the target again", this::refresh));
        tb.add(action("Backup\u2026", "Save the option bytes as read to a profile file", this::backupInteractive));
        tb.add(action("Restore\u2026", "Load a profile into the editor (written on Save, after review)",
                this::restoreInteractive));
        tb.add(action("Copy as CLI command", "The pending change as a flashbank ob set command", this::copyCliCommand));
        tb.update(true);
    }

    private static IAction action(String text, String tip, Runnable r) {
        Action a = new Action(text) {
            @Override
            public void run() {
                r.run();
            }
        };
        a.setToolTipText(tip);
        return a;
    }

    // ------------------------------------------------------------------ reading

    private void targetChanged(FlashbankTarget t) {
        if (t != target || form == null || form.isDisposed()) {
            return;
        }
        ui(() -> {
            if (t.isConnected() && read == null && t.busy() == null && !reading) {
                refresh();
            }
            updateStatus(); // pending changes stay when the target disconnects: Save connects again
        });
    }

    /** Re-reads the option registers (a job on the target); a read already queued for the target is reused. */
    public TargetJob refresh() {
        FlashbankTarget t = target;
        TargetJob queued = pendingRead;
        if (reading && queued != null) {
            return queued; // change events queued before the read's result must not start more reads
        }
        TargetJob j = new TargetJob("Reading option bytes", t, this, false) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException {
                FlashbankTarget.Connection c = t.connect();
                FlashDriver d = c.driver();
                OptionImage o = d.readOptions();
                OptionsRead r = new OptionsRead(d, o, d.flashSizeKiB(), d.protectionModel(o), d.banksSwapped());
                ui(() -> loaded(r));
                return o.toString();
            }
        };
        // posted after the result, so "reading" ends once the editor shows what was read, the failure, or a cancel
        j.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                ui(() -> {
                    if (pendingRead == j) {
                        reading = false;
                        if (read == null) {
                            rebuild(); // the read failed or was canceled: say so instead of "Reading..."
                        }
                        updateStatus();
                    }
                });
            }
        });
        pendingRead = j;
        reading = true;
        j.schedule();
        return j;
    }

    /** The options as read: the editor starts from them, with nothing pending and an empty undo history. */
    private void loaded(OptionsRead r) {
        boolean sameShape = read != null && read.options().lineId().equals(r.options().lineId())
                && read.flashKiB() == r.flashKiB();
        read = r;
        edited = r.options();
        forgetEdits();
        if (sameShape) {
            fields.reread(r);
            fields.showTypedFields(edited);
            update();
        } else {
            rebuild();
        }
    }

    private void ui(Runnable r) {
        Display d = form == null || form.isDisposed() ? null : form.getDisplay();
        if (d != null) {
            d.asyncExec(() -> {
                if (!form.isDisposed()) {
                    r.run();
                }
            });
        }
    }

    private void rebuild() {
        fields.build(read, edited, reading ? "Reading option bytes of " + target.displayName() + "\u2026"
                : "The option bytes of " + target.displayName() + " could not be read"
                        + (target.problem() == null ? "" : ": " + target.problem())
                        + ". Refresh (in the header) tries again.");
        update();
        form.getBody().layout(true, true); // new sections: everything is laid out once
        form.reflow(true);
    }

    // ------------------------------------------------------------------ editing, undo, dirty

    /** A user's change: one undoable edit (keystrokes of one typed field, toggles of one map action: one edit). */
    private void edit(String label, OptionImage next, String key) {
        if (next.equals(edited)) {
            return;
        }
        OptionImage before = edited;
        edited = next;
        IUndoableOperation top = history.getUndoOperation(undoContext);
        if (key != null && open != null && open.collects(key) && top == open) {
            open.retarget(next);
        } else {
            open = new OptionEdit(label, undoContext, before, next, key, this::restore);
            history.add(open);
            if (key == null) {
                open = null;
            } else if (OptionFieldsForm.MAP.equals(key)) {
                // the toggles one key or click makes (Ctrl+A: one per bit) are one edit; the next action another
                OptionEdit mapEdit = open;
                form.getDisplay().asyncExec(() -> {
                    if (open == mapEdit) {
                        closeOpenEdit();
                    }
                });
            }
        }
        update();
    }

    private void closeOpenEdit() {
        OptionEdit e = open;
        open = null;
        if (e != null) {
            e.close();
        }
    }

    /** Undo and redo: {@code image} becomes the pending options, every field shows it (typed ones formatted). */
    private void restore(OptionImage image) {
        open = null;
        edited = image;
        fields.showTypedFields(image);
        update();
    }

    /** The pending edits of options no longer read (a new read, Revert, a write) cannot be undone into them. */
    private void forgetEdits() {
        open = null;
        history.dispose(undoContext, true, true, false);
    }

    public void revert() {
        if (read != null) {
            edited = read.options();
            forgetEdits();
            fields.showTypedFields(edited);
            update();
        }
    }

    private void update() {
        if (form == null || form.isDisposed()) {
            return;
        }
        if (edited != null) {
            fields.show(edited);
        }
        updateStatus();
        boolean d = isDirty();
        revert.setEnabled(d);
        if (d != dirty) {
            dirty = d;
            firePropertyChange(org.eclipse.ui.IEditorPart.PROP_DIRTY);
        }
    }

    /** Pending changes, or a text in a field that is refused (not yet a change, but not saved either). */
    @Override
    public boolean isDirty() {
        return !changes().isEmpty() || (fields != null && fields.refusedField().isPresent());
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }

    @Override
    public void doSaveAs() {
        // option bytes live in the part: Backup... saves a profile file
    }

    /**
     * Save = Apply: the change is previewed and reviewed (the dialog opens once the twin has run); the editor stays
     * dirty until the reviewed write has been made and read back. A refused field or no change: nothing happens
     * (and a save on close is canceled).
     */
    @Override
    public void doSave(IProgressMonitor monitor) {
        if (apply() == null && monitor != null) {
            monitor.setCanceled(true);
        }
    }

    /** Closing with pending changes: they can be reviewed and written (the editor stays open), discarded, or kept. */
    @Override
    public int promptToSaveOnClose() {
        int n = changes().size();
        MessageDialog d = new MessageDialog(getSite().getShell(), "Option bytes not written", null,
                (n == 0 ? "A field of " + target.displayName() + " shows a refused value."
                        : n + " pending option change" + (n == 1 ? "" : "s") + " on " + target.displayName()
                                + " " + (n == 1 ? "is" : "are") + " not written.")
                        + "\n\nReview and write them (the editor stays open), discard them and close, or cancel?",
                MessageDialog.QUESTION, 0, "Review and Write\u2026", "Discard", "Cancel");
        return switch (d.open()) {
            case 0 -> {
                apply();
                yield CANCEL;
            }
            case 1 -> NO;
            default -> CANCEL;
        };
    }

    // ------------------------------------------------------------------ status and banner

    private void updateStatus() {
        if (status == null || status.isDisposed()) {
            return;
        }
        StringBuilder b = new StringBuilder();
        b.append(target.connection().map(c -> c.identity().summary()).orElse(target.displayName()
                + (target.isConnected() || reading ? "" : " \u2014 not connected (Refresh or Save connects it)")));
        if (target.busy() != null) {
            b.append(" \u2014 BUSY: ").append(target.busy());
        }
        if (edited != null) {
            int n = changes().size();
            b.append(n == 0 ? " \u2014 no pending changes"
                    : " \u2014 " + n + " pending change" + (n == 1 ? "" : "s") + " (Save = review and write)");
            fields.refusedField().ifPresent(f -> b.append("\n").append(f)
                    .append(" shows a refused value: correct it or Revert before Save."));
        }
        List<org.eclipse.swt.widgets.Control> changed = new java.util.ArrayList<>(fields.takeChanged());
        boolean extentChanged = fields.takeExtentChanged();
        if (!status.getText().equals(b.toString())) {
            extentChanged |= status.getText().split("\n").length != b.toString().split("\n").length;
            status.setText(b.toString());
            changed.add(status);
        }
        OptionBytesWrite.Result r = lastResult;
        boolean showBanner = r != null && r.written();
        String bannerText = showBanner ? "Last write: " + r.summary() : "";
        if (!banner.getText().equals(bannerText) || banner.getVisible() != showBanner) {
            banner.setText(bannerText);
            banner.setVisible(showBanner);
            ((GridData) banner.getLayoutData()).exclude = !showBanner;
            changed.add(banner);
            extentChanged = true;
        }
        if (lastProblem != null) {
            form.setMessage("Problem: " + lastProblem, IMessageProvider.ERROR);
        } else if (fields.refusedField().isEmpty()) {
            form.setMessage(null, IMessageProvider.NONE);
        }
        status.setForeground(lastProblem != null
                ? JFaceResources.getColorRegistry().get(JFacePreferences.ERROR_COLOR) : null);
        // only what changed is laid out again; the scrolled extent is recomputed when rows came or went
        if (!changed.isEmpty()) {
            form.getBody().layout(changed.toArray(org.eclipse.swt.widgets.Control[]::new), SWT.NONE);
        }
        if (extentChanged) {
            form.reflow(true);
        }
    }


    private void status(String text, boolean problem) {
        lastProblem = problem ? text : null;
        updateStatus();
    }

    // ------------------------------------------------------------------ apply (save) and write

    /** Pending changes with risk and consequence. */
    public List<OptionChange> changes() {
        if (edited == null || read == null) {
            return List.of();
        }
        return read.driver().optionChanges(read.options(), edited);
    }

    /**
     * Apply: previews the change on the simulated twin (a job on the target), then opens the review dialog; the write
     * starts only from the dialog. Returns the preview job (null when there is nothing to apply or a field is
     * refused).
     */
    public TargetJob apply() {
        closeOpenEdit();
        List<OptionChange> changes = changes();
        Optional<String> refused = fields.refusedField();
        if (refused.isPresent()) {
            status(refused.get() + " shows a refused value: correct it or Revert. Nothing was applied.", true);
            return null;
        }
        if (read == null || changes.isEmpty()) {
            status("Nothing to apply.", false);
            return null;
        }
        if (preview != null && preview.getState() != Job.NONE) {
            return preview; // Ctrl+S twice: one review
        }
        FlashbankTarget t = target;
        OptionImage from = read.options();
        OptionImage to = edited;
        preview = new TargetJob("Previewing option change on the simulated twin", t, this, false) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException, OperationException {
                List<String> shown = OptionTwinPreview.lines(t, t.connect(), from, to);
                ui(() -> openReview(from, to, changes, shown));
                return shown.get(0);
            }
        };
        preview.schedule();
        return preview;
    }

    private void openReview(OptionImage from, OptionImage to, List<OptionChange> changes, List<String> twin) {
        if (read == null || from != read.options() || !to.equals(edited)) {
            return; // the user moved on while the twin ran
        }
        review = new OptionReviewDialog(getSite().getShell(), target.partName(), changes, twin,
                manager.backupsDirectory(), typed -> write(to, typed));
        review.open();
    }

    /** The review dialog opened by the last Save (tests drive it). */
    public OptionReviewDialog reviewDialog() {
        return review;
    }

    /**
     * Writes {@code requested} (backup, write, verify, re-read) as a job; {@code confirmation} as given in the review.
     * Refused with nothing written when the part's options are no longer those the change was made from (another
     * tool wrote them since they were read).
     */
    public TargetJob write(OptionImage requested, Confirmation confirmation) {
        FlashbankTarget t = target;
        Path backups = manager.backupsDirectory();
        OptionImage from = read.options();
        int kib = read.flashKiB();
        TargetJob j = new TargetJob("Writing option bytes", t, this) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException, OperationException {
                FlashbankTarget.Connection c = t.connect();
                try {
                    FlashDriver d = c.driver();
                    if (!d.readOptions().equals(from)) {
                        String why = "The option bytes of " + t.displayName() + " changed since the editor read them"
                                + " (another tool wrote them). Nothing was written: Refresh and make the change again.";
                        ui(() -> status(why, true));
                        return why;
                    }
                    OptionBytesWrite.Result r = new OptionBytesWrite(d, t.partName(), requested, backups, confirmation)
                            .withGuard(t.optionWriteGuard(c)).run(new MonitorProgress(monitor));
                    if (t instanceof SimulatedTarget s) {
                        s.save();
                    }
                    lastResult = r;
                    OptionImage after = r.after();
                    OptionsRead now = new OptionsRead(d, after, kib, d.protectionModel(after), d.banksSwapped());
                    ui(() -> {
                        lastProblem = null;
                        loaded(now);
                    });
                    return r.summary();
                } catch (TargetException | OperationException e) {
                    ui(() -> status(e.getMessage(), true));
                    throw e;
                }
            }
        };
        j.schedule();
        return j;
    }

    /** The result of the last successful write from this editor. */
    public OptionBytesWrite.Result lastResult() {
        return lastResult;
    }

    public String lastProblem() {
        return lastProblem;
    }

    // ------------------------------------------------------------------ backup, restore, CLI

    /** Saves the option bytes as read from the part to {@code file} (atomic). */
    public void backupTo(Path file) throws IOException {
        OptionProfileFile.write(file, new OptionProfile(target.partName(), read.flashKiB(), read.options(),
                Instant.now(), "saved from the Option Bytes editor"));
    }

    /** Loads a profile into the editor (an undoable edit, written on Save); refused with the reason when it does not fit. */
    public void restoreFrom(Path file) throws OptionProfileException {
        OptionProfile p = OptionProfileFile.read(file, InstalledFamilies.families());
        OptionImage original = read.options();
        if (!p.lineId().equals(original.lineId())) {
            throw new OptionProfileException(file, 0, "the profile is for " + p.options().lineName() + " ("
                    + p.partName() + "), the connected part is " + original.lineName());
        }
        closeOpenEdit();
        edit("Restore " + file.getFileName(), p.options(), null); // same line as the connected part
        fields.showTypedFields(edited);
        update();
        status("Loaded " + file.getFileName() + " (" + p.partName() + "): review and Save to write it.", false);
    }

    private void backupInteractive() {
        if (read == null) {
            return;
        }
        FileDialog d = new FileDialog(getSite().getShell(), SWT.SAVE);
        d.setFilterExtensions(new String[] { "*" + OptionProfileFile.EXTENSION });
        d.setFileName(OptionProfileFile.backupFileName(target.partName(), Instant.now()));
        d.setFilterPath(manager.backupsDirectory().toString());
        d.setOverwrite(true);
        String f = d.open();
        if (f != null) {
            try {
                backupTo(Path.of(f));
                status("Saved " + f, false);
            } catch (IOException e) {
                status("Backup failed: " + e.getMessage(), true);
            }
        }
    }

    private void restoreInteractive() {
        if (read == null) {
            return;
        }
        FileDialog d = new FileDialog(getSite().getShell(), SWT.OPEN);
        d.setFilterExtensions(new String[] { "*" + OptionProfileFile.EXTENSION, "*" });
        d.setFilterPath(manager.backupsDirectory().toString());
        String f = d.open();
        if (f != null) {
            try {
                restoreFrom(Path.of(f));
            } catch (OptionProfileException e) {
                status(e.getMessage(), true);
            }
        }
    }

    /**
     * The CLI command for the pending change: the command line's own rendering ({@link OptionCliCommand#render}), each
     * value in its field's spelling, the confirmation flags the changes need, --raw where only a raw value reaches it.
     */
    public String cliCommand() {
        return OptionCliCommand.render(target.cliTargetArgument(), target.partName(), read.driver().descriptor(),
                read.flashKiB(), read.options(), edited, changes());
    }

    /** Copy as CLI command (the header's toolbar). */
    public void copyCliCommand() {
        if (edited == null) {
            return;
        }
        Clipboard cb = new Clipboard(form.getDisplay());
        try {
            cb.setContents(new Object[] { cliCommand() }, new Transfer[] { TextTransfer.getInstance() });
        } finally {
            cb.dispose();
        }
        status("Copied: " + cliCommand(), false);
    }

    // ------------------------------------------------------------------ workbench actions (the contributor's)

    IAction undoAction() {
        return undo;
    }

    IAction redoAction() {
        return redo;
    }

    IAction revertAction() {
        return revert;
    }

    /** The editor's own undo context (its pending edits in the workbench's operation history). */
    public IUndoContext undoContext() {
        return undoContext;
    }

    // ------------------------------------------------------------------ test access (UI thread)

    public FlashbankTarget target() {
        return target;
    }

    public OptionImage originalOptions() {
        return read == null ? null : read.options();
    }

    public OptionImage editedOptions() {
        return edited;
    }

    public org.eclipse.swt.widgets.Control editor(String field) {
        return fields.editor(field);
    }

    public Label nameLabel(String field) {
        return fields.nameLabel(field);
    }

    public Label meaningLabel(String field) {
        return fields.meaningLabel(field);
    }

    /** The Description column of a field's row: the reference manual's explanation (and how to enter the value). */
    public Label descriptionLabel(String field) {
        return fields.descriptionLabel(field);
    }

    public Label refusal(String field) {
        return fields.refusal(field);
    }

    /** The collapsible section a field's row stands in. */
    public Section sectionOf(String field) {
        return fields.sectionOf(field);
    }

    /** The section of the sector map (null without per-sector protection). */
    public Section sectorMapSection() {
        return fields.sectorMapSection();
    }

    /** The names of the fields typed as text, in the order shown. */
    public List<String> typedFields() {
        return fields.typedFields();
    }

    public SectorMap sectorMap() {
        return fields.sectorMap();
    }

    /** The header: target, pending changes, refused fields, and the last write from this editor. */
    public String statusText() {
        return status.getText() + (banner.getVisible() ? "\n" + banner.getText() : "");
    }

    /** The last-write banner as shown ("" when this editor has not written). */
    public String bannerText() {
        return banner.getVisible() ? banner.getText() : "";
    }

    /** Whether Save would open the review: changes pending, no field refused. */
    public boolean applyEnabled() {
        return !changes().isEmpty() && fields.refusedField().isEmpty();
    }

    public ScrolledForm form() {
        return form;
    }

    @Override
    public void setFocus() {
        for (org.eclipse.swt.widgets.Control c = form.getDisplay().getFocusControl(); c != null; c = c.getParent()) {
            if (c == form) {
                return; // activated by a click into a field: the focus stays where the user put it
            }
        }
        form.setFocus();
    }

    @Override
    public void dispose() {
        if (manager != null) {
            manager.removeListener(managerListener);
        }
        Job.getJobManager().cancel(this); // closing the editor cancels what it started, at the next safe point
        if (undoContext != null) {
            history.dispose(undoContext, true, true, true);
        }
        if (undo != null) {
            undo.dispose();
            redo.dispose();
        }
        if (toolkit != null) {
            toolkit.dispose();
        }
        super.dispose();
    }
}
