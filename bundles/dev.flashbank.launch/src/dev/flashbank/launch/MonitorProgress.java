package dev.flashbank.launch;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import dev.flashbank.core.flash.FlashProgress;

/**
 * {@link FlashProgress} over an Eclipse progress monitor: {@code begin} names the task and maps its units onto the
 * monitor's ticks, {@code worked} reports them, {@code isCanceled} is the monitor's cancel button. The core asks
 * {@code isCanceled} only between whole units, so a cancel never leaves a half-started erase or program run.
 */
final class MonitorProgress implements FlashProgress {

    private static final int TICKS = 10_000;

    private final IProgressMonitor monitor;
    private final SubMonitor sub;
    private long total = 1;
    private long done;
    private int reported;

    MonitorProgress(IProgressMonitor monitor, String name) {
        this.monitor = monitor;
        this.sub = SubMonitor.convert(monitor, name, TICKS);
    }

    @Override
    public void begin(String task, long totalUnits) {
        sub.subTask(task);
        total = Math.max(1, totalUnits);
        done = 0;
    }

    @Override
    public void worked(long units) {
        done = Math.min(total, done + Math.max(0, units));
        int ticks = (int) (TICKS * done / total);
        if (ticks > reported) {
            sub.worked(ticks - reported);
            reported = ticks;
        }
    }

    @Override
    public boolean isCanceled() {
        return monitor != null && monitor.isCanceled();
    }
}
