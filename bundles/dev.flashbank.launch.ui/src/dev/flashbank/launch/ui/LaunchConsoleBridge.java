package dev.flashbank.launch.ui;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.ui.IStartup;

import dev.flashbank.launch.FlashbankLaunchLog;
import dev.flashbank.ui.console.FlashbankConsole;

/**
 * Shows what Flashbank launches log in the Flashbank console (the launches have no process console of their own), and
 * builds the named project before a launch that asks for it ({@link BuildBeforeLaunch}). Registered at workbench
 * start-up so a launch from a launch group or a shortcut is covered too.
 */
public final class LaunchConsoleBridge implements IStartup {

    private static final FlashbankLaunchLog.Listener LISTENER = (launch, line) -> FlashbankConsole.get().log(
            "[" + launch.getLaunchConfiguration().getName() + "] " + line);

    @Override
    public void earlyStartup() {
        install();
    }

    private static final BuildBeforeLaunch BUILD = new BuildBeforeLaunch();

    /** Idempotent. */
    public static void install() {
        FlashbankLaunchLog.removeListener(LISTENER);
        FlashbankLaunchLog.addListener(LISTENER);
        DebugPlugin.getDefault().getLaunchManager().removeLaunchListener(BUILD);
        DebugPlugin.getDefault().getLaunchManager().addLaunchListener(BUILD);
    }
}
