package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.family.OptionImage;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedFamilies;
import dev.flashbank.ui.banks.BankBrowserView;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.options.OptionBytesEditor;

/**
 * Issue 17: the IDE on the page-flash lines (STM32G474 single and dual bank, L476, G0B1) - boards the UI has no code
 * for. New simulated board offers them; the Option Bytes editor shows the family's fields and the WRP/PCROP page
 * ranges over a page map grouped to stay readable; the Flash Banks view groups 128-256 pages per bank.
 */
class PageFlashIdeTest {

    static final String G474 = "STM32G474ZE";
    static final String L476 = "STM32L476ZG";
    static final String G0B1 = "STM32G0B1ZE";

    Workbench w;
    BankBrowserView banks;

    @AfterEach
    void restore() {
        if (w != null) {
            if (banks != null) {
                w.page().hideView(banks);
                Ui.pumpUntil("bank browser jobs", () -> Job.getJobManager().find(TargetJob.FAMILY).length == 0);
            }
            w.restoreEditor();
        }
    }

    /** A new board of {@code part}, dual bank when asked (the dialog's Dual bank choice), connected and edited. */
    SimulatedTarget board(String part, boolean dual) throws Exception {
        w = Workbench.open();
        BoardOptions options = BoardOptions.defaults();
        if (dual) {
            Optional<OptionImage> d = SimulatedFamilies.dualBankOptions(InstalledFamilies.families(), part);
            if (d.isPresent()) {
                options = options.withOptionBytes(d.get());
            }
        }
        Set<SimulatedTarget> before = new HashSet<>(w.targets().manager().simulatedTargets());
        Ui.join(w.targets().createBoard(part, options));
        Ui.drain();
        SimulatedTarget board = w.targets().manager().simulatedTargets().stream().filter(t -> !before.contains(t))
                .findFirst().orElseThrow(() -> new AssertionError("no board " + part + " made"));
        w.connectAndEdit(board);
        w.page().setPartState(w.page().getReference(w.options()), IWorkbenchPage.STATE_MAXIMIZED);
        Ui.drain();
        return board;
    }

    private void screenshotBanks(String name) throws Exception {
        long p = banks.hexPaints();
        banks.repaint();
        Ui.pumpUntil("hex view painted", () -> banks.hexPaints() > p);
        Screenshots.save(w.window().getShell(), name);
    }

    private void explore(String part, boolean dual, String name) throws Exception {
        SimulatedTarget board = board(part, dual);
        OptionBytesEditor ob = w.options();
        Screenshots.save(w.window().getShell(), name + "-option-bytes");
        w.restoreEditor();
        banks = (BankBrowserView) w.page().showView(BankBrowserView.ID);
        w.page().setPartState(w.page().getReference(banks), IWorkbenchPage.STATE_MAXIMIZED);
        banks.setTarget(board);
        Ui.pumpUntil("first snapshot", () -> banks.snapshot() != null && Ui.noJobs(board));
        screenshotBanks(name + "-flash-banks");
        assertThat(ob).isNotNull();
    }

    @Test
    void g474Dual() throws Exception {
        explore(G474, true, "g474-dual");
    }

    @Test
    void g474Single() throws Exception {
        explore(G474, false, "g474-single");
    }

    @Test
    void l476() throws Exception {
        explore(L476, true, "l476");
    }

    @Test
    void g0b1() throws Exception {
        explore(G0B1, true, "g0b1");
    }
}
