package dev.flashbank.ui.tests;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.flashbank.ui.FlashbankUiPlugin;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.model.TargetManager;
import dev.flashbank.ui.problems.DoctorMarkers;

/**
 * The simulated boards a test class created are deleted when the class ends (their editors closed, their doctor
 * problems removed), as a user deletes the boards of an experiment: each class starts from the workspace the earlier
 * ones had, not from forty connected boards whose rows push the one a test clicks out of sight and whose problems
 * fill the Problems view. Boards that existed before the class (the workspace's default board) are kept. Registered
 * for every test class of the bundle through {@code META-INF/services}.
 */
public final class BoardsOfAClassAreDeleted implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(BoardsOfAClassAreDeleted.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        // loaded as the Targets view loads them (a new workspace gets its default board now, not during the class,
        // where it would count as the class's own)
        manager().load();
        context.getStore(NS).put("before", ids(manager().simulatedTargets()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        @SuppressWarnings("unchecked")
        Set<String> before = context.getStore(NS).get("before", Set.class);
        List<SimulatedTarget> made = manager().simulatedTargets().stream().filter(t -> !before.contains(t.id()))
                .toList();
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        IWorkbenchPage page = window == null ? null : window.getActivePage();
        for (SimulatedTarget t : made) {
            if (page != null) {
                var editor = page.findEditor(new dev.flashbank.ui.options.OptionBytesEditorInput(t));
                if (editor != null) {
                    page.closeEditor(editor, false); // the experiment's pending edits go with its board
                }
            }
            TargetJob delete = new TargetJob("Deleting a test's board", t, null) {
                @Override
                protected String work(IProgressMonitor monitor) throws dev.flashbank.core.target.TargetException {
                    try {
                        manager().delete(t);
                        DoctorMarkers.removeFor(t);
                    } catch (java.io.IOException | org.eclipse.core.runtime.CoreException e) {
                        throw new dev.flashbank.core.target.TargetException("could not delete " + t.stateFile(), e);
                    }
                    return "deleted";
                }
            };
            delete.schedule();
            Ui.join(delete);
            if (delete.failure() != null) {
                throw new AssertionError("deleting " + t.displayName() + " after " + context.getDisplayName(),
                        delete.failure());
            }
        }
        Ui.drain();
    }

    private static TargetManager manager() {
        return FlashbankUiPlugin.getDefault().targets();
    }

    private static Set<String> ids(List<SimulatedTarget> targets) {
        return targets.stream().map(SimulatedTarget::id).collect(Collectors.toSet());
    }
}
