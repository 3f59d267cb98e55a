package dev.flashbank.ui.banks;

import java.util.List;
import java.util.Optional;

import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.ScrollBar;

import dev.flashbank.core.banks.HexRows;
import dev.flashbank.core.device.AddressRange;

/**
 * A virtual hex/ASCII view: paints only the visible rows, asking its {@link Content} for their bytes from the cache;
 * rows not cached yet show "loading" and the content is asked to load them (in a job). Selection is a byte range
 * (click, shift-click); {@link #setHighlights} marks differing bytes.
 */
final class HexViewer extends Canvas {

    /** Where the bytes come from. */
    interface Content {
        /** Address of offset 0 (a window address, or the address where a physical bank is mapped now). */
        long base();

        long size();

        /** Cached bytes, never reading the target. */
        Optional<byte[]> peek(long offset, int length);

        /** Asks for [offset, offset + length) to be loaded; the viewer is redrawn when it is. */
        void load(long offset, int length);
    }

    private Content content;
    private int topRow;
    private long anchor = -1;
    private long caret = -1;
    private List<AddressRange> highlights = List.of();
    private final Color highlight;
    private final Color selectionColor;
    private int rowHeight;
    private int charWidth;
    private long paintedRows;
    private long paints;

    HexViewer(Composite parent) {
        super(parent, SWT.V_SCROLL | SWT.DOUBLE_BUFFERED | SWT.BORDER);
        setFont(JFaceResources.getTextFont());
        highlight = new Color(new RGB(255, 190, 180));
        selectionColor = new Color(new RGB(190, 215, 255));
        GC gc = new GC(this);
        try {
            gc.setFont(getFont());
            rowHeight = gc.getFontMetrics().getHeight();
            charWidth = (int) Math.ceil(gc.getFontMetrics().getAverageCharacterWidth());
        } finally {
            gc.dispose();
        }
        addPaintListener(e -> {
            paints++;
            paint(e.gc, getClientArea());
        });
        getVerticalBar().addListener(SWT.Selection, e -> {
            topRow = getVerticalBar().getSelection();
            redraw();
        });
        addListener(SWT.Resize, e -> updateScrollBar());
        addListener(SWT.MouseDown, e -> {
            long o = offsetAt(e.x, e.y);
            if (o >= 0) {
                if ((e.stateMask & SWT.SHIFT) != 0 && anchor >= 0) {
                    caret = o;
                } else {
                    anchor = o;
                    caret = o;
                }
                redraw();
            }
        });
        addListener(SWT.MouseVerticalWheel, e -> scrollToRow(topRow - e.count));
    }

    void setContent(Content c) {
        content = c;
        topRow = 0;
        anchor = -1;
        caret = -1;
        updateScrollBar();
        redraw();
    }

    Content content() {
        return content;
    }

    void setHighlights(List<AddressRange> offsets) {
        highlights = List.copyOf(offsets);
        redraw();
    }

    int visibleRows() {
        return Math.max(1, getClientArea().height / Math.max(1, rowHeight));
    }

    long rows() {
        return content == null ? 0 : (content.size() + HexRows.WIDTH - 1) / HexRows.WIDTH;
    }

    int topRow() {
        return topRow;
    }

    void scrollToRow(long row) {
        topRow = (int) Math.max(0, Math.min(row, rows() - visibleRows()));
        getVerticalBar().setSelection(topRow);
        redraw();
    }

    /** Scrolls so that {@code offset} is on the first visible row and selects that byte. */
    void reveal(long offset, int length) {
        scrollToRow(offset / HexRows.WIDTH);
        select(offset, length);
    }

    void select(long offset, int length) {
        anchor = offset;
        caret = offset + Math.max(1, length) - 1;
        redraw();
    }

    /** Selected offsets (inclusive range) as [start, size], empty when nothing is selected. */
    Optional<AddressRange> selection() {
        if (anchor < 0) {
            return Optional.empty();
        }
        long a = Math.min(anchor, caret);
        long b = Math.max(anchor, caret);
        return Optional.of(new AddressRange(a, b - a + 1));
    }

    /** Text of the row holding {@code offset}, as painted (null when not cached). */
    String rowText(long offset) {
        long row = offset / HexRows.WIDTH;
        int len = (int) Math.min(HexRows.WIDTH, content.size() - row * HexRows.WIDTH);
        return content.peek(row * HexRows.WIDTH, len)
                .map(b -> HexRows.format(content.base() + row * HexRows.WIDTH, b)).orElse(null);
    }

    /** Rows painted so far (the benchmark counts them). */
    long paintedRows() {
        return paintedRows;
    }

    private void updateScrollBar() {
        ScrollBar bar = getVerticalBar();
        long rows = rows();
        int page = visibleRows();
        bar.setValues(topRow, 0, (int) Math.max(1, rows), Math.min(page, (int) Math.max(1, rows)), 1, page);
    }

    private long offsetAt(int x, int y) {
        if (content == null) {
            return -1;
        }
        long row = topRow + y / rowHeight;
        int col = x / charWidth;
        int hexStart = 10;
        int byteIndex;
        if (col >= hexStart && col < hexStart + 3 * HexRows.WIDTH + 1) {
            int c = col - hexStart;
            byteIndex = c >= 25 ? (c - 1) / 3 : c / 3;
        } else if (col >= hexStart + 3 * HexRows.WIDTH + 3) {
            byteIndex = col - (hexStart + 3 * HexRows.WIDTH + 3);
        } else {
            byteIndex = 0;
        }
        byteIndex = Math.max(0, Math.min(HexRows.WIDTH - 1, byteIndex));
        long o = row * HexRows.WIDTH + byteIndex;
        return o < content.size() ? o : -1;
    }

    /** Paint events handled (tests wait for the next one before a screenshot). */
    long paints() {
        return paints;
    }

    /**
     * Renders every page of the content, top to bottom, into an off-screen image with the same code that paints the
     * widget - what scrolling through it costs without the display's frame pacing (GTK paints at most once a frame).
     * Returns the rows painted.
     */
    long renderAllPages() {
        Rectangle area = getClientArea();
        int page = visibleRows();
        org.eclipse.swt.graphics.Image img = new org.eclipse.swt.graphics.Image(getDisplay(), Math.max(1, area.width),
                Math.max(1, area.height));
        GC gc = new GC(img);
        long before = paintedRows;
        int saved = topRow;
        try {
            for (long row = 0; row < rows(); row += page) {
                topRow = (int) row;
                gc.fillRectangle(0, 0, area.width, area.height);
                paint(gc, area);
            }
        } finally {
            topRow = saved;
            gc.dispose();
            img.dispose();
        }
        return paintedRows - before;
    }

    private void paint(GC gc, Rectangle area) {
        gc.setFont(getFont());
        if (content == null) {
            gc.drawText("No bank selected.", 4, 4, true);
            return;
        }
        int rows = area.height / rowHeight + 1;
        long missingFrom = -1;
        long missingTo = -1;
        Optional<AddressRange> sel = selection();
        for (int i = 0; i < rows; i++) {
            long row = (long) topRow + i;
            long off = row * HexRows.WIDTH;
            if (off >= content.size()) {
                break;
            }
            int len = (int) Math.min(HexRows.WIDTH, content.size() - off);
            int y = i * rowHeight;
            Optional<byte[]> bytes = content.peek(off, len);
            if (bytes.isEmpty()) {
                gc.drawText(String.format("%08X  (reading\u2026)", content.base() + off), 4, y, true);
                if (missingFrom < 0) {
                    missingFrom = off;
                }
                missingTo = off + len;
                continue;
            }
            for (int k = 0; k < len; k++) {
                long o = off + k;
                Color bg = sel.isPresent() && sel.get().contains(o) ? selectionColor
                        : inHighlight(o) ? highlight : null;
                if (bg != null) {
                    gc.setBackground(bg);
                    int hx = 4 + charWidth * (10 + 3 * k + (k >= 8 ? 1 : 0));
                    gc.fillRectangle(hx, y, charWidth * 2, rowHeight);
                    int ax = 4 + charWidth * (10 + 3 * HexRows.WIDTH + 3 + k);
                    gc.fillRectangle(ax, y, charWidth, rowHeight);
                }
            }
            gc.drawText(HexRows.format(content.base() + off, bytes.get()), 4, y, true);
            paintedRows++;
        }
        if (missingFrom >= 0) {
            content.load(missingFrom, (int) (missingTo - missingFrom));
        }
    }

    private boolean inHighlight(long o) {
        for (AddressRange r : highlights) {
            if (r.contains(o)) {
                return true;
            }
            if (r.start() > o) {
                return false;
            }
        }
        return false;
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        return new Point(wHint == SWT.DEFAULT ? charWidth * 80 + 30 : wHint, hHint == SWT.DEFAULT ? rowHeight * 16 : hHint);
    }

    @Override
    public void dispose() {
        super.dispose();
        highlight.dispose();
        selectionColor.dispose();
    }
}
