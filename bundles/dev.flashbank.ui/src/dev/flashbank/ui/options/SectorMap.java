package dev.flashbank.ui.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import org.eclipse.swt.SWT;
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

/**
 * Per-sector protection of any family drawn over its flash layout (F7 nWRP and F72x PCROP, H7 WPSN with the PRAR
 * execute-only and SCAR secure-only areas), from the family's {@link ProtectionModel}: one row per physical bank,
 * each sector a box whose width grows with its size, labelled with its number and size. Protected sectors are filled
 * (red = write-protected, orange = execute-only, purple = secure-only), changed-but-not-applied ones get a thick blue
 * frame. Clicking a sector toggles its write protection (with every sector its bit covers: F76x dual-bank mode two,
 * H7A/B four); with Ctrl held it toggles execute-only where the family sets it per sector (F72x PCROP).
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

    public SectorMap(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.MouseUp, this::click);
        addListener(SWT.MouseMove, e -> {
            pointer = new Point(e.x, e.y);
            showTooltip();
        });
        addListener(SWT.MouseExit, e -> pointer = null);
    }

    /** Called with the clicked sector and whether execute-only (Ctrl-click) was meant. */
    public void onToggle(BiConsumer<Sector, Boolean> listener) {
        onToggle = listener;
    }

    /**
     * Shows {@code edited} (the pending options' protection, on the layout they select) against {@code original} (the
     * part's); {@code swapped}: the bank mapping in force, for the addresses of the banks.
     */
    public void setModel(ProtectionModel edited, ProtectionModel original, boolean swapped) {
        this.geometry = edited.geometry();
        this.edited = edited;
        this.original = original;
        this.swapped = swapped;
        this.writeProtected = Set.copyOf(edited.writeProtectedSectors());
        this.executeOnly = Set.copyOf(edited.pcropSectors());
        this.secure = Set.copyOf(edited.secureSectors());
        showTooltip();
        redraw();
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
                + "\nClick to toggle write protection"
                + (unit.size() > 1 ? " (one " + bits + " bit: " + ProtectionModel.names(unit, geometry) + ")" : "")
                + (edited.executeOnlyPerSector() ? ", Ctrl+click for PCROP" : "");
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
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        gc.fillRectangle(area);
        if (geometry == null) {
            gc.drawText("not connected", 4, 4, true);
            return;
        }
        layoutBoxes();
        Color wrp = new Color(0xE0, 0x4B, 0x4B);
        Color pcrop = new Color(0xF0, 0x9A, 0x2E);
        Color free = new Color(0xD8, 0xEC, 0xD8);
        Color changed = new Color(0x1E, 0x5A, 0xD6);
        Color secureColor = new Color(0x8E, 0x5C, 0xC8);
        Color text = getDisplay().getSystemColor(SWT.COLOR_LIST_FOREGROUND);
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
            // after a bank-mode change the part's sectors are another layout: the note says so, no box is "changed"
            boolean dirty = original.geometry().equals(geometry) && (w != original.writeProtectedSectors().contains(s)
                    || p != original.pcropSectors().contains(s));
            gc.setForeground(dirty ? changed : text);
            gc.setLineWidth(dirty ? 3 : 1);
            gc.drawRectangle(r);
            gc.setLineWidth(1);
            gc.setForeground(p || w || sec ? getDisplay().getSystemColor(SWT.COLOR_WHITE) : text);
            String top = String.valueOf(s.number());
            String bottom = w ? "WRP" : p ? "PCROP" : sec ? "SEC" : s.sizeKiB() + "K";
            gc.drawText(top, r.x + Math.max(1, (r.width - gc.textExtent(top).x) / 2), r.y + 2, true);
            if (gc.textExtent(bottom).x <= r.width - 2) {
                gc.drawText(bottom, r.x + (r.width - gc.textExtent(bottom).x) / 2, r.y + r.height - gc.getFontMetrics().getHeight() - 2, true);
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
        wrp.dispose();
        pcrop.dispose();
        free.dispose();
        changed.dispose();
        secureColor.dispose();
    }

    private int legend(GC gc, int x, int y, Color c, String label) {
        gc.setBackground(c);
        gc.fillRectangle(x, y + 2, 12, 12);
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_LIST_FOREGROUND));
        gc.drawRectangle(x, y + 2, 12, 12);
        gc.drawText(label, x + 16, y, true);
        return x + 16 + gc.textExtent(label).x + 18;
    }
}
