package dev.flashbank.ui.tests;

import java.util.HashSet;
import java.util.Set;

import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.ui.FlashbankPerspective;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.FlashbankTarget;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.views.OptionBytesView;
import dev.flashbank.ui.views.TargetsView;

/** The Flashbank perspective with its two views, ready for a test. */
record Workbench(IWorkbenchWindow window, IWorkbenchPage page, TargetsView targets, OptionBytesView options) {

    static Workbench open() throws Exception {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        window.getShell().setBounds(0, 0, 1600, 1000);
        IWorkbenchPage page = window.getActivePage();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(FlashbankPerspective.ID));
        TargetsView t = (TargetsView) page.showView(TargetsView.ID);
        OptionBytesView o = (OptionBytesView) page.showView(OptionBytesView.ID);
        Ui.pumpUntil("targets loaded", () -> !t.manager().simulatedTargets().isEmpty());
        Ui.drain();
        return new Workbench(window, page, t, o);
    }

    /** The board every new workspace has. */
    SimulatedTarget defaultBoard() {
        return targets.manager().simulatedTargets().stream()
                .filter(s -> s.partName().equals(SimulatedBoards.DEFAULT_PART)).findFirst().orElseThrow();
    }

    /** A new simulated board of {@code part} (factory options), connected and shown in the editor, maximized. */
    SimulatedTarget editNewBoard(String part) {
        Set<SimulatedTarget> before = new HashSet<>(targets.manager().simulatedTargets());
        Ui.join(targets.createBoard(part));
        Ui.drain();
        SimulatedTarget board = targets.manager().simulatedTargets().stream().filter(t -> !before.contains(t))
                .findFirst().orElseThrow();
        connectAndEdit(board);
        page.setPartState(page.getReference(options), IWorkbenchPage.STATE_MAXIMIZED);
        Ui.drain();
        return board;
    }

    /** Undoes {@link #editNewBoard}'s layout and pending edits, for the next test. */
    void restoreEditor() {
        options.revert();
        page.setPartState(page.getReference(options), IWorkbenchPage.STATE_RESTORED);
        Ui.drain();
    }

    /** Selects and connects {@code t}; waits until the editor shows its options. */
    void connectAndEdit(FlashbankTarget t) {
        targets.select(t);
        if (!t.isConnected()) {
            TargetJob j = targets.connect(t);
            Ui.join(j);
        }
        options.setTarget(t);
        Ui.pumpUntil("options of " + t, () -> options.target() == t && options.originalOptions() != null
                && Ui.noJobs(t));
    }
}
