package dev.flashbank.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import dev.flashbank.core.flash.FlashProgress;

/** The core's {@link FlashProgress} on an Eclipse progress monitor: begin = setWorkRemaining, Cancel passes through. */
public final class MonitorProgress implements FlashProgress {

    private final SubMonitor monitor;

    public MonitorProgress(IProgressMonitor monitor) {
        this.monitor = SubMonitor.convert(monitor);
    }

    @Override
    public void begin(String task, long totalUnits) {
        monitor.subTask(task);
        monitor.setWorkRemaining((int) Math.min(Integer.MAX_VALUE, Math.max(1, totalUnits)));
    }

    @Override
    public void worked(long units) {
        monitor.worked((int) Math.min(Integer.MAX_VALUE, units));
    }

    @Override
    public boolean isCanceled() {
        return monitor.isCanceled();
    }
}
