package dev.flashbank.launch;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IStatusHandler;

import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.core.ops.OperationCanceledException;

/**
 * What an Option Bytes launch asks at run time when a change of its profile erases flash or cannot be undone: the
 * launch file never carries the confirmation, so the delegate (headless) asks through Debug's status-handler
 * mechanism - the IDE answers with the option review dialog (dev.flashbank.launch.ui registers the handler for
 * {@link #CODE}); with no handler (a headless runtime) nothing is confirmed and the core refuses the change.
 *
 * @param partName the part name the review shows and an IRREVERSIBLE change needs typed
 * @param changes every change of the write, with risk and consequence
 * @param backupDirectory where the backup of the current values goes
 */
public record OptionConfirmationRequest(String partName, List<OptionChange> changes, Path backupDirectory) {

    /** Status code of the prompt (plugin {@link LaunchPlugin#PLUGIN_ID}). */
    public static final int CODE = 110;

    public OptionConfirmationRequest {
        changes = List.copyOf(changes);
    }

    /** The launch's confirmation source: asks the registered handler; it answers a {@link Confirmation} or null. */
    static Confirmation.Source prompter(Path backupDirectory) {
        return (part, changes) -> {
            IStatus prompt = new Status(IStatus.INFO, LaunchPlugin.PLUGIN_ID, CODE,
                    "Confirm the option change of " + part, null);
            IStatusHandler handler = DebugPlugin.getDefault().getStatusHandler(prompt);
            if (handler == null) {
                return Confirmation.NONE; // no one to ask: the one rule refuses, nothing is written
            }
            Object answer;
            try {
                answer = handler.handleStatus(prompt, new OptionConfirmationRequest(part, changes, backupDirectory));
            } catch (CoreException e) {
                throw new OperationCanceledException("Option write", "the review could not be shown ("
                        + e.getStatus().getMessage() + "); nothing was written", e);
            }
            if (answer instanceof Confirmation c) {
                return c;
            }
            throw new OperationCanceledException("Option write", "the review was canceled; nothing was written");
        };
    }
}
