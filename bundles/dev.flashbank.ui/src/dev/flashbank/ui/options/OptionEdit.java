package dev.flashbank.ui.options;

import java.util.function.Consumer;

import org.eclipse.core.commands.operations.AbstractOperation;
import org.eclipse.core.commands.operations.IUndoContext;
import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;

import dev.flashbank.core.family.OptionImage;

/**
 * One pending change in an Option Bytes editor as the workbench's operation history sees it (Edit &gt; Undo, Ctrl+Z):
 * the pending option image before and after. Nothing is written to the target by it - undo and redo only move the
 * editor's pending image; the write is Save, through the review dialog. The keys typed into one field until it is
 * left are one edit ({@link #retarget}), as a text editor undoes a typed word at once.
 */
final class OptionEdit extends AbstractOperation {

    private final OptionImage before;
    private OptionImage after;
    /** The typed field whose keystrokes this edit still collects; null once the field was left (or not typed). */
    private String typing;
    private final Consumer<OptionImage> show;

    /**
     * @param show puts an image into the editor as its pending options (undo and redo; {@code execute} applies
     *             {@code after} the same way)
     */
    OptionEdit(String label, IUndoContext context, OptionImage before, OptionImage after, String typing,
            Consumer<OptionImage> show) {
        super(label);
        addContext(context);
        this.before = before;
        this.after = after;
        this.typing = typing;
        this.show = show;
    }

    /** True while {@code field}'s keystrokes are added to this edit. */
    boolean collects(String field) {
        return typing != null && typing.equals(field);
    }

    /** The next keystroke of the same field: the edit now ends at {@code next}. */
    void retarget(OptionImage next) {
        after = next;
    }

    /** The field was left: later keys start a new edit. */
    void close() {
        typing = null;
    }

    boolean changesNothing() {
        return before.equals(after);
    }

    @Override
    public IStatus execute(IProgressMonitor monitor, IAdaptable info) {
        show.accept(after);
        return Status.OK_STATUS;
    }

    @Override
    public IStatus redo(IProgressMonitor monitor, IAdaptable info) {
        typing = null;
        show.accept(after);
        return Status.OK_STATUS;
    }

    @Override
    public IStatus undo(IProgressMonitor monitor, IAdaptable info) {
        typing = null;
        show.accept(before);
        return Status.OK_STATUS;
    }
}
