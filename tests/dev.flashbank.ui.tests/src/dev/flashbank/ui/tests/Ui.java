package dev.flashbank.ui.tests;

import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;

/**
 * Waiting on the UI thread without blocking it and without sleeping: the event loop keeps running (so jobs can post
 * their results with asyncExec) until a condition holds; a timer wakes the loop so the deadline is checked.
 */
public final class Ui {

    public static final long TIMEOUT_MILLIS = 60_000;

    private Ui() {
    }

    public static void pumpUntil(String what, BooleanSupplier condition) {
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

    /** Runs pending UI events (asyncExecs posted by finished jobs). */
    public static void drain() {
        Display d = Display.getCurrent();
        while (d.readAndDispatch()) {
            // keep going
        }
    }

    /** Waits until no job of {@code family} is waiting or running, keeping the UI alive. */
    public static void joinFamily(Object family) {
        pumpUntil("jobs of " + family, () -> Job.getJobManager().find(family).length == 0);
    }

    public static void join(Job job) {
        pumpUntil(job.getName(), () -> job.getState() == Job.NONE);
    }

    /** A user's selection in a widget (Combo, Button...). */
    public static void select(Control c) {
        c.notifyListeners(SWT.Selection, new Event());
        drain();
    }

    public static boolean noJobs(Object family) {
        return Job.getJobManager().find(family).length == 0;
    }
}
