package dev.flashbank.ui;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchListener;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.osgi.framework.BundleContext;

import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.TargetManager;

/**
 * Activator of the Flashbank UI bundle: owns the workspace's {@link TargetManager} (boards under the bundle's state
 * location, backups in the folder of the Flashbank preferences) and cancels running target jobs cleanly when the workbench shuts down.
 */
public final class FlashbankUiPlugin extends AbstractUIPlugin {

    public static final String PLUGIN_ID = "dev.flashbank.ui";
    /** How long shutdown waits for a canceled job to reach its next cancellation point. */
    public static final long SHUTDOWN_JOIN_MILLIS = 10_000;

    private static FlashbankUiPlugin instance;

    private TargetManager targets;
    private IWorkbenchListener shutdownListener;
    /** Reloads boards a launch or the command line wrote (every view showing them refreshes). */
    private BoardFileWatcher boardWatcher;

    @Override
    public void start(BundleContext context) throws Exception {
        super.start(context);
        instance = this;
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        cancelAndWait();
        synchronized (this) {
            if (targets != null) {
                targets.shutdown();
            }
        }
        instance = null;
        super.stop(context);
    }

    public static FlashbankUiPlugin getDefault() {
        return instance;
    }

    /** The targets of this workspace (created on first use; call {@link TargetManager#load()} from a job). */
    public synchronized TargetManager targets() {
        if (targets == null) {
            targets = new TargetManager(getStateLocation().toFile().toPath());
            // waiting for a board another program holds, reloading one it changed: said where operations are logged
            targets.addNoticeListener(line -> {
                if (dev.flashbank.ui.preferences.FlashbankPreferences.boardNotices()) {
                    dev.flashbank.ui.console.FlashbankConsole.get().log("\u2139 " + line);
                }
            });
            if (PlatformUI.isWorkbenchRunning()) {
                boardWatcher = new BoardFileWatcher(targets);
                boardWatcher.start();
                shutdownListener = new IWorkbenchListener() {
                    @Override
                    public boolean preShutdown(IWorkbench workbench, boolean forced) {
                        boardWatcher.stop();
                        cancelAndWait();
                        return true;
                    }

                    @Override
                    public void postShutdown(IWorkbench workbench) {
                        targets.shutdown();
                    }
                };
                PlatformUI.getWorkbench().addWorkbenchListener(shutdownListener);
            }
        }
        return targets;
    }

    /**
     * Cancels every Flashbank job and waits (bounded) for each to stop at its next cancellation point: the flash driver
     * only stops between whole units, so the target is never left with a half-started operation.
     */
    public static void cancelAndWait() {
        Job.getJobManager().cancel(TargetJob.FAMILY);
        long deadline = System.currentTimeMillis() + SHUTDOWN_JOIN_MILLIS;
        for (Job j : Job.getJobManager().find(TargetJob.FAMILY)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            try {
                j.join(left, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
