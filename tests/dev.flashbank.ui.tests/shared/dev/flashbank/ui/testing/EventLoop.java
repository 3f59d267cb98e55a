package dev.flashbank.ui.testing;

import java.util.function.BooleanSupplier;

import org.eclipse.swt.widgets.Display;

/**
 * Waiting on the UI thread without sleeping: the event loop runs (jobs' asyncExecs, paints, CSS) until a condition
 * holds; a timer wakes the loop so the deadline is looked at. Shared by both UI test fragments (see package-info).
 */
public final class EventLoop {

    public static final long TIMEOUT_MILLIS = 60_000;

    private EventLoop() {
    }

    public static void until(String what, BooleanSupplier condition) {
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

    /** Runs what is pending on the UI thread (asyncExecs, paints); nothing when not called on it. */
    public static void drain() {
        Display d = Display.getCurrent();
        if (d != null) {
            while (d.readAndDispatch()) {
                // keep going
            }
        }
    }
}
