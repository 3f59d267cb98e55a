package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageWriter;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.ui.banks.BankBrowserView;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.SimulatedTarget;

/**
 * Issue 16 build 3 and finding 9 on the Flash Banks view of a simulated STM32F767ZI, driven with the mouse and the
 * keyboard: its actions are commands in the view toolbar, the context menu of the bank strip and key bindings; a
 * single-bank part is programmed from the view; the sector chosen in the strip follows its address when nDBANK
 * changes the layout; a refusal of many lines leaves the status one line (finding 5).
 */
class BankCommandsTest {

    private static final String F767 = SimulatedBoards.DEFAULT_PART; // leaves the factory in single-bank mode
    private static final long LINK = 0x0800_0000L;

    Workbench w;
    BankBrowserView banks;

    @AfterEach
    void closeTheView() {
        if (w != null && banks != null) {
            w.page().hideView(banks);
            Ui.pumpUntil("bank browser jobs", () -> Job.getJobManager().find(TargetJob.FAMILY).length == 0);
        }
    }

    private SimulatedTarget board(BoardOptions options) throws Exception {
        w = Workbench.open();
        return BankViewDriver.newConnectedBoard(w.targets(), F767, options);
    }

    /** Opens the Flash Banks view maximized on {@code board}; waits for its first snapshot. */
    private void showBanks(SimulatedTarget board) throws Exception {
        banks = (BankBrowserView) w.page().showView(BankBrowserView.ID);
        w.page().setPartState(w.page().getReference(banks), IWorkbenchPage.STATE_MAXIMIZED);
        banks.setTarget(board);
        Ui.pumpUntil("first snapshot", () -> banks.snapshot() != null && Ui.noJobs(board));
    }

    private BankSnapshot awaitSnapshotAfter(BankSnapshot before, SimulatedTarget board) {
        Ui.pumpUntil("a new snapshot", () -> banks.snapshot() != null && banks.snapshot() != before
                && Ui.noJobs(board));
        return banks.snapshot();
    }

    private void screenshot(String name) throws Exception {
        long p = banks.hexPaints();
        banks.repaint();
        Ui.pumpUntil("hex view painted", () -> banks.hexPaints() > p);
        Screenshots.save(w.window().getShell(), name);
    }

    /** A setup step on the board, as another tool's job holding its rule (the view re-reads after it). */
    private interface Step {
        void run(FlashDriver d) throws TargetException;
    }

    private void onTheBoard(SimulatedTarget board, String name, Step step) {
        TargetJob j = new TargetJob(name, board, null) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException {
                step.run(board.connect().driver());
                return "done";
            }
        };
        j.schedule();
        Ui.join(j);
        assertThat(j.failure()).as(j.outcome()).isNull();
    }

    private static void awaitEnabled(ToolItem item, boolean enabled) {
        Ui.pumpUntil(item.getText() + (enabled ? " enabled" : " disabled"), () -> item.isEnabled() == enabled);
    }

    /**
     * Finding 9: Program… on a part in single-bank mode (the F767 as it leaves the factory, nDBANK = 1) programs the
     * image at its address after a confirmation that says the firmware there is replaced; it was off ("there is no
     * inactive bank") and nothing else in the view could program a single-bank part.
     */
    @Test
    void aSingleBankPartIsProgrammedFromTheViewToolbar(@TempDir Path tmp) throws Exception {
        SimulatedTarget board = board(BoardOptions.defaults());
        byte[] image = SecondFamilyBankActionsTest.image(0x100, "app S 3.0.0");
        Path file = tmp.resolve("app-s.hex");
        ImageWriter.write(FirmwareImage.of("app-s", ImageFormat.INTEL_HEX, List.of(new Segment(LINK, image,
                "app-s")), OptionalLong.of(LINK + 0x101)), ImageFormat.INTEL_HEX, file);
        showBanks(board);
        BankSnapshot before = banks.snapshot();
        assertThat(before.geometry().bankCount()).as("factory F767: single-bank mode").isEqualTo(1);
        ToolItem program = BankViewDriver.toolItem(banks, "Program\u2026");
        awaitEnabled(program, true);
        screenshot("bank-view-toolbar-single-bank");

        banks.setImageFilePrompt(shell -> file.toString()); // the OS file chooser is not an SWT shell
        List<String> asked = RealInput.answerDialog(program.getDisplay(), "Program the flash", "OK");
        RealInput.press(program);
        Ui.pumpUntil("the confirmation answered", () -> !asked.isEmpty());
        awaitSnapshotAfter(before, board);
        assertThat(String.join("\n", asked)).contains("REPLACED").contains("single-bank mode");
        assertThat(board.board().readCells(1, 0, image.length)).as("the image in the single bank").isEqualTo(image);
        assertThat(banks.lastMessage()).isEqualTo("Programming: done.");
        assertThat(banks.summariesText()).contains("app S 3.0.0");
    }

    /**
     * Finding 9: the sector chosen in the strip (sector 5, 256 KiB at 0x08040000 in single-bank mode) stays a valid
     * choice after another tool sets nDBANK = 0: it is the sector now at that address (sector 6, 128 KiB, of physical
     * bank 1), the status names it, the strip's context menu offers Erase Sector for it, and Delete asks to erase that one. Before, the choice silently
     * vanished while the status still named the old sector.
     */
    @Test
    void theChosenSectorFollowsItsAddressWhenTheBankModeChanges() throws Exception {
        SimulatedTarget board = board(BoardOptions.defaults());
        showBanks(board);
        Sector single5 = banks.snapshot().geometry().sector(5);
        BankViewDriver.clickSector(banks, single5);
        assertThat(banks.lastMessage()).isEqualTo("Selected " + single5 + ".");

        BankSnapshot before = banks.snapshot();
        onTheBoard(board, "Dual-bank mode (another tool)", d -> {
            d.writeOptions(d.readOptions().withBankMode(BankMode.DUAL), FlashProgress.NONE);
            board.reset();
        });
        BankSnapshot dual = awaitSnapshotAfter(before, board);
        assertThat(dual.geometry().bankCount()).isEqualTo(2);
        Sector chosen = banks.chosenSector();
        assertThat(chosen).as("the choice after the layout change").isNotNull();
        FlashGeometry g = dual.geometry();
        assertThat(g.sectorRange(chosen, dual.swpFb(), g.linkWindow()).start()).isEqualTo(0x0804_0000L);
        assertThat(chosen.bank()).isEqualTo(1);
        assertThat(chosen.number()).isEqualTo(6);
        assertThat(banks.lastMessage()).isEqualTo("Selected " + chosen + ".");

        Point p = BankViewDriver.sectorPoint(banks, chosen);
        Menu menu = RealInput.contextMenu(banks.stripControl(), p.x, p.y);
        Screenshots.save(w.window().getShell(), "bank-view-strip-context-menu");
        assertThat(RealInput.item(menu, "Erase Sector\u2026")).as("the strip's menu: " + java.util.Arrays.stream(
                menu.getItems()).map(org.eclipse.swt.widgets.MenuItem::getText).toList()).isNotNull();
        assertThat(RealInput.item(menu, "Erase Sector\u2026").isEnabled()).isTrue();
        assertThat(RealInput.item(menu, "Swap")).as("Swap in the strip's menu").isNotNull();
        menu.setVisible(false);
        Ui.drain();
        // the menu's command by its key binding (Delete in the view)
        List<String> asked = RealInput.answerDialog(menu.getDisplay(), "Erase " + chosen, "Cancel");
        RealInput.key(menu.getDisplay(), (char) 0, SWT.DEL);
        Ui.pumpUntil("the erase question answered", () -> !asked.isEmpty());
        assertThat(String.join("\n", asked)).contains("Erase " + chosen + " of physical bank 1?");
    }

    /**
     * Finding 5 in the Flash Banks view: the doctor's refusal of an erase (sector 1 write-protected) is long; the
     * view's status shows one line of it, cut in the middle, keeps its height and leaves the hex view as it was; the
     * whole text is behind Details…. Before, the status label grew with the text and pushed the hex view away.
     */
    @Test
    void aRefusalOfManyLinesLeavesTheStatusOneLine() throws Exception {
        SimulatedTarget board = board(BoardOptions.defaults());
        onTheBoard(board, "Write-protect sector 1", d -> d.writeOptions(d.protectionModel()
                .withWriteProtection(d.geometry().sector(1), true), FlashProgress.NONE));
        showBanks(board);
        Sector s1 = banks.snapshot().geometry().sector(1);
        assertThat(banks.snapshot().writeProtected()).contains(s1);
        BankViewDriver.clickSector(banks, s1);
        int hexHeight = banks.hexControl().getSize().y;
        int statusHeight = banks.statusControl().getSize().y;

        Point p = BankViewDriver.sectorPoint(banks, s1);
        Menu menu = RealInput.contextMenu(banks.stripControl(), p.x, p.y);
        assertThat(RealInput.item(menu, "Erase Sector\u2026").isEnabled()).isTrue();
        menu.setVisible(false);
        Ui.drain();
        RealInput.answerDialog(menu.getDisplay(), "Erase " + s1, "OK");
        BankSnapshot before = banks.snapshot();
        RealInput.key(menu.getDisplay(), (char) 0, SWT.DEL); // Erase Sector's key binding in the view
        Ui.pumpUntil("the refusal in the status", () -> banks.lastMessage().contains("doctor predicts"));
        BankViewDriver.closeDialogs(w.window().getShell()); // the workbench's error dialog of the job, if it shows one
        awaitSnapshotAfter(before, board);
        assertThat(banks.lastMessage().length()).as("the refusal with the doctor's report is long").isGreaterThan(300);
        assertThat(banks.statusShown()).doesNotContain("\n").startsWith("Erasing failed").contains("\u2026");
        assertThat(banks.statusShown().length()).as("one line, cut in the middle").isLessThanOrEqualTo(143);
        banks.getViewSite().getShell().layout(true, true);
        Ui.drain();
        assertThat(banks.statusControl().getSize().y).as("status height").isEqualTo(statusHeight);
        assertThat(banks.hexControl().getSize().y).as("hex view height").isEqualTo(hexHeight);
        screenshot("bank-view-refusal-one-line");
    }

    /**
     * Key bindings in the view: F5 reads the banks again, Ctrl+F goes to the Find field, where the typed text and
     * Enter find it in the hex view.
     */
    @Test
    void f5RefreshesAndCtrlFFinds() throws Exception {
        SimulatedTarget board = board(BoardOptions.defaults());
        byte[] image = SecondFamilyBankActionsTest.image(0x100, "app K 1.2.3");
        onTheBoard(board, "Program an image", d -> d.programAndVerify(LINK, image, FlashProgress.NONE));
        showBanks(board);
        Display d = banks.hexControl().getDisplay();
        RealInput.click(banks.hexControl());
        BankSnapshot before = banks.snapshot();
        RealInput.key(d, '\0', SWT.F5);
        awaitSnapshotAfter(before, board);

        RealInput.click(banks.hexControl());
        RealInput.keyWith(d, SWT.CTRL, 'f', 0);
        Ui.pumpUntil("the Find field focused", () -> banks.findField().isFocusControl());
        RealInput.type(d, "\"app K\"");
        RealInput.key(d, '\0', SWT.CR);
        Ui.pumpUntil("found", () -> banks.lastMessage().startsWith("Found at "));
        assertThat(banks.lastMessage()).isEqualTo(String.format("Found at 0x%08X.", LINK + 0x200));
    }
}
