package dev.flashbank.ui.banks;

import java.util.List;
import java.util.Optional;

import org.eclipse.jface.resource.JFaceResources;
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
import org.eclipse.swt.widgets.ScrollBar;

import dev.flashbank.core.banks.HexRows;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.ui.theme.FlashbankColors;

/**
 * A virtual hex/ASCII view: paints only the visible rows, asking its {@link Content} for their bytes from the cache;
 * rows not cached yet show "loading" and the content is asked to load them (in a job). Selection is a byte range
 * (click, shift-click); {@link #setHighlights} marks differing bytes.
 * <p>
 * Keyboard: a caret (the byte framed in the hex and the ASCII column while the view has the focus) moves with the
 * arrows (a byte, a row of {@value HexRows#WIDTH}), PageUp/PageDown (a screenful), Home/End (row start/end),
 * Ctrl+Home/Ctrl+End (first/last byte); with Shift held the selection stretches from where it started, else it is the
 * caret's byte; the view scrolls to keep the caret visible. Tab leaves. Accessibility: a read-only text whose value
 * says the caret's address and byte and the selection.
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
    private int rowHeight;
    private int charWidth;
    private long paintedRows;
    private long paints;

    HexViewer(Composite parent) {
        super(parent, SWT.V_SCROLL | SWT.DOUBLE_BUFFERED | SWT.BORDER);
        setFont(JFaceResources.getTextFont());
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
        addListener(SWT.Traverse, e -> {
            // Tab and Escape leave the view; arrows and paging move the caret
            e.doit = e.detail != SWT.TRAVERSE_ARROW_NEXT && e.detail != SWT.TRAVERSE_ARROW_PREVIOUS
                    && e.detail != SWT.TRAVERSE_PAGE_NEXT && e.detail != SWT.TRAVERSE_PAGE_PREVIOUS;
        });
        addListener(SWT.KeyDown, this::key);
        addListener(SWT.FocusIn, e -> redraw());
        addListener(SWT.FocusOut, e -> redraw());
        addAccessibility();
        FlashbankColors.redrawOnChange(this);
        addListener(SWT.MouseDown, e -> {
            setFocus();
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

    /** The byte the keyboard acts on (-1 before a click, a key or a {@link #select}). */
    long caret() {
        return caret;
    }

    private void key(Event e) {
        if (content == null || content.size() == 0) {
            return;
        }
        long from = caret < 0 ? (long) topRow * HexRows.WIDTH : caret;
        boolean ctrl = (e.stateMask & SWT.MOD1) != 0;
        long page = (long) visibleRows() * HexRows.WIDTH;
        long rowStart = from - from % HexRows.WIDTH;
        Long target = switch (e.keyCode) {
            case SWT.ARROW_LEFT -> from - 1;
            case SWT.ARROW_RIGHT -> from + 1;
            case SWT.ARROW_UP -> from - HexRows.WIDTH;
            case SWT.ARROW_DOWN -> from + HexRows.WIDTH;
            case SWT.PAGE_UP -> from - page;
            case SWT.PAGE_DOWN -> from + page;
            case SWT.HOME -> ctrl ? 0 : rowStart;
            case SWT.END -> ctrl ? content.size() - 1 : rowStart + HexRows.WIDTH - 1;
            default -> null;
        };
        if (target == null) {
            return;
        }
        e.doit = false;
        long to = target;
        if (to < 0 || to >= content.size()) {
            // a whole step or nothing (a row up from the first row stays), except paging, which stops at the ends
            boolean paging = e.keyCode == SWT.PAGE_UP || e.keyCode == SWT.PAGE_DOWN || e.keyCode == SWT.END;
            if (!paging) {
                return;
            }
            to = Math.max(0, Math.min(content.size() - 1, to));
        }
        if ((e.stateMask & SWT.SHIFT) == 0 || anchor < 0) {
            anchor = to;
        }
        caret = to;
        long row = caret / HexRows.WIDTH;
        if (row < topRow) {
            scrollToRow(row);
        } else if (row >= topRow + visibleRows()) {
            scrollToRow(row - visibleRows() + 1);
        }
        redraw();
        getAccessible().textCaretMoved((int) Math.min(Integer.MAX_VALUE, caret));
    }

    private void addAccessibility() {
        getAccessible().addAccessibleListener(new AccessibleAdapter() {
            @Override
            public void getName(AccessibleEvent e) {
                e.result = content == null ? "Hex view, no bank selected"
                        : String.format("Hex view of 0x%08X to 0x%08X", content.base(), content.base() + content.size() - 1);
            }

            @Override
            public void getHelp(AccessibleEvent e) {
                e.result = "Arrow keys, Page Up/Down, Home/End move the caret; Shift extends the selection";
            }
        });
        getAccessible().addAccessibleControlListener(new AccessibleControlAdapter() {
            @Override
            public void getRole(AccessibleControlEvent e) {
                e.detail = ACC.ROLE_TEXT;
            }

            @Override
            public void getState(AccessibleControlEvent e) {
                e.detail = ACC.STATE_READONLY | ACC.STATE_FOCUSABLE | (isFocusControl() ? ACC.STATE_FOCUSED : 0);
            }

            @Override
            public void getValue(AccessibleControlEvent e) {
                e.result = accessibleValue();
            }
        });
    }

    /** "0x08000010: 3F; selected 0x08000010 to 0x0800001F, 16 bytes": what a screen reader says for the caret. */
    String accessibleValue() {
        if (content == null || caret < 0) {
            return "";
        }
        String value = content.peek(caret, 1).map(b -> String.format("%02X", b[0] & 0xFF)).orElse("not read yet");
        String text = String.format("0x%08X: %s", content.base() + caret, value);
        Optional<AddressRange> sel = selection();
        if (sel.isPresent() && sel.get().size() > 1) {
            text += String.format("; selected 0x%08X to 0x%08X, %d bytes", content.base() + sel.get().start(),
                    content.base() + sel.get().end() - 1, sel.get().size());
        }
        return text;
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
        // the theme's colours (FlashbankColors): differing bytes and the selection under the theme's hex text
        Color highlight = FlashbankColors.get(FlashbankColors.HEX_DIFFERENCE);
        Color selectionColor = FlashbankColors.get(FlashbankColors.HEX_SELECTION);
        gc.setBackground(FlashbankColors.get(FlashbankColors.HEX_BACKGROUND));
        gc.fillRectangle(area);
        gc.setForeground(FlashbankColors.get(FlashbankColors.HEX_TEXT));
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
            if (caret >= off && caret < off + len && isFocusControl()) {
                // the caret: its byte framed in the hex and the ASCII column
                int k = (int) (caret - off);
                gc.drawRectangle(4 + charWidth * (10 + 3 * k + (k >= 8 ? 1 : 0)) - 1, y, charWidth * 2 + 1, rowHeight - 1);
                gc.drawRectangle(4 + charWidth * (10 + 3 * HexRows.WIDTH + 3 + k) - 1, y, charWidth + 1, rowHeight - 1);
            }
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

}
