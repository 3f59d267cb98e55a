package dev.flashbank.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT, and SIGTERM alike) while a command works on a target: the JVM runs its shutdown hooks, and this
 * one asks the running operation to cancel (the operations stop only BETWEEN whole units - a sector erase and its
 * programming, a bank step - so the target is never left with a half-started unit), then waits until the command
 * has said what state the target was left in and closed it (a simulated board saved), and lets the JVM exit with
 * {@link ExitCodes#INTERRUPTED}. The unit in progress may take seconds (a sector erase, a slow probe), so the hook
 * says at once on standard error that the command is stopping ({@link #STOPPING}). Installed only by
 * {@link FlashbankCli#main}: in-process callers keep their JVM.
 */
final class Interruption {

    /** The longest unit (a mass erase of a 2 MiB part takes seconds on silicon, a slow probe more) plus margin. */
    private static final long WAIT_SECONDS = 120;

    /** What the hook says at once when Ctrl-C finds a command working on a target. */
    static final String STOPPING = "flashbank: Ctrl-C: stopping after the unit in progress, then saying what"
            + " state the target is in";

    private static final AtomicBoolean REQUESTED = new AtomicBoolean();
    private static final AtomicBoolean OPERATION_STARTED = new AtomicBoolean();
    private static final AtomicBoolean EXITING = new AtomicBoolean();
    private static final CountDownLatch FINISHED = new CountDownLatch(1);

    private Interruption() {
    }

    /** Installs the hook; {@link FlashbankCli#main} calls it once. */
    static void install() {
        Runtime.getRuntime().addShutdownHook(new Thread(Interruption::onShutdown, "flashbank-interrupt"));
    }

    private static void onShutdown() {
        if (EXITING.get()) {
            return; // the command ended by itself and main is exiting
        }
        REQUESTED.set(true);
        if (!OPERATION_STARTED.get()) {
            return; // nothing that writes is running: stop now (board files are only ever replaced atomically)
        }
        System.err.println(STOPPING);
        System.err.flush();
        try {
            FINISHED.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether Ctrl-C asked the running operation to stop (the progress' cancel flag). */
    static boolean requested() {
        return REQUESTED.get();
    }

    /** A command starts an operation that can be canceled between units: Ctrl-C now waits for its report. */
    static void operationStarted() {
        OPERATION_STARTED.set(true);
    }

    /** The command has printed everything and closed its target; main is about to exit. */
    static void finished() {
        EXITING.set(true);
        FINISHED.countDown();
    }
}
