package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.banks.BankAction;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationException;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.ops.SwapOperation;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.ui.banks.BankBrowserView;
import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.SimulatedTarget;

/**
 * Issue 16 finding 9, stale state in the Flash Banks view, on a simulated STM32H743ZI as a user sees it: the compare
 * table's rows drawn as soon as the summary says they differ (not only after a click), labels that show the board as
 * it is after another job wrote it, the actions enabled only while the target is connected and no job works on it,
 * and Swap reviewed as the option change it is.
 */
class BankViewStateTest {

    private static final String PART = "STM32H743ZI";
    private static final long LINK = 0x0800_0000L;
    /** The view's commands that touch the target, as its toolbar labels them (Compare, Export, Memory view do not). */
    private static final List<String> TARGET_ACTIONS = List.of("Refresh", "Erase Sector\u2026", "Erase Bank\u2026",
            "Program\u2026", "Verify\u2026", "Swap", "Rollback");

    Workbench w;
    BankBrowserView banks;

    @AfterEach
    void closeTheView() {
        if (w != null) {
            if (banks != null) {
                w.page().hideView(banks);
                Ui.pumpUntil("bank browser jobs", () -> Job.getJobManager().find(TargetJob.FAMILY).length == 0);
            }
            w.restoreEditor();
        }
    }

    /** A new H743 with a 1 KiB image in physical bank 1 (bank 2 erased: the banks differ in one range). */
    private SimulatedTarget boardWithImageInBank1() {
        SimulatedTarget board = w.editNewBoard(PART);
        w.restoreEditor();
        byte[] image = new byte[1024];
        Arrays.fill(image, (byte) 0x5A);
        TargetJob setup = new TargetJob("Program an image into physical bank 1", board, null) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException {
                board.connect().driver().programAndVerify(LINK, image, FlashProgress.NONE);
                return "programmed";
            }
        };
        setup.schedule();
        Ui.join(setup);
        assertThat(setup.failure()).isNull();
        return board;
    }

    /** Opens the Flash Banks view maximized on {@code board}; waits for its first snapshot. */
    private void showBanks(SimulatedTarget board) throws Exception {
        banks = (BankBrowserView) w.page().showView(BankBrowserView.ID);
        w.page().setPartState(w.page().getReference(banks), IWorkbenchPage.STATE_MAXIMIZED);
        banks.setTarget(board);
        Ui.pumpUntil("first snapshot", () -> banks.snapshot() != null && Ui.noJobs(board));
    }

    private void paintedScreenshot(String name) throws Exception {
        long p = banks.hexPaints();
        banks.repaint();
        Ui.pumpUntil("hex view painted", () -> banks.hexPaints() > p);
        Screenshots.save(w.window().getShell(), name);
    }

    private static <T extends Control> List<T> all(Control c, Class<T> type) {
        List<T> out = new java.util.ArrayList<>();
        if (type.isInstance(c)) {
            out.add(type.cast(c));
        }
        if (c instanceof Composite parent) {
            for (Control child : parent.getChildren()) {
                out.addAll(all(child, type));
            }
        }
        return out;
    }

    /** Every toolbar of the window with a "Refresh" item, as drawn: which one the test reads, where, and its state. */
    private String toolbarsWithRefresh() {
        List<String> out = new java.util.ArrayList<>();
        ToolItem read = action("Refresh");
        for (ToolBar bar : all(w.window().getShell(), ToolBar.class)) {
            for (ToolItem i : bar.getItems()) {
                if ("Refresh".equals(i.getText()) || "Refresh".equals(i.getToolTipText())) {
                    out.add((i == read ? "READ " : "other ") + "enabled=" + i.isEnabled() + " barVisible="
                            + bar.isVisible() + " at=" + bar.toDisplay(i.getBounds().x, i.getBounds().y) + " size="
                            + i.getBounds() + " fg=" + bar.getForeground() + " dark=" + darkPixels(bar, i.getBounds())
                            + " image=" + (i.getImage() != null) + " disabledImage=" + (i.getDisabledImage() != null));
                }
            }
        }
        return "toolbars with Refresh: " + out;
    }

    /** The view toolbar's item of the command {@code label}. */
    private ToolItem action(String label) {
        return BankViewDriver.toolItem(banks, label);
    }

    /** Waits until every target command's toolbar item is {@code enabled} (the handlers follow target events). */
    private void awaitTargetActions(boolean enabled, String when) {
        for (String a : TARGET_ACTIONS) {
            Ui.pumpUntil(a + (enabled ? " enabled " : " disabled ") + when, () -> action(a).isEnabled() == enabled);
        }
    }

    /**
     * A new H743 with image A (version "app A 1.0.0") in physical bank 1 and image B ("app B 2.0.0") in physical
     * bank 2; returns the images.
     */
    private byte[][] programImagesAAndB(SimulatedTarget board) {
        byte[] a = SecondFamilyBankActionsTest.image(0x100, "app A 1.0.0");
        byte[] b = SecondFamilyBankActionsTest.image(0x180, "app B 2.0.0");
        TargetJob setup = new TargetJob("Program images A and B", board, null) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException {
                var d = board.connect().driver();
                d.programAndVerify(LINK, a, FlashProgress.NONE);
                d.programAndVerify(LINK + 0x10_0000L, b, FlashProgress.NONE); // physical bank 2 at SWAP_BANK = 0
                return "programmed";
            }
        };
        setup.schedule();
        Ui.join(setup);
        assertThat(setup.failure()).isNull();
        return new byte[][] { a, b };
    }

    /**
     * Pixels on the screen (as the X server shows them) in the first column of row {@code item} that are darker than
     * half grey: the row's text as drawn. An undrawn row shows only the table's background.
     */
    private static int darkPixels(Table table, TableItem item) {
        return darkPixels(table, item.getBounds(0));
    }

    /** As {@link #darkPixels(Table, TableItem)} for the rectangle {@code cell} of {@code c} (its own coordinates). */
    private static int darkPixels(Control c, Rectangle cell) {
        Display d = c.getDisplay();
        Point at = c.toDisplay(cell.x, cell.y);
        Image image = new Image(d, cell.width, cell.height);
        GC gc = new GC(d);
        try {
            gc.copyArea(image, at.x, at.y);
            ImageData data = image.getImageData();
            int dark = 0;
            for (int y = 0; y < data.height; y++) {
                for (int x = 0; x < data.width; x++) {
                    RGB rgb = data.palette.getRGB(data.getPixel(x, y));
                    if (rgb.red + rgb.green + rgb.blue < 3 * 128) {
                        dark++;
                    }
                }
            }
            return dark;
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /**
     * Finding 9b: a job that switches the banks outside the view (here the core's swap as a launch or another tool
     * runs it, holding the target) leaves no label showing the old mapping - the Targets details pane and the Flash
     * Banks view's headline both show the board as it is after the write.
     */
    @Test
    void labelsShowTheBoardAfterAnotherJobSwitchedTheBanks() throws Exception {
        w = Workbench.open();
        SimulatedTarget board = w.editNewBoard(PART);
        w.restoreEditor();
        programImagesAAndB(board);
        showBanks(board);
        w.targets().select(board);
        Ui.pumpUntil("details of the board", () -> w.targets().detailsText().contains("banks not swapped"));

        TargetJob swap = new TargetJob("Swap (another tool)", board, null) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException, OperationException {
                var c = board.connect();
                OperationContext ctx = new OperationContext(new OperationTarget(board.id(), board.displayName()),
                        c.target(), c.driver());
                return new SwapOperation(ctx, c.driver().bankSwapping().orElseThrow().schemes().get(0), true)
                        .run(FlashProgress.NONE).summary();
            }
        };
        BankSnapshot before = banks.snapshot();
        swap.schedule();
        Ui.join(swap);
        assertThat(swap.failure()).as(swap.outcome()).isNull();
        assertThat(board.board().optionStateSummary()).containsEntry("swapBank", 1);
        Ui.pumpUntil("the view re-read the board", () -> banks.snapshot() != before && Ui.noJobs(board));
        assertThat(banks.headlineText()).contains("SWAP_BANK = 1: physical bank 2 is at 0x08000000");
        assertThat(w.targets().detailsText()).as("the Targets details pane after the swap")
                .contains("banks swapped (physical bank 2 at 0x08000000").doesNotContain("not swapped");
        String serial = board.board().serial(); // a long name is cut in the middle: its start and its serial show
        assertThat(w.targets().rows()).anyMatch(r -> r.startsWith("Simulated " + PART)
                && r.contains(serial.substring(serial.length() - 6)) && r.contains("connected"));
        w.page().setPartState(w.page().getReference(banks), IWorkbenchPage.STATE_RESTORED);
        paintedScreenshot("h743-bank-view-after-another-swap");
    }

    /**
     * Finding 9d: Swap writes an option byte, so it gets the review every other option change gets - pressed with the
     * mouse, the option review dialog names the part's option (SWAP_BANK_OPT on this part) with the twin's preview;
     * Cancel leaves the board as it was.
     */
    @Test
    void swapIsReviewedAsAnOptionChangeAndCancelWritesNothing() throws Exception {
        w = Workbench.open();
        SimulatedTarget board = w.editNewBoard(PART);
        w.restoreEditor();
        byte[][] images = programImagesAAndB(board);
        byte[] a = images[0];
        byte[] b = images[1];
        showBanks(board);
        var optionsBefore = board.board().optionStateSummary();
        assertThat(optionsBefore).containsEntry("swapBankOpt", 0);

        String review = "Write option bytes \u2014 " + PART;
        List<String> reviewed = new java.util.ArrayList<>();
        List<String> previews = new java.util.ArrayList<>();
        List<String> otherShells = new java.util.ArrayList<>();
        boolean[] reviewShown = { false };
        Display d = w.window().getShell().getDisplay();
        org.eclipse.swt.widgets.Listener[] onShow = new org.eclipse.swt.widgets.Listener[1];
        onShow[0] = e -> {
            if (e.widget instanceof org.eclipse.swt.widgets.Shell shell && !review.equals(shell.getText())) {
                otherShells.add(shell.getText()); // a plain question would be one (it was, titled "Swap")
            } else if (e.widget instanceof org.eclipse.swt.widgets.Shell shell && !reviewShown[0]) {
                reviewShown[0] = true;
                d.asyncExec(() -> {
                    Ui.drain();
                    try {
                        Screenshots.save(shell, "h743-swap-review");
                    } catch (java.io.IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                    Table changes = all(shell, Table.class).get(0);
                    for (TableItem it : changes.getItems()) {
                        reviewed.add(it.getText(0) + " | " + it.getText(1) + " | " + it.getText(2) + " | "
                                + it.getText(3));
                    }
                    for (org.eclipse.swt.widgets.Group g : all(shell, org.eclipse.swt.widgets.Group.class)) {
                        if (g.getText().startsWith("Preview on a simulated twin")) {
                            all(g, org.eclipse.swt.widgets.Text.class).forEach(t -> previews.add(t.getText()));
                        }
                    }
                    Button cancel = all(shell, Button.class).stream().filter(x -> x.getText().equals("Cancel"))
                            .findFirst().orElseThrow();
                    RealInput.press(cancel);
                });
            }
        };
        d.addFilter(org.eclipse.swt.SWT.Show, onShow[0]);
        try {
            // as a user waits for the button to light up: enablement follows the snapshot the view just read
            Ui.pumpUntil("Swap enabled", () -> action("Swap").isEnabled());
            RealInput.press(action("Swap"));
            Ui.pumpUntil("Swap answered", () -> !reviewed.isEmpty());
            Ui.pumpUntil("no job on the board", () -> Ui.noJobs(board));
        } finally {
            d.removeFilter(org.eclipse.swt.SWT.Show, onShow[0]);
        }
        assertThat(otherShells).as("no other dialog than the review (no plain yes/no question)")
                .noneMatch(title -> title.equals("Swap"));
        assertThat(reviewed).as("the review's change list").hasSize(1);
        assertThat(reviewed.get(0)).startsWith("SWAP_BANK_OPT | NEEDS_RESET |");
        assertThat(previews).as("the simulated twin's preview of the next reset").singleElement()
                .satisfies(p -> assertThat(p).isNotBlank().doesNotStartWith("No simulated twin"));
        Ui.pumpUntil("no job on the board", () -> Ui.noJobs(board));
        assertThat(board.board().optionStateSummary()).as("Cancel wrote nothing").isEqualTo(optionsBefore);
        assertThat(board.board().readCells(1, 0, a.length)).isEqualTo(a);
        assertThat(board.board().readCells(2, 0, b.length)).isEqualTo(b);
        assertThat(banks.snapshot().swpFb()).isFalse();
    }

    /** Finding 9a: "1 range differs" over an empty-looking table until the user clicked it. */
    @Test
    void compareRowsAreDrawnWithTheFirstSnapshot() throws Exception {
        w = Workbench.open();
        SimulatedTarget board = boardWithImageInBank1();
        showBanks(board);
        assertThat(banks.diffSummaryText()).contains("1 range differ");
        assertThat(banks.diffRows()).hasSize(1);
        assertThat(banks.diffRows().get(0)).containsExactly("+0x000000", "1024", "0x08000000", "0x08100000");
        paintedScreenshot("h743-bank-view-compare-rows");
        Table table = (Table) banks.diffTable();
        assertThat(darkPixels(table, table.getItem(0))).as("the text '+0x000000' drawn in the first row, no click")
                .isGreaterThan(20);
    }

    /**
     * Finding 9c: the actions follow connection and busy state - off while another job holds the target, on again
     * when it ends, off while disconnected.
     */
    @Test
    void actionsFollowConnectionAndBusyState() throws Exception {
        w = Workbench.open();
        SimulatedTarget board = boardWithImageInBank1();
        showBanks(board);
        // the erase commands act on the sector chosen in the strip: choose one with the mouse
        BankViewDriver.clickSector(banks, banks.snapshot().geometry().bank(2).sectors().get(0));
        awaitTargetActions(true, "on a connected idle dual-bank part");

        CountDownLatch release = new CountDownLatch(1);
        TargetJob hold = new TargetJob("A long job", board, null, false) {
            @Override
            protected String work(IProgressMonitor monitor) {
                try {
                    release.await(); // holds the target's rule until the test has looked at the view
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "done";
            }
        };
        hold.schedule();
        Ui.pumpUntil("the Targets view shows the job", () -> w.targets().rows().stream()
                .anyMatch(r -> r.contains("busy: A long job")));
        try {
            awaitTargetActions(false, "while a job works on the target");
            String busy = "Busy: A long job."; // the view's headline names the board
            assertThat(banks.whyNot(BankAction.REFRESH)).contains(busy);
            Ui.pumpUntil("the view's description says why", () -> busy.equals(banks.getContentDescription()));
            // as the user sees it: the theme greys a disabled item's label
            ToolItem refresh = action("Refresh");
            try {
                Ui.pumpUntil("Refresh drawn disabled", () -> darkPixels(refresh.getParent(), refresh.getBounds()) == 0);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; " + toolbarsWithRefresh(), e);
            }
            paintedScreenshot("h743-bank-view-busy");
        } finally {
            release.countDown();
        }
        Ui.join(hold);
        Ui.pumpUntil("the Targets view shows the target idle", () -> w.targets().rows().stream()
                .noneMatch(r -> r.contains("busy:")) && Ui.noJobs(board));
        awaitTargetActions(true, "after the job");

        Ui.join(w.targets().disconnect(board));
        Ui.pumpUntil("the view says not connected", () -> banks.headlineText().contains("not connected"));
        awaitTargetActions(false, "while disconnected");
        paintedScreenshot("h743-bank-view-disconnected");
        Ui.join(w.targets().connect(board));
        Ui.pumpUntil("snapshot after reconnecting", () -> banks.snapshot() != null && Ui.noJobs(board));
        awaitTargetActions(true, "connected again");
    }
}
