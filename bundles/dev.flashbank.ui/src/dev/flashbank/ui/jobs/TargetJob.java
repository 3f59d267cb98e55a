package dev.flashbank.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.progress.IProgressConstants;

import dev.flashbank.core.flash.FlashCanceledException;
import dev.flashbank.core.ops.OperationCanceledException;
import dev.flashbank.core.ops.OperationException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.ui.FlashbankUiPlugin;
import dev.flashbank.ui.console.FlashbankConsole;
import dev.flashbank.ui.model.FlashbankTarget;

/**
 * A job that does I/O on one target: holds the target's scheduling rule (so no two jobs touch it at once), shows
 * "what it is doing" on the target while it runs, and logs the operation and its outcome to the Flashbank console.
 * A failure ends the job with an ERROR status (see {@link JobFailure}: what failed, on which target, why, what to do),
 * which Eclipse shows as it shows every failed job (error dialog for a user job, Progress view), plus one line on
 * the active part's status line and the target's problem in the Targets view; a Cancel ends it with
 * {@link Status#CANCEL_STATUS} after the core stopped between whole units. The job belongs to {@link #FAMILY} and to
 * its owner so that closing a view or the workbench cancels it.
 */
public abstract class TargetJob extends Job {

    /** Family of every Flashbank target job. */
    public static final Object FAMILY = new Object();

    protected final FlashbankTarget target;
    /** The operation without the target ("Erasing"), as the failure's message says it. */
    private final String action;
    private final Object owner;
    private volatile String outcome = "";
    private volatile Throwable failure;

    private final boolean writesTarget;

    /** Guards {@link #waitingForTurn}: a Cancel interrupts the job's thread only while it waits for its turn. */
    private final Object turnWait = new Object();
    private boolean waitingForTurn;

    /** A job that may change the target. */
    protected TargetJob(String name, FlashbankTarget target, Object owner) {
        this(name, target, owner, true);
    }

    /** @param writesTarget false for a job that only reads (see {@link #writesTarget()}) */
    protected TargetJob(String name, FlashbankTarget target, Object owner, boolean writesTarget) {
        super(name + " \u2014 " + target.displayName());
        this.action = name;
        this.target = target;
        this.owner = owner;
        this.writesTarget = writesTarget;
        setRule(target.rule());
        setUser(true);
    }

    /** The work; returns a one-line outcome for the console. */
    protected abstract String work(IProgressMonitor monitor) throws TargetException, OperationException;

    @Override
    protected final IStatus run(IProgressMonitor monitor) {
        FlashbankConsole console = FlashbankConsole.get();
        String what = getName();
        target.setBusy(action); // beside the target's name wherever it shows (Targets view row, its editor, views)
        console.log("\u25B6 " + what);
        try {
            if (monitor.isCanceled()) {
                throw new FlashCanceledException(dev.flashbank.core.flash.FlashOperation.WAIT_IDLE, 0, 1,
                        "canceled before it started");
            }
            // the target's turn (a simulated board: its file locked, reloaded if changed, saved if changed) for the work
            try (FlashbankTarget.JobTurn turn = beginTurn(what)) {
                if (monitor.isCanceled()) {
                    throw new FlashCanceledException(dev.flashbank.core.flash.FlashOperation.WAIT_IDLE, 0, 1,
                            "canceled while waiting for the target");
                }
                try {
                    outcome = work(monitor);
                } finally {
                    if (writesTarget) {
                        reidentify();
                    }
                }
            }
            target.setProblem(null);
            console.log("\u2714 " + what + ": " + outcome);
            JobStatusLine.clearError();
            return Status.OK_STATUS;
        } catch (FlashCanceledException | OperationCanceledException e) {
            // the core stops between whole units and says what it left (the turn above saved the board as it is)
            failure = e;
            outcome = "canceled: " + e.getMessage();
            console.log("\u25A0 " + what + ": " + outcome);
            return Status.CANCEL_STATUS;
        } catch (TargetException | OperationException e) {
            return failed(JobFailure.of(action, target.displayName(), e), e, "FAILED: ");
        } catch (RuntimeException e) {
            IStatus s = JobFailure.internal(action, target.displayName(), e);
            // a bug: its trace belongs in the workspace log (a target's refusal or failure does not - it is the
            // user's situation, said in the dialog, the console, the status line and the Targets view)
            FlashbankUiPlugin.getDefault().getLog().log(s);
            return failed(s, e, "FAILED (internal error): ");
        } finally {
            target.setBusy(null);
            done();
        }
    }

    /**
     * A failure: the ERROR status goes back to the job manager (error dialog for a job the user started, Progress
     * view entry for one the IDE started - not a dialog the user did not ask for), its first line to the status line
     * and to the target's problem, the whole text to the console.
     */
    private IStatus failed(IStatus status, Throwable e, String prefix) {
        failure = e;
        outcome = prefix + status.getMessage();
        // the Targets view names the target already: its problem is the reason (a bug: the whole outcome)
        target.setProblem(e instanceof RuntimeException ? outcome : e.getMessage());
        FlashbankConsole.get().log("\u2718 " + getName() + ": " + outcome.replace("\n", "\n    "));
        if (!isUser()) {
            setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
        }
        JobStatusLine.showError(status);
        return status;
    }

    /**
     * After a job that may have written (options, a switch, a reset), the target is identified again while the job
     * still holds it: the connection's identity (options, bank mode, mapping) is what the Targets list and details,
     * and every view listening to the target, show - without it they kept the board as it was before the write.
     * A target that is not connected (or was deleted) stays so; a failed identify leaves the job's own outcome to say
     * what went wrong.
     */
    private void reidentify() {
        if (!target.isConnected()) {
            return;
        }
        try {
            target.reidentify();
        } catch (TargetException e) {
            FlashbankConsole.get().log("\u2718 " + getName() + ": could not identify the target again after it: "
                    + e.getMessage());
        }
    }

    /**
     * Takes the target's turn. Waiting for a board another program holds can take as long as that program runs, so a
     * Cancel during the wait interrupts it ({@link #canceling()}); once the turn is taken no interrupt reaches the job,
     * because an interrupt would close the channels of the transport in the middle of a flash operation.
     */
    private FlashbankTarget.JobTurn beginTurn(String what) throws TargetException {
        synchronized (turnWait) {
            waitingForTurn = true;
        }
        try {
            return target.beginJob(what);
        } catch (TargetException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new FlashCanceledException(dev.flashbank.core.flash.FlashOperation.WAIT_IDLE, 0, 1,
                        "canceled while waiting for the target: " + e.getMessage());
            }
            throw e;
        } finally {
            synchronized (turnWait) {
                waitingForTurn = false;
                Thread.interrupted(); // a Cancel that came while waiting must not reach the target I/O
            }
        }
    }

    @Override
    protected void canceling() {
        synchronized (turnWait) {
            Thread t = getThread();
            if (waitingForTurn && t != null) {
                t.interrupt();
            }
        }
    }

    /**
     * Whether this job may change the target (flash, option bytes, SWP_FB, reset state). Views that cache what they
     * read (the bank browser) drop their cache after every job that may write; jobs that only read say false so
     * that two views do not wake each other forever. Unknown jobs are assumed to write.
     */
    public final boolean writesTarget() {
        return writesTarget;
    }

    /** Called on the job thread after the work, success or not. */
    protected void done() {
    }

    /** The target this job works on. */
    public FlashbankTarget target() {
        return target;
    }

    public String outcome() {
        return outcome;
    }

    public Throwable failure() {
        return failure;
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY || (owner != null && family == owner) || family == target;
    }
}
