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
 * of one part differ only in their serial at the end). The columns are as wide as their longest text (the name column
 * here, the state column by {@link #fitOthers}), so no cell cuts its text: a table narrower than them scrolls sideways;
 * a name wider than the part of its cell on screen is drawn cut in the MIDDLE, so its start (the part) and its end (the
 * serial or port) both show; the whole name and what the target is are the row's tooltip.
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

    /** Widens the name column to the longest name (at least MIN_WIDTH) and the other columns to their texts. */
    static void fit(Table table, TableColumn column) {
        fitTo(table, column, MIN_WIDTH);
        fitOthers(table, column);
    }

    /** The columns other than {@code names} as wide as their longest text (their set width is their minimum). */
    private static void fitOthers(Table table, TableColumn names) {
        for (TableColumn other : table.getColumns()) {
            if (other != names) {
                Object min = other.getData(MIN_WIDTH_KEY);
                if (min == null) {
                    other.setData(MIN_WIDTH_KEY, other.getWidth()); // the width the view gave it
                    min = other.getWidth();
                }
                fitTo(table, other, (Integer) min);
            }
        }
    }

    private static final String MIN_WIDTH_KEY = "dev.flashbank.ui.views.TargetNames.minWidth";

    private static void fitTo(Table table, TableColumn column, int min) {
        int index = table.indexOf(column);
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
        int width = Math.max(min, widest + PADDING);
        if (width != column.getWidth()) {
            column.setWidth(width);
        }
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
