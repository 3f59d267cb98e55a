package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.ToolBarManager;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;

import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.Sector;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.ui.banks.BankBrowserView;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.views.TargetsView;

/**
 * The Flash Banks view as a user reaches it: its toolbar items (the commands, found by label), a sector of the bank
 * strip under the pointer, boards made through the Targets view, and the error dialog of a failing job closed with
 * the mouse.
 */
final class BankViewDriver {

    /** The bank strip's layout (BankStrip: margin, label above each bar, bar, diff marks, gap). */
    private static final int MARGIN = 8;
    private static final int LABEL = 20;
    private static final int BAR = 40;
    private static final int ROW = LABEL + BAR + 6 + 12;

    private BankViewDriver() {
    }

    /** A new simulated board of {@code part} made by the Targets view, connected. */
    static SimulatedTarget newConnectedBoard(TargetsView targets, String part, BoardOptions options) {
        Set<SimulatedTarget> before = new HashSet<>(targets.manager().simulatedTargets());
        Ui.join(targets.createBoard(part, options));
        Ui.drain();
        SimulatedTarget board = targets.manager().simulatedTargets().stream().filter(t -> !before.contains(t))
                .findFirst().orElseThrow();
        targets.select(board);
        Ui.join(targets.connect(board));
        return board;
    }

    /** The view toolbar's items. */
    static List<ToolItem> toolItems(BankBrowserView view) {
        IToolBarManager m = view.getViewSite().getActionBars().getToolBarManager();
        ToolBar bar = m instanceof ToolBarManager tm ? tm.getControl() : null;
        assertThat(bar).as("the Flash Banks view's toolbar").isNotNull();
        return List.of(bar.getItems());
    }

    /** The toolbar item of the command labelled {@code label}. */
    static ToolItem toolItem(BankBrowserView view, String label) {
        return toolItems(view).stream().filter(i -> label.equals(i.getText()) || label.equals(i.getToolTipText()))
                .findFirst().orElseThrow(() -> new AssertionError("no toolbar item " + label + " in "
                        + toolItems(view).stream().map(i -> i.getText() + "/" + i.getToolTipText()).toList()));
    }

    /** Where sector {@code s} is drawn in the strip (its middle, in the strip's coordinates). */
    static Point sectorPoint(BankBrowserView view, Sector s) {
        BankSnapshot snap = view.snapshot();
        Control strip = view.stripControl();
        int width = Math.max(10, ((org.eclipse.swt.widgets.Scrollable) strip).getClientArea().width - 2 * MARGIN);
        int index = 0;
        List<Bank> banks = snap.geometry().banks();
        for (int i = 0; i < banks.size(); i++) {
            if (banks.get(i).number() == s.bank()) {
                index = i;
            }
        }
        Bank b = snap.geometry().bank(s.bank());
        int x = MARGIN + (int) (width * (s.offset() + s.size() / 2) / b.size());
        int y = MARGIN + index * ROW + LABEL + BAR / 2;
        return new Point(x, y);
    }

    /** Clicks sector {@code s} in the strip with the mouse. */
    static void clickSector(BankBrowserView view, Sector s) {
        Point p = sectorPoint(view, s);
        RealInput.clickAt(view.stripControl(), p.x, p.y, 0);
        Ui.pumpUntil("sector chosen: " + s, () -> s.equals(view.chosenSector()));
    }

    /** Waits for the workbench's error dialog of a failed job saying {@code text}; presses its OK; returns its texts. */
    static List<String> closeErrorDialog(Shell window, String text) {
        Shell[] found = { null };
        List<String> texts = new ArrayList<>();
        Ui.pumpUntil("an error dialog saying " + text, () -> {
            for (Shell s : window.getDisplay().getShells()) {
                if (s != window && s.isVisible()) {
                    List<String> seen = labels(s);
                    if (seen.stream().anyMatch(l -> l.contains(text))) {
                        found[0] = s;
                        texts.addAll(seen);
                        return true;
                    }
                }
            }
            return false;
        });
        Button ok = all(found[0]).stream().filter(c -> c instanceof Button b && b.getText().replace("&", "")
                .equals("OK")).map(Button.class::cast).findFirst().orElseThrow();
        RealInput.press(ok);
        Ui.pumpUntil("the error dialog closed", found[0]::isDisposed);
        return texts;
    }

    /** Closes with its OK button (the mouse) every dialog open over {@code window}, if any. */
    static void closeDialogs(Shell window) {
        Ui.drain();
        for (Shell s : window.getDisplay().getShells()) {
            if (s != window && s.isVisible() && !s.isDisposed()) {
                all(s).stream().filter(c -> c instanceof Button b && b.getText().replace("&", "").equals("OK"))
                        .map(Button.class::cast).findFirst().ifPresent(RealInput::press);
            }
        }
        Ui.drain();
    }

    private static List<String> labels(Composite c) {
        return all(c).stream().filter(Label.class::isInstance).map(x -> ((Label) x).getText()).toList();
    }

    static List<Control> all(Composite c) {
        List<Control> out = new ArrayList<>();
        for (Control x : c.getChildren()) {
            out.add(x);
            if (x instanceof Composite cc) {
                out.addAll(all(cc));
            }
        }
        return out;
    }
}
