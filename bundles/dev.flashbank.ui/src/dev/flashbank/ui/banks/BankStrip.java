package dev.flashbank.ui.banks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.core.banks.SectorState;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.Sector;

/**
 * One strip per PHYSICAL bank, drawn to scale: each sector a box as wide as its share of the bank, labelled with its
 * logical number (RM numbering, §1.3) and size, filled by state (erased / programmed / not read), outlined red when
 * nWRP or PCROP protects it; differing ranges of the bank comparison are marked in red under the strip. A click
 * selects a sector (the target of "Erase sector").
 */
final class BankStrip extends Canvas {

    static final int LABEL_HEIGHT = 20;
    static final int BAR_HEIGHT = 40;
    static final int DIFF_HEIGHT = 6;
    static final int GAP = 12;
    static final int MARGIN = 8;

    private BankSnapshot snapshot;
    private Sector selected;
    private final List<Consumer<Sector>> selectionListeners = new ArrayList<>();
    private final Color erased;
    private final Color programmed;
    private final Color unknown;
    private final Color protectedColor;
    private final Color diff;
    private final Color selection;

    BankStrip(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        erased = new Color(new RGB(236, 240, 244));
        programmed = new Color(new RGB(90, 140, 210));
        unknown = new Color(new RGB(255, 255, 255));
        protectedColor = new Color(new RGB(200, 30, 30));
        diff = new Color(new RGB(230, 60, 40));
        selection = new Color(new RGB(255, 200, 0));
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.MouseDown, e -> {
            Sector s = sectorAt(e.x, e.y);
            if (s != null) {
                select(s);
            }
        });
    }

    void setSnapshot(BankSnapshot s) {
        snapshot = s;
        if (selected != null && s != null && !s.geometry().sectors().contains(selected)) {
            selected = null;
        }
        redraw();
    }

    Sector selectedSector() {
        return selected;
    }

    void select(Sector s) {
        selected = s;
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
        if (snapshot == null) {
            gc.drawText("Select a target in the Targets view and connect to see its banks.", MARGIN, MARGIN, true);
            return;
        }
        List<Bank> banks = snapshot.geometry().banks();
        for (int i = 0; i < banks.size(); i++) {
            Bank b = banks.get(i);
            Rectangle bar = bar(i);
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
            gc.drawText(snapshot.bankLabel(b.number()), bar.x, bar.y - LABEL_HEIGHT + 2, true);
            for (Sector s : b.sectors()) {
                Rectangle r = box(bar, b, s);
                SectorState st = snapshot.states().getOrDefault(s, SectorState.UNKNOWN);
                gc.setBackground(st == SectorState.PROGRAMMED ? programmed : st == SectorState.ERASED ? erased : unknown);
                gc.fillRectangle(r);
                boolean prot = snapshot.writeProtected().contains(s) || snapshot.pcrop().contains(s);
                gc.setForeground(prot ? protectedColor : getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
                gc.setLineWidth(prot ? 3 : 1);
                gc.drawRectangle(r.x, r.y, r.width - 1, r.height - 1);
                gc.setLineWidth(1);
                if (s.equals(selected)) {
                    gc.setForeground(selection);
                    gc.setLineWidth(3);
                    gc.drawRectangle(r.x + 2, r.y + 2, r.width - 5, r.height - 5);
                    gc.setLineWidth(1);
                }
                gc.setForeground(getDisplay().getSystemColor(st == SectorState.PROGRAMMED ? SWT.COLOR_WHITE
                        : SWT.COLOR_BLACK));
                String text = s.number() + " \u00B7 " + s.sizeKiB() + "K" + (prot ? " \u00B7 WRP" : "");
                Point ext = gc.textExtent(text);
                if (ext.x + 4 > r.width) {
                    text = String.valueOf(s.number());
                    ext = gc.textExtent(text);
                }
                if (ext.x + 2 <= r.width) {
                    gc.drawText(text, r.x + (r.width - ext.x) / 2, r.y + (r.height - ext.y) / 2, true);
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

    @Override
    public void dispose() {
        super.dispose();
        for (Color c : List.of(erased, programmed, unknown, protectedColor, diff, selection)) {
            c.dispose();
        }
    }
}
