package dev.flashbank.launch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.debug.core.ILaunch;

/**
 * Where a Flashbank launch writes its lines. A Flashbank launch has no process and no debug target (it runs to
 * completion inside the delegate), so it has no process console; instead every line goes to the listeners (the UI
 * shows them in the Flashbank console) and the whole text is kept on the launch as the attribute {@link #LOG}, with the
 * final status in {@link #STATUS} - a launch group, a test or a later look at the launch can read both.
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
