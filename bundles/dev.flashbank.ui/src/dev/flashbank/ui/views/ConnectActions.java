package dev.flashbank.ui.views;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.jface.action.IAction;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.ui.plugin.AbstractUIPlugin;

import dev.flashbank.ui.FlashbankUiPlugin;
import dev.flashbank.ui.model.FlashbankTarget;

/**
 * Connect and Disconnect of the Targets view follow the chosen target (issue 16): Connect has its own icon (a plug, not
 * the product logo) and is off while the target is connected or busy, Disconnect the other way round; updated on every
 * selection and every target event.
 */
final class ConnectActions {

    static final String CONNECT_ICON = "icons/connect.png";

    private ConnectActions() {
    }

    /** Gives {@code connect} its icon and makes both actions follow {@code selected}. */
    static void bind(TableViewer viewer, Supplier<Optional<FlashbankTarget>> selected, IAction connect,
            IAction disconnect) {
        connect.setImageDescriptor(AbstractUIPlugin.imageDescriptorFromPlugin(FlashbankUiPlugin.PLUGIN_ID,
                CONNECT_ICON));
        Runnable update = () -> {
            Optional<FlashbankTarget> t = selected.get();
            boolean idle = t.map(x -> x.busy() == null).orElse(false);
            boolean connected = t.map(FlashbankTarget::isConnected).orElse(false);
            connect.setEnabled(idle && !connected);
            disconnect.setEnabled(idle && connected);
        };
        follow(viewer, update);
    }

    /**
     * Runs {@code update} now, on every selection change and after every target event (on the UI thread): how the
     * Targets view's actions follow the chosen target.
     */
    static void follow(TableViewer viewer, Runnable update) {
        viewer.addSelectionChangedListener(e -> update.run());
        Consumer<FlashbankTarget> onEvent = x -> viewer.getControl().getDisplay().asyncExec(() -> {
            if (!viewer.getControl().isDisposed()) {
                update.run();
            }
        });
        FlashbankUiPlugin.getDefault().targets().addListener(onEvent);
        viewer.getControl().addDisposeListener(e -> FlashbankUiPlugin.getDefault().targets().removeListener(onEvent));
        update.run();
    }
}
