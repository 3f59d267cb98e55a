package dev.flashbank.ui.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.accessibility.ACC;
import org.eclipse.swt.accessibility.AccessibleAdapter;
import org.eclipse.swt.accessibility.AccessibleControlAdapter;
import org.eclipse.swt.accessibility.AccessibleControlEvent;
import org.eclipse.swt.accessibility.AccessibleEvent;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;

import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.family.ProtectionModel.BlockerKind;
import dev.flashbank.core.family.ProtectionModel.EraseBlocker;
import dev.flashbank.core.family.ProtectionModel.Scope;
import dev.flashbank.ui.SectorGroups;
import dev.flashbank.ui.theme.FlashbankColors;

/**
 * Per-sector protection of any family drawn over its flash layout (F7 nWRP and F72x PCROP, H7 WPSN with the PRAR
 * execute-only and SCAR secure-only areas), from the family's {@link ProtectionModel}: one row per physical bank,
 * each sector a box whose width grows with its size, labelled with its number and size. Protected sectors are filled
 * (red = write-protected, orange = execute-only, purple = secure-only), changed-but-not-applied ones get a thick blue
 * frame; the colours are the theme's ({@link FlashbankColors}). Clicking a sector toggles its write protection (with every sector its bit covers: F76x dual-bank mode two,
 * H7A/B four); with Ctrl held it toggles execute-only where the family sets it per sector (F72x PCROP).
 * <p>
 * Keyboard (the map is the only way to set nWRP/PCROP, so it must work without a mouse): Tab moves the focus in and
 * out like any field; the focused sector (the "focus cell", drawn with a focus frame) moves with Left/Right (across
 * the end of a bank row into the next), Up/Down (to the sector of the other bank row nearest below/above it), Home/End
 * (first/last sector of its bank row), Ctrl+Home/Ctrl+End (first/last sector of the map). Space toggles the focused
 * sector's write protection exactly as a click does, Ctrl+Space its execute-only protection as a Ctrl+click does.
 * Ctrl+A acts on the whole map like a "select all" check box: when any sector is not write-protected it
 * write-protects every sector; when all already are, it removes the write protection of every sector. It does so by
 * one {@link #onToggle} call per write-protection bit that changes (so a bit covering two sectors is toggled once),
 * PCROP untouched.
 * <p>
 * Accessibility: the map is a list whose children are the sectors (check buttons, checked = write-protected), each
 * named as a screen reader should say it, e.g. "Sector 5, bank 1, 0x08040000, 256 KiB, write-protected"; the focus
 * cell is reported as the focused child.
 * <p>
 * Pages (L4/G4/G0: 128-256 pages a bank, write protection as page RANGES): when a bank row has more sectors than boxes
 * fit, a box stands for a group of pages ({@link SectorGroups}), labelled with its first-last page and drawn with a
 * slice per page, so a range boundary inside a group still shows. The keyboard still moves page by page (the focused
 * page is marked in its box and named under the rows), PageUp/PageDown by a group; Shift with an arrow, Home/End or
 * PageUp/PageDown extends a selection of pages from where it started, and Space then protects the whole selection (or
 * unprotects it when all of it already is). A click on a group box toggles the group's pages, Shift+click the pages
 * from the last clicked one to the clicked box. These range edits, and Ctrl+A, are one {@link #onRange} call each
 * (one pending change, one undo), where the editor gives one; otherwise they fall back to {@link #onToggle} per page.
 */
public final class SectorMap extends Canvas {

    private static final int ROW_HEIGHT = 46;
    private static final int LABEL_WIDTH = 118;
    private static final int MIN_BOX = 26;
    private static final int LEGEND_HEIGHT = 22;
    /** Rows of page groups: the page range on top, a slice per page, the protection below. */
    private static final int GROUPED_ROW_HEIGHT = 62;
    /** A group box is at least this wide: its page range ("240-255") fits, so every box is labelled alike. */
    private static final int MIN_GROUP_BOX = 56;
    /** The line naming the focused page and the selection, under grouped rows. */
    private static final int CAPTION_HEIGHT = 20;

    private FlashGeometry geometry;
    private ProtectionModel edited;
    private ProtectionModel original;
    private boolean swapped;
    /** Where the pointer is over the map, if it is. */
    private Point pointer;
    private Set<Sector> writeProtected = Set.of();
    private Set<Sector> executeOnly = Set.of();
    private Set<Sector> secure = Set.of();
    /** The drawn boxes, one per cell (a sector, or a group of pages). */
    private final List<Rectangle> boxes = new ArrayList<>();
    /** The sectors each box stands for. */
    private final List<List<Sector>> cells = new ArrayList<>();
    /** Every sector in drawing order (the keyboard's order; accessibility children). */
    private final List<Sector> boxSectors = new ArrayList<>();
    /** Index into {@link #cells} of each sector of {@link #boxSectors}. */
    private final List<Integer> cellOf = new ArrayList<>();
    /** True when some row draws groups of pages. */
    private boolean grouped;
    private BiConsumer<Sector, Boolean> onToggle = (s, pcrop) -> {
    };
    private BiConsumer<List<Sector>, Boolean> onRange;
    /** Where a Shift selection (keyboard) or a Shift+click range (mouse) starts; -1: no selection. */
    private int anchor = -1;
    /** The page a plain click last acted on (the start of a Shift+click range). */
    private int lastClicked = -1;
    /**
     * Whether Shift is held, from the key's own press and release anywhere in the display: a click synthesized by
     * assistive tools (GTK: Display.post of a button) carries no modifier state of its own.
     */
    private boolean shiftHeld;
    private final org.eclipse.swt.widgets.Listener shiftTracker = e -> {
        if (e.keyCode == SWT.SHIFT) {
            shiftHeld = e.type == SWT.KeyDown;
        }
    };
    /** The sector the keyboard acts on (index into the sectors in drawing order), -1 when nothing is shown. */
    private int focusIndex = -1;

    public SectorMap(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.MouseDown, e -> {
            if (e.button == 1) {
                setFocus();
                Sector s = sectorAt(e.x, e.y);
                if (s != null) {
                    anchor = -1; // a click ends a keyboard selection
                    moveFocus(boxSectors.indexOf(s));
                }
            }
        });
        addListener(SWT.MouseUp, this::click);
        addListener(SWT.MouseMove, e -> {
            pointer = new Point(e.x, e.y);
            showTooltip();
        });
        addListener(SWT.MouseExit, e -> pointer = null);
        addListener(SWT.Traverse, e -> {
            // Tab, Shift+Tab, Escape, Return and mnemonics leave the map as from any field; arrows stay in it
            e.doit = e.detail != SWT.TRAVERSE_ARROW_NEXT && e.detail != SWT.TRAVERSE_ARROW_PREVIOUS;
        });
        addListener(SWT.KeyDown, this::key);
        addListener(SWT.FocusIn, e -> {
            redraw();
            if (focusIndex >= 0) {
                getAccessible().setFocus(focusIndex);
            }
        });
        addListener(SWT.FocusOut, e -> redraw());
        addAccessibility();
        FlashbankColors.redrawOnChange(this);
        getDisplay().addFilter(SWT.KeyDown, shiftTracker);
        getDisplay().addFilter(SWT.KeyUp, shiftTracker);
        addListener(SWT.Dispose, e -> {
            getDisplay().removeFilter(SWT.KeyDown, shiftTracker);
            getDisplay().removeFilter(SWT.KeyUp, shiftTracker);
        });
    }

    /**
     * Called with the clicked sector (or the focused one for Space, each changing bit's first sector for Ctrl+A) and
     * whether execute-only (Ctrl+click, Ctrl+Space) was meant.
     */
    public void onToggle(BiConsumer<Sector, Boolean> listener) {
        onToggle = listener;
    }

    /**
     * Called with the pages of a range edit (a selection and Space, a group or Shift+click, Ctrl+A) and whether they
     * are to be write-protected (true) or not; without it a range edit toggles its pages one by one.
     */
    public void onRange(BiConsumer<List<Sector>, Boolean> listener) {
        onRange = listener;
    }

    /** The pages a box of bank row {@code bank} stands for as drawn now (1: a box per sector). */
    public int groupSize(int bank) {
        layoutBoxes();
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).get(0).bank() == bank) {
                return cells.get(i).size();
            }
        }
        throw new IllegalArgumentException("no bank " + bank + " in the map");
    }

    /** The pages selected with Shift (from where the selection started to the focus); empty without a selection. */
    public List<Sector> selection() {
        layoutBoxes();
        if (anchor < 0 || focusIndex < 0 || anchor >= boxSectors.size()) {
            return List.of();
        }
        return List.copyOf(boxSectors.subList(Math.min(anchor, focusIndex), Math.max(anchor, focusIndex) + 1));
    }

    /** The sectors (pages) {@code pages} protected (true) or not, as one edit where the editor takes ranges. */
    private void applyRange(List<Sector> pages, boolean protect) {
        if (onRange != null) {
            onRange.accept(pages, protect);
            return;
        }
        ProtectionModel before = edited;
        Set<Sector> done = new java.util.HashSet<>();
        for (Sector s : pages) {
            if (writeProtected.contains(s) != protect && !done.contains(s)) {
                done.addAll(before.writeProtectionUnit(s)); // one bit, toggled once
                onToggle.accept(s, false);
            }
        }
    }

    /** Protects {@code pages} unless all of them already are (then unprotects them): a check box over the range. */
    private void toggleRange(List<Sector> pages) {
        applyRange(pages, !writeProtected.containsAll(pages));
    }

    /**
     * Shows {@code edited} (the pending options' protection, on the layout they select) against {@code original} (the
     * part's); {@code swapped}: the bank mapping in force, for the addresses of the banks.
     */
    public void setModel(ProtectionModel edited, ProtectionModel original, boolean swapped) {
        Sector focused = focusIndex >= 0 && focusIndex < boxSectors.size() ? boxSectors.get(focusIndex) : null;
        this.geometry = edited.geometry();
        this.edited = edited;
        this.original = original;
        this.swapped = swapped;
        this.writeProtected = Set.copyOf(edited.writeProtectedSectors());
        this.executeOnly = Set.copyOf(edited.pcropSectors());
        this.secure = Set.copyOf(edited.secureSectors());
        layoutBoxes();
        // the same sector keeps the focus when it is still there (a toggle), else the nearest index (a new layout)
        int kept = focused == null ? -1 : boxSectors.indexOf(focused);
        focusIndex = boxSectors.isEmpty() ? -1 : kept >= 0 ? kept : Math.max(0, Math.min(focusIndex, boxSectors.size() - 1));
        showTooltip();
        redraw();
        if (isFocusControl() && focusIndex >= 0) {
            getAccessible().setFocus(focusIndex); // its name (state) may have changed: a screen reader says it again
        }
    }

    /** The sector the keyboard acts on (drawn with the focus frame while the map has the focus); null before a model. */
    public Sector focusedSector() {
        layoutBoxes();
        return focusIndex >= 0 && focusIndex < boxSectors.size() ? boxSectors.get(focusIndex) : null;
    }

    private void key(Event e) {
        if (focusIndex < 0) {
            return;
        }
        boolean ctrl = (e.stateMask & SWT.MOD1) != 0;
        boolean shift = (e.stateMask & SWT.SHIFT) != 0;
        int moves = switch (e.keyCode) {
            case SWT.ARROW_LEFT, SWT.ARROW_RIGHT, SWT.ARROW_UP, SWT.ARROW_DOWN, SWT.HOME, SWT.END, SWT.PAGE_UP,
                    SWT.PAGE_DOWN -> 1;
            default -> 0;
        };
        if (moves == 1) {
            // Shift extends the selection from where it started; any other move ends it
            anchor = shift ? (anchor >= 0 ? anchor : focusIndex) : -1;
            redraw();
        }
        int group = cells.get(cellOf.get(focusIndex)).size();
        switch (e.keyCode) {
            case SWT.ARROW_LEFT -> moveFocus(focusIndex - 1);
            case SWT.ARROW_RIGHT -> moveFocus(focusIndex + 1);
            case SWT.ARROW_UP -> moveFocus(nearestInRow(rowOf(focusIndex) - 1));
            case SWT.ARROW_DOWN -> moveFocus(nearestInRow(rowOf(focusIndex) + 1));
            case SWT.HOME -> moveFocus(ctrl ? 0 : rowStart(rowOf(focusIndex)));
            case SWT.END -> moveFocus(ctrl ? boxSectors.size() - 1 : rowEnd(rowOf(focusIndex)));
            case SWT.PAGE_UP -> moveFocus(Math.max(rowStart(rowOf(focusIndex)), focusIndex - group));
            case SWT.PAGE_DOWN -> moveFocus(Math.min(rowEnd(rowOf(focusIndex)), focusIndex + group));
            default -> {
                if (e.character == ' ' && !ctrl && !selection().isEmpty()) {
                    toggleRange(selection());
                } else if (e.character == ' ') {
                    onToggle.accept(boxSectors.get(focusIndex), ctrl);
                } else if (ctrl && (e.keyCode == 'a' || e.keyCode == 'A')) {
                    toggleAll();
                } else {
                    return;
                }
            }
        }
        e.doit = false;
    }

    /** Ctrl+A (see the class comment): every sector write-protected, or none when all are. */
    private void toggleAll() {
        toggleRange(List.copyOf(boxSectors));
    }

    private void moveFocus(int index) {
        if (index < 0 || index >= boxSectors.size() || index == focusIndex) {
            return;
        }
        focusIndex = index;
        redraw();
        if (isFocusControl()) {
            getAccessible().setFocus(index);
        }
    }

    private int rowOf(int index) {
        return geometry.banks().indexOf(geometry.bank(boxSectors.get(index).bank()));
    }

    private int rowStart(int row) {
        int first = 0;
        for (int r = 0; r < row; r++) {
            first += geometry.banks().get(r).sectors().size();
        }
        return first;
    }

    private int rowEnd(int row) {
        return rowStart(row) + geometry.banks().get(row).sectors().size() - 1;
    }

    /** The sector of bank row {@code row} whose middle is nearest the focused one's; the focus when no such row. */
    private int nearestInRow(int row) {
        if (row < 0 || row >= geometry.bankCount()) {
            return focusIndex;
        }
        int middle = middleOf(focusIndex);
        int best = rowStart(row);
        for (int i = rowStart(row); i <= rowEnd(row); i++) {
            if (Math.abs(middleOf(i) - middle) < Math.abs(middleOf(best) - middle)) {
                best = i;
            }
        }
        return best;
    }

    /** The x of the middle of sector {@code index} as drawn (its slice, in a group box). */
    private int middleOf(int index) {
        Rectangle r = slice(index);
        return r.x + r.width / 2;
    }

    /** Where sector {@code index} is drawn: its box, or its slice of its group's box. */
    private Rectangle slice(int index) {
        int cell = cellOf.get(index);
        Rectangle box = boxes.get(cell);
        List<Sector> group = cells.get(cell);
        if (group.size() == 1) {
            return box;
        }
        int k = group.indexOf(boxSectors.get(index));
        int x0 = box.x + box.width * k / group.size();
        int x1 = box.x + box.width * (k + 1) / group.size();
        return new Rectangle(x0, box.y, Math.max(1, x1 - x0), box.height);
    }

    // ------------------------------------------------------------------ accessibility

    private void addAccessibility() {
        getAccessible().addAccessibleListener(new AccessibleAdapter() {
            @Override
            public void getName(AccessibleEvent e) {
                if (e.childID == ACC.CHILDID_SELF) {
                    e.result = geometry == null ? "Sector protection map, not connected"
                            : unitWord() + " protection map (" + edited.writeProtectionBits() + ")";
                } else if (child(e.childID) != null) {
                    e.result = accessibleName(child(e.childID));
                }
            }

            @Override
            public void getHelp(AccessibleEvent e) {
                if (e.childID == ACC.CHILDID_SELF) {
                    String unit = unitWord().toLowerCase(java.util.Locale.ROOT);
                    e.result = "Arrow keys move between " + unit + "s, Space toggles write protection"
                            + (edited != null && edited.executeOnlyPerSector() ? ", Ctrl+Space PCROP" : "")
                            + ", Ctrl+A write-protects every " + unit + " (or none when all are)";
                }
            }
        });
        getAccessible().addAccessibleControlListener(new AccessibleControlAdapter() {
            @Override
            public void getChildAtPoint(AccessibleControlEvent e) {
                Point p = toControl(e.x, e.y);
                Sector s = sectorAt(p.x, p.y);
                e.childID = s != null ? boxSectors.indexOf(s) : getClientArea().contains(p) ? ACC.CHILDID_SELF
                        : ACC.CHILDID_NONE;
            }

            @Override
            public void getLocation(AccessibleControlEvent e) {
                layoutBoxes();
                Rectangle r = e.childID == ACC.CHILDID_SELF ? getClientArea()
                        : e.childID >= 0 && e.childID < boxSectors.size() ? slice(e.childID) : null;
                if (r != null) {
                    Point p = toDisplay(r.x, r.y);
                    e.x = p.x;
                    e.y = p.y;
                    e.width = r.width;
                    e.height = r.height;
                }
            }

            @Override
            public void getChildCount(AccessibleControlEvent e) {
                layoutBoxes();
                e.detail = boxSectors.size();
            }

            @Override
            public void getChildren(AccessibleControlEvent e) {
                layoutBoxes();
                Object[] ids = new Object[boxSectors.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = i;
                }
                e.children = ids;
            }

            @Override
            public void getFocus(AccessibleControlEvent e) {
                e.childID = !isFocusControl() ? ACC.CHILDID_NONE : focusIndex >= 0 ? focusIndex : ACC.CHILDID_SELF;
            }

            @Override
            public void getRole(AccessibleControlEvent e) {
                e.detail = e.childID == ACC.CHILDID_SELF ? ACC.ROLE_LIST : ACC.ROLE_CHECKBUTTON;
            }

            @Override
            public void getState(AccessibleControlEvent e) {
                int state = ACC.STATE_FOCUSABLE;
                if (e.childID == ACC.CHILDID_SELF) {
                    state |= isFocusControl() ? ACC.STATE_FOCUSED : 0;
                } else if (child(e.childID) != null) {
                    state |= ACC.STATE_SELECTABLE;
                    state |= writeProtected.contains(child(e.childID)) ? ACC.STATE_CHECKED : 0;
                    state |= e.childID == focusIndex && isFocusControl() ? ACC.STATE_FOCUSED | ACC.STATE_SELECTED : 0;
                }
                e.detail = state;
            }

            @Override
            public void getValue(AccessibleControlEvent e) {
                Sector s = child(e.childID);
                if (s != null) {
                    e.result = protectionWords(s);
                }
            }

            @Override
            public void getDefaultAction(AccessibleControlEvent e) {
                if (child(e.childID) != null) {
                    e.result = "Toggle write protection";
                }
            }
        });
    }

    private Sector child(int childID) {
        layoutBoxes();
        return childID >= 0 && childID < boxSectors.size() ? boxSectors.get(childID) : null;
    }

    /** "Sector 5, bank 1, 0x08040000, 256 KiB, write-protected": what a screen reader says for a sector. */
    private String accessibleName(Sector s) {
        long addr = geometry.windowAddress(s.bank(), s.offset(), swapped, geometry.linkWindow());
        return String.format(unitWord() + " %d, bank %d, 0x%08X, %d KiB, %s", s.number(), s.bank(), addr, s.sizeKiB(),
                protectionWords(s)) + (isDirty(s) ? ", changed, not applied" : "");
    }

    private String protectionWords(Sector s) {
        return (writeProtected.contains(s) ? "write-protected" : "not write-protected")
                + (executeOnly.contains(s) ? ", execute-only (PCROP)" : "")
                + (secure.contains(s) ? ", secure-only" : "");
    }

    /** Changed but not applied; after a bank-mode change the part's sectors are another layout: no box is "changed". */
    private boolean isDirty(Sector s) {
        return original.geometry().equals(geometry)
                && (writeProtected.contains(s) != original.writeProtectedSectors().contains(s)
                        || executeOnly.contains(s) != original.pcropSectors().contains(s));
    }

    /** A row of pages (taller, grouped when they do not fit, named "Page"); see {@link SectorGroups#hasPages}. */
    private boolean pageRow(Bank b) {
        return b.sectors().size() > SectorGroups.MOST_SECTORS;
    }

    private boolean pageRows() {
        return geometry != null && SectorGroups.hasPages(geometry);
    }

    /** What the reference manual calls the erase unit shown (the family's fact: "Page", "Sector"). */
    private String unitWord() {
        return geometry == null ? "Sector" : geometry.eraseUnit().title();
    }

    private int rowHeight(Bank b) {
        return pageRow(b) ? GROUPED_ROW_HEIGHT : ROW_HEIGHT;
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        int rows = geometry == null ? ROW_HEIGHT : geometry.banks().stream().mapToInt(this::rowHeight).sum();
        return new Point(wHint == SWT.DEFAULT ? 480 : wHint, rows + (pageRows() ? CAPTION_HEIGHT : 0)
                + LEGEND_HEIGHT + 4);
    }

    /** Where the sector with logical number {@code number} is drawn (layouts numbering sectors across banks). */
    public Rectangle boundsOf(int number) {
        layoutBoxes();
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < boxSectors.size(); i++) {
            if (boxSectors.get(i).number() == number) {
                found.add(i);
            }
        }
        if (found.size() != 1) {
            throw new IllegalArgumentException(found.isEmpty() ? "no sector " + number + " in the map"
                    : "sector " + number + " is in more than one bank: ask with boundsOf(bank, number)");
        }
        return boxes.get(cellOf.get(found.get(0)));
    }

    /** Where sector {@code number} of physical bank {@code bank} is drawn (tests click there). */
    public Rectangle boundsOf(int bank, int number) {
        layoutBoxes();
        for (int i = 0; i < boxSectors.size(); i++) {
            if (boxSectors.get(i).bank() == bank && boxSectors.get(i).number() == number) {
                return boxes.get(cellOf.get(i)); // in a page row: the box of its group
            }
        }
        throw new IllegalArgumentException("no sector " + number + " in bank " + bank + " of the map");
    }

    /**
     * A click toggles the box's sector (Ctrl: its execute-only protection), or its group's pages as a range;
     * Shift+click protects (or, when all are, unprotects) the pages from the last clicked one to this box.
     */
    private void click(Event e) {
        int cell = cellAt(e.x, e.y);
        if (cell < 0 || e.button != 1) {
            return;
        }
        List<Sector> group = cells.get(cell);
        int first = boxSectors.indexOf(group.get(0));
        int last = boxSectors.indexOf(group.get(group.size() - 1));
        if (((e.stateMask & SWT.SHIFT) != 0 || shiftHeld) && lastClicked >= 0 && lastClicked < boxSectors.size()) {
            toggleRange(List.copyOf(boxSectors.subList(Math.min(lastClicked, first), Math.max(lastClicked, last) + 1)));
            return;
        }
        lastClicked = first;
        if (group.size() == 1) {
            onToggle.accept(group.get(0), (e.stateMask & SWT.MOD1) != 0);
        } else {
            toggleRange(group);
        }
    }

    private int cellAt(int x, int y) {
        layoutBoxes();
        for (int i = 0; i < boxes.size(); i++) {
            if (boxes.get(i).contains(x, y)) {
                return i;
            }
        }
        return -1;
    }

    /** The sector under the point: in a group's box, the page whose slice it is. */
    private Sector sectorAt(int x, int y) {
        int cell = cellAt(x, y);
        if (cell < 0) {
            return null;
        }
        for (Sector s : cells.get(cell)) {
            if (slice(boxSectors.indexOf(s)).contains(x, y)) {
                return s;
            }
        }
        return cells.get(cell).get(0);
    }

    /** "Sector 3" on layouts numbering sectors across banks, "Sector 3 of bank 2" where each bank counts from 0. */
    private String sectorName(Sector s) {
        return unitWord() + " " + s.number() + (ProtectionModel.numberedPerBank(geometry) ? " of bank " + s.bank() : "");
    }

    /** The status flag the family names for a refused program/erase of a write-protected sector, e.g. " (WRPERR)". */
    private String writeProtectionFlag(Sector s) {
        return edited.blockers(Scope.sectors(List.of(s), sectorName(s))).stream()
                .filter(b -> b.kind() == BlockerKind.WRITE_PROTECTION).map(EraseBlocker::expectedFlag)
                .flatMap(java.util.Optional::stream).findFirst().map(f -> " with " + f).orElse("");
    }

    /** The tooltip of the sector under the pointer, for the model shown now (also right after a click changed it). */
    private void showTooltip() {
        Sector s = pointer == null || geometry == null ? null : sectorAt(pointer.x, pointer.y);
        setToolTipText(s == null ? null : tooltip(s));
    }

    private String tooltip(Sector s) {
        long addr = geometry.windowAddress(s.bank(), s.offset(), swapped, geometry.linkWindow());
        String bits = edited.writeProtectionBits();
        List<Sector> unit = edited.writeProtectionUnit(s);
        List<Sector> group = cells.get(cellOf.get(boxSectors.indexOf(s)));
        return String.format("%s: 0x%08X, %d KiB, physical bank %d%n%s%s%s", sectorName(s), addr, s.sizeKiB(), s.bank(),
                writeProtected.contains(s) ? "write-protected (" + protectedBy() + "): program/erase fail"
                        + writeProtectionFlag(s) + ", mass erase refused" : "not write-protected",
                edited.hasExecuteOnly() ? (executeOnly.contains(s) ? "\nPCROP: execute-only" : "\nno PCROP") : "",
                secure.contains(s) ? "\nsecure-only area" : "")
                + (group.size() > 1 ? String.format("%nThis box: pages %s (%d KiB). Click to protect them all (or"
                        + " none when all are), Shift+click for the pages from the last click; arrow keys and Space"
                        + " edit page by page", SectorGroups.label(group), group.stream().mapToInt(Sector::sizeKiB).sum())
                        : "\nClick (or Space) to toggle write protection"
                                + (unit.size() > 1 ? " (one " + bits + " bit: " + ProtectionModel.names(unit, geometry)
                                        + ")" : "")
                                + (edited.executeOnlyPerSector() ? ", Ctrl+click (Ctrl+Space) for PCROP" : ""));
    }

    /** "nWRP = 0" for the per-sector bits (active low on F7 and H7); "in a WRPxy area" for page ranges. */
    private String protectedBy() {
        return pageRows() ? "in a " + edited.writeProtectionBits() + " area" : edited.writeProtectionBits() + " = 0";
    }

    /** Top of each bank row, and the bottom of the last. */
    private final List<Integer> rowTops = new ArrayList<>();

    private void layoutBoxes() {
        boxes.clear();
        cells.clear();
        boxSectors.clear();
        cellOf.clear();
        rowTops.clear();
        if (geometry == null) {
            return;
        }
        int width = Math.max(getClientArea().width, 400);
        int avail = width - LABEL_WIDTH - 8;
        int y = 2;
        for (Bank bank : geometry.banks()) {
            int n = bank.sectors().size();
            int size = !pageRow(bank) || n * MIN_BOX <= avail ? 1 : SectorGroups.size(n, avail, MIN_GROUP_BOX);
            List<List<Sector>> groups = SectorGroups.of(bank.sectors(), size);
            int minBox = size > 1 ? MIN_GROUP_BOX : MIN_BOX;
            int flexible = Math.max(0, avail - groups.size() * minBox);
            rowTops.add(y);
            long used = 0;
            for (int g = 0; g < groups.size(); g++) {
                List<Sector> group = groups.get(g);
                long before = used;
                used += group.stream().mapToLong(Sector::size).sum();
                int x0 = LABEL_WIDTH + (int) (before * flexible / bank.size()) + minBox * g;
                int x1 = LABEL_WIDTH + (int) (used * flexible / bank.size()) + minBox * (g + 1);
                boxes.add(new Rectangle(x0, y + 4, x1 - x0 - 2, rowHeight(bank) - 12));
                cells.add(group);
                for (Sector s : group) {
                    boxSectors.add(s);
                    cellOf.add(cells.size() - 1);
                }
            }
            y += rowHeight(bank);
        }
        rowTops.add(y);
    }

    private Color fill(Sector s) {
        return FlashbankColors.get(executeOnly.contains(s) ? FlashbankColors.SECTOR_PCROP
                : writeProtected.contains(s) ? FlashbankColors.SECTOR_WRITE_PROTECTED
                        : secure.contains(s) ? FlashbankColors.SECTOR_SECURE : FlashbankColors.SECTOR_FREE);
    }

    private String textColour(Sector s) {
        return executeOnly.contains(s) ? FlashbankColors.SECTOR_PCROP_TEXT
                : writeProtected.contains(s) || secure.contains(s) ? FlashbankColors.SECTOR_PROTECTED_TEXT
                        : FlashbankColors.SECTOR_TEXT;
    }

    private void paint(GC gc) {
        Rectangle area = getClientArea();
        Color text = FlashbankColors.get(FlashbankColors.MAP_TEXT);
        gc.setBackground(FlashbankColors.get(FlashbankColors.MAP_BACKGROUND));
        gc.fillRectangle(area);
        gc.setForeground(text);
        if (geometry == null) {
            gc.drawText("not connected", 4, 4, true);
            return;
        }
        layoutBoxes();
        Color wrp = FlashbankColors.get(FlashbankColors.SECTOR_WRITE_PROTECTED);
        Color pcrop = FlashbankColors.get(FlashbankColors.SECTOR_PCROP);
        Color free = FlashbankColors.get(FlashbankColors.SECTOR_FREE);
        Color changed = FlashbankColors.get(FlashbankColors.SECTOR_CHANGED);
        Color secureColor = FlashbankColors.get(FlashbankColors.SECTOR_SECURE);
        Color selection = FlashbankColors.get(FlashbankColors.STRIP_SELECTION);
        int row = 0;
        for (Bank bank : geometry.banks()) {
            int y = rowTops.get(row);
            gc.setForeground(text);
            long base = geometry.windowAddress(bank.number(), 0, swapped, geometry.linkWindow());
            gc.drawText((geometry.bankCount() == 2 ? "Bank " + bank.number() : "Flash") + String.format("%n0x%08X", base),
                    2, y + 6, true);
            row++;
        }
        List<Sector> selected = selection();
        int lineHeight = gc.getFontMetrics().getHeight();
        for (int i = 0; i < boxes.size(); i++) {
            Rectangle r = boxes.get(i);
            List<Sector> group = cells.get(i);
            Sector s = group.get(0);
            // a group's box: filled as its pages when they are all alike, else unprotected with the slices showing
            boolean alike = group.stream().map(this::fill).distinct().count() == 1;
            gc.setBackground(alike ? fill(s) : free);
            gc.fillRectangle(r);
            boolean dirty = group.stream().anyMatch(this::isDirty);
            gc.setForeground(dirty ? changed : text);
            gc.setLineWidth(dirty ? 3 : 1);
            gc.drawRectangle(r);
            gc.setLineWidth(1);
            gc.setForeground(FlashbankColors.get(alike ? textColour(s) : FlashbankColors.SECTOR_TEXT));
            long wrpCount = group.stream().filter(writeProtected::contains).count();
            String top = SectorGroups.label(group);
            if (gc.textExtent(top).x > r.width - 2) {
                top = String.valueOf(s.number());
            }
            String bottom = group.size() > 1
                    ? (wrpCount == group.size() ? "WRP" : wrpCount > 0 ? wrpCount + "/" + group.size() + " WRP"
                            : group.stream().anyMatch(executeOnly::contains) ? "PCROP" : "")
                    : writeProtected.contains(s) ? "WRP" : executeOnly.contains(s) ? "PCROP"
                            : secure.contains(s) ? "SEC" : s.sizeKiB() + "K";
            if (gc.textExtent(bottom).x > r.width - 2 && wrpCount > 0 && wrpCount < group.size()) {
                bottom = wrpCount + "/" + group.size();
            }
            gc.drawText(top, r.x + Math.max(1, (r.width - gc.textExtent(top).x) / 2), r.y + 2, true);
            if (gc.textExtent(bottom).x <= r.width - 2) {
                gc.drawText(bottom, r.x + (r.width - gc.textExtent(bottom).x) / 2, r.y + r.height - lineHeight - 2,
                        true);
            }
            if (group.size() > 1) {
                // a slice per page between the two labels: where a WRP range begins or ends inside the group
                int by = r.y + lineHeight + 3;
                int bh = Math.max(4, r.height - 2 * lineHeight - 7);
                for (Sector page : group) {
                    Rectangle sl = slice(boxSectors.indexOf(page));
                    gc.setBackground(fill(page));
                    gc.fillRectangle(sl.x + 1, by, Math.max(1, sl.width - 1), bh);
                }
                gc.setForeground(text);
                gc.drawRectangle(r.x + 1, by - 1, r.width - 2, bh + 1);
            }
            boolean hasFocus = focusIndex >= 0 && cellOf.get(focusIndex) == i && isFocusControl();
            if (hasFocus) {
                // the focus cell: a frame outside the box (the box's own frame says "changed") and the system's
                // dotted focus rectangle inside it; in a group, around the focused page's slice
                gc.setForeground(text);
                gc.setLineWidth(2);
                gc.drawRectangle(r.x - 2, r.y - 3, r.width + 3, r.height + 5);
                gc.setLineWidth(1);
                if (group.size() > 1) {
                    Rectangle sl = slice(focusIndex);
                    gc.setLineWidth(2);
                    gc.drawRectangle(sl.x, r.y + lineHeight + 1, Math.max(3, sl.width), r.height - 2 * lineHeight - 3);
                    gc.setLineWidth(1);
                } else {
                    gc.drawFocus(r.x + 3, r.y + 3, r.width - 6, r.height - 6);
                }
            }
        }
        if (!selected.isEmpty()) {
            // the Shift selection: a bar under its pages
            gc.setBackground(selection);
            for (Sector page : selected) {
                Rectangle sl = slice(boxSectors.indexOf(page));
                gc.fillRectangle(sl.x, sl.y + sl.height + 2, sl.width + 1, 4);
            }
        }
        if (pageRows()) {
            gc.setForeground(text);
            gc.drawText(caption(), LABEL_WIDTH, rowTops.get(rowTops.size() - 1) + 1, true);
        }
        int ly = area.height - LEGEND_HEIGHT + 2;
        int lx = LABEL_WIDTH;
        lx = legend(gc, lx, ly, free, "not protected");
        lx = legend(gc, lx, ly, wrp, "write-protected (" + protectedBy().replace("in a ", "") + ")");
        if (edited.hasExecuteOnly()) {
            lx = legend(gc, lx, ly, pcrop, "PCROP (execute-only)");
        }
        if (!secure.isEmpty()) {
            lx = legend(gc, lx, ly, secureColor, "secure-only");
        }
        if (!selected.isEmpty()) {
            lx = legend(gc, lx, ly, selection, "selected (Space)");
        }
        gc.setForeground(changed);
        gc.setLineWidth(3);
        gc.drawRectangle(lx, ly + 2, 12, 12);
        gc.setLineWidth(1);
        gc.setForeground(text);
        gc.drawText("changed, not applied", lx + 16, ly, true);
    }

    /**
     * The line under page rows: how many pages a box holds, the focused page and the selection, so the keyboard's
     * page-by-page position is readable though a box holds several pages.
     */
    public String caption() {
        layoutBoxes();
        int most = cells.stream().mapToInt(List::size).max().orElse(1);
        String boxes = most > 1 ? "Each box: " + most + " pages." : "Each box: one page.";
        if (focusIndex < 0 || !isFocusControl()) {
            return boxes + " Click a box or Tab here: arrow keys move page by page, Shift+arrows select, Space toggles.";
        }
        Sector f = boxSectors.get(focusIndex);
        List<Sector> sel = selection();
        return boxes + " Focus: " + accessibleName(f).replaceFirst(", \\d+ KiB", "")
                + (sel.isEmpty() ? "" : ". Selected: " + SectorGroups.label(sel) + " (" + sel.size()
                        + (sel.size() == 1 ? " page" : " pages") + "), Space "
                        + (writeProtected.containsAll(sel) ? "unprotects" : "protects") + " them");
    }

    private int legend(GC gc, int x, int y, Color c, String label) {
        gc.setBackground(c);
        gc.fillRectangle(x, y + 2, 12, 12);
        gc.setForeground(FlashbankColors.get(FlashbankColors.MAP_TEXT));
        gc.drawRectangle(x, y + 2, 12, 12);
        gc.drawText(label, x + 16, y, true);
        return x + 16 + gc.textExtent(label).x + 18;
    }
}
