package dev.flashbank.launch.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.IntelHexWriter;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.launch.LaunchAttributes;
import dev.flashbank.core.registry.TargetRegistry;
import dev.flashbank.launch.FlashbankLaunchLog;
import dev.flashbank.ui.FlashbankPerspective;
import dev.flashbank.ui.banks.BankBrowserView;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.views.TargetsView;

/**
 * Issue 16 finding 2, as a user meets it: a board made in the Targets view is offered by name on the launch's Target
 * tab (the workspace's target registry); a Bank Update launch made in Run &gt; Run Configurations... of the Flashbank
 * perspective, on that target, runs; and the Flash Banks view shows the bank the launch wrote without anyone
 * pressing Refresh (the IDE reloads a board a launch wrote, and never saves its old copy over it). Everything in the
 * menu and the dialog is done with real input events (Display.post keys and clicks).
 */
class RegistryLaunchTest {

    private static final long TIMEOUT_MILLIS = 60_000;
    /** A dual-bank part (both banks on every H743), so the launch can do an A/B update into the inactive bank. */
    private static final String PART = "STM32H743ZI";

    @TempDir
    Path tmp;

    private SimulatedTarget board;
    private TargetsView targets;

    @AfterEach
    void tearDown() throws Exception {
        for (ILaunchConfiguration c : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations()) {
            c.delete();
        }
        if (board != null && targets != null) {
            TargetJob j = targets.delete(board);
            pumpUntil("board deleted", () -> j.getResult() != null);
        }
    }

    @Test
    void aBankUpdateOnATargetPickedFromTheRegistryShowsTheNewBankWithoutRefresh() throws Exception {
        Display d = PlatformUI.getWorkbench().getDisplay();
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        window.getShell().setBounds(0, 0, 1600, 1000);
        IWorkbenchPage page = window.getActivePage();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(FlashbankPerspective.ID));
        targets = (TargetsView) page.showView(TargetsView.ID);
        TargetsView tv = targets;
        pumpUntil("targets loaded", () -> !tv.manager().simulatedTargets().isEmpty());

        // a board made in the Targets view is in the workspace's registry under the name the view shows
        Set<SimulatedTarget> before = new HashSet<>(tv.manager().simulatedTargets());
        Job create = tv.createBoard(PART);
        pumpUntil("board created", () -> create.getResult() != null);
        board = tv.manager().simulatedTargets().stream().filter(t -> !before.contains(t)).findFirst().orElseThrow();
        String name = board.displayName();
        assertThat(TargetRegistry.read(tv.manager().registryFile()).find(name)).as("registered as " + name).isPresent();
        pumpUntil("the view lists it", () -> tv.rows().size() == tv.manager().targets().size());
        tv.select(board);
        assertThat(tv.selected()).as("selected in the Targets view").contains(board);

        // connected and shown in the Flash Banks view: bank 2 (inactive) as a new board has it
        TargetJob connect = tv.connect(board);
        pumpUntil("connected", () -> connect.getResult() != null);
        BankBrowserView banks = (BankBrowserView) page.showView(BankBrowserView.ID);
        tv.select(board);
        pumpUntil("the Flash Banks view shows the board", () -> banks.target() == board && banks.snapshot() != null
                && !banks.summariesText().isEmpty());
        String shownBefore = banks.summariesText();
        Reads reads = new Reads(banks);
        Job.getJobManager().addJobChangeListener(reads);

        // an application for the H743, linked for 0x08000000 (the swap-bank scheme runs either bank there)
        Path image = tmp.resolve("h743-app.hex");
        byte[] app = new byte[4096];
        for (int i = 8; i < app.length; i++) {
            app[i] = (byte) (i * 7 + 3);
        }
        java.nio.ByteBuffer.wrap(app).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, 0x2001_0000) // SP in DTCM
                .putInt(4, 0x0800_0101); // reset handler, Thumb, in the image
        java.nio.file.Files.write(image, IntelHexWriter.write(FirmwareImage.of("app", ImageFormat.INTEL_HEX,
                List.of(new Segment(0x0800_0000L, app, "app")), java.util.OptionalLong.empty())));

        // Run > Run Configurations... with the keyboard, then the whole dialog by keys and clicks
        List<Throwable> thrown = new ArrayList<>();
        AtomicReference<List<String>> registryNamesSeen = new AtomicReference<>();
        whenShown(d, "Run Configurations", dialog -> {
            try {
                newBankUpdateConfiguration(dialog);
                clickTab(dialog, "Target");
                Button fromRegistry = button(dialog, "Target from the Targets view (the workspace's target registry)");
                assertThat(fromRegistry.getSelection()).as("a new configuration starts on a registry target").isTrue();
                org.eclipse.swt.widgets.List list = registryList(dialog);
                registryNamesSeen.set(List.of(list.getItems()));
                chooseInList(list, name);
                pumpUntil("the tab says what the name stands for",
                        () -> texts(dialog).stream().anyMatch(t -> t.startsWith("sim:" + PART + "@")));
                InDialog.screenshot(dialog, "registry-target-tab");
                clickTab(dialog, "Image");
                Text imageField = InDialog.field(dialog, "File:");
                RealKeys.clickInto(imageField);
                for (char ch : image.toString().toCharArray()) {
                    RealKeys.type(d, ch);
                }
                clickTab(dialog, "Update");
                chooseInCombo(comboAfter(dialog, "Switching scheme:"), "SWAP_BANK");
                InDialog.screenshot(dialog, "registry-update-tab");
                Button run = button(dialog, "Run");
                pumpUntil("Run enabled (no problem on any tab): " + texts(dialog), run::isEnabled);
                press(run);
            } catch (Throwable t) {
                thrown.add(t);
                if (!dialog.isDisposed()) {
                    InDialog.screenshot(dialog, "registry-launch-failed");
                    dialog.close();
                }
            }
        });
        openRunConfigurationsFromTheRunMenu(d, window.getShell());
        pumpUntil("the dialog closed", () -> !thrown.isEmpty() || d.getActiveShell() == window.getShell()
                && allLaunches().length > 0);
        assertThat(thrown).as("in the dialog").isEmpty();
        assertThat(registryNamesSeen.get()).as("the Target tab offers the Targets view's names").contains(name)
                .containsAll(tv.manager().registry().names());

        ILaunch launch = allLaunches()[0];
        pumpUntil("the launch ended", launch::isTerminated);
        assertThat(launch.getAttribute(FlashbankLaunchLog.STATUS)).as(String.valueOf(launch.getAttribute(FlashbankLaunchLog.LOG)))
                .startsWith("OK");
        assertThat(launch.getLaunchConfiguration().getAttribute(LaunchAttributes.TARGET_NAME, "")).isEqualTo(name);

        // no Refresh pressed: the view shows what the launch wrote into the board file
        pumpUntil("the Flash Banks view shows the new bank (was: " + shownBefore + ")",
                () -> banks.snapshot() != null && !banks.summariesText().equals(shownBefore));
        assertThat(reads.count()).as("the view read the board again by itself").isPositive();
        String now = banks.summariesText();
        LaunchDialogTest.screenshot(window.getShell(), "registry-launch-flash-banks");
        String bank2 = bank2(now);
        assertThat(bank2).as(now).isNotEqualTo(bank2(shownBefore));

        // the next write by the IDE keeps the launch's bank: the IDE's copy was reloaded, never saved over the file
        long readsNow = reads.count();
        TargetJob reset = tv.reset(board);
        pumpUntil("reset", () -> reset.getResult() != null);
        assertThat(tv.manager().changedOnDisk()).as("the IDE's copy is the file's").isEmpty();
        pumpUntil("the Flash Banks view read the board after the reset", () -> reads.count() > readsNow
                && banks.snapshot() != null);
        Job.getJobManager().removeJobChangeListener(reads);
        assertThat(bank2(banks.summariesText())).isEqualTo(bank2);
    }

    private static String bank2(String summaries) {
        return summaries.lines().filter(l -> l.startsWith("Bank 2:")).findFirst().orElse("");
    }

    // ------------------------------------------------------------------ the user's steps

    /** Counts the reads (finished "Reading flash banks" jobs) the Flash Banks view started itself. */
    private static final class Reads extends org.eclipse.core.runtime.jobs.JobChangeAdapter {
        private final BankBrowserView view;
        private final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();

        Reads(BankBrowserView view) {
            this.view = view;
        }

        @Override
        public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
            if (event.getJob() instanceof TargetJob j && j.belongsTo(view) && j.getName().startsWith("Reading flash banks")) {
                count.incrementAndGet();
            }
        }

        long count() {
            return count.get();
        }
    }

    private static ILaunch[] allLaunches() {
        return DebugPlugin.getDefault().getLaunchManager().getLaunches();
    }

    /**
     * Alt+R opens the Run menu; Down until "Run Configurations..." is armed; Return opens the dialog. While a menu is
     * open GTK gives it the keyboard, so its keys never come back to SWT: each key is followed by what it does (the
     * menu shows, the next item is armed), not by its release.
     */
    private static void openRunConfigurationsFromTheRunMenu(Display d, Shell workbench) {
        workbench.forceActive();
        AtomicReference<Menu> shown = new AtomicReference<>();
        AtomicReference<String> armed = new AtomicReference<>("");
        int[] arms = { 0 };
        Listener onShow = e -> {
            if (e.widget instanceof Menu m && List.of(m.getItems()).stream()
                    .anyMatch(i -> i.getText().replace("&", "").startsWith("Run Configurations"))) {
                shown.set(m);
            }
        };
        Listener onArm = e -> {
            if (e.widget instanceof MenuItem i) {
                armed.set(i.getText().replace("&", ""));
                arms[0]++;
            }
        };
        d.addFilter(SWT.Show, onShow);
        d.addFilter(SWT.Arm, onArm);
        try {
            post(d, SWT.KeyDown, e -> e.keyCode = SWT.ALT);
            post(d, SWT.KeyDown, e -> e.character = 'r');
            post(d, SWT.KeyUp, e -> e.character = 'r');
            post(d, SWT.KeyUp, e -> e.keyCode = SWT.ALT);
            pumpUntil("the Run menu open", () -> shown.get() != null);
            for (int i = 0; i < 40 && !armed.get().startsWith("Run Configurations"); i++) {
                int before = arms[0];
                post(d, SWT.KeyDown, e -> e.keyCode = SWT.ARROW_DOWN);
                post(d, SWT.KeyUp, e -> e.keyCode = SWT.ARROW_DOWN);
                pumpUntil("the next item armed (now: " + armed.get() + ")", () -> arms[0] > before);
            }
            assertThat(armed.get()).startsWith("Run Configurations");
        } finally {
            d.removeFilter(SWT.Show, onShow);
            d.removeFilter(SWT.Arm, onArm);
        }
        // the dialog opens inside this key's handling; whenShown drives it
        post(d, SWT.KeyDown, e -> e.keyCode = SWT.CR); // Return: GTK's Display.post maps it only as a key code
        post(d, SWT.KeyUp, e -> e.keyCode = SWT.CR);
    }

    /** Runs {@code user} inside the event loop of the next shell whose title starts with {@code title}. */
    private static void whenShown(Display d, String title, Consumer<Shell> user) {
        Listener[] filter = new Listener[1];
        filter[0] = e -> {
            if (e.widget instanceof Shell s && s.getText().startsWith(title)) {
                d.removeFilter(SWT.Show, filter[0]);
                d.asyncExec(() -> {
                    s.setBounds(40, 40, 1280, 860); // all of it on the screen
                    s.layout(true, true);
                    while (d.readAndDispatch()) {
                        // the new size and place take effect before the first click
                    }
                    user.accept(s);
                });
            }
        };
        d.addFilter(SWT.Show, filter[0]);
    }

    /**
     * From the dialog's filter field, Down into the tree and Space on its first row (the Bank Update type), then a
     * click on the "New launch configuration" tool button.
     */
    private static void newBankUpdateConfiguration(Shell dialog) {
        Display d = dialog.getDisplay();
        Tree tree = (Tree) LaunchDialogTest.all(dialog).stream().filter(Tree.class::isInstance).findFirst().orElseThrow();
        Text filter = (Text) LaunchDialogTest.all(dialog).stream()
                .filter(c -> c instanceof Text t && t.isVisible() && ((t.getStyle() & SWT.SEARCH) != 0
                        || t.getMessage() != null && t.getMessage().contains("filter")))
                .findFirst().orElseThrow(() -> new AssertionError("no filter field in the dialog"));
        if (!filter.isFocusControl()) {
            RealKeys.clickInto(filter);
        }
        // no filter text: the filter would hide the new configuration (named New_configuration) it creates
        pumpUntil("the Flashbank types first in the tree", () -> tree.getItemCount() > 0
                && tree.getItems()[0].getText().startsWith("Flashbank Bank Update"));
        key(d, '\0', SWT.ARROW_DOWN); // from the filter into the tree: the cursor on its first row
        pumpUntil("the keyboard in the tree", tree::isFocusControl);
        key(d, ' ', 0); // selects the row under the cursor
        pumpUntil("the type selected", () -> tree.getSelectionCount() == 1
                && tree.getSelection()[0].getText().startsWith("Flashbank Bank Update"));
        ToolItem newItem = LaunchDialogTest.all(dialog).stream().filter(ToolBar.class::isInstance)
                .flatMap(c -> List.of(((ToolBar) c).getItems()).stream())
                .filter(i -> i.getToolTipText() != null && i.getToolTipText().startsWith("New launch configuration"))
                .findFirst().orElseThrow(() -> new AssertionError("no 'New launch configuration' button"));
        pumpUntil("New enabled", newItem::isEnabled);
        Rectangle b = newItem.getBounds();
        clickAt(newItem.getParent(), b.x + b.width / 2, b.y + b.height / 2);
        pumpUntil("a new Bank Update configuration with its tabs", () -> tab(dialog, "Target") != null);
    }

    private static CTabItem tab(Shell dialog, String name) {
        for (Control c : LaunchDialogTest.all(dialog)) {
            if (c instanceof CTabFolder f && f.isVisible()) {
                for (CTabItem i : f.getItems()) {
                    if (name.equals(i.getText())) {
                        return i;
                    }
                }
            }
        }
        return null;
    }

    private static void clickTab(Shell dialog, String name) {
        CTabItem item = tab(dialog, name);
        assertThat(item).as("tab " + name).isNotNull();
        Rectangle b = item.getBounds();
        clickAt(item.getParent(), b.x + b.width / 2, b.y + b.height / 2);
        pumpUntil("tab " + name + " selected", () -> item.getParent().getSelection() == item);
    }

    private static Button button(Shell dialog, String text) {
        return (Button) LaunchDialogTest.all(dialog).stream()
                .filter(c -> c instanceof Button b && b.isVisible() && text.equals(b.getText().replace("&", "")))
                .findFirst().orElseThrow(() -> new AssertionError("no visible button '" + text + "'"));
    }

    private static org.eclipse.swt.widgets.List registryList(Shell dialog) {
        return (org.eclipse.swt.widgets.List) LaunchDialogTest.all(dialog).stream()
                .filter(c -> c instanceof org.eclipse.swt.widgets.List l && l.isVisible()).findFirst()
                .orElseThrow(() -> new AssertionError("no target list on the Target tab"));
    }

    private static Combo comboAfter(Shell dialog, String label) {
        for (Control c : LaunchDialogTest.all(dialog)) {
            if (c instanceof Label l && label.equals(l.getText()) && l.isVisible()) {
                Control[] siblings = l.getParent().getChildren();
                for (int i = 0; i < siblings.length - 1; i++) {
                    if (siblings[i] == l && siblings[i + 1] instanceof Combo combo) {
                        return combo;
                    }
                }
            }
        }
        throw new AssertionError("no combo after '" + label + "'");
    }

    /** A click into the list gives it the focus; Home and Down keys move the selection to {@code item}. */
    private static void chooseInList(org.eclipse.swt.widgets.List list, String item) {
        Display d = list.getDisplay();
        clickAt(list, list.getSize().x / 2, list.getItemHeight() / 2);
        pumpUntil("focus in the target list", list::isFocusControl);
        key(d, '\0', SWT.HOME);
        for (int i = 0; i < list.getItemCount() + 1 && !selected(list).equals(item); i++) {
            key(d, '\0', SWT.ARROW_DOWN);
        }
        assertThat(selected(list)).isEqualTo(item);
    }

    private static String selected(org.eclipse.swt.widgets.List list) {
        return list.getSelectionCount() == 0 ? "" : list.getSelection()[0];
    }

    /**
     * A read-only combo by keyboard: Tab from the tab's first field until the combo has the focus, then Up/Down (GTK's
     * combo box keys) until it shows {@code wanted}. (A click would open its list, which takes the keyboard away from
     * SWT until it closes.)
     */
    private static void chooseInCombo(Combo combo, String wanted) {
        Display d = combo.getDisplay();
        for (int i = 0; i < 20 && !combo.isFocusControl(); i++) {
            key(d, '\0', SWT.TAB);
        }
        assertThat(combo.isFocusControl()).as("Tab reaches the combo").isTrue();
        for (int i = 0; i < combo.getItemCount() && !combo.getText().contains(wanted); i++) {
            key(d, '\0', SWT.ARROW_UP);
        }
        for (int i = 0; i < combo.getItemCount() && !combo.getText().contains(wanted); i++) {
            key(d, '\0', SWT.ARROW_DOWN);
        }
        assertThat(combo.getText()).contains(wanted);
    }

    private static void press(Button b) {
        RealKeys.press(b);
    }

    private static List<String> texts(Shell dialog) {
        return LaunchDialogTest.allTexts(dialog);
    }

    // ------------------------------------------------------------------ real input

    /**
     * Clicks point (x, y) of {@code c}. A button posted on GTK3 carries no pointer coordinates, so a display filter
     * puts the pointer's position into the SWT events (as RealInput.PointerCoordinates in dev.flashbank.ui.tests).
     */
    private static void clickAt(Control c, int x, int y) {
        Display d = c.getDisplay();
        c.getShell().forceActive();
        Point at = c.toDisplay(x, y);
        post(d, SWT.MouseMove, e -> {
            e.x = at.x;
            e.y = at.y;
        });
        pumpUntil("pointer over " + c, () -> d.getCursorControl() == c);
        Listener fix = e -> {
            if (e.widget instanceof Control w && !w.isDisposed()) {
                Point p = w.toControl(d.getCursorLocation());
                e.x = p.x;
                e.y = p.y;
            }
        };
        int[] released = { 0 };
        Listener up = e -> released[0]++;
        d.addFilter(SWT.MouseDown, fix);
        d.addFilter(SWT.MouseUp, fix);
        d.addFilter(SWT.MouseUp, up);
        try {
            post(d, SWT.MouseDown, e -> e.button = 1);
            post(d, SWT.MouseUp, e -> e.button = 1);
            pumpUntil("click released", () -> released[0] > 0);
        } finally {
            d.removeFilter(SWT.MouseDown, fix);
            d.removeFilter(SWT.MouseUp, fix);
            d.removeFilter(SWT.MouseUp, up);
        }
        while (d.readAndDispatch()) {
            // what the click's listeners posted
        }
    }

    /** One key: a character (keyCode 0) or a key code (character 0); returns once its release came back. */
    private static void key(Display d, char character, int keyCode) {
        int[] released = { 0 };
        Listener up = e -> released[0]++;
        d.addFilter(SWT.KeyUp, up);
        try {
            post(d, SWT.KeyDown, e -> {
                e.character = character;
                e.keyCode = keyCode;
            });
            post(d, SWT.KeyUp, e -> {
                e.character = character;
                e.keyCode = keyCode;
            });
            pumpUntil("key released", () -> released[0] > 0);
        } finally {
            d.removeFilter(SWT.KeyUp, up);
        }
        while (d.readAndDispatch()) {
            // the widget's reaction to the key
        }
    }

    private static void post(Display d, int type, Consumer<Event> setup) {
        Event e = new Event();
        e.type = type;
        setup.accept(e);
        assertThat(d.post(e)).as("Display.post of event type %d (XTest available?)", type).isTrue();
    }

    /** Runs the event loop until {@code condition} holds (no sleeping for time: the loop wakes on events and ticks). */
    private static void pumpUntil(String what, BooleanSupplier condition) {
        Display d = PlatformUI.getWorkbench().getDisplay();
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
        Runnable wake = new Runnable() {
            @Override
            public void run() {
                if (!d.isDisposed()) {
                    d.timerExec(50, this);
                }
            }
        };
        d.timerExec(50, wake);
        try {
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    Shell active = d.getActiveShell();
                    if (active != null) {
                        try {
                            LaunchDialogTest.screenshot(active, "registry-launch-timeout");
                        } catch (java.io.IOException e) {
                            // the failure below says what was waited for
                        }
                    }
                    throw new AssertionError("timed out waiting for " + what + " (active shell: "
                            + (active == null ? "none" : active.getText()) + ")");
                }
                if (!d.readAndDispatch()) {
                    d.sleep();
                }
            }
        } finally {
            d.timerExec(-1, wake);
        }
    }
}
