package dev.flashbank.ui.views;

import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import dev.flashbank.ui.model.FlashbankTarget;

/**
 * The Targets view's name column (issue 16: long names looked identical because the table cut their ends - two boards
 * of one part differ only in their serial at the end) and the layout of the columns ({@link #fit}): the State column is
 * as wide as its longest text and never cut, the names get the rest of the table's width; a name wider than the part
 * of its cell on screen is drawn cut in the MIDDLE, so its start (the part) and its end (the serial or port) both show;
 * the whole name and what the target is are the row's tooltip.
 */
final class TargetNames {

    static final int MIN_WIDTH = 160;
    /** Cell padding and the tooltip/selection decorations around the text. */
    private static final int PADDING = 24;

    private TargetNames() {
    }

    /** The item data key under which the name as drawn is kept (tests; the item's text stays the whole name). */
    static final String SHOWN = "dev.flashbank.ui.views.TargetNames.shown";

    /**
     * Adds the name column to {@code viewer} (first column). The item keeps the whole name as its text (what the
     * accessibility tools read and copy takes); the cell draws it cut in the middle when it does not fit.
     */
    static TableViewerColumn install(TableViewer viewer) {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
        TableColumn column = c.getColumn();
        column.setText("Target");
        column.setWidth(MIN_WIDTH);
        ColumnViewerToolTipSupport.enableFor(viewer);
        Table table = viewer.getTable();
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return ((FlashbankTarget) element).displayName();
            }

            @Override
            public String getToolTipText(Object element) {
                FlashbankTarget t = (FlashbankTarget) element;
                return t.displayName() + "\n" + t.details();
            }
        });
        table.addListener(SWT.EraseItem, e -> {
            if (e.index == 0) {
                e.detail &= ~SWT.FOREGROUND; // the text is drawn by PaintItem, cut to fit
            }
        });
        table.addListener(SWT.PaintItem, e -> {
            if (e.index != 0 || !(e.item instanceof TableItem it)) {
                return;
            }
            Rectangle text = it.getTextBounds(0);
            Rectangle area = table.getClientArea();
            int right = Math.min(text.x + text.width, area.x + area.width); // the part of the cell on screen
            String shown = middleEllipsis(it.getText(0), right - text.x - 4, x -> e.gc.textExtent(x).x);
            it.setData(SHOWN, shown);
            int y = text.y + Math.max(0, (text.height - e.gc.textExtent(shown).y) / 2);
            e.gc.drawText(shown, text.x, y, true);
        });
        table.addListener(SWT.Resize, e -> fit(table, column));
        // new or renamed targets: widen after the paint that showed them (once per paint burst)
        boolean[] fitQueued = { false };
        table.addListener(SWT.Paint, e -> {
            if (!fitQueued[0]) {
                fitQueued[0] = true;
                table.getDisplay().asyncExec(() -> {
                    fitQueued[0] = false;
                    if (!table.isDisposed()) {
                        fit(table, column);
                    }
                });
            }
        });
        return c;
    }

    /**
     * Lays out the columns in the table's width: every column other than the names as wide as its longest text (at
     * least its {@link #MIN_WIDTH_KEY}), the names in what is left - as wide as the longest name where there is room,
     * never below MIN_WIDTH (a name wider than its cell is drawn cut in the middle) - and the last column takes the
     * rest, so the state shows whole beside the names and the table fills the view without scrolling sideways; only a
     * table narrower than MIN_WIDTH and the other columns scrolls.
     */
    static void fit(Table table, TableColumn names) {
        TableColumn[] columns = table.getColumns();
        int[] widths = new int[columns.length];
        int others = 0;
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] != names) {
                // not getWidth(): GTK gives the last column the table's spare width, and reports that
                int min = columns[i].getData(MIN_WIDTH_KEY) instanceof Integer m ? m : 0;
                widths[i] = Math.max(min, widest(table, i) + PADDING);
                others += widths[i];
            }
        }
        int room = table.getClientArea().width - CLIENT_AREA_EXCESS - others;
        int nameIndex = table.indexOf(names);
        widths[nameIndex] = Math.max(MIN_WIDTH, Math.min(widest(table, nameIndex) + PADDING, room));
        int last = columns.length - 1;
        if (room > widths[nameIndex] && last != nameIndex) {
            widths[last] += room - widths[nameIndex];
        }
        for (int i = 0; i < columns.length; i++) {
            if (widths[i] != columns[i].getWidth()) {
                columns[i].setWidth(widths[i]);
            }
        }
    }

    /**
     * How much wider SWT reports a Table's client area than what shows: a pixel on GTK 3 (its x is -1 there,
     * eclipse.platform.swt issue 3294), so columns that fill the reported width scroll sideways by that pixel.
     */
    private static final int CLIENT_AREA_EXCESS = "gtk".equals(SWT.getPlatform()) ? 1 : 0;

    /** The column data key of a column's narrowest width (an Integer; set by the view that adds the column). */
    static final String MIN_WIDTH_KEY = "dev.flashbank.ui.views.TargetNames.minWidth";

    /** The widest text of column {@code index}, in pixels. */
    private static int widest(Table table, int index) {
        int widest = 0;
        GC gc = new GC(table);
        try {
            for (TableItem it : table.getItems()) {
                gc.setFont(it.getFont(index));
                widest = Math.max(widest, gc.textExtent(it.getText(index)).x);
            }
        } finally {
            gc.dispose();
        }
        return widest;
    }

    /** The longest "start…end" of {@code text} no wider than {@code width} (by {@code measure}), keeping both ends. */
    static String middleEllipsis(String text, int width, java.util.function.ToIntFunction<String> measure) {
        if (measure.applyAsInt(text) <= width) {
            return text;
        }
        for (int keep = text.length() - 1; keep >= 2; keep--) {
            // two thirds for the start (what the target is), one third for the end (its serial or port)
            int head = keep - (keep + 2) / 3;
            String s = text.substring(0, head) + "\u2026" + text.substring(text.length() - (keep - head));
            if (measure.applyAsInt(s) <= width) {
                return s;
            }
        }
        return text.isEmpty() ? text : text.charAt(0) + "\u2026" + text.charAt(text.length() - 1);
    }
}
