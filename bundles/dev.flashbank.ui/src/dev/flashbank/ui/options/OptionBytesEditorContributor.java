package dev.flashbank.ui.options;

import org.eclipse.ui.IActionBars;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.part.EditorActionBarContributor;

/**
 * The workbench's Edit &gt; Undo/Redo (Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y) and File &gt; Revert act on the active Option
 * Bytes editor: the action bars are shared by every editor of the type, so the handlers are switched to the
 * editor that becomes active (as text editors' contributors do). Save needs nothing here: the workbench saves the
 * active dirty part.
 */
public final class OptionBytesEditorContributor extends EditorActionBarContributor {

    @Override
    public void setActiveEditor(IEditorPart part) {
        IActionBars bars = getActionBars();
        if (bars == null) {
            return;
        }
        OptionBytesEditor editor = part instanceof OptionBytesEditor e ? e : null;
        bars.setGlobalActionHandler(ActionFactory.UNDO.getId(), editor == null ? null : editor.undoAction());
        bars.setGlobalActionHandler(ActionFactory.REDO.getId(), editor == null ? null : editor.redoAction());
        bars.setGlobalActionHandler(ActionFactory.REVERT.getId(), editor == null ? null : editor.revertAction());
        bars.updateActionBars();
    }
}
