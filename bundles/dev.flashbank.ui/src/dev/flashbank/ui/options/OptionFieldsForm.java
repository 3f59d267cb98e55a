package dev.flashbank.ui.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.preference.JFacePreferences;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.forms.IMessageManager;
import org.eclipse.ui.forms.events.ExpansionAdapter;
import org.eclipse.ui.forms.events.ExpansionEvent;
import org.eclipse.ui.forms.widgets.FormToolkit;
import org.eclipse.ui.forms.widgets.Section;

import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.family.ProtectionModel.BlockerKind;
import dev.flashbank.core.family.ProtectionModel.EraseBlocker;
import dev.flashbank.core.family.ProtectionModel.Scope;

/**
 * The fields of an Option Bytes editor, for a part of any installed family: one collapsible section per box the
 * family's descriptor names ({@code DeviceDescriptor#optionGroup}), rows of Name / Value / Description as in
 * STM32CubeProgrammer - the value with its decoded meaning (and what the part has now, when changed), the
 * reference-manual explanation beside it. Narrow fields are chosen from their values; wide ones are typed in the
 * field's own syntax ({@link OptionField#parse}; boot addresses as addresses); the per-sector protection bits are set
 * on the {@link SectorMap} through the family's {@link ProtectionModel}.
 * <p>
 * Typing only validates, it never rewrites what the user types: a text that parses is the pending value at once, one
 * that does not changes nothing and is marked (decoration, message in the form's header, the reason under the
 * field) until corrected; the field shows its value in its canonical spelling only when it is left. (A field that reformatted itself on every keystroke turned "0x08100000" typed key by key into
 * "0x081000000x00100000" and left BOOT_ADD1 = ITCM RAM pending.)
 */
final class OptionFieldsForm {

    /** What the form tells its editor. */
    interface Edits {
        /**
         * The user changed the pending options to {@code next}: a choice, a valid text ({@code typedField} names
         * the typed field, its keystrokes until it is left are one edit) or a sector of the map ({@code "#map"}).
         */
        void edit(String label, OptionImage next, String typedField);

        /** Typing in {@code field} has ended (focus left, Enter). */
        void fieldLeft(String field);

        /** A change the family refused (e.g. a sector the map cannot protect alone). */
        void refused(String message);
    }

    /** What one read of the target gave: the options, its family's driver, flash size, protection and mapping. */
    record OptionsRead(FlashDriver driver, OptionImage options, int flashKiB, ProtectionModel protection,
            boolean swapped) {
    }

    /** One editable option on screen. */
    private record Row(OptionField field, Section section, Label name, Control editor, Label meaning,
            Label description, List<Integer> values) {
    }

    /** The read protection byte has the same name on every STM32 family; its choices are the three levels. */
    private static final String RDP = "RDP";

    /** Key of the sector map's edits (several toggles of one user action are one edit). */
    static final String MAP = "#map";

    private final FormToolkit toolkit;
    private final IMessageManager messages;
    private final Composite parent;
    private final Edits edits;

    private Composite content;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, Label> refusals = new LinkedHashMap<>();
    private final Map<String, Section> sections = new LinkedHashMap<>();
    /**
     * Per typed field: the value it had when it was last settled (shown formatted after focus-out, a read,
     * Revert, Undo or Restore). While the text does not parse, this is the pending value, not anything typed.
     */
    private final Map<String, Integer> settled = new LinkedHashMap<>();
    private SectorMap sectorMap;
    private Label mapNote;
    private boolean updating;

    private OptionsRead read;
    private OptionImage edited;

    OptionFieldsForm(FormToolkit toolkit, IMessageManager messages, Composite parent, Edits edits) {
        this.toolkit = toolkit;
        this.messages = messages;
        this.parent = parent;
        this.edits = edits;
    }

    // ------------------------------------------------------------------ building

    /** Rebuilds the sections for {@code r} (or a one-line {@code placeholder} while there is nothing read). */
    void build(OptionsRead r, OptionImage pending, String placeholder) {
        if (content != null) {
            content.dispose();
        }
        rows.clear();
        refusals.clear();
        sections.clear();
        settled.clear();
        messages.removeAllMessages();
        changed.clear();
        extentChanged = true;
        sectorMap = null;
        mapNote = null;
        read = r;
        edited = pending;
        content = toolkit.createComposite(parent);
        GridLayout gl = new GridLayout(1, false);
        gl.marginWidth = 0;
        gl.marginHeight = 0;
        content.setLayout(gl);
        content.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        if (r == null) {
            Label l = toolkit.createLabel(content, placeholder, SWT.WRAP);
            GridData ld = new GridData(SWT.FILL, SWT.TOP, true, false);
            ld.widthHint = 600;
            l.setLayoutData(ld);
        } else {
            buildSections();
            showTypedFields(pending);
        }
    }

    /**
     * The fields of the part in the boxes its descriptor names, in the order the fields first appear; fields without a
     * box go to "Options". The per-sector protection bits are not rows: the sector map stands in the box of the first
     * of them. Boxes of many alike fields (area bounds) come after the others.
     */
    private void buildSections() {
        Map<String, List<OptionField>> byGroup = new LinkedHashMap<>();
        String mapGroup = null;
        List<OptionField> all = read.driver().descriptor().optionFields(read.flashKiB(), edited.bankMode());
        measureNames(all);
        for (OptionField f : all) {
            String g = read.driver().descriptor().optionGroup(f).orElse("Options");
            List<OptionField> list = byGroup.computeIfAbsent(g, x -> new ArrayList<>());
            if (read.protection().isPerSectorField(f)) {
                mapGroup = mapGroup == null ? g : mapGroup;
            } else {
                list.add(f);
            }
        }
        List<Map.Entry<String, List<OptionField>>> ordered = new ArrayList<>(byGroup.entrySet());
        ordered.sort(java.util.Comparator.comparing(e -> e.getValue().size() > MANY_FIELDS));
        for (Map.Entry<String, List<OptionField>> e : ordered) {
            Section s = section(e.getKey());
            Composite client = (Composite) s.getClient();
            if (e.getKey().equals(mapGroup)) {
                sectorMap = new SectorMap(client);
                GridData md = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
                md.heightHint = sectorMap.computeSize(SWT.DEFAULT, SWT.DEFAULT).y;
                sectorMap.setLayoutData(md);
                sectorMap.onToggle(this::toggleSector);
                sectorMap.onRange(this::protectRange);
                mapNote = toolkit.createLabel(client, "", SWT.WRAP);
                GridData nd = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
                nd.widthHint = 600;
                mapNote.setLayoutData(nd);
            }
            if (!e.getValue().isEmpty()) {
                columnHeaders(client);
            }
            for (OptionField f : e.getValue()) {
                if (f.name().equals(RDP) || f.bits().maxValue() < 16) {
                    choiceRow(s, f);
                } else {
                    typedRow(s, f);
                }
            }
        }
    }

    /** A box with more fields than this comes after the others. */
    private static final int MANY_FIELDS = 4;

    private Section section(String title) {
        // no TITLE_BAR: its gradient header image was repainted without end on GTK3 (the event loop never went idle)
        Section s = toolkit.createSection(content, Section.TWISTIE | Section.EXPANDED);
        s.setText(title);
        s.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        Composite client = toolkit.createComposite(s);
        GridLayout gl = new GridLayout(3, false);
        gl.horizontalSpacing = 12;
        client.setLayout(gl);
        s.setClient(client);
        s.addExpansionListener(new ExpansionAdapter() {
            @Override
            public void expansionStateChanged(ExpansionEvent e) {
                reflow();
            }
        });
        toolkit.paintBordersFor(client);
        sections.put(title, s);
        return s;
    }

    private void columnHeaders(Composite client) {
        for (String h : List.of("Name", "Value", "Description")) {
            Label l = toolkit.createLabel(client, h);
            l.setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
        }
    }

    private Label nameLabel(Composite g, OptionField f) {
        Label name = toolkit.createLabel(g, f.name());
        GridData nd = new GridData(SWT.LEFT, SWT.TOP, false, false);
        nd.widthHint = nameWidth; // the same in every section, so the Value and Description columns line up
        name.setLayoutData(nd);
        return name;
    }

    /** Width of the Name column: the longest field name of the part, in bold (a changed field's name is bold). */
    private int nameWidth = SWT.DEFAULT;

    private void measureNames(List<OptionField> fields) {
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(content);
        try {
            gc.setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
            nameWidth = fields.stream().mapToInt(f -> gc.textExtent("*" + f.name()).x).max().orElse(SWT.DEFAULT);
        } finally {
            gc.dispose();
        }
    }

    /** The value's cell: the control, under it its meaning and (typed fields) the reason a text is refused. */
    private Composite valueCell(Composite g) {
        Composite cell = toolkit.createComposite(g);
        GridLayout gl = new GridLayout(1, false);
        gl.marginWidth = 0;
        gl.marginHeight = 0;
        gl.verticalSpacing = 2;
        cell.setLayout(gl);
        GridData cd = new GridData(SWT.FILL, SWT.TOP, false, false);
        cd.widthHint = VALUE_WIDTH;
        cell.setLayoutData(cd);
        toolkit.paintBordersFor(cell);
        return cell;
    }

    private static final int VALUE_WIDTH = 360;

    /**
     * The reference manual's explanation, on screen beside the value (no tooltips: what a tooltip would say is in this
     * column, and a tooltip popping up under a resting pointer is noise while typing).
     */
    private Label description(Composite g, OptionField f, String hint) {
        Label d = toolkit.createLabel(g, f.explanation() + hint, SWT.WRAP);
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false);
        gd.widthHint = 420; // a wrapped label's height is computed for this width, not for one endless line
        d.setLayoutData(gd);
        return d;
    }

    private Label meaningLabel(Composite cell) {
        Label meaning = toolkit.createLabel(cell, "", SWT.WRAP);
        meaning.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return meaning;
    }

    /** A field edited by choosing one of its values, each shown with its decoded meaning. */
    private void choiceRow(Section s, OptionField f) {
        Composite g = (Composite) s.getClient();
        Label name = nameLabel(g, f);
        Composite cell = valueCell(g);
        Combo combo = new Combo(cell, SWT.READ_ONLY | SWT.DROP_DOWN);
        toolkit.adapt(combo, true, false);
        combo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        List<Integer> values = new ArrayList<>();
        if (f.name().equals(RDP)) {
            values.addAll(List.of(RdpLevel.LEVEL0_BYTE, RdpLevel.LEVEL1_HAL_BYTE, RdpLevel.LEVEL2_BYTE));
            if (!values.contains(read.options().get(f))) {
                values.add(1, read.options().get(f)); // e.g. 0xFF (level 1), kept as read
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
                edits.edit(f.name(), edited.with(f, values.get(combo.getSelectionIndex())), null);
            }
        });
        Label meaning = meaningLabel(cell);
        ((GridData) meaning.getLayoutData()).exclude = true;
        meaning.setVisible(false);
        Label description = description(g, f, "");
        rows.put(f.name(), new Row(f, s, name, combo, meaning, description, values));
    }

    /**
     * A wide field (a boot address, an area boundary) typed in the field's own syntax; a field written as an address
     * (BOOT_ADDx) is shown and entered as the ADDRESS, never as the encoded option value.
     */
    private void typedRow(Section s, OptionField f) {
        Composite g = (Composite) s.getClient();
        Label name = nameLabel(g, f);
        Composite cell = valueCell(g);
        Text text = toolkit.createText(cell, "", SWT.SINGLE);
        GridData td = new GridData(SWT.LEFT, SWT.CENTER, false, false);
        td.widthHint = 140;
        text.setLayoutData(td);
        int now = read.options().get(f);
        String hint = f.address(now).isPresent()
                ? " Enter the ADDRESS (e.g. " + spelling(f, now).orElse("0x08000000") + "), not the option value."
                : "";
        text.addModifyListener(e -> {
            if (!updating) {
                valueTyped(f, text);
            }
        });
        // Enter ends the field's undo step; the text is formatted only when the field is left
        text.addListener(SWT.DefaultSelection, e -> edits.fieldLeft(f.name()));
        text.addListener(SWT.FocusOut, e -> settleValue(f, text));
        Label meaning = meaningLabel(cell);
        Label refusal = toolkit.createLabel(cell, "", SWT.WRAP);
        refusal.setForeground(JFaceResources.getColorRegistry().get(JFacePreferences.ERROR_COLOR));
        GridData rd = new GridData(SWT.FILL, SWT.TOP, true, false);
        rd.exclude = true;
        refusal.setLayoutData(rd);
        refusal.setVisible(false);
        Label description = description(g, f, hint);
        rows.put(f.name(), new Row(f, s, name, text, meaning, description, List.of()));
        refusals.put(f.name(), refusal);
    }

    private void valueTyped(OptionField f, Text text) {
        Label refusal = refusals.get(f.name());
        OptionImage next;
        String problem = null;
        try {
            next = edited.with(f, f.parse(text.getText(), false));
        } catch (InvalidOptionValueException e) {
            problem = e.getMessage();
            int keep = settled.get(f.name());
            setText(refusal, "Refused: " + problem + ". The option keeps " + f.describe(keep) + ".");
            next = edited.with(f, keep);
        }
        showRefusal(f, text, problem);
        edits.edit(f.name(), next, f.name());
    }

    /** The reason under the field, a decoration on it and the message in the form's header; or none of them. */
    private void showRefusal(OptionField f, Text text, String problem) {
        Label refusal = refusals.get(f.name());
        boolean was = refusal.getVisible();
        setShown(refusal, problem != null);
        if (problem == null) {
            if (was) {
                messages.removeMessage(f.name(), text);
            }
        } else {
            messages.addMessage(f.name(), f.name() + ": " + problem, null, IMessageProvider.ERROR, text);
        }
    }

    private void settleValue(OptionField f, Text text) {
        if (text.isDisposed()) {
            return;
        }
        edits.fieldLeft(f.name());
        if (edited == null || refusals.get(f.name()).getVisible()) {
            return; // a refused text stays as typed, marked, until corrected or reverted
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
    static Optional<String> spelling(OptionField f, int value) {
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

    /** A new read of the same part (same fields): what the pending options are compared with. */
    void reread(OptionsRead r) {
        read = r;
    }

    /** The typed fields show {@code pending} (after a read, Revert, Undo or Restore): formatted, nothing refused. */
    void showTypedFields(OptionImage pending) {
        edited = pending;
        for (Row r : rows.values()) {
            if (r.editor() instanceof Text t) {
                settled.put(r.field().name(), edited.get(r.field()));
                Label refusal = refusals.get(r.field().name());
                if (refusal.getVisible()) {
                    messages.removeMessage(r.field().name(), t);
                }
                setShown(refusal, false);
                showValue(r.field(), t);
            }
        }
    }

    /** The first typed field whose text is refused, if any: nothing is saved while one is shown. */
    Optional<String> refusedField() {
        return refusals.entrySet().stream().filter(e -> !e.getValue().isDisposed() && e.getValue().getVisible())
                .map(Map.Entry::getKey).findFirst();
    }

    /** A click or key on the sector map: the family sets the bit that covers {@code s} (Ctrl: execute-only). */
    private void toggleSector(Sector s, boolean executeOnly) {
        ProtectionModel now = read.protection().of(edited);
        try {
            if (executeOnly && now.executeOnlyPerSector()) {
                edits.edit("PCROP", now.withExecuteOnly(s, !now.pcropSectors().contains(s)), MAP);
            } else {
                edits.edit(now.writeProtectionBits(),
                        now.withWriteProtection(s, !now.writeProtectedSectors().contains(s)), MAP);
            }
        } catch (InvalidOptionValueException e) {
            edits.refused(e.getMessage());
        }
    }

    /**
     * A range of the map (a selection, a group of pages, Ctrl+A) protected or not, as one edit: the family's
     * {@link ProtectionModel#withWriteProtection} page after page on the image it gave for the page before (L4/G4/G0:
     * the WRP areas grow, shrink or split). An unprotection is tried from either end, since starting inside an area
     * splits it and needs the bank's free area, starting at its end only shrinks it; refused as a whole when neither
     * way the family can express the result.
     */
    private void protectRange(List<Sector> pages, boolean protect) {
        ProtectionModel now = read.protection().of(edited);
        try {
            edits.edit(now.writeProtectionBits(), withRange(now, pages, protect), MAP);
        } catch (InvalidOptionValueException e) {
            try {
                edits.edit(now.writeProtectionBits(), withRange(now, reversed(pages), protect), MAP);
            } catch (InvalidOptionValueException again) {
                edits.refused(e.getMessage());
            }
        }
    }

    private static List<Sector> reversed(List<Sector> pages) {
        List<Sector> r = new ArrayList<>(pages);
        java.util.Collections.reverse(r);
        return r;
    }

    private static OptionImage withRange(ProtectionModel from, List<Sector> pages, boolean protect) {
        OptionImage image = from.options();
        for (Sector s : pages) {
            ProtectionModel m = from.of(image);
            if (m.writeProtectedSectors().contains(s) != protect) {
                image = m.withWriteProtection(s, protect);
            }
        }
        return image;
    }

    // ------------------------------------------------------------------ showing values

    /**
     * Shows {@code pending} in the choices, meanings, dirty marks and the sector map; typed texts are not touched. The
     * caller lays the form out.
     */
    void show(OptionImage pending) {
        edited = pending;
        if (read == null || content == null || content.isDisposed()) {
            return;
        }
        OptionImage original = read.options();
        updating = true;
        try {
            for (Row r : rows.values()) {
                OptionField f = r.field();
                int v = edited.get(f);
                boolean dirty = v != original.get(f);
                if (!r.name().getText().equals((dirty ? "*" : "") + f.name())) {
                    setText(r.name(), (dirty ? "*" : "") + f.name());
                    r.name().setFont(dirty ? JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT)
                            : JFaceResources.getDefaultFont());
                }
                if (r.editor() instanceof Combo c) {
                    int i = r.values().indexOf(v);
                    if (i < 0) {
                        c.add(f.describe(v));
                        r.values().add(v);
                        i = r.values().size() - 1;
                    }
                    c.select(i);
                    fitShownChoice(c);
                    // the combo shows value and meaning; below it, only what the part has now when it differs
                    setText(r.meaning(), dirty ? "changed \u2014 the part has now: " + original.describe(f) : "");
                    setShown(r.meaning(), dirty);
                } else {
                    // typed fields (Text) are never rewritten here; the image's own words (a disabled area says so)
                    setText(r.meaning(), edited.describe(f) + (dirty ? "  (now: " + original.describe(f) + ")" : ""));
                }
            }
            if (sectorMap != null) {
                showProtection(original);
            }
        } finally {
            updating = false;
        }
        // laid out by the editor, once for the values and its header
    }

    /** The sector map and the note under it for the pending options (on the layout they select). */
    private void showProtection(OptionImage original) {
        ProtectionModel now = read.protection().of(edited);
        ProtectionModel before = read.protection().of(original);
        FlashGeometry g = now.geometry();
        sectorMap.setModel(now, before, read.swapped());
        GridData md = (GridData) sectorMap.getLayoutData();
        int height = sectorMap.computeSize(SWT.DEFAULT, SWT.DEFAULT).y;
        if (md.heightHint != height) {
            md.heightHint = height; // another bank layout
            changed.add(sectorMap);
            extentChanged = true;
        }
        List<Sector> wrp = now.writeProtectedSectors();
        String flag = now.blockers(Scope.mass(g)).stream().filter(b -> b.kind() == BlockerKind.WRITE_PROTECTION)
                .map(EraseBlocker::expectedFlag).flatMap(Optional::stream).findFirst().map(f -> " (" + f + ")")
                .orElse("");
        int unit = g.sectors().stream().mapToInt(s -> now.writeProtectionUnit(s).size()).max().orElse(1);
        setText(mapNote, (!g.equals(before.geometry())
                ? "Layout after the bank-mode change (takes effect at the next reset). " : "")
                + (wrp.isEmpty() ? "No " + dev.flashbank.ui.SectorGroups.unitWord(g)
                        + " is write-protected: mass erase is possible."
                        : "Write-protected: " + (dev.flashbank.ui.SectorGroups.hasPages(g)
                                ? dev.flashbank.ui.SectorGroups.runs(wrp, g) : ProtectionModel.names(wrp, g))
                                + " \u2014 programming/erasing "
                                + (wrp.size() == 1 ? "it" : "them") + " fails" + flag
                                + " and a mass erase is refused.")
                + (unit > 1 ? " Here one " + now.writeProtectionBits() + " bit covers " + unit + " "
                        + g.eraseUnit().plural() + "." : ""));
    }

    private void reflow() {
        if (content != null && !content.isDisposed()) {
            content.layout(true, true);
            for (Composite c = parent; c != null; c = c.getParent()) {
                if (c instanceof org.eclipse.ui.forms.widgets.ScrolledForm f) {
                    f.reflow(true);
                    break;
                }
            }
        }
    }

    /**
     * Controls whose text or visibility changed since the editor last laid the form out: only they and their
     * ancestors are laid out again (a whole-form layout on every key made typing slow).
     */
    private final List<Control> changed = new ArrayList<>();
    /** A row appeared or disappeared (a refusal, a "changed" note): the form's extent changes. */
    private boolean extentChanged;

    private void setText(Label l, String text) {
        if (!l.getText().equals(text)) {
            l.setText(text);
            changed.add(l);
        }
    }

    /**
     * Widens the combo's value cell (never narrows it: no jumping column) when the choice it shows is wider than
     * VALUE_WIDTH ("1 = software window watchdog: started by firmware"): a combo narrower than its choice cuts the
     * text it shows. Only the shown choice counts: the longest meanings are in the list, which shows them whole.
     */
    private void fitShownChoice(Combo c) {
        GridData cd = (GridData) c.getParent().getLayoutData();
        int widest = 0;
        int shown;
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(c);
        try {
            for (String item : c.getItems()) {
                widest = Math.max(widest, gc.textExtent(item).x);
            }
            shown = gc.textExtent(c.getText()).x;
        } finally {
            gc.dispose();
        }
        int needs = c.computeSize(SWT.DEFAULT, SWT.DEFAULT).x - Math.max(widest, shown) + shown;
        if (needs > cd.widthHint) {
            cd.widthHint = needs;
            changed.add(c);
            extentChanged = true;
        }
    }

    private void setShown(Label l, boolean shown) {
        GridData gd = (GridData) l.getLayoutData();
        if (gd.exclude == shown || l.getVisible() != shown) {
            gd.exclude = !shown;
            l.setVisible(shown);
            changed.add(l);
            extentChanged = true;
        }
    }

    /** The controls changed since the last call (and whether rows appeared or went), for the editor's layout. */
    List<Control> takeChanged() {
        List<Control> out = changed.stream().filter(c -> !c.isDisposed()).toList();
        changed.clear();
        return out;
    }

    boolean takeExtentChanged() {
        boolean e = extentChanged;
        extentChanged = false;
        return e;
    }

    // ------------------------------------------------------------------ access for the editor and tests

    Control editor(String field) {
        Row r = rows.get(field);
        return r == null ? null : r.editor();
    }

    Label nameLabel(String field) {
        return rows.get(field).name();
    }

    Label meaningLabel(String field) {
        return rows.get(field).meaning();
    }

    Label descriptionLabel(String field) {
        return rows.get(field).description();
    }

    Label refusal(String field) {
        return refusals.get(field);
    }

    /** The section (box) a field's row stands in. */
    Section sectionOf(String field) {
        return rows.get(field).section();
    }

    Map<String, Section> sections() {
        return sections;
    }

    /** The names of the typed fields, in the order they are shown. */
    List<String> typedFields() {
        return rows.values().stream().filter(r -> r.editor() instanceof Text).map(r -> r.field().name()).toList();
    }

    SectorMap sectorMap() {
        return sectorMap;
    }

    /** The section the sector map stands in (null when the part has no per-sector protection bits). */
    Section sectorMapSection() {
        return sectorMap == null ? null : (Section) sectorMap.getParent().getParent();
    }

}
