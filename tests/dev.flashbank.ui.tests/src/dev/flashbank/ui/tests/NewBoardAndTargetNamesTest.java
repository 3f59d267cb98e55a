package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.ToolItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.ui.model.SimulatedTarget;

/**
 * Issue 16 "Also": New simulated board is a dialog with the installed families' parts (no free text), the bank mode
 * and the supply, validated before Create; the Targets view's rows show what tells two boards apart; Connect has its
 * own icon and is off while the target is connected. Mouse and keyboard only.
 */
class NewBoardAndTargetNamesTest {

    /** Where the Targets view keeps a name as it drew it (TargetNames.SHOWN). */
    private static final String SHOWN = "dev.flashbank.ui.views.TargetNames.shown";

    Workbench w;
    Rectangle bounds;

    @AfterEach
    void restoreTheWindow() {
        if (w != null && bounds != null) {
            w.window().getShell().setBounds(bounds);
            Ui.drain();
        }
    }

    /**
     * The dialog is answered from inside its own event loop: the part list read, Dual bank clicked, a supply outside
     * the family's range typed (Create off, the problem named), then 2.50 V typed, Create pressed.
     */
    @Test
    void aNewBoardIsMadeFromThePartListWithBankModeAndSupply() throws Exception {
        w = Workbench.open();
        Set<SimulatedTarget> before = new HashSet<>(w.targets().manager().simulatedTargets());
        Display d = w.window().getShell().getDisplay();
        List<String> parts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean[] comboReadOnly = { false };
        boolean[] done = { false };
        Throwable[] failure = { null };
        Listener[] filter = new Listener[1];
        filter[0] = e -> {
            if (e.widget instanceof Shell s && "New simulated board".equals(s.getText())) {
                d.removeFilter(SWT.Show, filter[0]);
                d.asyncExec(() -> {
                    try {
                        answer(s, d, parts, problems, comboReadOnly);
                    } catch (Throwable t) {
                        failure[0] = t; // inside the dialog's loop an exception would only be logged: report it
                        try {
                            Screenshots.save(s, "new-board-dialog-failure");
                        } catch (java.io.IOException x) {
                            t.addSuppressed(x);
                        }
                        s.close();
                    } finally {
                        done[0] = true;
                    }
                });
            }
        };
        d.addFilter(SWT.Show, filter[0]);
        try {
            ToolItem newBoard = w.targetsToolItem("New simulated board\u2026");
            RealInput.press(newBoard);
            Ui.pumpUntil("the dialog answered", () -> done[0]);
        } finally {
            d.removeFilter(SWT.Show, filter[0]);
        }
        if (failure[0] != null) {
            throw new AssertionError("answering the dialog", failure[0]);
        }
        assertThat(comboReadOnly[0]).as("a list, no free text").isTrue();
        assertThat(parts).as("the installed families' parts").contains(SimulatedBoards.DEFAULT_PART, "STM32H743ZI");
        assertThat(problems).as("the invalid supply named").anyMatch(p -> p.contains("9.99 V is outside 1.80-3.60 V"));
        Ui.pumpUntil("the new board in the list", () -> w.targets().manager().simulatedTargets().size()
                > before.size());
        SimulatedTarget board = w.targets().manager().simulatedTargets().stream().filter(t -> !before.contains(t))
                .findFirst().orElseThrow();
        assertThat(board.partName()).isEqualTo(SimulatedBoards.DEFAULT_PART);
        assertThat(board.board().voltageMillivolts()).isEqualTo(2500);
        w.targets().select(board);
        Ui.join(w.targets().connect(board));
        assertThat(board.connection().orElseThrow().identity().geometry().bankCount()).as("dual bank chosen")
                .isEqualTo(2);
    }

    private static void answer(Shell s, Display d, List<String> parts, List<String> problems, boolean[] comboReadOnly)
            throws Exception {
        Ui.drain();
        Combo part = (Combo) BankViewDriver.all(s).stream().filter(Combo.class::isInstance).findFirst()
                .orElseThrow();
        parts.addAll(List.of(part.getItems()));
        comboReadOnly[0] = (part.getStyle() & SWT.READ_ONLY) != 0;
        Button dual = button(s, "Dual bank");
        Button create = button(s, "Create");
        Spinner supply = (Spinner) BankViewDriver.all(s).stream().filter(Spinner.class::isInstance)
                .findFirst().orElseThrow();
        RealInput.clickAt(dual, dual.getSize().x / 2, dual.getSize().y / 2, 0);
        Ui.pumpUntil("Dual bank chosen", dual::getSelection);
        // into the spinner's text (its middle is the "-" button)
        RealInput.clickAt(supply, 12, supply.getSize().y / 2, 0);
        Ui.pumpUntil("the supply field focused", supply::isFocusControl);
        RealInput.key(d, '\0', SWT.END);
        for (int n = supply.getText().length(); n > 0; n--) {
            RealInput.key(d, '\0', SWT.BS);
        }
        RealInput.type(d, "9.99");
        Ui.pumpUntil("Create off for 9.99 V", () -> !create.isEnabled());
        problems.addAll(BankViewDriver.all(s).stream().filter(c -> c instanceof org.eclipse.swt.widgets.Text
                || c instanceof org.eclipse.swt.widgets.Label).map(c -> c instanceof
                        org.eclipse.swt.widgets.Text t ? t.getText()
                        : ((org.eclipse.swt.widgets.Label) c).getText()).filter(x -> x.contains("outside"))
                .toList());
        try {
            Screenshots.save(s, "new-board-dialog-invalid-supply");
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
        for (int n = supply.getText().length(); n > 0; n--) {
            RealInput.key(d, '\0', SWT.BS);
        }
        RealInput.type(d, "2.50");
        Ui.pumpUntil("Create on for 2.50 V", create::isEnabled);
        try {
            Screenshots.save(s, "new-board-dialog");
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
        RealInput.press(create);
    }

    private static Button button(Shell s, String label) {
        return BankViewDriver.all(s).stream().filter(c -> c instanceof Button b && b.getText().replace("&", "")
                .equals(label)).map(Button.class::cast).findFirst().orElseThrow(() -> new AssertionError(label));
    }

    /**
     * Two boards of one part differ only at the end of their names (the serial): in a Targets view narrower than the
     * names, each row shows both the start and the end, the rows differ, and the tooltip has the whole name. Connect
     * has its own icon and is off while the chosen target is connected, on again after Disconnect.
     */
    @Test
    void longNamesStayDistinctAndConnectFollowsTheConnection() throws Exception {
        w = Workbench.open();
        Shell shell = w.window().getShell();
        bounds = shell.getBounds();
        shell.setSize(700, bounds.height); // the Targets view narrower than its names
        Ui.drain();
        SimulatedTarget a = BankViewDriver.newConnectedBoard(w.targets(), "STM32H743ZI", BoardOptions.defaults());
        SimulatedTarget b = BankViewDriver.newConnectedBoard(w.targets(), "STM32H743ZI", BoardOptions.defaults());
        Table table = (Table) BankViewDriver.all((org.eclipse.swt.widgets.Composite) w.targets().getViewSite()
                .getShell()).stream().filter(c -> c instanceof Table t && t.getColumnCount() > 0
                        && t.getColumn(0).getText().equals("Target")).findFirst().orElseThrow();
        Ui.drain();
        List<String> shown = new ArrayList<>();
        for (SimulatedTarget t : List.of(a, b)) {
            Ui.pumpUntil("row of " + t.displayName(), () -> Workbench.row(table, t) != null);
            TableItem it = Workbench.row(table, t);
            assertThat(it.getText(0)).as("the item keeps the whole name").isEqualTo(t.displayName());
            Ui.pumpUntil("the name drawn", () -> Workbench.row(table, t).getData(SHOWN) != null);
            String text = (String) it.getData(SHOWN);
            GC gc = new GC(table);
            int width = gc.textExtent(text).x;
            gc.dispose();
            int visible = Math.min(table.getColumn(0).getWidth(), table.getClientArea().width);
            assertThat(width).as("'" + text + "' fits the visible column (" + visible + " px)").isLessThan(visible);
            String serial = t.board().serial();
            assertThat(text).as("the distinguishing end shows").endsWith(serial.substring(serial.length() - 4) + ")");
            shown.add(text);
        }
        assertThat(shown.get(0)).isNotEqualTo(shown.get(1));
        Screenshots.save(shell, "targets-view-long-names");

        ToolItem connect = w.targetsToolItem("Connect");
        ToolItem disconnect = w.targetsToolItem("Disconnect");
        assertThat(connect.getImage()).isNotNull();
        assertThat(connect.getImage().getImageData().width).isEqualTo(16);
        Rectangle bRow = Workbench.row(table, b).getBounds(0);
        RealInput.clickAt(table, bRow.x + 5, bRow.y + 3, 0);
        Ui.pumpUntil("Connect off for a connected target", () -> !connect.isEnabled() && disconnect.isEnabled());
        RealInput.press(disconnect);
        Ui.pumpUntil("disconnected", () -> !b.isConnected());
        Ui.pumpUntil("Connect on again", () -> connect.isEnabled() && !disconnect.isEnabled());
        Screenshots.save(shell, "targets-view-connect-enabled");
    }

    static boolean visible(Control c) {
        return c.isVisible();
    }
}
