package dev.flashbank.launch.ui;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.debug.core.IStatusHandler;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;

import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.launch.OptionConfirmationRequest;
import dev.flashbank.ui.options.OptionReviewDialog;

/**
 * Answers an Option Bytes launch's {@link OptionConfirmationRequest} (registered in plugin.xml for its status code):
 * opens the same option review dialog as the Option Bytes editor, modal, and returns what the user confirmed there -
 * the tick for a change that erases flash, the typed part name for an irreversible one - or null when the review is
 * canceled. The launch file never holds the answer.
 */
public final class OptionReviewPrompter implements IStatusHandler {

    /** The dialog this prompter has open (tests answer it as a user would); null when none. */
    private static volatile OptionReviewDialog open;

    @Override
    public Object handleStatus(IStatus status, Object source) {
        if (!(source instanceof OptionConfirmationRequest request)) {
            return null;
        }
        AtomicReference<Confirmation> answer = new AtomicReference<>();
        Display display = PlatformUI.getWorkbench().getDisplay();
        display.syncExec(() -> {
            Shell parent = display.getActiveShell();
            OptionReviewDialog d = new OptionReviewDialog(parent, request.partName(), request.changes(),
                    List.of("Option Bytes launch: the changes of the profile against the connected part "
                            + "(no twin preview while a launch runs)."),
                    request.backupDirectory(), answer::set);
            d.setBlockOnOpen(true);
            open = d;
            try {
                d.open();
            } finally {
                open = null;
            }
        });
        return answer.get();
    }

    /** The review dialog opened by a running launch, or null. */
    public static OptionReviewDialog openDialog() {
        return open;
    }
}
