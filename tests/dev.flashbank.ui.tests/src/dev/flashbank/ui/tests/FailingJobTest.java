package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.ui.progress.IProgressConstants;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.ops.OperationCanceledException;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.ui.jobs.JobFailure;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.GdbServerTarget;
import dev.flashbank.ui.model.SimulatedTarget;

/**
 * Issue 16 finding 5 (errors only in the console or a label that grows): a target job that fails ends with an ERROR
 * status that says what failed, on which target, why and what to do, which Eclipse shows as it shows every failed
 * job - an error dialog for a job the user started, the Progress view for one the IDE started - with one line on the
 * active part's status line; a canceled job ends with CANCEL_STATUS. Before: typed failures returned an INFO status
 * (no dialog, nothing on the status line) and a canceled operation was reported as a failure.
 */
class FailingJobTest {

    private Workbench w;
    private final List<Shell> dialogs = new ArrayList<>();
    private boolean automated;

    /**
     * The test harness runs the workbench in "automated mode", where the workbench's status handler opens no error
     * dialog at all; these tests are about that dialog, so they run as a user's workbench does.
     */
    @BeforeEach
    void showErrorDialogsAsForAUser() {
        automated = ErrorDialog.AUTOMATED_MODE;
        ErrorDialog.AUTOMATED_MODE = false;
    }

    @AfterEach
    void closeLeftDialogs() {
        ErrorDialog.AUTOMATED_MODE = automated;
        for (Shell s : Display.getCurrent().getShells()) {
            if (s.isVisible() && (dialogs.contains(s) || w != null && s != w.window().getShell())) {
                s.close(); // a dialog a failed step left open
            }
        }
        Ui.drain();
        if (w != null) {
            w.window().getShell().forceActive();
            Ui.drain();
        }
    }

    /**
     * The user presses Connect on a gdbserver target nobody serves: the workbench's error dialog names the operation,
     * the target and the reason; the status line of the Targets view says the same in one line; OK (clicked) closes
     * the dialog.
     */
    @Test
    void aConnectThatFailsShowsAnErrorDialogAndTheStatusLine() throws Exception {
        w = Workbench.open();
        GdbServerTarget t = w.targets().addGdbServer("127.0.0.1:" + unusedPort());
        Ui.drain();
        w.targets().select(t);
        Ui.drain();
        List<TargetJob> started = jobsOn(t);
        Shell window = w.window().getShell();
        clickToolItem(window, "Connect");
        Ui.pumpUntil("the Connect job to end", () -> !started.isEmpty() && started.get(0).getState() == Job.NONE);
        TargetJob connect = started.get(0);
        IStatus result = connect.getResult();
        assertThat(result.getSeverity()).as(result.toString()).isEqualTo(IStatus.ERROR);
        assertThat(result.getCode()).isEqualTo(JobFailure.FAILED);
        assertThat(result.getMessage()).startsWith("Connecting on " + t.displayName() + " failed: ");
        assertThat(connect.failure()).isInstanceOf(TargetException.class);
        assertThat(result.getException()).as("no stack trace for the workspace log: not a bug").isNull();
        assertThat(result.getMessage().lines()).as("what to do, in the message the dialog shows")
                .anyMatch(m -> m.startsWith("What to do: ") && m.contains("Connect again"));

        Shell dialog = awaitDialogSaying(window, "Connecting on " + t.displayName() + " failed");
        Screenshots.save(dialog, "failing-job-error-dialog");
        String line = JobFailure.firstLine(result);
        Ui.pumpUntil("the error on the status line", () -> statusLineTexts(window).contains(line));
        Screenshots.save(window, "failing-job-status-line");

        Button ok = all(dialog).stream().filter(c -> c instanceof Button b && b.getText().replace("&", "")
                .equals("OK")).map(Button.class::cast).findFirst().orElseThrow();
        RealInput.press(ok);
        Ui.pumpUntil("the error dialog closed", dialog::isDisposed);
        assertThat(t.problem()).as("the Targets view says why").isNotBlank();
    }

    /**
     * A refusal in a job the IDE started (not the user): an ERROR status with the refusal's fixes as "What to do"
     * and no dialog the user did not ask for (the Progress view keeps it); a reason of many lines puts only its first
     * on the status line, which keeps its height, and the Targets view keeps its layout.
     */
    @Test
    void aRefusalSaysWhatToDoAndGrowsNoLabel() throws Exception {
        w = Workbench.open();
        SimulatedTarget t = w.targets().manager().simulatedTargets().get(0);
        w.targets().select(t);
        Ui.drain();
        Shell window = w.window().getShell();
        Composite targetsView = targetsViewContent(window, t);
        java.util.Map<Control, Rectangle> layoutBefore = bounds(targetsView);
        String reason = "sector 5 is write-protected (nWRP5 = 0)." + "\nthe protection covers this line too".repeat(40);
        TargetJob refused = new TargetJob("Erasing", t, null) {
            @Override
            protected String work(IProgressMonitor monitor) throws OperationRefusedException {
                throw new OperationRefusedException("Erase", reason, List.of(
                        "flashbank ob set nWRP5=1 (IDE: Option Bytes editor, untick write protection)"), null);
            }
        };
        refused.setUser(false);
        int statusLineHeight = statusLineHeight(window);
        refused.schedule();
        Ui.join(refused);
        IStatus result = refused.getResult();
        assertThat(result.getSeverity()).isEqualTo(IStatus.ERROR);
        assertThat(result.getCode()).isEqualTo(JobFailure.REFUSED);
        assertThat(result.getMessage()).startsWith("Erasing on " + t.displayName() + " was refused: Erase refused: "
                + "sector 5 is write-protected").endsWith("Nothing was written.\nWhat to do: flashbank ob set "
                        + "nWRP5=1 (IDE: Option Bytes editor, untick write protection)");
        assertThat(refused.getProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY))
                .as("a job the user did not start shows its error in the Progress view, not in a dialog")
                .isEqualTo(Boolean.TRUE);
        String line = "Erasing on " + t.displayName() + " was refused: Erase refused: sector 5 is write-protected "
                + "(nWRP5 = 0).";
        Ui.pumpUntil("the first line on the status line", () -> statusLineTexts(window).contains(line));
        assertThat(statusLineTexts(window)).noneMatch(s -> s.contains("covers this line too"));
        assertThat(statusLineHeight(window)).as("the status line keeps its height").isEqualTo(statusLineHeight);
        Ui.pumpUntil("the Targets view shows the problem", () -> w.targets().detailsText().contains("nWRP5"));
        assertThat(bounds(targetsView)).as("every control of the Targets view keeps its place and size")
                .isEqualTo(layoutBefore);
    }

    /**
     * A Cancel: the core stopped between whole units and said what it left; the job ends with CANCEL_STATUS (no error
     * dialog), the target is not busy and not marked failed.
     */
    @Test
    void aCanceledOperationEndsWithCancelStatus() throws Exception {
        w = Workbench.open();
        SimulatedTarget t = w.targets().manager().simulatedTargets().get(0);
        TargetJob canceled = new TargetJob("Programming", t, null) {
            @Override
            protected String work(IProgressMonitor monitor) throws OperationCanceledException {
                throw new OperationCanceledException("Program", "sectors 0-3 programmed and verified, sectors 4-7 "
                        + "untouched");
            }
        };
        canceled.schedule();
        Ui.join(canceled);
        assertThat(canceled.getResult()).isSameAs(org.eclipse.core.runtime.Status.CANCEL_STATUS);
        assertThat(canceled.outcome()).isEqualTo("canceled: Program canceled: sectors 0-3 programmed and verified, "
                + "sectors 4-7 untouched");
        assertThat(t.busy()).isNull();
        assertThat(t.problem()).isNull();
    }

    // ------------------------------------------------------------------ helpers

    /** The target jobs scheduled on {@code t} from now on. */
    private static List<TargetJob> jobsOn(Object t) {
        List<TargetJob> jobs = new java.util.concurrent.CopyOnWriteArrayList<>();
        Job.getJobManager().addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void scheduled(IJobChangeEvent event) {
                if (event.getJob() instanceof TargetJob j && j.belongsTo(t)) {
                    jobs.add(j);
                    Job.getJobManager().removeJobChangeListener(this);
                }
            }
        });
        return jobs;
    }

    /** Clicks the tool item whose tool tip is {@code tip} (a view's toolbar) with the mouse. */
    private static void clickToolItem(Shell shell, String tip) {
        ToolItem item = all(shell).stream().filter(c -> c instanceof ToolBar tb && tb.isVisible())
                .flatMap(c -> Arrays.stream(((ToolBar) c).getItems()))
                .filter(i -> tip.equals(i.getToolTipText()) && i.isEnabled()).findFirst()
                .orElseThrow(() -> new AssertionError("no enabled tool item '" + tip + "'"));
        Rectangle r = item.getBounds();
        RealInput.clickAt(item.getParent(), r.x + r.width / 2, r.y + r.height / 2, 0);
    }

    /** Waits for a shell other than {@code window} that shows {@code text}; remembers it for the clean-up. */
    private Shell awaitDialogSaying(Shell window, String text) {
        Shell[] found = { null };
        try {
            Ui.pumpUntil("a dialog saying '" + text + "'", () -> {
                for (Shell s : Display.getCurrent().getShells()) {
                    if (s != window && !s.isDisposed() && s.isVisible() && texts(s).stream()
                            .anyMatch(x -> x.contains(text))) {
                        found[0] = s;
                        return true;
                    }
                }
                return false;
            });
        } catch (AssertionError e) {
            List<String> shells = new ArrayList<>();
            for (Shell s : Display.getCurrent().getShells()) {
                shells.add("'" + s.getText() + "' visible=" + s.isVisible() + " " + texts(s));
            }
            try {
                Screenshots.save(window, "failing-job-no-dialog");
            } catch (java.io.IOException io) {
                e.addSuppressed(io);
            }
            throw new AssertionError(e.getMessage() + "; shells: " + shells, e);
        }
        dialogs.add(found[0]);
        return found[0];
    }

    /** The Targets view's content: the parent of the table that lists {@code t}. */
    private static Composite targetsViewContent(Shell window, Object t) {
        return all(window).stream().filter(c -> c instanceof org.eclipse.swt.widgets.Table table && table.isVisible()
                && Arrays.stream(table.getItems()).anyMatch(i -> i.getData() == t)).findFirst()
                .map(c -> c.getParent() instanceof org.eclipse.swt.custom.SashForm sash ? sash.getParent() : c.getParent())
                .orElseThrow(() -> new AssertionError("no Targets table listing " + t));
    }

    private static java.util.Map<Control, Rectangle> bounds(Composite c) {
        java.util.Map<Control, Rectangle> out = new java.util.LinkedHashMap<>();
        for (Control x : all(c)) {
            if (x.isVisible()) {
                out.put(x, x.getBounds());
            }
        }
        return out;
    }

    private static List<String> statusLineTexts(Shell window) {
        return all(window).stream().filter(c -> c instanceof CLabel && c.isVisible())
                .map(c -> Optional.ofNullable(((CLabel) c).getText()).orElse("")).toList();
    }

    /** The height of the status line's message label (the CLabel at the bottom of the window). */
    private static int statusLineHeight(Shell window) {
        return all(window).stream().filter(c -> c instanceof CLabel && c.isVisible())
                .mapToInt(c -> c.getSize().y).max().orElse(0);
    }

    private static List<String> texts(Composite c) {
        List<String> out = new ArrayList<>();
        for (Control x : all(c)) {
            if (x instanceof Label l) {
                out.add(l.getText());
            } else if (x instanceof Text t) {
                out.add(t.getText());
            } else if (x instanceof CLabel l && l.getText() != null) {
                out.add(l.getText());
            } else if (x instanceof org.eclipse.swt.widgets.Link l) {
                out.add(l.getText());
            }
        }
        return out;
    }

    private static List<Control> all(Composite c) {
        List<Control> out = new ArrayList<>();
        for (Control x : c.getChildren()) {
            out.add(x);
            if (x instanceof Composite cc) {
                out.addAll(all(cc));
            }
        }
        return out;
    }

    private static int unusedPort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed again: nobody serves it
        }
    }
}
