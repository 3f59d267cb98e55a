package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageWriter;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.ui.banks.BankBrowserView;
import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.SimulatedTarget;

/**
 * Issue 15: the Flash Banks view's A/B actions on a simulated STM32H743ZI, a part of the second family, driven as a
 * user does - Program…, Swap, Rollback pressed with the mouse in the view toolbar (Display.post), their confirmation and
 * option review dialogs answered with the mouse - checking after each step what the view says (SWAP_BANK, the running bank, the image in
 * each bank) and what the board holds.
 */
class SecondFamilyBankActionsTest {

    private static final String PART = "STM32H743ZI";
    private static final long LINK = 0x0800_0000L;
    /** The option review dialog's title: Swap and Rollback are option changes like any other (issue 16). */
    private static final String REVIEW = "Write option bytes \u2014 " + PART;

    Workbench w;
    BankBrowserView banks;
    /** The texts of the last confirmation dialog answered. */
    List<String> asked = List.of();

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

    /**
     * An image linked for 0x0800_0000 as both H7 A/B images are (RM0433 §4.3.13): vector table (SP at the top of DTCM,
     * Thumb reset handler {@code resetOffset} into the image) and a version string the view's summary shows.
     */
    static byte[] image(int resetOffset, String version) {
        byte[] b = new byte[1024];
        Arrays.fill(b, (byte) 0xA5);
        long[] words = { 0x2002_0000L, LINK + resetOffset + 1 };
        for (int w = 0; w < words.length; w++) {
            for (int i = 0; i < 4; i++) {
                b[w * 4 + i] = (byte) (words[w] >>> (8 * i));
            }
        }
        byte[] v = (version + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, b, 0x200, v.length);
        return b;
    }

    /**
     * Presses the view's action {@code label}, {@code answer} in its {@code dialog} (a confirmation, or for Swap and
     * Rollback the option review); waits for the fresh snapshot.
     */
    private BankSnapshot act(String label, String dialog, String answer) {
        BankSnapshot before = banks.snapshot();
        SimulatedTarget t = (SimulatedTarget) banks.target();
        org.eclipse.swt.widgets.ToolItem b = BankViewDriver.toolItem(banks, label);
        Ui.pumpUntil(label + " enabled (" + banks.whyNot(commandOf(label)).orElse("") + ")", b::isEnabled);
        List<String> question = RealInput.answerDialog(b.getDisplay(), dialog, answer);
        RealInput.press(b);
        // a confirmation opens at once, the review once the switch is planned (a job on the target)
        Ui.pumpUntil("the dialog of " + label + " shown and answered", () -> !question.isEmpty());
        asked = question;
        Ui.pumpUntil(label + " done and the view refreshed", () -> banks.snapshot() != before && Ui.noJobs(t));
        assertThat(banks.lastMessage()).as("the view's outcome of " + label).doesNotContain("failed");
        return banks.snapshot();
    }

    private static dev.flashbank.core.banks.BankAction commandOf(String label) {
        return switch (label) {
            case "Swap" -> dev.flashbank.core.banks.BankAction.SWAP;
            case "Rollback" -> dev.flashbank.core.banks.BankAction.ROLLBACK;
            default -> dev.flashbank.core.banks.BankAction.PROGRAM;
        };
    }

    private void screenshot(String name) throws Exception {
        long p = banks.hexPaints();
        banks.repaint();
        Ui.pumpUntil("hex view painted", () -> banks.hexPaints() > p);
        Screenshots.save(w.window().getShell(), name);
    }

    @Test
    void programInactiveSwapAndRollbackThroughTheViewsOwnControls(@TempDir Path tmp) throws Exception {
        w = Workbench.open();
        SimulatedTarget board = w.editNewBoard(PART);
        w.restoreEditor();
        byte[] a = image(0x100, "app A 1.0.0");
        byte[] b = image(0x180, "app B 2.0.0");
        TargetJob setup = new TargetJob("Program image A into physical bank 1", board, null) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException {
                board.connect().driver().programAndVerify(LINK, a, FlashProgress.NONE);
                return "programmed";
            }
        };
        setup.schedule();
        Ui.join(setup);
        assertThat(setup.failure()).isNull();
        Path fileB = tmp.resolve("app-b.hex");
        ImageWriter.write(FirmwareImage.of("app-b", ImageFormat.INTEL_HEX, List.of(new Segment(LINK, b, "app-b")),
                OptionalLong.of(LINK + 0x181)), ImageFormat.INTEL_HEX, fileB);

        banks = (BankBrowserView) w.page().showView(BankBrowserView.ID);
        w.page().setPartState(w.page().getReference(banks), IWorkbenchPage.STATE_MAXIMIZED);
        banks.setTarget(board);
        Ui.pumpUntil("first snapshot", () -> banks.snapshot() != null && Ui.noJobs(board));
        banks.showSource(BankBrowserView.Source.AXIM);

        // the part's own scheme, nothing of another family
        assertThat(banks.schemeChoices()).containsExactly("SWAP_BANK");
        assertThat(banks.schemeChoices()).noneMatch(c -> c.contains("BOOT_ADD") || c.contains("REMAP"));
        assertThat(banks.headlineText()).contains("SWAP_BANK = 0: physical bank 1 is at 0x08000000")
                .contains("Running: physical bank 1");
        assertThat(banks.summariesText()).contains("Bank 1: SP 0x20020000, reset 0x08000101").contains("app A 1.0.0")
                .contains("Bank 2: vector table erased");
        assertThat(banks.diffRows()).as("image A against the erased bank 2: one range").hasSize(1);
        assertThat(banks.diffRows().get(0)).containsExactly("+0x000000", "1024", "0x08000000", "0x08100000");
        screenshot("h743-bank-actions-0-image-a");

        // 1. Program inactive bank: the file (answered for the OS file dialog), the confirmation pressed with the mouse
        banks.setImageFilePrompt(shell -> fileB.toString());
        BankSnapshot programmed = act("Program\u2026", "Program the inactive bank", "OK");
        assertThat(String.join("\n", asked)).contains("INACTIVE bank (the SWAP_BANK scheme)");
        assertThat(programmed.swpFb()).isFalse();
        assertThat(banks.headlineText()).contains("SWAP_BANK = 0: physical bank 1 is at 0x08000000")
                .contains("Running: physical bank 1");
        assertThat(banks.summariesText()).contains("Bank 1: SP 0x20020000, reset 0x08000101")
                .contains("Bank 2: SP 0x20020000, reset 0x08000181").contains("app B 2.0.0");
        assertThat(board.board().readCells(2, 0, b.length)).as("image B in physical bank 2 of the board").isEqualTo(b);
        assertThat(board.board().readCells(1, 0, a.length)).as("the running bank untouched").isEqualTo(a);
        assertThat(banks.hexRow(0)).startsWith("08000000  00 00 02 20 01 01 00 08");
        screenshot("h743-bank-actions-1-programmed-inactive");

        // 2. Swap: reviewed as an option change (SWAP_BANK_OPT 0 -> 1), written, the board reset - physical bank 2 at
        // 0x08000000 and running
        BankSnapshot swapped = act("Swap", REVIEW, "Write option bytes");
        assertThat(asked).as("the review's change list in the part's words")
                .anyMatch(r -> r.startsWith("SWAP_BANK_OPT | NEEDS_RESET |"));
        assertThat(asked).as("no boot-address change (the twin's preview names BOOT_ADD0, which stays)")
                .noneMatch(r -> r.startsWith("BOOT_ADD"));
        assertThat(swapped.swpFb()).isTrue();
        assertThat(banks.headlineText()).contains("SWAP_BANK = 1: physical bank 2 is at 0x08000000, physical bank 1 "
                + "at 0x08100000").contains("Running: physical bank 2");
        assertThat(board.board().optionStateSummary()).as("the board's SWAP_BANK_OPT and OPTCR.SWAP_BANK")
                .containsEntry("swapBankOpt", 1).containsEntry("swapBank", 1);
        assertThat(board.board().lastBootReport().physicalBank()).isEqualTo(2);
        assertThat(banks.hexRow(0)).as("image B at 0x08000000 now").startsWith("08000000  00 00 02 20 81 01 00 08");
        assertThat(banks.hexRow(0x10_0000)).as("image A at 0x08100000").startsWith("08100000  00 00 02 20 01 01 00 08");
        screenshot("h743-bank-actions-2-swapped");

        // 3. Rollback: back to physical bank 1
        BankSnapshot rolledBack = act("Rollback", REVIEW, "Write option bytes");
        assertThat(asked).anyMatch(r -> r.startsWith("SWAP_BANK_OPT | NEEDS_RESET |"));
        assertThat(rolledBack.swpFb()).isFalse();
        assertThat(banks.headlineText()).contains("SWAP_BANK = 0: physical bank 1 is at 0x08000000")
                .contains("Running: physical bank 1");
        assertThat(board.board().optionStateSummary()).containsEntry("swapBankOpt", 0).containsEntry("swapBank", 0);
        assertThat(board.board().lastBootReport().physicalBank()).isEqualTo(1);
        assertThat(board.board().readCells(1, 0, a.length)).isEqualTo(a);
        assertThat(board.board().readCells(2, 0, b.length)).isEqualTo(b);
        assertThat(banks.hexRow(0)).startsWith("08000000  00 00 02 20 01 01 00 08");
        screenshot("h743-bank-actions-3-rolled-back");
    }
}
