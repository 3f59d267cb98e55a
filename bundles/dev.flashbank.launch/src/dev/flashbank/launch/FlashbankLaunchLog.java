package dev.flashbank.launch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.debug.core.ILaunch;

import dev.flashbank.core.doctor.DoctorReport;

/**
 * Where a Flashbank launch writes its lines. A Flashbank launch has no process and no debug target (it runs to
 * completion inside the delegate), so it has no process console; instead every line goes to the listeners (the UI
 * shows them in the Flashbank console and the Common tab's output file) and the whole text is kept on the launch as the
 * attribute {@link #LOG}, with the final status in {@link #STATUS} - a launch group, a test or a later look at the
 * launch can read both. The doctor's report on a failed launch goes to the listeners as well (Problems markers).
 */
public final class FlashbankLaunchLog {

    /** Launch attribute: every line the launch logged, newline-separated. */
    public static final String LOG = LaunchPlugin.PLUGIN_ID + ".log";
    /** Launch attribute: "OK", "FAILED", "REFUSED" or "CANCELED", then ": " and one line. */
    public static final String STATUS = LaunchPlugin.PLUGIN_ID + ".status";

    /** Receives each line of each Flashbank launch. */
    @FunctionalInterface
    public interface Listener {
        void line(ILaunch launch, String line);

        /**
         * The doctor's examination of a launch that failed (its lines went to {@link #line} too): the IDE shows its
         * findings as Problems markers on the launch configuration.
         */
        default void doctor(ILaunch launch, DoctorReport report) {
        }
    }

    private static final List<Listener> LISTENERS = new CopyOnWriteArrayList<>();

    private FlashbankLaunchLog() {
    }

    public static void addListener(Listener l) {
        LISTENERS.add(l);
    }

    public static void removeListener(Listener l) {
        LISTENERS.remove(l);
    }

    /** Hands the doctor's report on a failed launch to the listeners. */
    static void doctor(ILaunch launch, DoctorReport report) {
        for (Listener l : LISTENERS) {
            try {
                l.doctor(launch, report);
            } catch (RuntimeException e) {
                LaunchPlugin.log(e); // a broken listener must not hide the launch's failure
            }
        }
    }

    static void line(ILaunch launch, String line) {
        synchronized (launch) {
            String old = launch.getAttribute(LOG);
            launch.setAttribute(LOG, old == null || old.isEmpty() ? line : old + "\n" + line);
        }
        for (Listener l : LISTENERS) {
            try {
                l.line(launch, line);
            } catch (RuntimeException e) {
                // a broken listener must not fail the flash operation
                LaunchPlugin.log(e);
            }
        }
    }
}
