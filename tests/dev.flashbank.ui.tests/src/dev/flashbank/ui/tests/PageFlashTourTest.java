package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.ui.banks.BankBrowserView;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.options.OptionBytesEditor;
import dev.flashbank.ui.testing.Themes;

/**
 * Issue 17 in the dark theme (a *TourTest: it switches the theme, so it runs in the tour's own workbench): the page
 * map and the bank strip of each page-flash line, driven as {@link PageFlashIdeTest} drives them.
 */
class PageFlashTourTest {

    final PageFlashIdeTest d = new PageFlashIdeTest();

    @AfterEach
    void restore() {
        d.restore();
    }

    /**
     * The dark theme: the page map (a keyboard selection shown) and the bank strip of each line, for a person to look
     * at - grouped pages, slices, labels and the selection must stay legible on dark backgrounds.
     */
    @Test
    void darkThemeScreenshotsOfThePageMapAndTheBankStrip() throws Exception {
        try {
            Themes.dark();
            for (Object[] line : new Object[][] { { PageFlashIdeTest.G474, true, "g474-dual" },
                    { PageFlashIdeTest.G474, false, "g474-single" },
                    { PageFlashIdeTest.L476, true, "l476" }, { PageFlashIdeTest.G0B1, true, "g0b1" } }) {
                String name = (String) line[2];
                SimulatedTarget board = d.newBoard((String) line[0], (Boolean) line[1]);
                d.program(board, 0x0800_0000L, PageFlashIdeTest.image(0x100, "app A 1.0.0"));
                OptionBytesEditor ob = d.edit(board);
                PageFlashIdeTest.showMap(ob);
                PageFlashIdeTest.focusMap(ob.sectorMap());
                PageFlashIdeTest.keys(SWT.ARROW_RIGHT, 3);
                RealInput.key(Display.getCurrent(), ' ', 0);
                PageFlashIdeTest.keys(SWT.ARROW_RIGHT, 6);
                PageFlashIdeTest.shiftKeys(SWT.ARROW_RIGHT, 9);
                assertThat(ob.sectorMap().selection()).hasSize(10);
                d.shot(name + "-dark-option-bytes");
                d.w.restoreEditor();
                d.banks = (BankBrowserView) d.w.page().showView(BankBrowserView.ID);
                d.w.page().setPartState(d.w.page().getReference(d.banks), IWorkbenchPage.STATE_MAXIMIZED);
                d.banks.setTarget(board);
                Ui.pumpUntil("first snapshot", () -> d.banks.snapshot() != null && Ui.noJobs(board));
                d.screenshotBanks(name + "-dark-flash-banks");
                d.restore();
                d.banks = null;
            }
        } finally {
            Themes.light();
        }
    }
}
