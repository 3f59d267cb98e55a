package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.jface.action.ActionContributionItem;
import org.eclipse.jface.action.IContributionItem;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.ui.model.FlashbankTarget;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.options.OptionReviewDialog;
import dev.flashbank.ui.options.OptionTwinPreview;
import dev.flashbank.ui.testing.Legibility;
import dev.flashbank.ui.testing.ShellShot;
import dev.flashbank.ui.testing.Themes;

/**
 * Issue 16 acceptance: screenshots of every Flashbank view, editor, dialog and preference page and of the Problems view
 * with Flashbank markers, in Eclipse's Light and Dark theme, saved to target/screenshots/ as
 * {@code tour-<theme>-<what>.png}, each judged by {@link Legibility} (nothing clipped, nothing invisible). Views,
 * editors and preference pages are those dev.flashbank bundles contribute (extension registry), so a new one is in the
 * tour without an edit here. Dialogs are opened as a user opens them where a button does it (the Targets view's
 * toolbar, pressed with the mouse through the X server).
 */
class ScreenshotTourTest {

    private static final String CONTRIBUTOR = "dev.flashbank";

    private final List<String> problems = new ArrayList<>();

    @AfterEach
    void backToLight() throws Exception {
        Themes.light(); // the other UI tests run in the theme a new IDE starts with
        Workbench w = Workbench.open();
        if (w.defaultBoard().isConnected()) {
            Ui.join(w.targets().disconnect(w.defaultBoard())); // as a new workspace has it
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "light", "dark" })
    void viewsAndEditors(String theme) throws Exception {
        Workbench w = open(theme);
        SimulatedTarget board = connectedDefaultBoard(w);
        for (IConfigurationElement view : contributions("org.eclipse.ui.views", "view")) {
            IViewPart part = w.page().showView(view.getAttribute("id"));
            settle(board);
            tour(theme, "view-" + view.getAttribute("name"), w.window().getShell(), partControl(part));
        }
        for (IConfigurationElement editor : contributions("org.eclipse.ui.editors", "editor")) {
            openEditorOf(w, board, editor.getAttribute("id"));
        }
        for (IEditorReference ref : w.page().getEditorReferences()) {
            if (ref.getId().startsWith(CONTRIBUTOR)) {
                IWorkbenchPart part = ref.getPart(true);
                w.page().activate(part);
                settle(board);
                tour(theme, "editor-" + ref.getPartName(), w.window().getShell(), partControl(part));
                w.page().setPartState(ref, IWorkbenchPage.STATE_MAXIMIZED);
                settle(board);
                tour(theme, "editor-" + ref.getPartName() + "-maximized", w.window().getShell(), partControl(part));
                w.page().setPartState(ref, IWorkbenchPage.STATE_RESTORED);
            }
        }
        assertClean(theme);
    }

    @ParameterizedTest
    @ValueSource(strings = { "light", "dark" })
    void dialogs(String theme) throws Exception {
        Workbench w = open(theme);
        SimulatedTarget board = connectedDefaultBoard(w);
        w.targets().select(board);
        Ui.drain();
        for (String button : List.of("New simulated board", "Add GDB server target", "Delete simulated board")) {
            boolean[] toured = { false };
            whenADialogShows(w.window().getShell(), dialog -> {
                tour(theme, "dialog-" + button, dialog, dialog);
                toured[0] = true;
                dialog.close(); // Cancel: nothing is created or deleted
            });
            openFromTargetsView(w, button);
            Ui.pumpUntil("the dialog of '" + button + "' toured", () -> toured[0]);
        }
        FlashbankTarget.Connection c = board.connection().orElseThrow();
        OptionImage from = c.driver().readOptions();
        for (int rdp : new int[] { 0xBB, 0xCC }) { // RDP level 1 (reversible), level 2 (irreversible: typed confirmation)
            OptionImage to = from.withRdp(rdp);
            List<OptionChange> changes = c.driver().optionChanges(from, to);
            OptionReviewDialog review = new OptionReviewDialog(w.window().getShell(), board.partName(), changes,
                    OptionTwinPreview.lines(board, c, from, to), w.targets().manager().backupsDirectory(),
                    typed -> {
                        throw new AssertionError("the tour writes nothing");
                    });
            review.open();
            Ui.pumpUntil("review dialog shown", () -> review.getShell() != null && review.getShell().isVisible());
            tour(theme, "dialog-option-review-rdp-" + Integer.toHexString(rdp), review.getShell(), review.getShell());
            review.close();
        }
        assertClean(theme);
    }

    @ParameterizedTest
    @ValueSource(strings = { "light", "dark" })
    void preferenceAndPropertyPages(String theme) throws Exception {
        Workbench w = open(theme);
        List<IConfigurationElement> preferences = contributions("org.eclipse.ui.preferencePages", "page");
        assertThat(preferences).as("Window > Preferences > Flashbank (issue 16 finding 7); contributed: %s",
                java.util.Arrays.stream(Platform.getExtensionRegistry().getConfigurationElementsFor(
                        "org.eclipse.ui.preferencePages")).map(e -> e.getContributor().getName() + ":" + e.getName()
                                + ":" + e.getAttribute("id")).toList()).isNotEmpty();
        for (IConfigurationElement page : preferences) {
            PreferenceDialog d = PreferencesUtil.createPreferenceDialogOn(w.window().getShell(),
                    page.getAttribute("id"), null, null);
            tourPreferenceDialog(theme, "preferences-" + page.getAttribute("name"), d);
        }
        List<IConfigurationElement> properties = contributions("org.eclipse.ui.propertyPages", "page");
        if (!properties.isEmpty()) {
            IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("tour");
            project.create(null);
            try {
                project.open(null);
                for (IConfigurationElement page : properties) {
                    PreferenceDialog d = PreferencesUtil.createPropertyDialogOn(w.window().getShell(), project,
                            page.getAttribute("id"), null, null);
                    tourPreferenceDialog(theme, "properties-" + page.getAttribute("name"), d);
                }
            } finally {
                project.delete(true, null);
            }
        }
        assertClean(theme);
    }

    /**
     * The Problems view with the doctor's findings on a board with a write-protected sector (a warning the doctor turns
     * into a Problems marker), the severity groups opened as a user opens them.
     */
    @ParameterizedTest
    @ValueSource(strings = { "light", "dark" })
    void problemsViewWithDoctorFindings(String theme) throws Exception {
        Workbench w = open(theme);
        SimulatedTarget t = w.targets().manager().createBoard(SimulatedBoards.DEFAULT_PART);
        try {
            Ui.pumpUntil("the new board listed", () -> w.targets().rows().stream()
                    .anyMatch(r -> r.startsWith(t.displayName())));
            w.targets().select(t);
            Ui.join(w.targets().connect(t));
            FlashbankTarget.Connection c = t.connection().orElseThrow();
            OptionBytes o = (OptionBytes) c.driver().readOptions();
            c.driver().writeOptions(o.withWriteProtection(5, true), FlashProgress.NONE);
            w.targets().select(t);
            Ui.drain();
            openFromTargetsView(w, "Doctor"); // its toolbar button, pressed with the mouse
            Ui.pumpUntil("the doctor's markers", () -> doctorMarkers() > 0);
            settle(t);
            w.page().resetPerspective(); // no stack left minimized by a maximized part (see DoctorProblemsTest)
            IViewPart problemsView = w.page().showView(IPageLayout.ID_PROBLEM_VIEW);
            Control view = partControl(problemsView);
            // the Problems view's tree is lazy: its severity groups are opened as a user opens them (a click, then
            // Shift+Right), not by setExpanded, which fills no rows
            Tree problems = Legibility.all(view).stream().filter(x -> x instanceof Tree tr && tr.isVisible())
                    .map(Tree.class::cast).findFirst().orElseThrow(() -> new AssertionError("no Problems view tree"));
            Ui.pumpUntil("the Problems view's groups", () -> problems.getItemCount() > 0);
            problems.setFocus();
            for (TreeItem group : problems.getItems()) {
                if (!group.getExpanded()) {
                    problems.setSelection(group);
                    RealInput.key(problems.getDisplay(), '\0', SWT.ARROW_RIGHT);
                    Ui.pumpUntil("'" + group.getText(0) + "' opened", group::getExpanded);
                }
            }
            Ui.pumpUntil("a Flashbank marker in the Problems view", () -> java.util.Arrays.stream(problems.getItems())
                    .flatMap(g -> java.util.Arrays.stream(g.getItems()))
                    .anyMatch(i -> i.getText(0).contains("write-protected")));
            tour(theme, "view-Problems", w.window().getShell(), view);
        } finally {
            Ui.join(w.targets().delete(t));
        }
        assertClean(theme);
    }

    /** The markers of the doctor's Problems type in the workspace (the type dev.flashbank.ui declares). */
    private static int doctorMarkers() {
        try {
            return ResourcesPlugin.getWorkspace().getRoot().findMarkers("dev.flashbank.ui.doctorProblem", true,
                    org.eclipse.core.resources.IResource.DEPTH_INFINITE).length;
        } catch (org.eclipse.core.runtime.CoreException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ the tour's steps

    private static Workbench open(String theme) throws Exception {
        Workbench w = Workbench.open();
        w.page().resetPerspective(); // the layout a new user gets, whatever other tests did
        if (theme.equals("dark")) {
            Themes.dark();
        } else {
            Themes.light();
        }
        Ui.drain();
        return w;
    }

    private static SimulatedTarget connectedDefaultBoard(Workbench w) {
        SimulatedTarget board = w.defaultBoard();
        w.targets().select(board);
        if (!board.isConnected()) {
            Ui.join(w.targets().connect(board));
        }
        settle(board);
        return board;
    }

    /** Opens {@code editorId} on {@code board} as a user does: Enter on the board's row in the Targets view. */
    private static void openEditorOf(Workbench w, SimulatedTarget board, String editorId) {
        w.targets().select(board);
        w.page().activate(w.targets());
        Control table = partControl(w.targets());
        for (Control c : Legibility.all(table)) {
            if (c instanceof org.eclipse.swt.widgets.Table t) {
                RealInput.clickRow(t, board); // the board's own row (a click on the table's middle chose another)
                RealInput.key(t.getDisplay(), '\0', SWT.CR);
                break;
            }
        }
        Ui.pumpUntil("the editor " + editorId + " open", () -> java.util.Arrays.stream(w.page().getEditorReferences())
                .anyMatch(r -> r.getId().equals(editorId)));
        settle(board);
    }

    private void tourPreferenceDialog(String theme, String name, PreferenceDialog d) {
        d.setBlockOnOpen(false);
        d.open();
        Ui.pumpUntil("the dialog " + name + " shown", () -> d.getShell() != null && d.getShell().isVisible());
        Control page = d.getSelectedPage() == null ? d.getShell() : ((org.eclipse.jface.preference.IPreferencePage)
                d.getSelectedPage()).getControl();
        tour(theme, name, d.getShell(), page);
        d.close();
        Ui.drain();
    }

    /** Saves the screenshot of {@code shell} and adds what {@link Legibility} finds under {@code judged}. */
    private void tour(String theme, String what, Shell shell, Control judged) {
        ShellShot shot = ShellShot.take(shell, "tour-" + theme + "-" + what.replaceAll("[^A-Za-z0-9.-]+", "-"));
        for (String p : Legibility.problems(judged, shot)) {
            problems.add(what + ": " + p);
        }
    }

    private void assertClean(String theme) {
        assertThat(problems).as("clipped or invisible in the %s theme (screenshots in %s)", theme,
                System.getProperty("flashbank.screenshots")).isEmpty();
    }

    /** Lets the board's jobs end and the UI paint what they posted. */
    private static void settle(FlashbankTarget board) {
        // a job that ends can make a view schedule the next one (activation reads the banks, the editor its options):
        // settled = no job on the board after the events already queued have run
        do {
            Ui.pumpUntil("jobs on " + board, () -> Ui.noJobs(board));
            Ui.drain();
        } while (!Ui.noJobs(board));
    }

    /** The control of a part: its model element's widget, which holds what the part created. */
    private static Control partControl(IWorkbenchPart part) {
        MPart model = part.getSite().getService(MPart.class);
        assertThat(model).as("the model of " + part.getTitle()).isNotNull();
        return (Control) model.getWidget();
    }

    /** The elements named {@code element} that dev.flashbank bundles contribute to {@code point}. */
    private static List<IConfigurationElement> contributions(String point, String element) {
        List<IConfigurationElement> l = new ArrayList<>();
        for (IConfigurationElement e : Platform.getExtensionRegistry().getConfigurationElementsFor(point)) {
            if (e.getContributor().getName().startsWith(CONTRIBUTOR) && e.getName().equals(element)) {
                l.add(e);
            }
        }
        return l;
    }

    /**
     * Arms {@code tour} for the next shell other than {@code window} that shows; it runs inside the dialog's own event
     * loop once the dialog is on screen and must close it.
     */
    private static void whenADialogShows(Shell window, Consumer<Shell> tour) {
        Display d = window.getDisplay();
        Listener[] filter = new Listener[1];
        filter[0] = e -> {
            if (e.widget instanceof Shell s && s != window) {
                d.removeFilter(SWT.Show, filter[0]);
                d.asyncExec(() -> {
                    Ui.pumpUntil("dialog on screen", () -> s.isDisposed() || s.isVisible());
                    if (!s.isDisposed()) {
                        tour.accept(s);
                    }
                });
            }
        };
        d.addFilter(SWT.Show, filter[0]);
    }

    /**
     * Opens what the Targets view offers as {@code label}: its toolbar button pressed with the mouse, or else the
     * entry of its view menu.
     */
    private static void openFromTargetsView(Workbench w, String label) {
        for (Control c : Legibility.all(w.window().getShell())) {
            if (c instanceof ToolBar bar && bar.isVisible()) {
                for (ToolItem item : bar.getItems()) {
                    String tip = item.getToolTipText() == null ? "" : item.getToolTipText();
                    if ((tip.startsWith(label) || item.getText().startsWith(label)) && item.isEnabled()) {
                        click(bar, item);
                        return;
                    }
                }
            }
        }
        for (IContributionItem item : w.targets().getViewSite().getActionBars().getMenuManager().getItems()) {
            if (item instanceof ActionContributionItem a && a.getAction().getText() != null
                    && a.getAction().getText().startsWith(label)) {
                Display.getCurrent().asyncExec(a.getAction()::run); // the view menu's entry (menus are not posted)
                return;
            }
        }
        throw new AssertionError("the Targets view offers no '" + label + "'");
    }

    /** Presses toolbar button {@code item} with the mouse through the X server (what it opens runs its own loop). */
    private static void click(ToolBar bar, ToolItem item) {
        Display d = bar.getDisplay();
        bar.getShell().forceActive();
        Rectangle r = item.getBounds();
        Point at = bar.toDisplay(r.x + r.width / 2, r.y + r.height / 2);
        post(d, SWT.MouseMove, e -> {
            e.x = at.x;
            e.y = at.y;
        });
        Ui.pumpUntil("pointer over the toolbar", () -> d.getCursorControl() == bar);
        post(d, SWT.MouseDown, e -> e.button = 1);
        post(d, SWT.MouseUp, e -> e.button = 1);
    }

    private static void post(Display d, int type, Consumer<Event> setup) {
        Event e = new Event();
        e.type = type;
        setup.accept(e);
        assertThat(d.post(e)).as("Display.post of event type %d", type).isTrue();
    }
}
