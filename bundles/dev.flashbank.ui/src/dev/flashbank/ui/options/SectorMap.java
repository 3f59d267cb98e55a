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
 */
public final class SectorMap extends Canvas {

    private static final int ROW_HEIGHT = 46;
    private static final int LABEL_WIDTH = 118;
    private static final int MIN_BOX = 26;
    private static final int LEGEND_HEIGHT = 22;

    private FlashGeometry geometry;
    private ProtectionModel edited;
    private ProtectionModel original;
    private boolean swapped;
    /** Where the pointer is over the map, if it is. */
    private Point pointer;
    private Set<Sector> writeProtected = Set.of();
    private Set<Sector> executeOnly = Set.of();
    private Set<Sector> secure = Set.of();
    private final List<Rectangle> boxes = new ArrayList<>();
    private final List<Sector> boxSectors = new ArrayList<>();
    private BiConsumer<Sector, Boolean> onToggle = (s, pcrop) -> {
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
    }

    /**
     * Called with the clicked sector (or the focused one for Space, each changing bit's first sector for Ctrl+A) and
     * whether execute-only (Ctrl+click, Ctrl+Space) was meant.
     */
    public void onToggle(BiConsumer<Sector, Boolean> listener) {
        onToggle = listener;
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
        switch (e.keyCode) {
            case SWT.ARROW_LEFT -> moveFocus(focusIndex - 1);
            case SWT.ARROW_RIGHT -> moveFocus(focusIndex + 1);
            case SWT.ARROW_UP -> moveFocus(nearestInRow(rowOf(focusIndex) - 1));
            case SWT.ARROW_DOWN -> moveFocus(nearestInRow(rowOf(focusIndex) + 1));
            case SWT.HOME -> moveFocus(ctrl ? 0 : rowStart(rowOf(focusIndex)));
            case SWT.END -> moveFocus(ctrl ? boxSectors.size() - 1 : rowEnd(rowOf(focusIndex)));
            default -> {
                if (e.character == ' ') {
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
        List<Sector> all = List.copyOf(boxSectors);
        boolean protect = !writeProtected.containsAll(all);
        ProtectionModel before = edited;
        Set<Sector> done = new java.util.HashSet<>();
        for (Sector s : all) {
            if (writeProtected.contains(s) != protect && !done.contains(s)) {
                done.addAll(before.writeProtectionUnit(s)); // one bit, toggled once
                onToggle.accept(s, false);
            }
        }
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
        int middle = boxes.get(focusIndex).x + boxes.get(focusIndex).width / 2;
        int best = rowStart(row);
        for (int i = rowStart(row); i <= rowEnd(row); i++) {
            if (Math.abs(boxes.get(i).x + boxes.get(i).width / 2 - middle) < Math.abs(
                    boxes.get(best).x + boxes.get(best).width / 2 - middle)) {
                best = i;
            }
        }
        return best;
    }

    // ------------------------------------------------------------------ accessibility

    private void addAccessibility() {
        getAccessible().addAccessibleListener(new AccessibleAdapter() {
            @Override
            public void getName(AccessibleEvent e) {
                if (e.childID == ACC.CHILDID_SELF) {
                    e.result = geometry == null ? "Sector protection map, not connected"
                            : "Sector protection map (" + edited.writeProtectionBits() + ")";
                } else if (child(e.childID) != null) {
                    e.result = accessibleName(child(e.childID));
                }
            }

            @Override
            public void getHelp(AccessibleEvent e) {
                if (e.childID == ACC.CHILDID_SELF) {
                    e.result = "Arrow keys move between sectors, Space toggles write protection"
                            + (edited != null && edited.executeOnlyPerSector() ? ", Ctrl+Space PCROP" : "")
                            + ", Ctrl+A write-protects every sector (or none when all are)";
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
                        : e.childID >= 0 && e.childID < boxes.size() ? boxes.get(e.childID) : null;
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
        return String.format("Sector %d, bank %d, 0x%08X, %d KiB, %s", s.number(), s.bank(), addr, s.sizeKiB(),
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

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        int banks = geometry == null ? 1 : geometry.bankCount();
        return new Point(wHint == SWT.DEFAULT ? 480 : wHint, banks * ROW_HEIGHT + LEGEND_HEIGHT + 4);
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
        return boxes.get(found.get(0));
    }

    /** Where sector {@code number} of physical bank {@code bank} is drawn (tests click there). */
    public Rectangle boundsOf(int bank, int number) {
        layoutBoxes();
        for (int i = 0; i < boxSectors.size(); i++) {
            if (boxSectors.get(i).bank() == bank && boxSectors.get(i).number() == number) {
                return boxes.get(i);
            }
        }
        throw new IllegalArgumentException("no sector " + number + " in bank " + bank + " of the map");
    }

    private void click(Event e) {
        Sector s = sectorAt(e.x, e.y);
        if (s != null && e.button == 1) {
            onToggle.accept(s, (e.stateMask & SWT.MOD1) != 0);
        }
    }

    private Sector sectorAt(int x, int y) {
        layoutBoxes();
        for (int i = 0; i < boxes.size(); i++) {
            if (boxes.get(i).contains(x, y)) {
                return boxSectors.get(i);
            }
        }
        return null;
    }

    /** "Sector 3" on layouts numbering sectors across banks, "Sector 3 of bank 2" where each bank counts from 0. */
    private String sectorName(Sector s) {
        return "Sector " + s.number() + (ProtectionModel.numberedPerBank(geometry) ? " of bank " + s.bank() : "");
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
        return String.format("%s: 0x%08X, %d KiB, physical bank %d%n%s%s%s", sectorName(s), addr, s.sizeKiB(), s.bank(),
                writeProtected.contains(s) ? "write-protected (" + bits + " = 0): program/erase fail"
                        + writeProtectionFlag(s) + ", mass erase refused" : "not write-protected",
                edited.hasExecuteOnly() ? (executeOnly.contains(s) ? "\nPCROP: execute-only" : "\nno PCROP") : "",
                secure.contains(s) ? "\nsecure-only area" : "")
                + "\nClick (or Space) to toggle write protection"
                + (unit.size() > 1 ? " (one " + bits + " bit: " + ProtectionModel.names(unit, geometry) + ")" : "")
                + (edited.executeOnlyPerSector() ? ", Ctrl+click (Ctrl+Space) for PCROP" : "");
    }

    private void layoutBoxes() {
        boxes.clear();
        boxSectors.clear();
        if (geometry == null) {
            return;
        }
        int width = Math.max(getClientArea().width, 400);
        int avail = width - LABEL_WIDTH - 8;
        int row = 0;
        for (Bank bank : geometry.banks()) {
            int n = bank.sectors().size();
            int flexible = Math.max(0, avail - n * MIN_BOX);
            int x = LABEL_WIDTH;
            int y = 2 + row * ROW_HEIGHT;
            long used = 0;
            for (Sector s : bank.sectors()) {
                long before = used;
                used += s.size();
                int x0 = LABEL_WIDTH + (int) (before * flexible / bank.size()) + MIN_BOX * bank.sectors().indexOf(s);
                int x1 = LABEL_WIDTH + (int) (used * flexible / bank.size()) + MIN_BOX * (bank.sectors().indexOf(s) + 1);
                boxes.add(new Rectangle(x0, y + 4, x1 - x0 - 2, ROW_HEIGHT - 12));
                boxSectors.add(s);
                x = x1;
            }
            row++;
        }
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
        int row = 0;
        for (Bank bank : geometry.banks()) {
            int y = 2 + row * ROW_HEIGHT;
            gc.setForeground(text);
            long base = geometry.windowAddress(bank.number(), 0, swapped, geometry.linkWindow());
            gc.drawText((geometry.bankCount() == 2 ? "Bank " + bank.number() : "Flash") + String.format("%n0x%08X", base),
                    2, y + 6, true);
            row++;
        }
        for (int i = 0; i < boxes.size(); i++) {
            Rectangle r = boxes.get(i);
            Sector s = boxSectors.get(i);
            boolean w = writeProtected.contains(s);
            boolean p = executeOnly.contains(s);
            boolean sec = secure.contains(s);
            gc.setBackground(p ? pcrop : w ? wrp : sec ? secureColor : free);
            gc.fillRectangle(r);
            boolean dirty = isDirty(s);
            gc.setForeground(dirty ? changed : text);
            gc.setLineWidth(dirty ? 3 : 1);
            gc.drawRectangle(r);
            gc.setLineWidth(1);
            gc.setForeground(FlashbankColors.get(p ? FlashbankColors.SECTOR_PCROP_TEXT
                    : w || sec ? FlashbankColors.SECTOR_PROTECTED_TEXT : FlashbankColors.SECTOR_TEXT));
            String top = String.valueOf(s.number());
            String bottom = w ? "WRP" : p ? "PCROP" : sec ? "SEC" : s.sizeKiB() + "K";
            gc.drawText(top, r.x + Math.max(1, (r.width - gc.textExtent(top).x) / 2), r.y + 2, true);
            if (gc.textExtent(bottom).x <= r.width - 2) {
                gc.drawText(bottom, r.x + (r.width - gc.textExtent(bottom).x) / 2, r.y + r.height - gc.getFontMetrics().getHeight() - 2, true);
            }
            if (i == focusIndex && isFocusControl()) {
                // the focus cell: a frame outside the box (the box's own frame says "changed") and the system's
                // dotted focus rectangle inside it
                gc.setForeground(text);
                gc.setLineWidth(2);
                gc.drawRectangle(r.x - 2, r.y - 3, r.width + 3, r.height + 5);
                gc.setLineWidth(1);
                gc.drawFocus(r.x + 3, r.y + 3, r.width - 6, r.height - 6);
            }
        }
        int ly = area.height - LEGEND_HEIGHT + 2;
        int lx = LABEL_WIDTH;
        lx = legend(gc, lx, ly, free, "not protected");
        lx = legend(gc, lx, ly, wrp, "write-protected (" + edited.writeProtectionBits() + " = 0)");
        if (edited.hasExecuteOnly()) {
            lx = legend(gc, lx, ly, pcrop, "PCROP (execute-only)");
        }
        if (!secure.isEmpty()) {
            lx = legend(gc, lx, ly, secureColor, "secure-only");
        }
        gc.setForeground(changed);
        gc.setLineWidth(3);
        gc.drawRectangle(lx, ly + 2, 12, 12);
        gc.setLineWidth(1);
        gc.setForeground(text);
        gc.drawText("changed, not applied", lx + 16, ly, true);
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
