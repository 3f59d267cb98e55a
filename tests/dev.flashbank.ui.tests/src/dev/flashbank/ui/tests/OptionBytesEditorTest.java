package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields.BorLevel;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.ops.OptionProfileFile;
import dev.flashbank.core.flash.FlashCanceledException;
import dev.flashbank.core.flash.FlashOperation;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.state.BoardStateFile;
import dev.flashbank.ui.FlashbankUiPlugin;
import dev.flashbank.ui.console.FlashbankConsole;
import dev.flashbank.ui.jobs.MonitorProgress;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.ui.options.OptionReviewDialog;
import dev.flashbank.ui.options.SectorMap;
import dev.flashbank.ui.options.OptionBytesEditor;
import dev.flashbank.ui.views.TargetsView;

/**
 * Issue 7 acceptance in the real workbench (UI harness, UI thread, Xvfb): the editor is driven through its widgets,
 * jobs are waited for with the event loop running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OptionBytesEditorTest {

    private static List<Path> backups(Workbench w) throws Exception {
        Path d = w.targets().manager().backupsDirectory();
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(OptionProfileFile.EXTENSION)).toList();
        }
    }

    private static void click(SectorMap map, int sector) {
        Rectangle r = map.boundsOf(sector);
        Event e = new Event();
        e.x = r.x + r.width / 2;
        e.y = r.y + r.height / 2;
        e.button = 1;
        map.notifyListeners(SWT.MouseDown, e);
        map.notifyListeners(SWT.MouseUp, e);
        Ui.drain();
    }

    /** Apply, wait for the twin preview, return the review dialog. */
    private static OptionReviewDialog applyAndReview(OptionBytesEditor ob) {
        TargetJob preview = ob.apply();
        assertThat(preview).as("there are changes to apply").isNotNull();
        Ui.join(preview);
        Ui.pumpUntil("review dialog", () -> ob.reviewDialog() != null && ob.reviewDialog().getShell() != null
                && ob.reviewDialog().getShell().isVisible());
        return ob.reviewDialog();
    }

    @Test
    @Order(1)
    void aNewWorkspaceHasOneSimulatedF767(@org.junit.jupiter.api.io.TempDir Path newWorkspaceState) throws Exception {
        // a new workspace's state location (this test run's workspace holds the boards other test classes made)
        dev.flashbank.ui.model.TargetManager fresh = new dev.flashbank.ui.model.TargetManager(newWorkspaceState);
        fresh.load();
        assertThat(fresh.simulatedTargets()).extracting(SimulatedTarget::partName).containsExactly("STM32F767ZI");
        Workbench w = Workbench.open();
        assertThat(w.targets().rows()).anyMatch(r -> r.startsWith("Simulated STM32F767ZI") && r.contains("not connected"));
    }

    @Test
    @Order(2)
    void changeBorAndBootAdd1ThroughTheEditorAndApply() throws Exception {
        Workbench w = Workbench.open();
        SimulatedTarget board = w.defaultBoard();
        w.connectAndEdit(board);
        OptionBytesEditor ob = w.options();
        OptionBytes before = ((SimulatedBoard) board.board()).storedOptions();
        assertThat(ob.originalOptions()).isEqualTo(before);
        assertThat(w.targets().rows()).anyMatch(r -> r.contains("connected, single bank"));
        int backupsBefore = backups(w).size();

        RealInput.choose((Combo) ob.editor("BOR_LEV"), BorLevel.LEVEL_2.text());
        assertThat(ob.nameLabel("BOR_LEV").getText()).as("dirty mark").isEqualTo("*BOR_LEV");

        Text boot1 = (Text) ob.editor("BOOT_ADD1");
        RealInput.retype(boot1, "0x2040"); // the option value instead of the address: the classic mistake (§9)
        assertThat(ob.refusal("BOOT_ADD1").getVisible()).isTrue();
        assertThat(ob.refusal("BOOT_ADD1").getText()).startsWith("Refused:");
        assertThat(((OptionBytes) ob.editedOptions()).bootAdd1()).as("refused values are not taken").isEqualTo(before.bootAdd1());
        RealInput.retype(boot1, "0x08100000");
        assertThat(ob.refusal("BOOT_ADD1").getVisible()).isFalse();
        assertThat(((OptionBytes) ob.editedOptions()).bootAddress1()).isEqualTo(0x0810_0000L);
        assertThat(ob.meaningLabel("BOOT_ADD1").getText()).contains("0x08100000");
        assertThat(ob.changes()).extracting(c -> c.option()).containsExactly("BOR_LEV", "BOOT_ADD1");
        assertThat(ob.cliCommand()).isEqualTo("flashbank ob set " + board.cliTargetArgument()
                + " BOR_LEV=LEVEL_2 BOOT_ADD1=0x08100000");

        OptionReviewDialog review = applyAndReview(ob);
        assertThat(review.changesTable().getItemCount()).isEqualTo(2);
        assertThat(review.twinPreview()).anyMatch(l -> l.startsWith("Next reset:"))
                .anyMatch(l -> l.startsWith("With BOOT0=1 instead:") && l.contains("BOOT_ADD1=0x2040"))
                .anyMatch(l -> l.startsWith("Debugger: connects"));
        assertThat(review.irreversible()).isFalse();
        assertThat(review.writeButton().isEnabled()).isTrue();
        Screenshots.save(review.getShell(), "option-review-bor-boot-add1");
        review.pressWrite();
        Ui.joinFamily(ob);

        OptionBytes stored = ((SimulatedBoard) board.board()).storedOptions();
        assertThat(stored.borLevel()).isEqualTo(BorLevel.LEVEL_2);
        assertThat(stored.bootAddress1()).isEqualTo(0x0810_0000L);
        assertThat(ob.lastResult().resetRequired()).isTrue();
        assertThat(ob.statusText()).contains("RESET NEEDED");
        assertThat(backups(w)).hasSize(backupsBefore + 1);
        assertThat(OptionProfileFile.read(ob.lastResult().backup().orElseThrow(), InstalledFamilies.families()).options()).isEqualTo(before);
        assertThat(ob.originalOptions()).as("re-read after the write").isEqualTo(stored);
        assertThat(ob.changes()).isEmpty();
        assertThat(SimulatedBoards.load(board.stateFile()).storedOptions()).as("board state file saved")
                .isEqualTo(stored);
        assertThat(FlashbankConsole.get().lines()).anyMatch(l -> l.contains("Writing option bytes")
                && l.contains("\u2714") && l.contains("BOR_LEV, BOOT_ADD1"));
        // the IDE journals the board where `flashbank recover` looks, and announces the option-write window
        String uid = board.connection().orElseThrow().identity().uniqueId().hex();
        Path journal = dev.flashbank.core.io.FlashbankHome.journals().resolve(uid);
        assertThat(journal).as("journal of board " + uid).isDirectory();
        try (java.util.stream.Stream<Path> files = Files.list(journal)) {
            assertThat(files.toList()).as("option backup and bank contents journaled before the write").isNotEmpty();
        }
        assertThat(FlashbankConsole.get().lines()).anyMatch(l -> l.contains("do not remove power"));
    }

    @Test
    @Order(3)
    void rdpLevel2IsNotWrittenUnlessThePartNameIsTypedExactly() throws Exception {
        Workbench w = Workbench.open();
        SimulatedTarget board = w.defaultBoard();
        w.connectAndEdit(board);
        OptionBytesEditor ob = w.options();
        OptionBytes before = ((SimulatedBoard) board.board()).storedOptions();
        int backupsBefore = backups(w).size();

        RealInput.choose((Combo) ob.editor("RDP"), "level 2");
        OptionReviewDialog review = applyAndReview(ob);
        assertThat(review.irreversible()).isTrue();
        assertThat(review.twinPreview()).anyMatch(l -> l.contains("can NOT connect"));
        assertThat(review.writeButton().isEnabled()).isFalse();
        for (String typed : List.of("stm32f767zi", "STM32F767Z", "STM32F767ZI ", "STM32F767ZG")) {
            RealInput.retype(review.confirmationField(), typed);
            assertThat(review.writeButton().isEnabled()).as("typed %s", typed).isFalse();
            review.pressWrite();
        }
        RealInput.retype(review.confirmationField(), "STM32F767ZI");
        assertThat(review.writeButton().isEnabled()).isTrue();
        Screenshots.save(review.getShell(), "option-review-rdp-level-2");
        review.pressCancel();
        Ui.joinFamily(ob);
        assertThat(((SimulatedBoard) board.board()).storedOptions()).isEqualTo(before);

        // the operation itself refuses a wrong confirmation too (not only the dialog)
        Ui.join(ob.write(ob.editedOptions(), Confirmation.of(true, "stm32f767zi")));
        assertThat(((SimulatedBoard) board.board()).storedOptions()).isEqualTo(before);
        assertThat(ob.lastProblem()).contains("IRREVERSIBLE").contains("Nothing was written");
        assertThat(backups(w)).hasSize(backupsBefore);
        ob.revert();
        assertThat(ob.changes()).isEmpty();
    }

    @Test
    @Order(4)
    void rdpLevel2IsWrittenWithTheExactPartNameOnASecondBoard() throws Exception {
        Workbench w = Workbench.open();
        SimulatedTarget second = w.newBoardInEditor("STM32F767ZG");
        OptionBytesEditor ob = w.options();
        RealInput.choose((Combo) ob.editor("RDP"), "level 2");
        OptionReviewDialog review = applyAndReview(ob);
        assertThat(review.changesTable().getItem(0).getText(1)).isEqualTo(RiskClass.IRREVERSIBLE.name());
        RealInput.retype(review.confirmationField(), "STM32F767ZG");
        review.pressWrite();
        Ui.joinFamily(ob);
        assertThat(((SimulatedBoard) second.board()).storedOptions().rdpLevel()).isEqualTo(RdpLevel.LEVEL_2);
        assertThat(((SimulatedBoard) w.defaultBoard().board()).storedOptions().rdpLevel()).as("only the selected board")
                .isEqualTo(RdpLevel.LEVEL_0);
    }

    @Test
    @Order(5)
    void aWriteProtectedSectorInTheMapMakesTheDoctorReportMassEraseBlocked() throws Exception {
        Workbench w = Workbench.open();
        SimulatedTarget board = w.defaultBoard();
        w.connectAndEdit(board);
        OptionBytesEditor ob = w.options();

        TargetsView.DoctorJob clean = w.targets().doctor(board);
        Ui.join(clean);
        assertThat(clean.report().eraseCheck("mass erase").orElseThrow().wouldSucceed()).isTrue();

        click(ob.sectorMap(), 5);
        assertThat(((OptionBytes) ob.editedOptions()).isWriteProtected(5)).isTrue();
        assertThat(ob.changes()).extracting(c -> c.option()).containsExactly("nWRP5");
        OptionReviewDialog review = applyAndReview(ob);
        review.pressWrite();
        Ui.joinFamily(ob);
        assertThat(((SimulatedBoard) board.board()).storedOptions().isWriteProtected(5)).isTrue();

        TargetsView.DoctorJob doctor = w.targets().doctor(board);
        Ui.join(doctor);
        DoctorReport r = doctor.report();
        assertThat(r.eraseCheck("mass erase").orElseThrow().wouldSucceed()).isFalse();
        assertThat(r.finding(FindingCode.MASS_ERASE).orElseThrow().severity()).isEqualTo(Severity.ERROR);
        assertThat(r.finding(FindingCode.MASS_ERASE).orElseThrow().message()).contains("5");
        assertThat(w.targets().detailsText()).contains("MASS_ERASE");
    }

    @Test
    @Order(6)
    void screenshotOfADualBankF767WithOneWriteProtectedSector() throws Exception {
        Workbench w = Workbench.open();
        // the board just made (not one another test class left behind, which may carry write protection)
        SimulatedTarget board = w.newBoardInEditor("STM32F767ZI");
        OptionBytesEditor ob = w.options();

        RealInput.choose((Combo) ob.editor("nDBANK"), "dual bank");
        OptionReviewDialog review = applyAndReview(ob);
        assertThat(review.twinPreview()).anyMatch(l -> l.startsWith("Bank layout: dual bank, 24 sectors"));
        // nDBANK re-lays the flash (ERASES_FLASH): the write needs the erase box ticked, as --erase-all-flash
        assertThat(review.erasesFlash()).isTrue();
        assertThat(review.writeButton().isEnabled()).isFalse();
        review.pressWrite();
        assertThat(((SimulatedBoard) board.board()).storedOptions().bankMode()).as("nothing written without the tick")
                .isEqualTo(BankMode.SINGLE);
        review.eraseConfirmationBox().setSelection(true);
        review.eraseConfirmationBox().notifyListeners(SWT.Selection, new Event());
        assertThat(review.writeButton().isEnabled()).isTrue();
        review.pressWrite();
        Ui.joinFamily(ob);
        Ui.join(w.targets().reset(board));
        Ui.join(ob.refresh());
        assertThat(ob.originalOptions().bankMode()).isEqualTo(BankMode.DUAL);
        assertThat(board.board().geometry().sectors()).hasSize(24);

        click(ob.sectorMap(), 14); // bank 2; in dual-bank mode its nWRP bit also covers sector 15 (§1.5)
        review = applyAndReview(ob);
        review.pressWrite();
        Ui.joinFamily(ob);
        assertThat(((SimulatedBoard) board.board()).storedOptions().isWriteProtected(14)).isTrue();
        assertThat(((SimulatedBoard) board.board()).storedOptions().isWriteProtected(15)).as("same nWRP bit").isTrue();
        assertThat(Integer.bitCount(~((SimulatedBoard) board.board()).storedOptions().nWrp() & 0xFFF)).as("one nWRP bit").isEqualTo(1);

        IWorkbenchPage page = w.page();
        page.setPartState(page.getReference(ob), IWorkbenchPage.STATE_MAXIMIZED);
        Ui.drain();
        Path shot = Screenshots.save(w.window().getShell(), "option-bytes-editor-dual-bank-f767-wrp");
        page.setPartState(page.getReference(ob), IWorkbenchPage.STATE_RESTORED);
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    @Test
    @Order(7)
    void aBusyTargetSaysWhatItIsDoingAndClosingTheEditorCancelsItsJobs() throws Exception {
        Workbench w = Workbench.open();
        SimulatedTarget board = w.defaultBoard();
        w.connectAndEdit(board);
        CountDownLatch release = new CountDownLatch(1);
        TargetJob holder = new TargetJob("Holding the target for a test", board, null) {
            @Override
            protected String work(IProgressMonitor monitor) {
                try {
                    release.await(Ui.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "released";
            }
        };
        holder.schedule();
        Ui.pumpUntil("target busy", () -> board.busy() != null);
        Ui.pumpUntil("list shows busy", () -> w.targets().rows().stream().anyMatch(r -> r.contains("busy: Holding the target")));

        TargetJob refresh = w.options().refresh(); // waits for the target's rule
        IStatus[] result = new IStatus[1];
        refresh.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                result[0] = event.getResult();
            }
        });
        Ui.drain();
        assertThat(refresh.getState()).isEqualTo(Job.WAITING);
        w.page().closeEditor(w.options(), false); // closing the editor cancels what it started
        Ui.join(refresh);
        assertThat(result[0]).isNotNull();
        assertThat(result[0].getSeverity()).isEqualTo(IStatus.CANCEL);
        assertThat(refresh.outcome()).as("the canceled job never touched the target").isEmpty();

        release.countDown();
        Ui.join(holder);
        assertThat(board.busy()).isNull();
        assertThat(FlashbankConsole.get().lines()).anyMatch(l -> l.contains("Holding the target") && l.contains("released"));
    }

    @Test
    @Order(8)
    void workbenchShutdownCancelsARunningJobAtItsNextSafePoint() throws Exception {
        Workbench w = Workbench.open();
        SimulatedTarget board = w.defaultBoard();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch canceling = new CountDownLatch(1);
        TargetJob running = new TargetJob("Long operation", board, null) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException {
                started.countDown();
                try {
                    canceling.await(Ui.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // the next unit boundary: what the flash driver does between sectors/runs
                if (new MonitorProgress(monitor).isCanceled()) {
                    throw new FlashCanceledException(FlashOperation.SECTOR_ERASE, 1, 4, "whole sectors only");
                }
                return "not canceled";
            }

            @Override
            protected void canceling() {
                super.canceling();
                canceling.countDown();
            }
        };
        running.schedule();
        Ui.pumpUntil("job started", () -> started.getCount() == 0);
        FlashbankUiPlugin.cancelAndWait(); // what preShutdown and bundle stop do
        assertThat(running.getState()).isEqualTo(Job.NONE);
        assertThat(running.getResult().getSeverity()).isEqualTo(IStatus.CANCEL);
        assertThat(running.outcome()).startsWith("canceled:");
        Ui.drain();
        assertThat(board.busy()).isNull();
        assertThat(FlashbankConsole.get().lines()).anyMatch(l -> l.contains("Long operation") && l.contains("canceled"));
    }

    @Test
    @Order(9)
    void backupRestoreAndCopyAsCliCommand() throws Exception {
        Workbench w = Workbench.open();
        SimulatedTarget board = w.defaultBoard();
        w.connectAndEdit(board);
        OptionBytesEditor ob = w.options();
        Path dir = Files.createTempDirectory("fb-profiles");
        Path file = dir.resolve("saved" + OptionProfileFile.EXTENSION);
        ob.backupTo(file);
        assertThat(OptionProfileFile.read(file, InstalledFamilies.families()).options()).isEqualTo(ob.originalOptions());

        RealInput.choose((Combo) ob.editor("IWDG_SW"), "hardware IWDG");
        assertThat(ob.changes()).extracting(c -> c.option()).containsExactly("IWDG_SW");
        ob.copyCliCommand(); // the header toolbar's Copy as CLI command
        org.eclipse.swt.dnd.Clipboard cb = new org.eclipse.swt.dnd.Clipboard(ob.form().getDisplay());
        try {
            assertThat(cb.getContents(org.eclipse.swt.dnd.TextTransfer.getInstance()))
                    .isEqualTo("flashbank ob set " + board.cliTargetArgument() + " IWDG_SW=0");
        } finally {
            cb.dispose();
        }

        ob.restoreFrom(file);
        assertThat(ob.changes()).as("the saved profile is what the part has").isEmpty();

        Path f722 = dir.resolve("f722" + OptionProfileFile.EXTENSION);
        OptionProfileFile.write(f722, new dev.flashbank.core.ops.OptionProfile("STM32F722ZE", 512,
                OptionBytes.factory(dev.flashbank.family.stm32f7.Stm32F7Line.F72X_F73X), java.time.Instant.EPOCH, ""));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ob.restoreFrom(f722))
                .isInstanceOf(dev.flashbank.core.ops.OptionProfileException.class).hasMessageContaining("F72x");
        assertThat(ob.changes()).isEmpty();
    }

    @Test
    @Order(10)
    void pcropOnAnF722IsEditedInTheSameMap() throws Exception {
        Workbench w = Workbench.open();
        SimulatedTarget f722 = w.newBoardInEditor("STM32F722ZE");
        OptionBytesEditor ob = w.options();
        assertThat(FlashbankConsole.get().lines().stream()
                .filter(l -> l.contains("\u25B6 Reading option bytes") && l.contains(f722.displayName())))
                .as("connecting reads the options once").hasSize(1);
        assertThat(ob.editor("nDBANK")).as("no bank mode on F72x").isNull();
        assertThat(ob.editor("PCROP_RDP")).isNotNull();

        Rectangle r = ob.sectorMap().boundsOf(2);
        Event e = new Event();
        e.x = r.x + r.width / 2;
        e.y = r.y + r.height / 2;
        e.button = 1;
        e.stateMask = SWT.MOD1;
        ob.sectorMap().notifyListeners(SWT.MouseUp, e);
        Ui.drain();
        assertThat(((OptionBytes) ob.editedOptions()).isPcropProtected(2)).isTrue();
        assertThat(((OptionBytes) ob.editedOptions()).isWriteProtected(2)).isFalse();
        OptionReviewDialog review = applyAndReview(ob);
        assertThat(review.changesTable().getItem(0).getText(0)).isEqualTo("PCROP2");
        Screenshots.save(w.window().getShell(), "option-bytes-editor-f722-pcrop-review");
        review.pressWrite();
        Ui.joinFamily(ob);
        assertThat(((SimulatedBoard) f722.board()).storedOptions().isPcropProtected(2)).isTrue();
    }
}
