package dev.flashbank.launch.ui.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;

/**
 * Runs a user's actions inside the Run Configurations dialog: opens it on a configuration (blocking, as a user opens
 * it), and from inside its event loop selects a tab, runs {@code user} on the dialog's shell and closes it. What
 * {@code user} throws is returned, not lost in the dialog's event loop.
 */
final class InDialog {

    private InDialog() {
    }

    static List<Throwable> run(ILaunchConfiguration c, String tab, Consumer<Shell> user) {
        Display display = PlatformUI.getWorkbench().getDisplay();
        Shell parent = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        List<Throwable> thrown = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 60_000;
        Runnable probe = new Runnable() {
            @Override
            public void run() {
                Shell dialog = display.getActiveShell();
                if (dialog == null || dialog == parent || !dialog.isVisible()
                        || !LaunchDialogTest.selectTab(dialog, tab)) {
                    if (System.currentTimeMillis() < deadline) {
                        display.timerExec(100, this);
                    } else {
                        thrown.add(new AssertionError("the dialog with the tab " + tab + " did not open"));
                    }
                    return;
                }
                try {
                    dialog.setSize(1280, 800); // room for the tree and the full message
                    dialog.layout(true, true);
                    user.accept(dialog);
                } catch (Throwable t) {
                    thrown.add(t);
                } finally {
                    dialog.close();
                }
            }
        };
        display.timerExec(100, probe);
        DebugUITools.openLaunchConfigurationDialogOnGroup(parent, new StructuredSelection(c),
                IDebugUIConstants.ID_RUN_LAUNCH_GROUP);
        return thrown;
    }

    /** {@link LaunchDialogTest#screenshot} for use inside {@link #run}. */
    static void screenshot(Shell dialog, String name) {
        try {
            LaunchDialogTest.screenshot(dialog, name);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The text field labelled {@code label} (the field that follows the label in its group). */
    static Text field(Shell dialog, String label) {
        return (Text) next(find(dialog, label));
    }

    /** The labels of the buttons right of field {@code t} (a button, or a bar of buttons). */
    static List<String> buttonsRightOf(Text t) {
        Control next = next(t);
        List<String> labels = new ArrayList<>();
        for (Control c : next instanceof Composite bar ? bar.getChildren() : new Control[] { next }) {
            if (c instanceof org.eclipse.swt.widgets.Button b) {
                labels.add(b.getText().replace("&", ""));
            }
        }
        return labels;
    }

    /** The button labelled {@code label} right of field {@code t}. */
    static org.eclipse.swt.widgets.Button buttonRightOf(Text t, String label) {
        Control next = next(t);
        for (Control c : next instanceof Composite bar ? bar.getChildren() : new Control[] { next }) {
            if (c instanceof org.eclipse.swt.widgets.Button b && label.equals(b.getText().replace("&", ""))) {
                return b;
            }
        }
        throw new AssertionError("no button '" + label + "' right of " + t);
    }

    private static Label find(Shell dialog, String label) {
        for (Control c : LaunchDialogTest.all(dialog)) {
            if (c instanceof Label l && label.equals(l.getText()) && c.isVisible()) {
                return l;
            }
        }
        throw new AssertionError("no visible label '" + label + "'");
    }

    private static Control next(Control c) {
        Control[] siblings = c.getParent().getChildren();
        for (int i = 0; i < siblings.length - 1; i++) {
            if (siblings[i] == c) {
                return siblings[i + 1];
            }
        }
        throw new AssertionError("nothing right of " + c);
    }
}
