package dev.flashbank.ui.options;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import dev.flashbank.ui.model.FlashbankTarget;

/**
 * The command "Open Option Bytes" ({@value #COMMAND}): opens, or activates, the Option Bytes editor of the target
 * selected in the active part (the Targets view's double-click, Enter and menus). A command rather than a call, so the
 * views reach the editor through the workbench and the packages form no cycle.
 */
public final class OpenOptionBytesHandler extends AbstractHandler {

    /** The command's id (plugin.xml). */
    public static final String COMMAND = "dev.flashbank.ui.options.open";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        if (HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection s
                && s.getFirstElement() instanceof FlashbankTarget t) {
            try {
                OptionBytesEditor.open(HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage(), t);
            } catch (PartInitException e) {
                throw new ExecutionException("The Option Bytes editor of " + t.displayName() + " could not be opened",
                        e);
            }
        }
        return null;
    }
}
