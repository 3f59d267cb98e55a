package dev.flashbank.ui.options;

import java.util.ArrayList;
import java.util.List;
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
import dev.flashbank.core.device.stm32f7.Stm32F7Window;
import dev.flashbank.core.device.stm32f7.OptionBytes;

/**
 * Write protection (nWRP, active low) and PCROP (F72x, active high) as a per-sector map drawn over the flash layout:
 * one row per bank, each sector a box whose width grows with its size, labelled with its number and size. Protected
 * sectors are filled (red = nWRP, orange = PCROP), changed-but-not-applied ones get a thick blue frame. Clicking a
 * sector toggles its write protection (in F76x dual-bank mode one nWRP bit covers two sectors, §1.5); with Ctrl held it
 * toggles PCROP on lines that have it.
 */
public final class SectorMap extends Canvas {

    private static final int ROW_HEIGHT = 46;
    private static final int LABEL_WIDTH = 118;
    private static final int MIN_BOX = 26;
    private static final int LEGEND_HEIGHT = 22;

    private FlashGeometry geometry;
    private OptionBytes edited;
    private OptionBytes original;
    private final List<Rectangle> boxes = new ArrayList<>();
    private final List<Sector> boxSectors = new ArrayList<>();
    private BiConsumer<Sector, Boolean> onToggle = (s, pcrop) -> {
    };

    public SectorMap(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.MouseUp, this::click);
        addListener(SWT.MouseMove, e -> {
            Sector s = sectorAt(e.x, e.y);
            setToolTipText(s == null ? null : tooltip(s));
        });
    }

    /** Called with the clicked sector and whether PCROP (Ctrl-click) was meant. */
    public void onToggle(BiConsumer<Sector, Boolean> listener) {
        onToggle = listener;
    }

    public void setModel(FlashGeometry geometry, OptionBytes edited, OptionBytes original) {
        this.geometry = geometry;
        this.edited = edited;
        this.original = original;
        redraw();
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        int banks = geometry == null ? 1 : geometry.bankCount();
        return new Point(wHint == SWT.DEFAULT ? 480 : wHint, banks * ROW_HEIGHT + LEGEND_HEIGHT + 4);
    }

    /** Where sector {@code number} is drawn (tests click there). */
    public Rectangle boundsOf(int number) {
        layoutBoxes();
        for (int i = 0; i < boxSectors.size(); i++) {
            if (boxSectors.get(i).number() == number) {
                return boxes.get(i);
            }
        }
        throw new IllegalArgumentException("no sector " + number + " in the map");
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

    private String tooltip(Sector s) {
        long addr = geometry.windowAddress(s.bank(), s.offset(), false, Stm32F7Window.AXIM);
        return String.format("Sector %d: 0x%08X, %d KiB, physical bank %d%n%s%s", s.number(), addr, s.sizeKiB(), s.bank(),
                edited.isWriteProtected(s.number()) ? "write-protected (nWRP = 0): program/erase fail with WRPERR, "
                        + "mass erase refused" : "not write-protected",
                edited.line().hasPcrop() && s.number() < 8 ? (edited.isPcropProtected(s.number())
                        ? "\nPCROP: execute-only" : "\nno PCROP") : "")
                + "\nClick to toggle write protection" + (edited.line().hasPcrop() ? ", Ctrl+click for PCROP" : "");
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
        Color text = getDisplay().getSystemColor(SWT.COLOR_LIST_FOREGROUND);
        int row = 0;
        for (Bank bank : geometry.banks()) {
            int y = 2 + row * ROW_HEIGHT;
            gc.setForeground(text);
            long base = geometry.windowAddress(bank.number(), 0, false, Stm32F7Window.AXIM);
            gc.drawText((geometry.bankCount() == 2 ? "Bank " + bank.number() : "Flash") + String.format("%n0x%08X", base),
                    2, y + 6, true);
            row++;
        }
        for (int i = 0; i < boxes.size(); i++) {
            Rectangle r = boxes.get(i);
            Sector s = boxSectors.get(i);
            boolean w = edited.isWriteProtected(s.number());
            boolean p = edited.isPcropProtected(s.number());
            gc.setBackground(p ? pcrop : w ? wrp : free);
            gc.fillRectangle(r);
            // after a bank-mode change the part's sectors are another layout: the note says so, no box is "changed"
            boolean dirty = original.bankMode() == edited.bankMode() && (w != original.isWriteProtected(s.number())
                    || p != original.isPcropProtected(s.number()));
            gc.setForeground(dirty ? changed : text);
            gc.setLineWidth(dirty ? 3 : 1);
            gc.drawRectangle(r);
            gc.setLineWidth(1);
            gc.setForeground(p || w ? getDisplay().getSystemColor(SWT.COLOR_WHITE) : text);
            String top = String.valueOf(s.number());
            String bottom = w ? "WRP" : p ? "PCROP" : s.sizeKiB() + "K";
            gc.drawText(top, r.x + Math.max(1, (r.width - gc.textExtent(top).x) / 2), r.y + 2, true);
            if (gc.textExtent(bottom).x <= r.width - 2) {
                gc.drawText(bottom, r.x + (r.width - gc.textExtent(bottom).x) / 2, r.y + r.height - gc.getFontMetrics().getHeight() - 2, true);
            }
        }
        int ly = area.height - LEGEND_HEIGHT + 2;
        int lx = LABEL_WIDTH;
        lx = legend(gc, lx, ly, free, "not protected");
        lx = legend(gc, lx, ly, wrp, "write-protected (nWRP = 0)");
        if (edited.line().hasPcrop()) {
            lx = legend(gc, lx, ly, pcrop, "PCROP (execute-only)");
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
