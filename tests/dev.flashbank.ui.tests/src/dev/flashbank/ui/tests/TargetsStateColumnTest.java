package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.Test;

import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.ui.model.SimulatedTarget;

/**
 * The Targets view's State column shows the whole state in the default perspective (a 1600 x 1000 window, the view at
 * its default width), without a tooltip: a connected board's row, chosen and connected with the mouse, has its state
 * ("connected, single bank") inside the part of the State column on screen, measured with the cell's font; the columns
 * fill the table without being wider (no sideways scrolling), the names take what is left; the status line has the
 * whole state with the part. A narrower window keeps the state whole and cuts the names in the middle.
 */
class TargetsStateColumnTest {

    /** What GTK's cell renderer keeps free left and right of a cell's text. */
    private static final int CELL_MARGINS = 8;

    @Test
    void theStateShowsWholeBesideTheNamesInADefaultWidthView() throws Exception {
        Workbench w = Workbench.open();
        Shell shell = w.window().getShell();
        SimulatedTarget t = w.targets().manager().createBoard(SimulatedBoards.DEFAULT_PART);
        Table table = w.targetsTable();
        Ui.pumpUntil("the new board listed", () -> Workbench.row(table, t) != null);
        RealInput.clickRow(table, t);
        RealInput.press(w.targetsToolItem("Connect"));
        Ui.pumpUntil("the row says connected", () -> Workbench.row(table, t).getText(1)
                .equals("connected, single bank"));
        awaitStateShowsWhole(table);
        assertThat(columnsWidth(table)).as("the columns fill the table: %s", layout(table))
                .isEqualTo(visibleWidth(table));
        String whole = t.displayName() + ": connected: " + t.connection().orElseThrow().identity().device().name()
                + ", single bank";
        Ui.pumpUntil("the status line says the whole state", () -> FirmwareRunTest.labelsOf(shell).contains(whole));
        Screenshots.save(shell, "targets-state-column");

        try (AutoCloseable restore = w.restoringWindowBounds()) {
            shell.setSize(1300, shell.getSize().y); // the view narrower than name and state
            Ui.pumpUntil("the columns laid out again", () -> columnsWidth(table) == visibleWidth(table));
            awaitStateShowsWhole(table);
            String drawn = (String) Workbench.row(table, t).getData("dev.flashbank.ui.views.TargetNames.shown");
            assertThat(drawn).as("the name cut in the middle").contains("\u2026")
                    .endsWith(t.board().serial().substring(t.board().serial().length() - 4) + ")");
            Screenshots.save(shell, "targets-state-column-narrow");
        }
    }

    /**
     * Waits until every row's State text fits the part of its cell on screen - the text's extent with the cell's font,
     * plus the cell renderer's margins, within the cell's text bounds cut to the table's client area - and the columns
     * are no wider than the table. GTK lays out new column widths on its next frame: the view's widths are checked once
     * they are on screen; a layout that never shows the state whole fails with the row that does not fit.
     */
    static void awaitStateShowsWhole(Table table) {
        try {
            Ui.pumpUntil("the State column shows every state whole", () -> cutState(table) == null
                    && columnsWidth(table) <= visibleWidth(table));
        } catch (AssertionError e) {
            String cut = cutState(table);
            throw new AssertionError((cut != null ? cut : "the columns are wider than the table") + ": "
                    + layout(table), e);
        }
    }

    /** The columns side by side, in pixels. */
    private static int columnsWidth(Table table) {
        int sum = 0;
        for (var c : table.getColumns()) {
            sum += c.getWidth();
        }
        return sum;
    }

    /**
     * The width of the table's visible part from its left edge: GTK 3's client area starts a pixel left of what shows
     * (x = -1, eclipse.platform.swt issue 3294). (Its horizontal ScrollBar says visible even where GTK shows none.)
     */
    private static int visibleWidth(Table table) {
        Rectangle area = table.getClientArea();
        return area.x + area.width;
    }

    /** The first row whose State text does not fit its cell on screen, said with the widths; null when all fit. */
    private static String cutState(Table table) {
        Rectangle area = table.getClientArea();
        GC gc = new GC(table);
        try {
            for (TableItem it : table.getItems()) {
                Rectangle cell = it.getTextBounds(1);
                int visible = Math.min(cell.x + cell.width, area.x + area.width) - Math.max(cell.x, area.x);
                gc.setFont(it.getFont(1));
                int extent = gc.textExtent(it.getText(1)).x;
                if (extent + CELL_MARGINS > visible) {
                    return "'" + it.getText(1) + "' (" + extent + " px and " + CELL_MARGINS
                            + " px of margins) wider than its State cell on screen (" + visible + " px)";
                }
            }
            return null;
        } finally {
            gc.dispose();
        }
    }

    /** The column widths, the client area and the rows, for a failure message. */
    private static String layout(Table table) {
        StringBuilder b = new StringBuilder("columns");
        for (var c : table.getColumns()) {
            b.append(' ').append(c.getWidth());
        }
        b.append(", client area ").append(table.getClientArea()).append(", rows");
        for (TableItem it : table.getItems()) {
            b.append(" [").append(it.getText(0)).append(" | ").append(it.getText(1)).append(']');
        }
        return b.toString();
    }
}
