package dev.flashbank.ui.banks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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

import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.core.banks.SectorState;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.Sector;
import dev.flashbank.ui.SectorGroups;
import dev.flashbank.ui.theme.FlashbankColors;

/**
 * One strip per PHYSICAL bank, drawn to scale: each sector a box as wide as its share of the bank, labelled with its
 * logical number (RM numbering, §1.3) and size, filled by state (erased / programmed / not read), outlined red when
 * nWRP or PCROP protects it; differing ranges of the bank comparison are marked in red under the strip. A click
 * selects a sector (the target of "Erase sector").
 * <p>
 * Keyboard: Tab moves the focus in and out; a focus cell (drawn with a focus frame) moves with Left/Right (in bank
 * order, across the end of a bank into the next), Up/Down (the nearest sector of the other bank), Home/End (first/last
 * sector of its bank); Enter or Space selects it, with the same effect as a click. Accessibility: a list whose children
 * are the sectors, named "Sector 5, bank 1, 0x08040000, 256 KiB, programmed, write-protected".
 * <p>
 * Pages (L4/G4/G0: 128-256 pages of 2-8 KiB a bank): when boxes to scale would be too narrow to read, a box stands for
 * a group of pages ({@link SectorGroups}), labelled with its first-last page, with a band of one slice per page under
 * the label so a programmed page among erased ones still shows; clicks and the keyboard still act on single pages (the
 * page under the pointer, the focus moving page by page and PageUp/PageDown by a group), named "Page 37".
 */
final class BankStrip extends Canvas {

    static final int LABEL_HEIGHT = 20;
    static final int BAR_HEIGHT = 40;
    static final int DIFF_HEIGHT = 6;
    static final int GAP = 12;
    static final int MARGIN = 8;
    /** Narrowest box a group of pages gets (its page range, "248-255", still fits). */
    static final int MIN_GROUP_BOX = 52;
    /** Height of the band of page slices in a group's box. */
    static final int SLICE_BAND = 9;

    private BankSnapshot snapshot;
    private Sector selected;
    /** The sector the keyboard acts on, null before a snapshot. */
    private Sector focused;
    private final List<Consumer<Sector>> selectionListeners = new ArrayList<>();

    BankStrip(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.MouseDown, e -> {
            setFocus();
            Sector s = sectorAt(e.x, e.y);
            if (s != null) {
                focused = s;
                select(s);
            }
        });
        addListener(SWT.Traverse, e -> {
            // Tab, Escape and mnemonics leave the strip as from any control; arrows and Enter act in it
            e.doit = e.detail != SWT.TRAVERSE_ARROW_NEXT && e.detail != SWT.TRAVERSE_ARROW_PREVIOUS
                    && e.detail != SWT.TRAVERSE_RETURN;
        });
        addListener(SWT.KeyDown, this::key);
        addListener(SWT.FocusIn, e -> {
            redraw();
            announceFocus();
        });
        addListener(SWT.FocusOut, e -> redraw());
        addAccessibility();
        FlashbankColors.redrawOnChange(this);
    }

    /** The sector the keyboard acts on (drawn with a focus frame while the strip has the focus). */
    Sector focusedSector() {
        return focused;
    }

    private List<Sector> sectors() {
        return snapshot == null ? List.of() : snapshot.geometry().sectors();
    }

    private void key(Event e) {
        List<Sector> all = sectors();
        if (focused == null || !all.contains(focused)) {
            return;
        }
        int i = all.indexOf(focused);
        Bank bank = snapshot.geometry().bank(focused.bank());
        switch (e.keyCode) {
            case SWT.ARROW_LEFT -> moveFocus(i > 0 ? all.get(i - 1) : focused);
            case SWT.ARROW_RIGHT -> moveFocus(i < all.size() - 1 ? all.get(i + 1) : focused);
            case SWT.ARROW_UP -> moveFocus(nearestIn(focused.bank() - 1));
            case SWT.ARROW_DOWN -> moveFocus(nearestIn(focused.bank() + 1));
            case SWT.PAGE_UP -> moveFocus(bank.sectors().get(Math.max(0, bank.sectors().indexOf(focused)
                    - groupSize(bank))));
            case SWT.PAGE_DOWN -> moveFocus(bank.sectors().get(Math.min(bank.sectors().size() - 1,
                    bank.sectors().indexOf(focused) + groupSize(bank))));
            case SWT.HOME -> moveFocus(bank.sectors().get(0));
            case SWT.END -> moveFocus(bank.sectors().get(bank.sectors().size() - 1));
            case SWT.CR, SWT.KEYPAD_CR -> select(focused);
            default -> {
                if (e.character != ' ') {
                    return;
                }
                select(focused);
            }
        }
        e.doit = false;
    }

    /** The sector of physical bank {@code bank} under the middle of the focused one; the focused one when none. */
    private Sector nearestIn(int bank) {
        List<Bank> banks = snapshot.geometry().banks();
        if (bank < 1 || bank > banks.size()) {
            return focused;
        }
        Bank from = snapshot.geometry().bank(focused.bank());
        long middle = (focused.offset() + focused.size() / 2) * banks.get(bank - 1).size() / from.size();
        return banks.get(bank - 1).sectorAtOffset(Math.min(middle, banks.get(bank - 1).size() - 1));
    }

    private void moveFocus(Sector s) {
        if (!s.equals(focused)) {
            focused = s;
            redraw();
            announceFocus();
        }
    }

    private void announceFocus() {
        if (isFocusControl() && focused != null && sectors().contains(focused)) {
            getAccessible().setFocus(sectors().indexOf(focused));
        }
    }

    private void addAccessibility() {
        getAccessible().addAccessibleListener(new AccessibleAdapter() {
            @Override
            public void getName(AccessibleEvent e) {
                if (e.childID == ACC.CHILDID_SELF) {
                    e.result = snapshot == null ? "Flash banks, not connected" : "Flash banks of " + snapshot.targetName();
                } else if (child(e.childID) != null) {
                    e.result = accessibleName(child(e.childID));
                }
            }

            @Override
            public void getHelp(AccessibleEvent e) {
                if (e.childID == ACC.CHILDID_SELF) {
                    String unit = unitWord().toLowerCase(java.util.Locale.ROOT);
                    e.result = "Arrow keys move between " + unit + "s, Enter or Space selects the " + unit;
                }
            }
        });
        getAccessible().addAccessibleControlListener(new AccessibleControlAdapter() {
            @Override
            public void getChildAtPoint(AccessibleControlEvent e) {
                Point p = toControl(e.x, e.y);
                Sector s = sectorAt(p.x, p.y);
                e.childID = s != null ? sectors().indexOf(s) : getClientArea().contains(p) ? ACC.CHILDID_SELF
                        : ACC.CHILDID_NONE;
            }

            @Override
            public void getLocation(AccessibleControlEvent e) {
                Sector s = child(e.childID);
                Rectangle r = s != null ? box(bar(snapshot.geometry().banks().indexOf(snapshot.geometry().bank(s.bank()))),
                        snapshot.geometry().bank(s.bank()), s) : e.childID == ACC.CHILDID_SELF ? getClientArea() : null;
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
                e.detail = sectors().size();
            }

            @Override
            public void getChildren(AccessibleControlEvent e) {
                Object[] ids = new Object[sectors().size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = i;
                }
                e.children = ids;
            }

            @Override
            public void getFocus(AccessibleControlEvent e) {
                e.childID = !isFocusControl() ? ACC.CHILDID_NONE
                        : focused != null && sectors().contains(focused) ? sectors().indexOf(focused) : ACC.CHILDID_SELF;
            }

            @Override
            public void getRole(AccessibleControlEvent e) {
                e.detail = e.childID == ACC.CHILDID_SELF ? ACC.ROLE_LIST : ACC.ROLE_LISTITEM;
            }

            @Override
            public void getState(AccessibleControlEvent e) {
                int state = ACC.STATE_FOCUSABLE;
                Sector s = child(e.childID);
                if (e.childID == ACC.CHILDID_SELF) {
                    state |= isFocusControl() ? ACC.STATE_FOCUSED : 0;
                } else if (s != null) {
                    state |= ACC.STATE_SELECTABLE | (s.equals(selected) ? ACC.STATE_SELECTED : 0)
                            | (s.equals(focused) && isFocusControl() ? ACC.STATE_FOCUSED : 0);
                }
                e.detail = state;
            }

            @Override
            public void getDefaultAction(AccessibleControlEvent e) {
                if (child(e.childID) != null) {
                    e.result = "Select";
                }
            }
        });
    }

    private Sector child(int childID) {
        List<Sector> all = sectors();
        return childID >= 0 && childID < all.size() ? all.get(childID) : null;
    }

    /** "Sector 5, bank 1, 0x08040000, 256 KiB, programmed, write-protected": what a screen reader says. */
    private String accessibleName(Sector s) {
        long addr = snapshot.geometry().windowAddress(s.bank(), s.offset(), snapshot.swapped(),
                snapshot.geometry().linkWindow());
        SectorState st = snapshot.states().getOrDefault(s, SectorState.UNKNOWN);
        return String.format(unitWord() + " %d, bank %d, 0x%08X, %d KiB, %s%s%s%s", s.number(), s.bank(), addr, s.sizeKiB(),
                st == SectorState.PROGRAMMED ? "programmed" : st == SectorState.ERASED ? "erased" : "not read",
                snapshot.writeProtected().contains(s) ? ", write-protected" : "",
                snapshot.pcrop().contains(s) ? ", execute-only (PCROP)" : "", s.equals(selected) ? ", selected" : "");
    }

    void setSnapshot(BankSnapshot s) {
        snapshot = s;
        if (selected != null && s != null && !s.geometry().sectors().contains(selected)) {
            selected = null;
        }
        if (s == null) {
            focused = null;
        } else if (focused == null || !s.geometry().sectors().contains(focused)) {
            // a new layout: the focus follows the selection (which the view carries over) or starts at the first
            focused = selected != null ? selected : s.geometry().sectors().get(0);
        }
        redraw();
    }

    Sector selectedSector() {
        return selected;
    }

    void select(Sector s) {
        selected = s;
        if (s != null) {
            focused = s;
        }
        redraw();
        selectionListeners.forEach(l -> l.accept(s));
    }

    void addSelectionListener(Consumer<Sector> l) {
        selectionListeners.add(l);
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        int banks = snapshot == null ? 2 : snapshot.geometry().bankCount();
        int h = MARGIN + banks * (LABEL_HEIGHT + BAR_HEIGHT + DIFF_HEIGHT + GAP);
        return new Point(wHint == SWT.DEFAULT ? 600 : wHint, h);
    }

    private Rectangle bar(int index) {
        Rectangle area = getClientArea();
        int y = MARGIN + index * (LABEL_HEIGHT + BAR_HEIGHT + DIFF_HEIGHT + GAP) + LABEL_HEIGHT;
        return new Rectangle(MARGIN, y, Math.max(10, area.width - 2 * MARGIN), BAR_HEIGHT);
    }

    /** "Page" or "Sector": the reference manual's word, the family's fact on its geometry. */
    private String unitWord() {
        return snapshot == null ? "Sector" : snapshot.geometry().eraseUnit().title();
    }

    /** The pages one box of bank {@code b} stands for as drawn now (1: each sector its own box, to scale). */
    int groupSize(Bank b) {
        int width = Math.max(10, getClientArea().width - 2 * MARGIN);
        int n = b.sectors().size();
        return n <= SectorGroups.MOST_SECTORS ? 1 : SectorGroups.size(n, width, MIN_GROUP_BOX);
    }

    /** The box a group of pages of bank {@code b} is drawn in (to scale: pages are all of one size in a bank). */
    private Rectangle groupBox(Rectangle bar, Bank b, List<Sector> group) {
        Sector first = group.get(0);
        Sector last = group.get(group.size() - 1);
        int x0 = bar.x + (int) (bar.width * first.offset() / b.size());
        int x1 = bar.x + (int) (bar.width * last.end() / b.size());
        return new Rectangle(x0, bar.y, Math.max(1, x1 - x0), bar.height);
    }

    private Rectangle box(Rectangle bar, Bank b, Sector s) {
        int x0 = bar.x + (int) (bar.width * s.offset() / b.size());
        int x1 = bar.x + (int) (bar.width * s.end() / b.size());
        return new Rectangle(x0, bar.y, Math.max(1, x1 - x0), bar.height);
    }

    Sector sectorAt(int x, int y) {
        if (snapshot == null) {
            return null;
        }
        List<Bank> banks = snapshot.geometry().banks();
        for (int i = 0; i < banks.size(); i++) {
            Rectangle bar = bar(i);
            for (Sector s : banks.get(i).sectors()) {
                if (box(bar, banks.get(i), s).contains(x, y)) {
                    return s;
                }
            }
        }
        return null;
    }

    private void paint(GC gc) {
        // the theme's colours (FlashbankColors), looked up per paint so a theme change shows at the next repaint
        Color diff = FlashbankColors.get(FlashbankColors.STRIP_DIFFERENCE);
        Color text = FlashbankColors.get(FlashbankColors.MAP_TEXT);
        gc.setBackground(FlashbankColors.get(FlashbankColors.MAP_BACKGROUND));
        gc.fillRectangle(getClientArea());
        gc.setForeground(text);
        if (snapshot == null) {
            gc.drawText("Select a target in the Targets view and connect to see its banks.", MARGIN, MARGIN, true);
            return;
        }
        List<Bank> banks = snapshot.geometry().banks();
        for (int i = 0; i < banks.size(); i++) {
            Bank b = banks.get(i);
            Rectangle bar = bar(i);
            gc.setForeground(text);
            gc.drawText(snapshot.bankLabel(b.number()), bar.x, bar.y - LABEL_HEIGHT + 2, true);
            int size = groupSize(b);
            if (size == 1) {
                for (Sector s : b.sectors()) {
                    paintSector(gc, box(bar, b, s), s);
                }
            } else {
                for (List<Sector> group : SectorGroups.of(b.sectors(), size)) {
                    paintGroup(gc, groupBox(bar, b, group), bar, b, group);
                }
            }
            snapshot.comparison().ifPresent(c -> {
                gc.setBackground(diff);
                for (AddressRange d : c.ranges()) {
                    int x0 = bar.x + (int) (bar.width * d.start() / b.size());
                    int x1 = bar.x + (int) (bar.width * d.end() / b.size());
                    gc.fillRectangle(x0, bar.y + bar.height + 1, Math.max(2, x1 - x0), DIFF_HEIGHT);
                }
            });
        }
    }

    private void paintSector(GC gc, Rectangle r, Sector s) {
        Color text = FlashbankColors.get(FlashbankColors.MAP_TEXT);
        SectorState st = snapshot.states().getOrDefault(s, SectorState.UNKNOWN);
        Color boxText = FlashbankColors.get(st == SectorState.PROGRAMMED ? FlashbankColors.STRIP_PROGRAMMED_TEXT
                : FlashbankColors.SECTOR_TEXT);
        gc.setBackground(stateColour(st));
        gc.fillRectangle(r);
        boolean prot = isProtected(s);
        gc.setForeground(prot ? FlashbankColors.get(FlashbankColors.STRIP_PROTECTED_FRAME) : text);
        gc.setLineWidth(prot ? 3 : 1);
        gc.drawRectangle(r.x, r.y, r.width - 1, r.height - 1);
        gc.setLineWidth(1);
        if (s.equals(selected)) {
            gc.setForeground(FlashbankColors.get(FlashbankColors.STRIP_SELECTION));
            gc.setLineWidth(3);
            gc.drawRectangle(r.x + 2, r.y + 2, r.width - 5, r.height - 5);
            gc.setLineWidth(1);
        }
        if (s.equals(focused) && isFocusControl() && r.width > 12) {
            // the focus cell: a dashed frame inside the box (the selection's frame is solid, outside it)
            gc.setForeground(boxText);
            gc.setLineWidth(2);
            gc.setLineStyle(SWT.LINE_DASH);
            gc.drawRectangle(r.x + 6, r.y + 6, r.width - 13, r.height - 13);
            gc.setLineStyle(SWT.LINE_SOLID);
            gc.setLineWidth(1);
        }
        gc.setForeground(boxText);
        String label = s.number() + " \u00B7 " + s.sizeKiB() + "K" + (prot ? " \u00B7 WRP" : "");
        Point ext = gc.textExtent(label);
        if (ext.x + 4 > r.width) {
            label = String.valueOf(s.number());
            ext = gc.textExtent(label);
        }
        if (ext.x + 2 <= r.width) {
            gc.drawText(label, r.x + (r.width - ext.x) / 2, r.y + (r.height - ext.y) / 2, true);
        }
    }

    private boolean isProtected(Sector s) {
        return snapshot.writeProtected().contains(s) || snapshot.pcrop().contains(s);
    }

    private Color stateColour(SectorState st) {
        return FlashbankColors.get(st == SectorState.PROGRAMMED ? FlashbankColors.STRIP_PROGRAMMED
                : st == SectorState.ERASED ? FlashbankColors.STRIP_ERASED : FlashbankColors.STRIP_UNKNOWN);
    }

    /**
     * A group of pages: filled as its pages when they are all in one state (else as erased), its page range as the
     * label, a band with a slice per page under it; framed red when a page of it is protected; the selected and the
     * focused page are marked on their slices.
     */
    private void paintGroup(GC gc, Rectangle r, Rectangle bar, Bank b, List<Sector> group) {
        Color text = FlashbankColors.get(FlashbankColors.MAP_TEXT);
        List<SectorState> states = group.stream().map(s -> snapshot.states().getOrDefault(s, SectorState.UNKNOWN))
                .distinct().toList();
        SectorState fill = states.size() == 1 ? states.get(0) : SectorState.ERASED;
        gc.setBackground(stateColour(fill));
        gc.fillRectangle(r);
        int band = r.y + r.height - SLICE_BAND - 3;
        for (Sector s : group) {
            Rectangle sl = box(bar, b, s);
            gc.setBackground(stateColour(snapshot.states().getOrDefault(s, SectorState.UNKNOWN)));
            gc.fillRectangle(sl.x, band, sl.width, SLICE_BAND);
        }
        gc.setForeground(text);
        gc.drawRectangle(r.x + 1, band - 1, r.width - 3, SLICE_BAND + 1);
        boolean prot = group.stream().anyMatch(this::isProtected);
        gc.setForeground(prot ? FlashbankColors.get(FlashbankColors.STRIP_PROTECTED_FRAME) : text);
        gc.setLineWidth(prot ? 3 : 1);
        gc.drawRectangle(r.x, r.y, r.width - 1, r.height - 1);
        gc.setLineWidth(1);
        Color boxText = FlashbankColors.get(fill == SectorState.PROGRAMMED ? FlashbankColors.STRIP_PROGRAMMED_TEXT
                : FlashbankColors.SECTOR_TEXT);
        for (Sector s : group) {
            Rectangle sl = box(bar, b, s);
            if (s.equals(selected)) {
                gc.setForeground(FlashbankColors.get(FlashbankColors.STRIP_SELECTION));
                gc.setLineWidth(3);
                gc.drawRectangle(sl.x - 1, band - 3, sl.width + 2, SLICE_BAND + 5);
                gc.setLineWidth(1);
            }
            if (s.equals(focused) && isFocusControl()) {
                // the focus cell: a dashed frame inside the group's box, and the focused page's slice framed
                gc.setForeground(boxText);
                gc.setLineWidth(2);
                gc.setLineStyle(SWT.LINE_DASH);
                gc.drawRectangle(r.x + 4, r.y + 4, r.width - 9, band - r.y - 7);
                gc.setLineStyle(SWT.LINE_SOLID);
                gc.setForeground(text);
                gc.drawRectangle(sl.x - 1, band - 2, sl.width + 1, SLICE_BAND + 3);
                gc.setLineWidth(1);
            }
        }
        gc.setForeground(boxText);
        String label = SectorGroups.label(group) + (prot ? " WRP" : "");
        Point ext = gc.textExtent(label);
        if (ext.x + 4 > r.width) {
            label = SectorGroups.label(group);
            ext = gc.textExtent(label);
        }
        if (ext.x + 4 > r.width) {
            label = String.valueOf(group.get(0).number());
            ext = gc.textExtent(label);
        }
        if (ext.x + 2 <= r.width) {
            gc.drawText(label, r.x + (r.width - ext.x) / 2, r.y + Math.max(2, (band - r.y - ext.y) / 2), true);
        }
    }

}
