package dev.flashbank.ui.tests.banks;

import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;

/** Waiting on the UI thread without sleeping (the event loop runs, a timer wakes it for the deadline). */
final class BanksUi {

    static final long TIMEOUT_MILLIS = 60_000;

    private BanksUi() {
    }

    static void pumpUntil(String what, BooleanSupplier condition) {
        Display d = Display.getCurrent();
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
        Runnable wake = new Runnable() {
            @Override
            public void run() {
                if (!d.isDisposed()) {
                    d.timerExec(50, this);
                }
            }
        };
        d.timerExec(50, wake);
        try {
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out waiting for " + what);
                }
                if (!d.readAndDispatch()) {
                    d.sleep();
                }
            }
        } finally {
            d.timerExec(-1, wake);
        }
        drain();
    }

    static void drain() {
        Display d = Display.getCurrent();
        while (d.readAndDispatch()) {
            // keep going
        }
    }

    static void join(Job job) {
        pumpUntil(job.getName(), () -> job.getState() == Job.NONE);
    }

    static boolean noJobs(Object family) {
        return Job.getJobManager().find(family).length == 0;
    }
}
