package dev.flashbank.launch.ui;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.ui.IStartup;

import dev.flashbank.launch.FlashbankLaunchLog;
import dev.flashbank.ui.console.FlashbankConsole;

/**
 * Shows what Flashbank launches log in the Flashbank console (the launches have no process console of their own) and
 * writes it to the output file, as the configuration's Common tab says ({@link LaunchOutput}: no console when
 * "Allocate console" is off, the file replaced or appended to), and builds the named project before a launch that
 * asks for it ({@link BuildBeforeLaunch}); the doctor's findings on a failed launch become Problems markers
 * ({@link LaunchProblems}). Registered at workbench start-up so a launch from a launch group or a
 * shortcut is covered too.
 */
public final class LaunchConsoleBridge implements IStartup {

    /** Each running launch's output, decided at its first line (weak: a launch that is gone takes its entry along). */
    private static final Map<ILaunch, Optional<LaunchOutput>> OUTPUTS = Collections.synchronizedMap(new WeakHashMap<>());

    private static final FlashbankLaunchLog.Listener LISTENER = LaunchConsoleBridge::line;

    private static void line(ILaunch launch, String line) {
        String name = launch.getLaunchConfiguration().getName();
        Optional<LaunchOutput> out = OUTPUTS.computeIfAbsent(launch, l -> start(name, l));
        if (out.map(LaunchOutput::console).orElse(true)) {
            FlashbankConsole.get().log("[" + name + "] " + line);
        }
        if (out.isPresent()) {
            try {
                out.get().write(line);
            } catch (IOException e) {
                OUTPUTS.put(launch, Optional.empty()); // said once; the console takes the rest
                cannotWrite(name, out.get(), e);
            }
        }
    }

    /** The output of a launch that logs its first line; empty (console only) when its file cannot be written. */
    private static Optional<LaunchOutput> start(String name, ILaunch launch) {
        LaunchOutput out = null;
        try {
            out = LaunchOutput.of(launch.getLaunchConfiguration());
            out.start();
            return Optional.of(out);
        } catch (CoreException | IOException | RuntimeException e) {
            cannotWrite(name, out, e);
            return Optional.empty();
        }
    }

    /** A Common-tab output file that cannot be written: said in the Flashbank console, whatever the console setting. */
    private static void cannotWrite(String name, LaunchOutput out, Exception e) {
        FlashbankConsole.get().log("[" + name + "] \u2718 the launch log cannot be written to "
                + (out == null ? "its output file" : out.file().map(Object::toString).orElse("its output file")) + " (Common "
                + "tab, Output file): " + e.getMessage() + " - the launch goes on; its log is in this console");
    }

    @Override
    public void earlyStartup() {
        install();
    }

    private static final BuildBeforeLaunch BUILD = new BuildBeforeLaunch();
    private static final LaunchProblems PROBLEMS = new LaunchProblems();

    /** Idempotent. */
    public static void install() {
        FlashbankLaunchLog.removeListener(LISTENER);
        FlashbankLaunchLog.addListener(LISTENER);
        FlashbankLaunchLog.removeListener(PROBLEMS);
        FlashbankLaunchLog.addListener(PROBLEMS);
        DebugPlugin.getDefault().getLaunchManager().removeLaunchListener(BUILD);
        DebugPlugin.getDefault().getLaunchManager().addLaunchListener(BUILD);
        DebugPlugin.getDefault().getLaunchManager().removeLaunchListener(PROBLEMS);
        DebugPlugin.getDefault().getLaunchManager().addLaunchListener(PROBLEMS);
    }
}
