package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.Flashbank;
import dev.flashbank.ui.FlashbankPerspective;
import dev.flashbank.ui.views.TargetsView;

/** Runs in the real workbench (UI harness, UI thread) under Xvfb. */
class FlashbankPerspectiveTest {

    @Test
    void perspectiveOpensWithTheTargetsView() throws Exception {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        assertThat(window).as("workbench window").isNotNull();
        IWorkbenchPage page = window.getActivePage();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry()
                .findPerspectiveWithId(FlashbankPerspective.ID));
        assertThat(page.getPerspective().getId()).isEqualTo(FlashbankPerspective.ID);

        IViewPart part = page.findView(TargetsView.ID);
        assertThat(part).as("Targets view is part of the Flashbank perspective").isInstanceOf(TargetsView.class);
        TargetsView view = (TargetsView) part;
        assertThat(view.headerText()).contains(Flashbank.VERSION);
        assertThat(view.rows()).contains("Simulated boards");

        Path shot = Screenshots.save(window.getShell(), "flashbank-perspective");
        assertThat(Files.size(shot)).isGreaterThan(1000);
    }
}
