package dev.flashbank.ui.jobs;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;

import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.family.Finding;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.flash.FlashOperationException;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.VerificationFailedException;
import dev.flashbank.core.target.DebugPortLockedException;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.ui.FlashbankUiPlugin;

/**
 * The ERROR status of a failed {@link TargetJob}, in a firmware developer's words: the message says what failed, on
 * which target and why (the core's own message) on its first line, then one "What to do" line per remedy (the core's
 * fixes, never a second copy of them here). The workbench shows it as Eclipse shows every failed job: an error dialog for a job the
 * user started, the Progress view's error entry otherwise (and the workspace log: without a stack trace, except for
 * an internal error, a Flashbank bug, whose status carries its exception).
 */
public final class JobFailure {

    /** Status code: the operation refused to start; nothing was written to the target. */
    public static final int REFUSED = 1;
    /** Status code: the operation or the target failed part-way. */
    public static final int FAILED = 2;
    /** Status code: a Flashbank bug (an unexpected exception); its trace is in the workspace log. */
    public static final int INTERNAL = 3;

    /** What to do when the failure itself names nothing better: the doctor names the state and its fixes. */
    static final String RUN_THE_DOCTOR = "Run the doctor on the target (Targets view > Doctor): it says what state the "
            + "target is in and how to fix what blocks the operation; the Problems view lists its findings.";

    /** The IDE's way back once the target answers again. */
    static final String CONNECT_AGAIN = "Connect again (Targets view) once the target answers.";

    private JobFailure() {
    }

    /**
     * @param what the operation as the job names it ("Erasing", "Writing option bytes")
     * @param target the target's name in the Targets view
     */
    public static IStatus of(String what, String target, Throwable e) {
        List<String> fixes = new ArrayList<>();
        String message;
        int code = FAILED;
        if (e instanceof OperationRefusedException r) {
            code = REFUSED;
            // the headline ends with "Nothing was written." - the fixes follow as children, not repeated inline
            message = what + " on " + target + " was refused: " + r.headline();
            fixes.addAll(r.fixes());
            r.doctorReport().ifPresent(d -> d.findings().stream().filter(f -> f.severity() != Severity.INFO)
                    .map(Finding::fix).flatMap(java.util.Optional::stream).filter(f -> !fixes.contains(f))
                    .forEach(fixes::add));
        } else if (e instanceof ProbeDisconnectedException || e instanceof DebugPortLockedException
                || e instanceof UnknownDeviceException) {
            // the doctor's words for a target that cannot be reached or identified (one definition of their fixes)
            Finding f = Doctor.connectionFailed(target, (TargetException) e).findings().get(0);
            message = what + " on " + target + " failed: " + f.message();
            f.fix().ifPresent(fixes::add);
            if (e instanceof ProbeDisconnectedException) {
                fixes.add(CONNECT_AGAIN);
            }
        } else {
            message = what + " on " + target + " failed: " + reason(e);
            if (e instanceof FlashOperationException f && !f.fix().isBlank()) {
                fixes.add(f.fix());
            }
            if (e instanceof VerificationFailedException) {
                fixes.add("Program the image again; if the same ranges differ again, the doctor says what protects "
                        + "them.");
            }
            if (e instanceof TargetException && !(e instanceof FlashOperationException)) {
                fixes.add("Check that the target is powered and reachable (the probe's USB cable and the SWD wiring, "
                        + "or the gdbserver running). " + CONNECT_AGAIN);
            }
            fixes.add(RUN_THE_DOCTOR); // failed part-way: the doctor shows what the target holds now
        }
        if (fixes.isEmpty()) {
            fixes.add(RUN_THE_DOCTOR);
        }
        // no exception attached: the workbench logs a failed job's status, and a refusal or a target that does not
        // answer is the user's situation, not a bug - its stack trace would only bury real ones (TargetJob.failure()
        // keeps the exception for the code); a bug's status (internal) carries its trace
        return new Status(IStatus.ERROR, FlashbankUiPlugin.PLUGIN_ID, code, withFixes(message, fixes), null);
    }

    /** A failure that is a Flashbank bug: the trace belongs in the workspace log (the caller logs it). */
    public static IStatus internal(String what, String target, RuntimeException e) {
        return new Status(IStatus.ERROR, FlashbankUiPlugin.PLUGIN_ID, INTERNAL, withFixes(what + " on " + target
                + " failed with an internal error (a Flashbank bug): " + e, List.of("the workspace log (Error Log "
                        + "view) holds the stack trace; please report it. " + RUN_THE_DOCTOR)), e);
    }

    /** The message the dialog shows: what failed and why on the first line, then one "What to do" line per fix. */
    private static String withFixes(String message, List<String> fixes) {
        StringBuilder b = new StringBuilder(message.strip());
        fixes.forEach(f -> b.append("\n").append(WHAT_TO_DO).append(f));
        return b.toString();
    }

    /** How each remedy line of a failure's message begins. */
    public static final String WHAT_TO_DO = "What to do: ";

    /** The first line of a status's message: what a one-line place (status line, table cell) shows. */
    public static String firstLine(IStatus s) {
        String m = s.getMessage() == null ? "" : s.getMessage().strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }

    private static String reason(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
