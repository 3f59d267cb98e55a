package dev.flashbank.ui;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchesListener2;

import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.model.TargetManager;

/**
 * Shows every write to a simulated board that did not come from this workspace's jobs: a launch (told at once when it
 * terminates, after it saved the board) and the command line or another workbench (a light poll of each board file's
 * stamp, {@link TargetManager#changedOnDisk}). A changed board is reloaded by a {@link TargetJob} that only takes the
 * board's turn - the turn reloads a board whose file changed, so the Targets view, the Flash Banks view and the Option
 * Bytes editor show what the file holds, and the next save of the workspace never writes the old copy back over it.
 */
final class BoardFileWatcher {

    /** How often board files are checked for writes by other programs. */
    static final long POLL_MILLIS = 2_000;

    private final TargetManager manager;
    /** Boards with a reload scheduled and not yet done (one reload per write). */
    private final Set<SimulatedTarget> reloading = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    private final ILaunchesListener2 launches = new ILaunchesListener2() {
        @Override
        public void launchesTerminated(ILaunch[] l) {
            check();
        }

        @Override
        public void launchesRemoved(ILaunch[] l) {
        }

        @Override
        public void launchesAdded(ILaunch[] l) {
        }

        @Override
        public void launchesChanged(ILaunch[] l) {
        }
    };

    private final Job poll = new Job("Watching Flashbank board files") {
        @Override
        protected IStatus run(IProgressMonitor monitor) {
            check();
            if (!stopped) {
                schedule(POLL_MILLIS);
            }
            return Status.OK_STATUS;
        }
    };

    BoardFileWatcher(TargetManager manager) {
        this.manager = manager;
        poll.setSystem(true);
    }

    void start() {
        DebugPlugin.getDefault().getLaunchManager().addLaunchListener(launches);
        poll.schedule(POLL_MILLIS);
    }

    void stop() {
        stopped = true;
        poll.cancel();
        DebugPlugin d = DebugPlugin.getDefault();
        if (d != null) {
            d.getLaunchManager().removeLaunchListener(launches);
        }
    }

    /** Schedules a reload of every idle board whose file someone else wrote. */
    void check() {
        if (stopped) {
            return;
        }
        for (SimulatedTarget t : manager.changedOnDisk()) {
            // a busy board is inside a job of its own, whose turn reloads or saves it
            if (t.busy() == null && reloading.add(t)) {
                new Reload(t).schedule();
            }
        }
    }

    /** A job that takes the board's turn and does nothing else: the turn reloads what the file holds. */
    private final class Reload extends TargetJob {
        private final SimulatedTarget board;

        Reload(SimulatedTarget t) {
            super("Reloading (board file written outside this workspace)", t, BoardFileWatcher.this, true);
            this.board = t;
            setUser(false);
            setSystem(true);
        }

        @Override
        protected String work(IProgressMonitor monitor) {
            return "showing " + board.stateFile() + " as it is now";
        }

        @Override
        protected void done() {
            reloading.remove(board);
        }
    }
}
