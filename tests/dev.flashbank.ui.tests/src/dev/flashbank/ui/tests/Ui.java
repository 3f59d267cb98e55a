package dev.flashbank.ui.tests;

import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;

import dev.flashbank.ui.testing.EventLoop;

/**
 * Waiting on the UI thread without blocking it and without sleeping: the event loop keeps running (so jobs can post
 * their results with asyncExec) until a condition holds; a timer wakes the loop so the deadline is checked.
 */
public final class Ui {

    public static final long TIMEOUT_MILLIS = EventLoop.TIMEOUT_MILLIS;

    private Ui() {
    }

    /** {@link EventLoop#until}: the event loop runs until {@code condition} holds; fails after the timeout. */
    public static void pumpUntil(String what, BooleanSupplier condition) {
        EventLoop.until(what, condition);
    }

    /** Runs pending UI events (asyncExecs posted by finished jobs). */
    public static void drain() {
        EventLoop.drain();
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
