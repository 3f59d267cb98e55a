package dev.flashbank.launch;

import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.Launch;

/**
 * A Flashbank launch: no process, no debug target - the delegate does all the work and returns. It reports itself
 * terminated once the delegate has finished (the platform's {@code Launch} would otherwise look "running" forever for
 * want of children), so launch groups may wait for it ("Wait until terminated") before they start the debug launch.
 */
public final class FlashbankLaunch extends Launch {

    private volatile boolean done;

    public FlashbankLaunch(ILaunchConfiguration configuration, String mode) {
        super(configuration, mode, null);
    }

    @Override
    public boolean isTerminated() {
        return done;
    }

    @Override
    public boolean canTerminate() {
        return false;
    }

    /** Called by the delegate when the operation is over, whatever its outcome. */
    void finished() {
        done = true;
        fireTerminate();
    }
}
