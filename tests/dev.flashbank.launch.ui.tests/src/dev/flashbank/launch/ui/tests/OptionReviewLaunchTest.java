package dev.flashbank.launch.ui.tests;

import static dev.flashbank.core.launch.LaunchAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.core.launch.LaunchSpec;
import dev.flashbank.core.ops.OptionProfile;
import dev.flashbank.core.ops.OptionProfileFile;
import dev.flashbank.launch.FlashbankLaunchLog;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.state.BoardStateFile;
import dev.flashbank.launch.ui.OptionReviewPrompter;
import dev.flashbank.ui.options.OptionReviewDialog;

/**
 * Issue 14 item 4 in the workbench: an Option Bytes launch whose profile re-lays the flash (nDBANK) asks at run time
 * in the option review dialog - the launch file holds no confirmation - and writes only after the erase box is ticked;
 * canceling the review writes nothing.
 */
class OptionReviewLaunchTest {

    @TempDir
    Path tmp;

    @AfterEach
    void tearDown() throws CoreException {
        for (ILaunchConfiguration c : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations()) {
            c.delete();
        }
    }

    ILaunchConfigurationWorkingCopy optionLaunch(String name, OptionBytes options) throws Exception {
        Path profile = tmp.resolve(name + ".fbopt");
        OptionProfileFile.write(profile, new OptionProfile("STM32F767ZI", 2048, options, Instant.now(), name));
        ILaunchManager m = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationWorkingCopy wc = m.getLaunchConfigurationType(TYPE_OPTION_BYTES).newInstance(null, name);
        wc.setAttribute(TARGET_KIND, LaunchSpec.TargetKind.SIMULATED.name());
        wc.setAttribute(SIM_STATE_FILE, tmp.resolve("board.fbboard").toString());
        wc.setAttribute(SIM_PART, "STM32F767ZI");
        wc.setAttribute(OPTION_PROFILE, profile.toString());
        wc.setAttribute(RESET_AND_RUN, false);
        wc.setAttribute(BACKUP_DIR, tmp.resolve("backups").toString());
        return wc;
    }

    /** Runs the launch on a worker thread while the UI thread dispatches events; the launch's outcome. */
    static final AtomicReference<ILaunch> lastLaunch = new AtomicReference<>();

    static AtomicReference<Throwable> launchInBackground(ILaunchConfigurationWorkingCopy wc, Thread[] worker) {
        Display display = PlatformUI.getWorkbench().getDisplay();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        worker[0] = new Thread(() -> {
            try {
                lastLaunch.set(wc.doSave().launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()));
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                display.wake();
            }
        }, "option-bytes-launch");
        worker[0].start();
        return failure;
    }

    /**
     * Answers the review when its shell is shown: the dialog runs its own modal event loop, so the user's action is
     * posted from a Show filter into that loop (as a user's clicks would arrive), never by waiting.
     */
    static AtomicReference<OptionReviewDialog> answerReview(java.util.function.Consumer<OptionReviewDialog> user) {
        Display display = PlatformUI.getWorkbench().getDisplay();
        AtomicReference<OptionReviewDialog> seen = new AtomicReference<>();
        org.eclipse.swt.widgets.Listener[] filter = new org.eclipse.swt.widgets.Listener[1];
        filter[0] = e -> {
            OptionReviewDialog d = OptionReviewPrompter.openDialog();
            if (d != null && e.widget == d.getShell() && seen.compareAndSet(null, d)) {
                display.removeFilter(SWT.Show, filter[0]);
                display.asyncExec(() -> user.accept(d));
            }
        };
        display.addFilter(SWT.Show, filter[0]);
        return seen;
    }

    static void awaitEnd(Thread worker) {
        Display display = PlatformUI.getWorkbench().getDisplay();
        while (worker.isAlive()) {
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
    }

    @Test
    void anErasingProfileIsConfirmedInTheReviewAtRunTime() throws Exception {
        OptionBytes single = OptionBytes.factory(Stm32F7Line.F76X_F77X)
                .withBorLevel(dev.flashbank.family.stm32f7.Stm32F7OptionFields.BorLevel.LEVEL_1);
        BoardStateFile.save(SimulatedBoards.create("STM32F767ZI"), tmp.resolve("board.fbboard"));
        // a harmless first profile (BOR level: nothing to confirm, no dialog)
        Thread[] w = new Thread[1];
        AtomicReference<Throwable> first = launchInBackground(optionLaunch("bor", single), w);
        awaitEnd(w[0]);
        assertThat(first.get()).as("a safe profile runs without a review").isNull();
        Path board = tmp.resolve("board.fbboard");
        assertThat(board).exists();

        // canceled review: nothing written
        byte[] before = Files.readAllBytes(board);
        AtomicReference<Boolean> writeEnabledBeforeTick = new AtomicReference<>();
        AtomicReference<OptionReviewDialog> review = answerReview(d -> {
            writeEnabledBeforeTick.set(d.writeButton().isEnabled());
            d.pressCancel();
        });
        AtomicReference<Throwable> canceled = launchInBackground(optionLaunch("dual", single.withBankMode(BankMode.DUAL)), w);
        awaitEnd(w[0]);
        assertThat(review.get()).as("the launch asked in the review dialog").isNotNull();
        assertThat(review.get().erasesFlash()).isTrue();
        assertThat(writeEnabledBeforeTick.get()).as("write disabled until the erase box is ticked").isFalse();
        assertThat(canceled.get()).isInstanceOf(CoreException.class);
        assertThat(((CoreException) canceled.get()).getStatus().getSeverity()).isEqualTo(IStatus.CANCEL);
        assertThat(Files.readAllBytes(board)).as("board after a canceled review").isEqualTo(before);

        // ticked: written
        AtomicReference<Boolean> writeEnabledAfterTick = new AtomicReference<>();
        review = answerReview(d -> {
            d.eraseConfirmationBox().setSelection(true);
            d.eraseConfirmationBox().notifyListeners(SWT.Selection, new Event());
            writeEnabledAfterTick.set(d.writeButton().isEnabled());
            d.pressWrite();
        });
        AtomicReference<Throwable> done = launchInBackground(optionLaunch("dual2", single.withBankMode(BankMode.DUAL)), w);
        awaitEnd(w[0]);
        assertThat(review.get()).isNotNull();
        assertThat(writeEnabledAfterTick.get()).isTrue();
        assertThat(done.get()).isNull();
        assertThat(lastLaunch.get().getAttribute(FlashbankLaunchLog.STATUS)).startsWith("OK: STM32F767ZI: wrote nDBANK");
        // the same profile again: already applied, nothing to confirm, nothing written, no review
        review = answerReview(OptionReviewDialog::pressCancel);
        AtomicReference<Throwable> again = launchInBackground(optionLaunch("dual3", single.withBankMode(BankMode.DUAL)), w);
        awaitEnd(w[0]);
        assertThat(again.get()).isNull();
        assertThat(lastLaunch.get().getAttribute(FlashbankLaunchLog.STATUS)).contains("already have the requested values");
        assertThat(review.get()).as("no review for a launch that changes nothing").isNull();
    }
}
