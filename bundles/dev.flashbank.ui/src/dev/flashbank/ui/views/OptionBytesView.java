package dev.flashbank.ui.views;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;

import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.family.ProtectionModel.BlockerKind;
import dev.flashbank.core.family.ProtectionModel.EraseBlocker;
import dev.flashbank.core.family.ProtectionModel.Scope;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.ops.OperationException;
import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.core.ops.OptionBytesWrite;
import dev.flashbank.core.ops.OptionCliCommand;
import dev.flashbank.core.ops.OptionProfile;
import dev.flashbank.core.ops.OptionProfileException;
import dev.flashbank.core.ops.OptionProfileFile;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.ui.FlashbankUiPlugin;
import dev.flashbank.ui.jobs.MonitorProgress;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.FlashbankTarget;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.model.TargetManager;
import dev.flashbank.ui.options.OptionReviewDialog;
import dev.flashbank.ui.options.OptionTwinPreview;
import dev.flashbank.ui.options.SectorMap;

/**
 * The Option Bytes editor of the selected target (issue 7), for a part of any installed family: every option field of
 * the part in the boxes its descriptor names (read protection, write protection as a sector map over the flash layout,
 * boot, bank mode or swap, watchdogs, reset behaviour, BOR ...), each with its current value, its decoded meaning and
 * the reference-manual explanation as tooltip. Narrow fields are chosen from their values, wide ones typed in the
 * field's own syntax (boot addresses as addresses); per-sector protection bits are set on the family's
 * {@link ProtectionModel} map. Edits mark fields
 * dirty; invalid values are refused inline with the reason. Apply previews the change on a simulated twin and opens
 * the review dialog; the write (with backup, verify and re-read) runs as a job. Revert, Refresh, Backup, Restore,
 * Copy as CLI command.
 */
public final class OptionBytesView extends ViewPart {

    public static final String ID = "dev.flashbank.ui.views.optionbytes";

    /** One editable option on screen. */
    private record Row(OptionField field, Label name, Control editor, Label meaning, List<Integer> values) {
    }

    private Composite root;
    private Label status;
    private ScrolledComposite scroll;
    private Composite content;
    private SectorMap sectorMap;
    private Label mapNote;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, Label> refusals = new LinkedHashMap<>();
    /**
     * Per typed field (BOOT_ADDx, area bounds): the value it had when it was last settled (shown formatted after
     * focus-out, Enter, a read, Revert or Restore). While the text does not parse, this is the pending value, not
     * anything typed.
     */
    private final Map<String, Integer> settled = new LinkedHashMap<>();
    private Button applyButton;

    private TargetManager manager;
    private FlashbankTarget target;
    private OptionImage original;
    private OptionImage edited;
    /** The driver of the part the options were read from: its family's option diff (no target access). */
    private FlashDriver driver;
    private int flashKiB;
    /**
     * The family's protection model of the options read (it knows how option registers relate to the physical banks
     * under the mapping in force); {@link ProtectionModel#of} gives the pending options' without target access.
     */
    private ProtectionModel protection;
    /** The bank mapping in force when the options were read (addresses of the banks in the sector map). */
    private boolean swapped;
    private boolean updating;
    private OptionReviewDialog review;
    private volatile OptionBytesWrite.Result lastResult;
    private volatile String lastProblem;
    private volatile TargetJob pendingRead;
    /** UI thread only: a read was started and its result has not been shown yet. */
    private boolean reading;
    private final Consumer<FlashbankTarget> managerListener = this::targetChanged;
    private final ISelectionListener selectionListener = this::selectionChanged;

    @Override
    public void createPartControl(Composite parent) {
        root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(1, false));
        status = new Label(root, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        Composite buttons = new Composite(root, SWT.NONE);
        buttons.setLayout(new GridLayout(6, false));
        applyButton = button(buttons, "Apply\u2026", this::apply);
        button(buttons, "Revert", this::revert);
        button(buttons, "Refresh", this::refresh);
        button(buttons, "Backup\u2026", this::backupInteractive);
        button(buttons, "Restore\u2026", this::restoreInteractive);
        button(buttons, "Copy as CLI command", this::copyCliCommand);
        scroll = new ScrolledComposite(root, SWT.V_SCROLL | SWT.H_SCROLL);
        scroll.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        scroll.addListener(SWT.Resize, e -> fitContent());
        manager = FlashbankUiPlugin.getDefault().targets();
        manager.addListener(managerListener);
        getSite().getPage().addSelectionListener(TargetsView.ID, selectionListener);
        IWorkbenchPart tv = getSite().getPage().findView(TargetsView.ID);
        if (tv != null && tv.getSite().getSelectionProvider() != null) {
            selectionChanged(tv, tv.getSite().getSelectionProvider().getSelection());
        }
        rebuild();
    }

    private Button button(Composite parent, String text, Runnable r) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.addListener(SWT.Selection, e -> r.run());
        return b;
    }

    // ------------------------------------------------------------------ target selection and loading

    private void selectionChanged(IWorkbenchPart part, org.eclipse.jface.viewers.ISelection sel) {
        if (sel instanceof IStructuredSelection s && s.getFirstElement() instanceof FlashbankTarget t) {
            setTarget(t);
        }
    }

    /** Shows {@code t}; reads its options when it is connected. */
    public void setTarget(FlashbankTarget t) {
        if (t == target) {
            return;
        }
        target = t;
        original = null;
        edited = null;
        lastProblem = null;
        lastResult = null; // the last write shown is the shown target's, not another board's
        if (t.isConnected()) {
            refresh();
        }
        rebuild();
    }

    private void targetChanged(FlashbankTarget t) {
        if (t == null || t != target || root == null || root.isDisposed()) {
            return;
        }
        root.getDisplay().asyncExec(() -> {
            if (root.isDisposed()) {
                return;
            }
            if (t.isConnected() && original == null && t.busy() == null && !reading) {
                refresh();
            } else if (!t.isConnected() && original != null) {
                original = null;
                edited = null;
                rebuild();
            }
            updateStatus();
        });
    }

    /** Re-reads the option registers (a job on the target); a read already queued for the target is reused. */
    public TargetJob refresh() {
        FlashbankTarget t = target;
        if (t == null) {
            return null;
        }
        TargetJob queued = pendingRead;
        if (reading && queued != null && queued.target() == t) {
            return queued; // change events queued before the read's result must not start more reads
        }
        TargetJob j = new TargetJob("Reading option bytes", t, this, false) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException {
                FlashbankTarget.Connection c = t.connect();
                FlashDriver d = c.driver();
                OptionImage o = d.readOptions();
                int kib = d.flashSizeKiB();
                ProtectionModel pm = d.protectionModel(o);
                boolean sw = d.banksSwapped();
                ui(() -> loaded(t, d, o, kib, pm, sw));
                return o.toString();
            }
        };
        // posted after the result, so "reading" ends once the editor shows what was read, the failure, or a cancel
        // (also of a job canceled before it ran)
        j.addJobChangeListener(new org.eclipse.core.runtime.jobs.JobChangeAdapter() {
            @Override
            public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
                ui(() -> {
                    if (pendingRead == j) {
                        reading = false;
                    }
                });
            }
        });
        pendingRead = j;
        reading = true;
        j.schedule();
        return j;
    }

    private void loaded(FlashbankTarget t, FlashDriver d, OptionImage o, int kib, ProtectionModel pm, boolean sw) {
        if (t != target) {
            return;
        }
        boolean sameShape = original != null && original.lineId().equals(o.lineId()) && flashKiB == kib;
        driver = d;
        original = o;
        edited = o;
        flashKiB = kib;
        protection = pm;
        swapped = sw;
        if (sameShape) {
            showTypedFields();
            update();
        } else {
            rebuild();
        }
    }

    private void ui(Runnable r) {
        Display d = root == null || root.isDisposed() ? null : root.getDisplay();
        if (d != null) {
            d.asyncExec(() -> {
                if (!root.isDisposed()) {
                    r.run();
                }
            });
        }
    }

    // ------------------------------------------------------------------ building the editor

    private void rebuild() {
        if (content != null) {
            content.dispose();
        }
        rows.clear();
        refusals.clear();
        settled.clear();
        sectorMap = null;
        mapNote = null;
        content = new Composite(scroll, SWT.NONE);
        content.setLayout(new GridLayout(2, true));
        if (edited == null) {
            Label l = new Label(content, SWT.WRAP);
            l.setText(target == null ? "Select a target in the Targets view."
                    : target.isConnected() ? "Reading option bytes\u2026"
                            : target.displayName() + " is not connected. Connect it in the Targets view.");
        } else {
            buildGroups();
            showTypedFields();
        }
        scroll.setContent(content);
        update();
        root.layout(true, true);
        fitContent();
    }

    /** The editor takes the view's width (labels wrap, the sector map spans it) and scrolls vertically. */
    private void fitContent() {
        if (content == null || content.isDisposed()) {
            return;
        }
        int width = Math.max(scroll.getClientArea().width, 640);
        scroll.setMinSize(content.computeSize(width, SWT.DEFAULT));
    }

    /**
     * The fields of the part in the boxes its descriptor names ({@code DeviceDescriptor#optionGroup}), in the order
     * the fields first appear; fields without a box go to "Options". The per-sector protection bits are not rows: the
     * sector map stands in the box of the first of them and sets them through the family's {@link ProtectionModel}.
     * Narrow fields are chosen from their values, wide ones typed in the field's own syntax.
     */
    private void buildGroups() {
        Map<String, List<OptionField>> byGroup = new LinkedHashMap<>();
        String mapGroup = null;
        for (OptionField f : driver.descriptor().optionFields(flashKiB, edited.bankMode())) {
            String g = driver.descriptor().optionGroup(f).orElse("Options");
            List<OptionField> list = byGroup.computeIfAbsent(g, x -> new ArrayList<>());
            if (protection.isPerSectorField(f)) {
                mapGroup = mapGroup == null ? g : mapGroup;
            } else {
                list.add(f);
            }
        }
        // boxes of many alike fields (area bounds) after the others across the view, their fields in two columns; the
        // sector map's box spans the view where it stands
        List<Map.Entry<String, List<OptionField>>> ordered = new ArrayList<>(byGroup.entrySet());
        ordered.sort(java.util.Comparator.comparing(e -> e.getValue().size() > WIDE_GROUP_FIELDS));
        for (Map.Entry<String, List<OptionField>> e : ordered) {
            boolean hasMap = e.getKey().equals(mapGroup);
            boolean wide = e.getValue().size() > WIDE_GROUP_FIELDS;
            Group g = group(e.getKey(), wide || hasMap);
            if (wide) {
                g.setLayout(new GridLayout(6, false));
            }
            if (hasMap) {
                sectorMap = new SectorMap(g);
                GridData md = new GridData(SWT.FILL, SWT.TOP, true, false, wide ? 6 : 3, 1);
                md.heightHint = sectorMap.computeSize(SWT.DEFAULT, SWT.DEFAULT).y;
                sectorMap.setLayoutData(md);
                sectorMap.onToggle(this::toggleSector);
                mapNote = new Label(g, SWT.WRAP);
                mapNote.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, wide ? 6 : 3, 1));
            }
            for (OptionField f : e.getValue()) {
                if (f.name().equals(RDP) || f.bits().maxValue() < 16) {
                    row(g, f);
                } else {
                    typedRow(g, f);
                }
            }
        }
    }

    /** The read protection byte has the same name on every STM32 family; its choices are the three levels. */
    private static final String RDP = "RDP";

    /** A box with more fields than this spans the view and shows its fields in two columns. */
    private static final int WIDE_GROUP_FIELDS = 4;

    private Group group(String title, boolean wide) {
        Group g = new Group(content, SWT.NONE);
        g.setText(title);
        g.setLayout(new GridLayout(3, false));
        g.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, wide ? 2 : 1, 1));
        return g;
    }

    private Label nameLabel(Composite g, OptionField f) {
        Label name = new Label(g, SWT.NONE);
        name.setText(f.name());
        name.setToolTipText(f.explanation());
        return name;
    }

    private Label meaningLabel(Composite g, OptionField f) {
        Label meaning = new Label(g, SWT.WRAP);
        GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        gd.widthHint = 260;
        meaning.setLayoutData(gd);
        meaning.setToolTipText(f.explanation());
        return meaning;
    }

    /** A field edited by choosing one of its values, each shown with its decoded meaning. */
    private void row(Composite g, OptionField f) {
        if (f == null) {
            return;
        }
        Label name = nameLabel(g, f);
        Combo combo = new Combo(g, SWT.READ_ONLY | SWT.DROP_DOWN);
        combo.setToolTipText(f.explanation());
        GridData cd = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
        cd.widthHint = 220;
        combo.setLayoutData(cd);
        List<Integer> values = new ArrayList<>();
        if (f.name().equals(RDP)) {
            values.addAll(List.of(RdpLevel.LEVEL0_BYTE, RdpLevel.LEVEL1_HAL_BYTE, RdpLevel.LEVEL2_BYTE));
            if (!values.contains(original.get(f))) {
                values.add(1, original.get(f)); // e.g. 0xFF (level 1), kept as read
            }
        } else {
            for (int v = 0; v <= (int) f.bits().maxValue(); v++) {
                values.add(v);
            }
        }
        for (int v : values) {
            combo.add(f.describe(v));
        }
        combo.addListener(SWT.Selection, e -> {
            if (!updating && combo.getSelectionIndex() >= 0) {
                edit(f.name(), edited.with(f, values.get(combo.getSelectionIndex())));
            }
        });
        Label meaning = new Label(g, SWT.WRAP);
        GridData md = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        md.exclude = true;
        meaning.setLayoutData(md);
        meaning.setVisible(false);
        meaning.setToolTipText(f.explanation());
        rows.put(f.name(), new Row(f, name, combo, meaning, values));
    }

    /**
     * A wide field (a boot address, an area boundary) typed in the field's own syntax ({@link OptionField#parse}); a
     * field written as an address (BOOT_ADDx) is shown and entered as the ADDRESS, never as the encoded option value.
     * A text that does not parse is refused under the field and changes nothing. Typing only validates: the text is
     * never rewritten under the user's fingers (a field that reformatted itself on every keystroke turned "0x08100000"
     * typed key by key into "0x081000000x00100000" and left BOOT_ADD1 = ITCM RAM pending); the value is shown in its
     * canonical form when the field is left or Enter is pressed.
     */
    private void typedRow(Composite g, OptionField f) {
        Label name = nameLabel(g, f);
        Text text = new Text(g, SWT.BORDER | SWT.SINGLE);
        GridData td = new GridData(SWT.LEFT, SWT.CENTER, false, false);
        td.widthHint = 110;
        text.setLayoutData(td);
        text.setToolTipText(f.explanation() + (f.address(original.get(f)).isPresent()
                ? "\nEnter the ADDRESS (e.g. " + spelling(f, original.get(f)).orElse("0x08000000")
                        + "), not the option value." : ""));
        text.addModifyListener(e -> {
            if (!updating) {
                valueTyped(f, text.getText());
            }
        });
        text.addListener(SWT.DefaultSelection, e -> settleValue(f, text));
        text.addListener(SWT.FocusOut, e -> settleValue(f, text));
        Label meaning = meaningLabel(g, f);
        rows.put(f.name(), new Row(f, name, text, meaning, List.of()));
        Label refusal = new Label(g, SWT.WRAP);
        refusal.setForeground(g.getDisplay().getSystemColor(SWT.COLOR_RED));
        GridData rd = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        rd.exclude = true;
        refusal.setLayoutData(rd);
        refusal.setVisible(false);
        refusals.put(f.name(), refusal);
    }

    private void valueTyped(OptionField f, String typed) {
        Label refusal = refusals.get(f.name());
        OptionImage next;
        String problem = null;
        try {
            next = edited.with(f, f.parse(typed, false));
        } catch (InvalidOptionValueException e) {
            problem = e.getMessage();
            int keep = settled.get(f.name());
            refusal.setText("Refused: " + problem + ". The option keeps " + f.describe(keep) + ".");
            next = edited.with(f, keep);
        }
        ((GridData) refusal.getLayoutData()).exclude = problem == null;
        refusal.setVisible(problem != null);
        refusal.getParent().layout(true, true);
        edit(f.name(), next);
    }

    private void settleValue(OptionField f, Text text) {
        if (text.isDisposed() || edited == null || refusals.get(f.name()).getVisible()) {
            return;
        }
        settled.put(f.name(), edited.get(f));
        showValue(f, text);
    }

    private void showValue(OptionField f, Text text) {
        String shown = spelling(f, edited.get(f)).orElse(String.format("0x%X", edited.get(f)));
        if (!text.getText().equals(shown)) {
            boolean was = updating;
            updating = true;
            try {
                text.setText(shown);
            } finally {
                updating = was;
            }
        }
    }

    /**
     * How a user writes {@code value} of {@code f}: the syntax's own spelling (a value's name, an address), else the
     * first of the raw value in hex, the hex numbers in its description and the level names of RDP that the field's
     * syntax reads back as {@code value} (without raw encodings). Families define the syntax; the editor never knows a
     * field's encoding.
     */
    private static Optional<String> spelling(OptionField f, int value) {
        Optional<String> own = f.syntax().format(f, value);
        if (own.isPresent()) {
            return own;
        }
        List<String> candidates = new ArrayList<>();
        if (f.name().equals(RDP)) {
            candidates.addAll(List.of("level0", "level1", "level2"));
        }
        candidates.add(String.format("0x%X", value));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("0x[0-9A-Fa-f_]+").matcher(f.describe(value));
        while (m.find()) {
            candidates.add(m.group());
        }
        candidates.add(Integer.toString(value));
        for (String c : candidates) {
            try {
                if (f.parse(c, false) == value) {
                    return Optional.of(c);
                }
            } catch (InvalidOptionValueException e) {
                // not this spelling
            }
        }
        return Optional.empty();
    }

    /** The typed fields show {@code edited} (after a read, Revert or Restore): formatted, nothing refused. */
    private void showTypedFields() {
        for (Row r : rows.values()) {
            if (r.editor() instanceof Text t) {
                settled.put(r.field().name(), edited.get(r.field()));
                Label refusal = refusals.get(r.field().name());
                refusal.setVisible(false);
                ((GridData) refusal.getLayoutData()).exclude = true;
                showValue(r.field(), t);
            }
        }
    }

    /** The first typed field whose text is refused, if any: nothing is applied while one is shown. */
    private Optional<String> refusedField() {
        return refusals.entrySet().stream().filter(e -> !e.getValue().isDisposed() && e.getValue().getVisible())
                .map(Map.Entry::getKey).findFirst();
    }

    /** A click on the sector map: the family sets the bit that covers {@code s} (Ctrl: execute-only, per sector). */
    private void toggleSector(Sector s, boolean executeOnly) {
        ProtectionModel now = protection.of(edited);
        try {
            if (executeOnly && now.executeOnlyPerSector()) {
                edit("PCROP", now.withExecuteOnly(s, !now.pcropSectors().contains(s)));
            } else {
                edit(now.writeProtectionBits(), now.withWriteProtection(s, !now.writeProtectedSectors().contains(s)));
            }
        } catch (InvalidOptionValueException e) {
            status(e.getMessage(), true);
        }
    }

    private void edit(String what, OptionImage next) {
        boolean bankModeChanged = next.bankMode() != edited.bankMode();
        edited = next;
        if (bankModeChanged) {
            update(); // the map is redrawn over the new layout
        }
        update();
    }

    // ------------------------------------------------------------------ showing values

    private void update() {
        if (root == null || root.isDisposed()) {
            return;
        }
        updating = true;
        try {
            if (edited != null) {
                Color dirtyColor = root.getDisplay().getSystemColor(SWT.COLOR_DARK_BLUE);
                for (Row r : rows.values()) {
                    OptionField f = r.field();
                    int v = edited.get(f);
                    boolean dirty = v != original.get(f);
                    r.name().setText((dirty ? "*" : "") + f.name());
                    r.name().setFont(dirty ? JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT)
                            : JFaceResources.getDefaultFont());
                    r.name().setForeground(dirty ? dirtyColor : null);
                    if (r.editor() instanceof Combo c) {
                        int i = r.values().indexOf(v);
                        if (i < 0) {
                            c.add(f.describe(v));
                            r.values().add(v);
                            i = r.values().size() - 1;
                        }
                        c.select(i);
                    }
                    // typed fields (Text) are never rewritten here: only when settled or reset (showTypedFields)
                    if (r.editor() instanceof Combo) {
                        // the combo shows value and meaning; below it, only what the part has now when it differs
                        r.meaning().setText(dirty ? "changed \u2014 the part has now: " + original.describe(f) : "");
                        r.meaning().setForeground(dirtyColor);
                        r.meaning().setVisible(dirty);
                        ((GridData) r.meaning().getLayoutData()).exclude = !dirty;
                    } else {
                        // the image's own words: an area bound of a disabled area (START > END) says so
                        r.meaning().setText(edited.describe(f) + (dirty ? "  (now: " + original.describe(f) + ")" : ""));
                    }
                }
                if (sectorMap != null) {
                    showProtection();
                }
            }
        } finally {
            updating = false;
        }
        updateStatus();
        if (content != null && !content.isDisposed()) {
            content.layout(true, true);
            fitContent();
        }
    }

    /** The sector map and the note under it for the pending options (on the layout they select). */
    private void showProtection() {
        ProtectionModel now = protection.of(edited);
        ProtectionModel before = protection.of(original);
        FlashGeometry g = now.geometry();
        sectorMap.setModel(now, before, swapped);
        GridData md = (GridData) sectorMap.getLayoutData();
        md.heightHint = sectorMap.computeSize(SWT.DEFAULT, SWT.DEFAULT).y;
        List<Sector> wrp = now.writeProtectedSectors();
        String flag = now.blockers(Scope.mass(g)).stream().filter(b -> b.kind() == BlockerKind.WRITE_PROTECTION)
                .map(EraseBlocker::expectedFlag).flatMap(Optional::stream).findFirst().map(f -> " (" + f + ")")
                .orElse("");
        int unit = g.sectors().stream().mapToInt(s -> now.writeProtectionUnit(s).size()).max().orElse(1);
        mapNote.setText((!g.equals(before.geometry())
                ? "Layout after the bank-mode change (takes effect at the next reset). " : "")
                + (wrp.isEmpty() ? "No sector is write-protected: mass erase is possible."
                        : "Write-protected: " + ProtectionModel.names(wrp, g) + " \u2014 programming/erasing "
                                + (wrp.size() == 1 ? "it" : "them") + " fails" + flag
                                + " and a mass erase is refused.")
                + (unit > 1 ? " Here one " + now.writeProtectionBits() + " bit covers " + unit + " sectors." : ""));
    }

    private void updateStatus() {
        if (status == null || status.isDisposed()) {
            return;
        }
        StringBuilder b = new StringBuilder();
        if (target == null) {
            b.append("No target selected.");
        } else {
            b.append(target.connection().map(c -> c.identity().summary()).orElse(target.displayName()));
            if (target.busy() != null) {
                b.append(" \u2014 BUSY: ").append(target.busy());
            }
            if (edited != null) {
                int n = changes().size();
                b.append(n == 0 ? " \u2014 no pending changes" : " \u2014 " + n + " pending change" + (n == 1 ? "" : "s"));
                refusedField().ifPresent(f -> b.append("\n").append(f)
                        .append(" shows a refused value: correct it or Revert before Apply."));
            }
            OptionBytesWrite.Result r = lastResult;
            if (r != null && r.written()) {
                b.append("\nLast write: ").append(r.summary());
            }
            if (lastProblem != null) {
                b.append("\nProblem: ").append(lastProblem);
            }
        }
        status.setText(b.toString());
        status.setForeground(lastProblem != null ? status.getDisplay().getSystemColor(SWT.COLOR_RED) : null);
        if (applyButton != null && !applyButton.isDisposed()) {
            applyButton.setEnabled(edited != null && !changes().isEmpty() && refusedField().isEmpty());
        }
        root.layout(true, true);
    }

    private void status(String text, boolean problem) {
        lastProblem = problem ? text : null;
        updateStatus();
    }

    // ------------------------------------------------------------------ commands

    /** Pending changes with risk and consequence. */
    public List<OptionChange> changes() {
        if (edited == null) {
            return List.of();
        }
        return driver.optionChanges(original, edited);
    }

    public void revert() {
        if (original != null) {
            edited = original;
            showTypedFields();
            update();
        }
    }

    /**
     * Apply: previews the change on the simulated twin (a job on the target), then opens the review dialog; the write
     * starts only from the dialog. Returns the preview job (null when there is nothing to apply).
     */
    public TargetJob apply() {
        List<OptionChange> changes = changes();
        Optional<String> refused = refusedField();
        if (refused.isPresent()) {
            status(refused.get() + " shows a refused value: correct it or Revert. Nothing was applied.", true);
            return null;
        }
        if (target == null || edited == null || changes.isEmpty()) {
            status("Nothing to apply.", false);
            return null;
        }
        FlashbankTarget t = target;
        OptionImage from = original;
        OptionImage to = edited;
        TargetJob j = new TargetJob("Previewing option change on the simulated twin", t, this, false) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException, OperationException {
                List<String> shown = OptionTwinPreview.lines(t, t.connect(), from, to);
                ui(() -> openReview(t, from, to, changes, shown));
                return shown.get(0);
            }
        };
        j.schedule();
        return j;
    }

    private void openReview(FlashbankTarget t, OptionImage from, OptionImage to, List<OptionChange> changes,
            List<String> twin) {
        if (t != target || from != original) {
            return; // the user moved on while the twin ran
        }
        review = new OptionReviewDialog(getSite().getShell(), t.partName(), changes, twin, manager.backupsDirectory(),
                typed -> write(to, typed));
        review.open();
    }

    /** The review dialog opened by the last Apply (tests drive it). */
    public OptionReviewDialog reviewDialog() {
        return review;
    }

    /** Writes {@code requested} (backup, write, verify, re-read) as a job; {@code confirmation} as given in the review. */
    public TargetJob write(OptionImage requested, Confirmation confirmation) {
        FlashbankTarget t = target;
        Path backups = manager.backupsDirectory();
        TargetJob j = new TargetJob("Writing option bytes", t, this) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException, OperationException {
                FlashbankTarget.Connection c = t.connect();
                try {
                    OptionBytesWrite.Result r = new OptionBytesWrite(c.driver(), t.partName(), requested, backups,
                            confirmation).withGuard(t.optionWriteGuard(c)).run(new MonitorProgress(monitor));
                    if (t instanceof SimulatedTarget s) {
                        s.save();
                    }
                    lastResult = r;
                    OptionImage after = r.after();
                    FlashDriver d = c.driver();
                    ProtectionModel pm = d.protectionModel(after);
                    boolean sw = d.banksSwapped();
                    ui(() -> {
                        lastProblem = null;
                        loaded(t, d, after, flashKiB, pm, sw);
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

    /** The result of the last successful write. */
    public OptionBytesWrite.Result lastResult() {
        return lastResult;
    }

    public String lastProblem() {
        return lastProblem;
    }

    /** Saves the option bytes as read from the part to {@code file} (atomic). */
    public void backupTo(Path file) throws IOException {
        OptionProfileFile.write(file, new OptionProfile(target.partName(), flashKiB, original, Instant.now(),
                "saved from the Option Bytes editor"));
    }

    /** Loads a profile into the editor (not written until Apply); refused with the reason when it does not fit. */
    public void restoreFrom(Path file) throws OptionProfileException {
        OptionProfile p = OptionProfileFile.read(file, dev.flashbank.families.InstalledFamilies.families());
        if (!p.lineId().equals(original.lineId())) {
            throw new OptionProfileException(file, 0, "the profile is for " + p.options().lineName() + " ("
                    + p.partName() + "), the connected part is " + original.lineName());
        }
        edited = p.options(); // same line as the connected part
        showTypedFields();
        update();
        status("Loaded " + file.getFileName() + " (" + p.partName() + "): review and Apply to write it.", false);
    }

    private void backupInteractive() {
        if (original == null) {
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
        if (original == null) {
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
        return OptionCliCommand.render(target.cliTargetArgument(), target.partName(), driver.descriptor(), flashKiB,
                original, edited, changes());
    }

    private void copyCliCommand() {
        if (edited == null) {
            return;
        }
        Clipboard cb = new Clipboard(root.getDisplay());
        try {
            cb.setContents(new Object[] { cliCommand() }, new Transfer[] { TextTransfer.getInstance() });
        } finally {
            cb.dispose();
        }
        status("Copied: " + cliCommand(), false);
    }

    // ------------------------------------------------------------------ test access (UI thread)

    public FlashbankTarget target() {
        return target;
    }

    public OptionImage originalOptions() {
        return original;
    }

    public OptionImage editedOptions() {
        return edited;
    }

    public Control editor(String field) {
        Row r = rows.get(field);
        return r == null ? null : r.editor();
    }

    public Label nameLabel(String field) {
        return rows.get(field).name();
    }

    public Label meaningLabel(String field) {
        return rows.get(field).meaning();
    }

    public Label refusal(String field) {
        return refusals.get(field);
    }

    public SectorMap sectorMap() {
        return sectorMap;
    }

    public String statusText() {
        return status.getText();
    }

    public boolean applyEnabled() {
        return applyButton.isEnabled();
    }

    @Override
    public void setFocus() {
        root.setFocus();
    }

    @Override
    public void dispose() {
        manager.removeListener(managerListener);
        getSite().getPage().removeSelectionListener(TargetsView.ID, selectionListener);
        Job.getJobManager().cancel(this); // closing the view cancels what it started, at the next safe point
        super.dispose();
    }
}
