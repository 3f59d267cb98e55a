package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.IConsoleConstants;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.Flashbank;
import dev.flashbank.ui.FlashbankPerspective;
import dev.flashbank.ui.views.OptionBytesView;
import dev.flashbank.ui.views.TargetsView;

/** Runs in the real workbench (UI harness, UI thread) under Xvfb. */
class FlashbankPerspectiveTest {

    @Test
    void perspectiveOpensWithTheTargetsOptionBytesAndConsoleViews() throws Exception {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        assertThat(window).as("workbench window").isNotNull();
        IWorkbenchPage page = window.getActivePage();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry()
                .findPerspectiveWithId(FlashbankPerspective.ID));
        assertThat(page.getPerspective().getId()).isEqualTo(FlashbankPerspective.ID);
        page.resetPerspective(); // the layout as a new user gets it, whatever other tests did

        assertThat(page.findView(TargetsView.ID)).as("Targets view").isInstanceOf(TargetsView.class);
        assertThat(page.findView(OptionBytesView.ID)).as("Option Bytes view").isInstanceOf(OptionBytesView.class);
        assertThat(page.findView(IConsoleConstants.ID_CONSOLE_VIEW)).as("console").isNotNull();
        TargetsView view = (TargetsView) page.findView(TargetsView.ID);
        assertThat(view.headerText()).contains(Flashbank.VERSION);
        Ui.pumpUntil("targets listed", () -> !view.rows().isEmpty());
        assertThat(view.rows()).anyMatch(r -> r.startsWith("Simulated STM32F767ZI"));

        Path shot = Screenshots.save(window.getShell(), "flashbank-perspective");
        assertThat(Files.size(shot)).isGreaterThan(1000);
    }
}
