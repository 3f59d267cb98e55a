package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveDescriptor;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.IConsoleConstants;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.Flashbank;
import dev.flashbank.ui.FlashbankPerspective;
import dev.flashbank.ui.views.TargetsView;

/** Runs in the real workbench (UI harness, UI thread) under Xvfb. */
class FlashbankPerspectiveTest {

    @Test
    void perspectiveOpensWithTheTargetsViewTheEditorAreaAndTheConsole() throws Exception {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        assertThat(window).as("workbench window").isNotNull();
        IWorkbenchPage page = window.getActivePage();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry()
                .findPerspectiveWithId(FlashbankPerspective.ID));
        assertThat(page.getPerspective().getId()).isEqualTo(FlashbankPerspective.ID);
        page.resetPerspective(); // the layout as a new user gets it, whatever other tests did

        assertThat(page.findView(TargetsView.ID)).as("Targets view").isInstanceOf(TargetsView.class);
        assertThat(page.isEditorAreaVisible()).as("the editor area, where each target's Option Bytes editor opens")
                .isTrue();
        assertThat(page.findView(IConsoleConstants.ID_CONSOLE_VIEW)).as("console").isNotNull();
        TargetsView view = (TargetsView) page.findView(TargetsView.ID);
        assertThat(view.headerText()).contains(Flashbank.VERSION);
        Ui.pumpUntil("targets listed", () -> !view.rows().isEmpty());
        assertThat(view.rows()).anyMatch(r -> r.startsWith("Simulated STM32F767ZI"));

        Path shot = Screenshots.save(window.getShell(), "flashbank-perspective");
        assertThat(Files.size(shot)).isGreaterThan(1000);
    }

    /**
     * Issue 16 finding 3: the three Flashbank launch types are found from the perspective (the Run menu and the
     * Run/Debug toolbar of the platform's launch action set), the perspective says what it is for, and Window > Show
     * View lists its views.
     */
    @Test
    void perspectiveOffersTheRunMenuADescriptionAndItsViews() throws Exception {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        IWorkbenchPage page = window.getActivePage();
        IPerspectiveDescriptor flashbank = PlatformUI.getWorkbench().getPerspectiveRegistry()
                .findPerspectiveWithId(FlashbankPerspective.ID);
        page.setPerspective(flashbank);
        page.resetPerspective();

        Ui.pumpUntil("the Run menu in the menu bar", () -> menuBar(window).contains("Run"));
        assertThat(flashbank.getDescription()).as("perspective description").contains("launch");
        assertThat(page.getShowViewShortcuts()).as("Window > Show View").contains(TargetsView.ID,
                "dev.flashbank.ui.views.banks", IConsoleConstants.ID_CONSOLE_VIEW, IPageLayout.ID_PROGRESS_VIEW);
        Screenshots.save(window.getShell(), "flashbank-perspective-run-menu");
    }

    /** The menu bar's menus as shown (mnemonics removed). */
    static java.util.List<String> menuBar(IWorkbenchWindow window) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (org.eclipse.swt.widgets.MenuItem item : window.getShell().getMenuBar().getItems()) {
            names.add(item.getText().replace("&", ""));
        }
        return names;
    }
}
