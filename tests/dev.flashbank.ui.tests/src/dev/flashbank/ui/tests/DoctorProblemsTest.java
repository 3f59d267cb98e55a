package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.FlashbankTarget;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.problems.DoctorMarkers;

/**
 * Issue 16 finding 5 ("no Problems marker"): the doctor's warnings and errors become Problems markers of the board,
 * replaced on each run; the Problems view lists them; Quick Fix (Ctrl+1) offers the IDE action the finding's fix
 * names - the Option Bytes editor for a write-protected sector - and running the doctor again after the fix removes
 * them. Driven with the mouse and the keyboard; screenshots of the Problems view.
 */
class DoctorProblemsTest {

    /** The doctor's warning on sector 5 (its start; the erase predictions name the sector later in their text). */
    private static final String WRP_WARNING = "sector 5 is write-protected";

    private Workbench w;
    private final List<SimulatedTarget> boards = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Shell s : Display.getCurrent().getShells()) {
            if (s != w.window().getShell() && !s.isDisposed() && s.isVisible()) {
                s.close(); // a dialog a failed step left open
            }
        }
        w.page().closeAllEditors(false);
        IViewPart problems = w.page().findView(IPageLayout.ID_PROBLEM_VIEW);
        if (problems != null) {
            w.page().hideView(problems);
        }
        for (SimulatedTarget t : boards) {
            if (t.isConnected()) {
                Ui.join(w.targets().disconnect(t));
            }
            Ui.join(w.targets().delete(t)); // with its problems: the next test's Problems view shows its own only
        }
        boards.clear();
        Ui.drain();
    }

    @Test
    void writeProtectionIsAProblemWithAQuickFixThatOpensTheOptionBytes() throws Exception {
        w = Workbench.open();
        SimulatedTarget t = protectedBoard();
        w.targets().select(t);
        Ui.drain();

        doctorFromTheToolbar(t);
        List<IMarker> markers = DoctorMarkers.of(t);
        assertThat(markers).extracting(m -> m.getAttribute(DoctorMarkers.CODE, "")).contains("WRITE_PROTECTION",
                "MASS_ERASE");
        IMarker wrp = markers.stream().filter(m -> m.getAttribute(DoctorMarkers.CODE, "").equals("WRITE_PROTECTION"))
                .findFirst().orElseThrow();
        assertThat(wrp.getAttribute(IMarker.SEVERITY, -1)).isEqualTo(IMarker.SEVERITY_WARNING);
        assertThat(wrp.getAttribute(DoctorMarkers.FIX, "")).contains("nWRP").contains("(IDE: Option Bytes editor");
        IMarker mass = markers.stream().filter(m -> m.getAttribute(DoctorMarkers.CODE, "").equals("MASS_ERASE"))
                .findFirst().orElseThrow();
        assertThat(mass.getAttribute(IMarker.SEVERITY, -1)).as("a mass erase would FAIL: an error")
                .isEqualTo(IMarker.SEVERITY_ERROR);
        assertThat(markers).as("the board file is not in the workspace: the root, with the file as location")
                .allSatisfy(m -> {
                    assertThat(m.getResource()).isEqualTo(ResourcesPlugin.getWorkspace().getRoot());
                    assertThat(m.getAttribute(IMarker.LOCATION, "")).isEqualTo(t.stateFile().toString());
                });
        assertThat(markers).as("INFO statements are no problems").noneMatch(m -> m.getAttribute(DoctorMarkers.CODE, "")
                .equals("PART"));

        doctorFromTheToolbar(t);
        assertThat(DoctorMarkers.of(t)).as("a second run replaces the markers, it does not add to them")
                .hasSameSizeAs(markers).noneMatch(markers::contains);

        Tree problems = problemsView();
        TreeItem row = awaitRow(problems, WRP_WARNING, t);
        Screenshots.save(w.window().getShell(), "problems-view-doctor-markers");

        List<String> offered = quickFix(problems, row, "Open the Option Bytes editor for " + t.displayName());
        assertThat(offered).anyMatch(r -> r.contains("Open the Option Bytes editor for " + t.displayName()))
                .anyMatch(r -> r.contains("Run the doctor on " + t.displayName() + " again"));
        Ui.pumpUntil("the option bytes of " + t.displayName() + " shown", () -> optionBytesShown(t));
        Screenshots.save(w.window().getShell(), "problems-quick-fix-opened-option-bytes");

        // the user removes the protection (here as the command line would) and asks the doctor again
        setup(t, "Remove the write protection", c -> {
            OptionBytes o = (OptionBytes) c.driver().readOptions();
            c.driver().writeOptions(o.withWriteProtection(5, false), FlashProgress.NONE);
        });
        problems = problemsView();
        row = awaitRow(problems, WRP_WARNING, t);
        List<TargetJob> doctor = jobsOn(t);
        quickFix(problems, row, "Run the doctor on " + t.displayName() + " again");
        Ui.pumpUntil("the doctor to run again", () -> !doctor.isEmpty() && doctor.get(0).getState() == Job.NONE);
        assertThat(DoctorMarkers.of(t)).as("nothing is protected any more: the protection's problems are gone (the "
                + "erased board's boot problems stay)").extracting(m -> m.getAttribute(DoctorMarkers.CODE, ""))
                .doesNotContain("WRITE_PROTECTION", "MASS_ERASE").contains("BOOT_BOOT0_LOW");
        Ui.pumpUntil("the Problems view without the board's problems", () -> rowsOf(problemsView()).stream()
                .noneMatch(r -> r.contains("write-protected")));
        assertThat(w.page().findEditor(new dev.flashbank.ui.options.OptionBytesEditorInput(t))).as("still open")
                .isNotNull();
        Screenshots.save(w.window().getShell(), "problems-view-after-the-fix");
    }

    /** A board file that lies in the workspace (here through a linked folder) carries its markers itself. */
    @Test
    void aBoardFileInTheWorkspaceCarriesItsProblems() throws Exception {
        w = Workbench.open();
        SimulatedTarget t = protectedBoard();
        IProject p = ResourcesPlugin.getWorkspace().getRoot().getProject("boards-" + System.nanoTime());
        p.create(null);
        p.open(null);
        IFolder linked = p.getFolder("boards");
        linked.createLink(t.stateFile().getParent().toUri(), IResource.ALLOW_MISSING_LOCAL, null);
        try {
            Optional<IFile> file = Arrays.stream(ResourcesPlugin.getWorkspace().getRoot()
                    .findFilesForLocationURI(t.stateFile().toUri())).findFirst();
            assertThat(file).as("the board file seen through the linked folder").isPresent();
            w.targets().select(t);
            Ui.drain();
            doctorFromTheToolbar(t);
            assertThat(DoctorMarkers.of(t)).isNotEmpty().allSatisfy(m -> assertThat(m.getResource())
                    .isEqualTo(file.get()));
        } finally {
            p.delete(IResource.NEVER_DELETE_PROJECT_CONTENT | IResource.FORCE, null);
        }
    }

    /**
     * A deleted board takes its problems with it: the Problems view listed the findings of boards that no longer
     * existed, twice when a new board got the deleted one's name.
     */
    @Test
    void deletingABoardRemovesItsProblems() throws Exception {
        w = Workbench.open();
        SimulatedTarget t = protectedBoard();
        w.targets().select(t);
        Ui.drain();
        doctorFromTheToolbar(t);
        assertThat(DoctorMarkers.of(t)).as("the doctor's problems of the protected board").isNotEmpty();

        Ui.join(w.targets().disconnect(t));
        TargetJob delete = w.targets().delete(t);
        Ui.join(delete);
        assertThat(delete.failure()).as(delete.outcome()).isNull();
        boards.remove(t);
        assertThat(DoctorMarkers.of(t)).as("the deleted board's problems").isEmpty();
    }

    // ------------------------------------------------------------------ steps

    /** A new simulated F767 with sector 5 write-protected, connected. */
    private SimulatedTarget protectedBoard() throws Exception {
        SimulatedTarget t = w.targets().manager().createBoard(SimulatedBoards.DEFAULT_PART);
        boards.add(t);
        Ui.pumpUntil("the new board listed", () -> all(w.window().getShell()).stream().anyMatch(c -> c instanceof Table
                table && Arrays.stream(table.getItems()).anyMatch(i -> i.getData() == t)));
        Ui.join(w.targets().connect(t));
        setup(t, "Protect sector 5", c -> {
            OptionBytes o = (OptionBytes) c.driver().readOptions();
            c.driver().writeOptions(o.withWriteProtection(5, true), FlashProgress.NONE);
        });
        return t;
    }

    /** The user presses Doctor in the Targets view's toolbar; returns when the doctor's job has ended. */
    private void doctorFromTheToolbar(FlashbankTarget t) {
        List<TargetJob> started = jobsOn(t);
        ToolItem item = Arrays.stream(all(w.window().getShell()).stream().filter(c -> c instanceof ToolBar tb
                && tb.isVisible()).toArray(Control[]::new)).flatMap(c -> Arrays.stream(((ToolBar) c).getItems()))
                .filter(i -> "Doctor".equals(i.getToolTipText()) && i.isEnabled()).findFirst()
                .orElseThrow(() -> new AssertionError("no Doctor button in the Targets view's toolbar"));
        Rectangle r = item.getBounds();
        RealInput.clickAt(item.getParent(), r.x + r.width / 2, r.y + r.height / 2, 0);
        Ui.pumpUntil("the doctor's job to end", () -> !started.isEmpty() && started.get(0).getState() == Job.NONE);
        assertThat(started.get(0).failure()).as(started.get(0).outcome()).isNull();
    }

    private Tree problemsView() {
        try {
            // the perspective's own layout: a view another test class maximized and closed leaves the other stacks
            // minimized, and the Problems view would open as a trim pop-up that closes when the pointer moves to it
            w.page().resetPerspective();
            w.page().showView(IPageLayout.ID_PROBLEM_VIEW);
        } catch (org.eclipse.ui.PartInitException e) {
            throw new AssertionError(e);
        }
        Ui.drain();
        // the markers tree: its first column is the Description
        return all(w.window().getShell()).stream().filter(c -> c instanceof Tree t && t.isVisible()
                && t.getColumnCount() > 0 && t.getColumn(0).getText().equals("Description")).map(Tree.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no Problems view tree"));
    }

    /**
     * The Problems view's row of {@code board} whose description starts with {@code start} (its Location column
     * names the board file: another board's same finding is another row): once the view lists the markers'
     * categories ("Errors (3 items)", "Warnings (1 item)", collapsed), each is opened with the Right key.
     */
    private static TreeItem awaitRow(Tree tree, String start, SimulatedTarget board) {
        String text = start;
        int location = Arrays.asList(tree.getColumns()).stream().map(c -> c.getText()).toList().indexOf("Location");
        assertThat(location).as("the Problems view's Location column").isNotNegative();
        String file = board.stateFile().toString();
        Ui.pumpUntil("the Problems view's categories", () -> Arrays.stream(tree.getItems()).anyMatch(i -> i.getText(0)
                .startsWith("Warnings")));
        for (TreeItem category : tree.getItems()) {
            if (!category.getExpanded() && category.getItemCount() > 0) {
                // the group focused and selected, then opened with the Right key (the pointer route timed out in the
                // full UI run, after other test classes rearranged the workbench)
                tree.setFocus();
                tree.setSelection(category);
                RealInput.key(tree.getDisplay(), '\0', SWT.ARROW_RIGHT);
                Ui.pumpUntil("'" + category.getText(0) + "' opened", category::getExpanded);
            }
        }
        TreeItem[] found = { null };
        try {
            Ui.pumpUntil("a Problems row with '" + text + "'", () -> {
                found[0] = find(tree.getItems(), text, location, file);
                return found[0] != null;
            });
        } catch (AssertionError e) {
            try {
                Screenshots.save(tree.getShell(), "problems-view-row-missing");
            } catch (java.io.IOException io) {
                e.addSuppressed(io);
            }
            throw new AssertionError(e.getMessage() + "; rows: " + rowsOf(tree) + "; expanded: "
                    + Arrays.stream(tree.getItems()).map(i -> i.getText(0) + "=" + i.getExpanded() + "/"
                            + i.getItemCount()).toList(), e);
        }
        tree.showItem(found[0]);
        Ui.drain();
        return found[0];
    }

    private static TreeItem find(TreeItem[] items, String text, int column, String location) {
        for (TreeItem i : items) {
            if (i.getText(0).startsWith(text) && i.getText(column).equals(location)) {
                return i;
            }
            if (i.getExpanded()) {
                TreeItem inner = find(i.getItems(), text, column, location);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    private static List<String> rowsOf(Tree tree) {
        List<String> rows = new ArrayList<>();
        collect(tree.getItems(), rows);
        return rows;
    }

    private static void collect(TreeItem[] items, List<String> rows) {
        for (TreeItem i : items) {
            rows.add(i.getText(0));
            if (i.getExpanded()) {
                collect(i.getItems(), rows);
            }
        }
    }

    /**
     * Clicks {@code row}, presses Ctrl+1 and, in the Quick Fix dialog, clicks the resolution {@code choice} and
     * Finish - all with the mouse and keyboard. Returns the resolutions the dialog offered.
     */
    private static List<String> quickFix(Tree tree, TreeItem row, String choice) {
        // the row chosen with the keyboard in the focused tree (Home, then Down): the pointer route raced the row's
        // description tooltip, which came up under the resting pointer on a loaded machine
        tree.setFocus();
        RealInput.key(tree.getDisplay(), '\0', SWT.HOME);
        int rows = rowsOf(tree).size();
        for (int i = 0; i <= rows && !(tree.getSelection().length == 1 && tree.getSelection()[0] == row); i++) {
            RealInput.key(tree.getDisplay(), '\0', SWT.ARROW_DOWN);
        }
        Ui.pumpUntil("the row selected", () -> tree.getSelection().length == 1 && tree.getSelection()[0] == row);
        Display d = tree.getDisplay();
        List<String> offered = new ArrayList<>();
        Throwable[] failed = { null };
        boolean[] answered = { false };
        Listener[] filter = new Listener[1];
        filter[0] = e -> {
            if (e.widget instanceof Shell s && s.getText().startsWith("Quick Fix")) {
                d.removeFilter(SWT.Show, filter[0]);
                d.asyncExec(() -> {
                    try {
                        Table resolutions = all(s).stream().filter(c -> c instanceof Table t && Arrays.stream(
                                t.getItems()).anyMatch(i -> i.getText().equals(choice))).map(Table.class::cast)
                                .findFirst().orElseThrow(() -> new AssertionError("no resolution '" + choice
                                        + "' in the Quick Fix dialog"));
                        for (TableItem i : resolutions.getItems()) {
                            offered.add(i.getText());
                        }
                        TableItem item = Arrays.stream(resolutions.getItems()).filter(i -> i.getText().equals(choice))
                                .findFirst().orElseThrow();
                        Rectangle b = item.getBounds();
                        RealInput.clickAt(resolutions, b.x + Math.min(b.width / 2, 60), b.y + b.height / 2, 0);
                        Ui.pumpUntil("the resolution chosen", () -> resolutions.getSelectionCount() == 1
                                && resolutions.getSelection()[0] == item);
                        Screenshots.save(s, "problems-quick-fix-dialog");
                        Button finish = all(s).stream().filter(c -> c instanceof Button x && x.getText()
                                .replace("&", "").equals("Finish")).map(Button.class::cast).findFirst().orElseThrow();
                        Ui.pumpUntil("Finish enabled", finish::isEnabled);
                        RealInput.press(finish);
                    } catch (Throwable t) {
                        failed[0] = t;
                        s.close();
                    } finally {
                        answered[0] = true;
                    }
                });
            }
        };
        d.addFilter(SWT.Show, filter[0]);
        try {
            RealInput.shortcutOpeningADialog(d, SWT.CTRL, '1'); // Quick Fix
            Ui.pumpUntil("the Quick Fix dialog answered", () -> answered[0]);
        } finally {
            d.removeFilter(SWT.Show, filter[0]);
        }
        if (failed[0] != null) {
            throw new AssertionError("in the Quick Fix dialog", failed[0]);
        }
        return offered;
    }

    /** The target's option bytes on screen: its Option Bytes editor, or the Option Bytes view showing it. */
    private boolean optionBytesShown(FlashbankTarget t) {
        IWorkbenchPart active = w.page().getActivePart();
        return active != null && w.page().findEditor(new dev.flashbank.ui.options.OptionBytesEditorInput(t)) != null;
    }

    // ------------------------------------------------------------------ helpers

    @FunctionalInterface
    interface Step {
        void run(FlashbankTarget.Connection c) throws Exception;
    }

    private static void setup(SimulatedTarget t, String name, Step step) {
        TargetJob j = new TargetJob(name, t, null) {
            @Override
            protected String work(IProgressMonitor monitor) throws dev.flashbank.core.target.TargetException {
                try {
                    step.run(t.connect());
                } catch (dev.flashbank.core.target.TargetException e) {
                    throw e;
                } catch (Exception e) {
                    throw new dev.flashbank.core.target.TargetException(name + ": " + e, e);
                }
                return "ok";
            }
        };
        j.schedule();
        Ui.join(j);
        assertThat(j.failure()).as(name).isNull();
    }

    private static List<TargetJob> jobsOn(Object t) {
        List<TargetJob> jobs = new java.util.concurrent.CopyOnWriteArrayList<>();
        Job.getJobManager().addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void scheduled(IJobChangeEvent event) {
                if (event.getJob() instanceof TargetJob j && j.belongsTo(t)) {
                    jobs.add(j);
                    Job.getJobManager().removeJobChangeListener(this);
                }
            }
        });
        return jobs;
    }

    private static List<Control> all(Composite c) {
        List<Control> out = new ArrayList<>();
        for (Control x : c.getChildren()) {
            out.add(x);
            if (x instanceof Composite cc) {
                out.addAll(all(cc));
            }
        }
        return out;
    }
}
