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
import dev.flashbank.ui.options.OptionBytesEditor;
import dev.flashbank.ui.views.TargetsView;

/** The Flashbank perspective with its Targets view, ready for a test; option bytes in the target's editor. */
record Workbench(IWorkbenchWindow window, IWorkbenchPage page, TargetsView targets) {

    static Workbench open() throws Exception {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        window.getShell().setBounds(0, 0, 1600, 1000);
        IWorkbenchPage page = window.getActivePage();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(FlashbankPerspective.ID));
        TargetsView t = (TargetsView) page.showView(TargetsView.ID);
        Ui.pumpUntil("targets loaded", () -> !t.manager().simulatedTargets().isEmpty());
        Ui.drain();
        return new Workbench(window, page, t);
    }

    /** The Option Bytes editor last opened or activated (the one {@link #connectAndEdit} opened). */
    OptionBytesEditor options() {
        return (OptionBytesEditor) page.getActiveEditor();
    }

    /** The open Option Bytes editor of {@code t}, if any. */
    OptionBytesEditor editorOf(FlashbankTarget t) {
        return (OptionBytesEditor) page.findEditor(new dev.flashbank.ui.options.OptionBytesEditorInput(t));
    }

    /** The Targets view's toolbar item whose tooltip is {@code tip} ("Connect", "Run firmware"). */
    org.eclipse.swt.widgets.ToolItem targetsToolItem(String tip) {
        org.eclipse.jface.action.ToolBarManager m = (org.eclipse.jface.action.ToolBarManager) targets.getViewSite()
                .getActionBars().getToolBarManager();
        return java.util.Arrays.stream(m.getControl().getItems()).filter(i -> tip.equals(i.getToolTipText()))
                .findFirst().orElseThrow(() -> new AssertionError("no tool item " + tip));
    }

    /** The Targets view's list (the table whose first row names the first target). */
    org.eclipse.swt.widgets.Table targetsTable() {
        org.eclipse.swt.widgets.Table t = findTable(window.getShell(),
                targets.manager().targets().get(0).displayName());
        if (t == null) {
            throw new AssertionError("no Targets view table");
        }
        return t;
    }

    private static org.eclipse.swt.widgets.Table findTable(org.eclipse.swt.widgets.Composite root, String firstRow) {
        for (org.eclipse.swt.widgets.Control c : root.getChildren()) {
            if (c instanceof org.eclipse.swt.widgets.Table t && t.getItemCount() > 0
                    && t.getItem(0).getText(0).equals(firstRow)) {
                return t;
            }
            if (c instanceof org.eclipse.swt.widgets.Composite cc) {
                org.eclipse.swt.widgets.Table t = findTable(cc, firstRow);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    /** The row of {@code table} showing {@code data} (a target), null while there is none. */
    static org.eclipse.swt.widgets.TableItem row(org.eclipse.swt.widgets.Table table, Object data) {
        for (org.eclipse.swt.widgets.TableItem it : table.getItems()) {
            if (it.getData() == data) {
                return it;
            }
        }
        return null;
    }

    /** Puts the window back where it is now when closed (a test that resizes it leaves the next test the default). */
    AutoCloseable restoringWindowBounds() {
        org.eclipse.swt.graphics.Rectangle bounds = window.getShell().getBounds();
        return () -> {
            window.getShell().setBounds(bounds);
            Ui.drain();
        };
    }

    /** The board every new workspace has. */
    SimulatedTarget defaultBoard() {
        return targets.manager().simulatedTargets().stream()
                .filter(s -> s.partName().equals(SimulatedBoards.DEFAULT_PART)).findFirst().orElseThrow();
    }

    /** A new simulated board of {@code part} (factory options), connected and shown in the editor, maximized. */
    SimulatedTarget editNewBoard(String part) {
        SimulatedTarget board = newBoardInEditor(part);
        page.setPartState(page.getReference(options()), IWorkbenchPage.STATE_MAXIMIZED);
        Ui.drain();
        return board;
    }

    /**
     * A new simulated board of {@code part} (factory options; the one just made, not a board of that part another test
     * class left behind), connected and shown in its Option Bytes editor ({@link #options()}).
     */
    SimulatedTarget newBoardInEditor(String part) {
        Set<SimulatedTarget> before = new HashSet<>(targets.manager().simulatedTargets());
        Ui.join(targets.createBoard(part));
        Ui.drain();
        SimulatedTarget board = targets.manager().simulatedTargets().stream().filter(t -> !before.contains(t))
                .findFirst().orElseThrow();
        connectAndEdit(board);
        return board;
    }

    /** Undoes {@link #editNewBoard}'s layout and pending edits, for the next test. */
    void restoreEditor() {
        for (org.eclipse.ui.IEditorReference r : page.getEditorReferences()) {
            if (r.getEditor(false) instanceof OptionBytesEditor e) {
                e.revert(); // nothing pending: the editors close without asking
                page.setPartState(r, IWorkbenchPage.STATE_RESTORED);
            }
        }
        page.closeAllEditors(false);
        Ui.drain();
    }

    /** Selects and connects {@code t}, opens its Option Bytes editor; waits until the editor shows its options. */
    void connectAndEdit(FlashbankTarget t) {
        targets.select(t);
        if (!t.isConnected()) {
            TargetJob j = targets.connect(t);
            Ui.join(j);
        }
        OptionBytesEditor editor;
        try {
            editor = OptionBytesEditor.open(page, t);
        } catch (org.eclipse.ui.PartInitException e) {
            throw new AssertionError(e);
        }
        Ui.pumpUntil("options of " + t, () -> editor.target() == t && editor.originalOptions() != null
                && Ui.noJobs(t));
    }
}
