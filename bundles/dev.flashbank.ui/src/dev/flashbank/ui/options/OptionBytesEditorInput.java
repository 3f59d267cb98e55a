package dev.flashbank.ui.options;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;
import org.eclipse.ui.plugin.AbstractUIPlugin;

import dev.flashbank.ui.FlashbankUiPlugin;
import dev.flashbank.ui.model.FlashbankTarget;

/**
 * What an {@link OptionBytesEditor} edits: the option bytes of one target. Two inputs are equal when they name the
 * same target (its id), so the workbench activates the target's open editor instead of opening a second one.
 * Not persisted: a target's options are read from the part when its editor opens, never from a stale copy.
 */
public final class OptionBytesEditorInput implements IEditorInput {

    private final FlashbankTarget target;

    public OptionBytesEditorInput(FlashbankTarget target) {
        this.target = java.util.Objects.requireNonNull(target);
    }

    public FlashbankTarget target() {
        return target;
    }

    @Override
    public boolean exists() {
        return false; // not in the File > Recent list: a target's options are read live
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return AbstractUIPlugin.imageDescriptorFromPlugin(FlashbankUiPlugin.PLUGIN_ID, "icons/option-bytes.png");
    }

    @Override
    public String getName() {
        return target.displayName();
    }

    @Override
    public IPersistableElement getPersistable() {
        return null;
    }

    @Override
    public String getToolTipText() {
        return "Option bytes of " + target.displayName();
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return adapter.isInstance(target) ? adapter.cast(target) : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionBytesEditorInput other && other.target.id().equals(target.id());
    }

    @Override
    public int hashCode() {
        return target.id().hashCode();
    }
}
