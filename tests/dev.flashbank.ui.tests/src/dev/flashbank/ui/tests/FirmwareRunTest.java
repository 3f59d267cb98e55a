package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.ToolItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.image.ElfReader;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.family.stm32f7.sim.SampleImages;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.ui.console.FlashbankConsole;
import dev.flashbank.ui.model.SimulatedTarget;

/**
 * The Targets view runs and halts a simulated board's firmware (issue 19) as a user does it: the board's context menu
 * offers Run firmware (Halt off while nothing runs); the toolbar's Run firmware lets the repository's sample (it counts
 * g_counter in a loop) run in virtual time paced to the wall clock, the row shows the board busy meanwhile, and Halt
 * firmware stops the core between two instructions inside the sample's code; the Flashbank console says where, and
 * the picture of the halted board is taken once the Console view shows that line and the status line's progress area
 * no longer draws the run (it repaints from the job manager's news at most every 100 ms, after the job has ended).
 */
class FirmwareRunTest {

    @TempDir
    Path tmp;

    @Test
    void runAndHaltTheSampleFromTheTargetsView() throws Exception {
        Workbench w = Workbench.open();
        SimulatedTarget t = w.targets().manager().createBoard(SimulatedBoards.DEFAULT_PART);
        FirmwareImage sample = SampleImages.FIRMWARE.running();
        Path elf = SampleImages.FIRMWARE.extractTo(tmp).resolve(SampleImages.BANK1 + ".elf");
        Map<String, Long> symbols = ElfReader.symbols(elf.toString(), Files.readAllBytes(elf));
        long counter = symbols.get("g_counter");
        Ui.join(FirmwareSetup.programAndReset(t, sample));

        Table rows = w.targetsTable();
        TableItem row = RealInput.clickRow(rows, t);
        Menu menu = RealInput.contextMenu(rows, row.getBounds(0).x + 20, row.getBounds(0).y + row.getBounds(0).height / 2);
        assertThat(RealInput.item(menu, "Run firmware").isEnabled()).as("Run on an idle simulated board").isTrue();
        assertThat(RealInput.item(menu, "Halt firmware").isEnabled()).as("Halt with nothing running").isFalse();
        RealInput.dismiss(menu);
        RealInput.press(w.targetsToolItem("Run firmware"));
        try {
            Ui.pumpUntil("the Targets view runs the firmware", () -> w.targets().isRunningFirmware(t));
            long first = read(t, counter);
            Ui.pumpUntil("g_counter counts while the firmware runs", () -> read(t, counter) != first);
            Ui.pumpUntil("the row shows the board busy", () -> rowText(row).contains("Running firmware"));
            TargetsStateColumnTest.awaitStateShowsWhole(rows); // "busy: Running firmware" whole, beside the names
            Ui.pumpUntil("Run off, Halt on", () -> !w.targetsToolItem("Run firmware").isEnabled()
                    && w.targetsToolItem("Halt firmware").isEnabled());
            Ui.pumpUntil("the progress area draws the run", () -> !progressAreaDrawsNothing(w));
            Screenshots.save(w.window().getShell(), "targets-firmware-running");
        } catch (AssertionError | RuntimeException e) {
            w.targets().haltFirmware(t); // a failed test leaves no firmware running under the next ones
            throw e;
        }

        RealInput.press(w.targetsToolItem("Halt firmware"));
        Ui.pumpUntil("the run ended", () -> !w.targets().isRunningFirmware(t));
        assertThat(t.board().coreHalted()).as("the core is halted").isTrue();
        int pc = t.board().coreRegister(15);
        assertThat(sample.contains(pc & 0xFFFF_FFFFL)).as("halted inside the sample's code: PC = 0x%08X", pc).isTrue();
        long halted = read(t, counter);
        assertThat(read(t, counter)).as("a halted core counts no more").isEqualTo(halted);
        String done = FlashbankConsole.get().lines().stream().filter(l -> l.contains("\u2714 Running firmware")
                && l.contains(t.displayName()) && l.contains("the core halted") && l.contains(
                        String.format("PC = 0x%08X", pc))).findFirst().orElseThrow(() -> new AssertionError(
                                "no halted line on the Flashbank console: " + FlashbankConsole.get().lines()));
        // the picture shows what the user sees once the run ended: the Console view has painted the halted line (it
        // appends asynchronously) and no label of the window (status line, Progress view) still names the run
        String painted = done.substring(done.indexOf("\u2714"));
        Ui.pumpUntil("the Console view shows the halted line", () -> consoleViewShows(w, painted));
        Ui.pumpUntil("no label names the run any more", () -> labelsOf(w.window().getShell()).stream()
                .noneMatch(l -> l.contains("Running firmware")));
        // nor the status line's progress area: a canvas that draws the running jobs' names, redrawn from the job
        // manager's news at most every 100 ms (the job has ended: the job manager tells its global listeners, the
        // workbench's progress list among them, before the job's own listener that ended the run above)
        Ui.pumpUntil("the progress area draws no job", () -> progressAreaDrawsNothing(w));
        Ui.drain();
        Screenshots.save(w.window().getShell(), "targets-firmware-halted");
    }

    /** A word of the board's RAM as the debug port reads it (the board is shared with the running job). */
    private static long read(SimulatedTarget t, long address) {
        BusResult r = t.board().debugBus().read(address, AccessWidth.WORD);
        return r instanceof BusResult.Ok ok ? ok.value() : -1;
    }

    private static String rowText(TableItem row) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < row.getParent().getColumnCount(); i++) {
            b.append(row.getText(i)).append(" | ");
        }
        return b.toString();
    }

    /**
     * True when the Console view has painted {@code line} where the user can see it: in its text and, after the view's
     * asynchronous scroll to the end, between the first and last visible line (a picture taken earlier shows a view
     * whose text holds the line below the fold).
     */
    static boolean consoleViewShows(Workbench w, String line) {
        org.eclipse.ui.IViewPart v = w.page().findView(org.eclipse.ui.console.IConsoleConstants.ID_CONSOLE_VIEW);
        if (!(v instanceof org.eclipse.ui.part.PageBookView book && book.getCurrentPage() != null
                && book.getCurrentPage().getControl() instanceof org.eclipse.swt.custom.StyledText text)) {
            return false;
        }
        int at = text.getText().lastIndexOf(line);
        if (at < 0) {
            return false;
        }
        int index = text.getLineAtOffset(at);
        int lastVisible = text.getLineIndex(Math.max(0, text.getClientArea().height - 1));
        return index >= text.getTopIndex() && index <= lastVisible;
    }

    /**
     * True when the workbench window's progress area (the status line's tool control
     * {@value #PROGRESS_AREA}: the names of the running jobs, drawn on a canvas, beside the progress bar) shows no
     * name: every pixel of the canvas has the same colour.
     */
    static boolean progressAreaDrawsNothing(Workbench w) {
        org.eclipse.swt.widgets.Canvas canvas = progressAreaCanvas(w);
        org.eclipse.swt.graphics.Rectangle r = canvas.getBounds();
        if (!canvas.isVisible() || r.width == 0 || r.height == 0) {
            return true;
        }
        canvas.update(); // paint what is invalid now (a redraw after the job manager's news)
        org.eclipse.swt.widgets.Display d = canvas.getDisplay();
        org.eclipse.swt.graphics.Point at = canvas.toDisplay(0, 0);
        org.eclipse.swt.graphics.Image image = new org.eclipse.swt.graphics.Image(d, r.width, r.height);
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(d);
        try {
            gc.copyArea(image, at.x, at.y);
            org.eclipse.swt.graphics.ImageData data = image.getImageData();
            int first = data.getPixel(0, 0);
            for (int y = 0; y < data.height; y++) {
                for (int x = 0; x < data.width; x++) {
                    if (data.getPixel(x, y) != first) {
                        return false;
                    }
                }
            }
            return true;
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /** The element id of the workbench window's progress area in its status line (trim). */
    private static final String PROGRESS_AREA = "org.eclipse.ui.ProgressBar";

    private static org.eclipse.swt.widgets.Canvas progressAreaCanvas(Workbench w) {
        if (!(w.window().getService(org.eclipse.e4.ui.model.application.ui.basic.MWindow.class)
                instanceof org.eclipse.e4.ui.model.application.ui.basic.MTrimmedWindow window)) {
            throw new AssertionError("the workbench window's model is no trimmed window");
        }
        for (org.eclipse.e4.ui.model.application.ui.basic.MTrimBar bar : window.getTrimBars()) {
            for (org.eclipse.e4.ui.model.application.ui.basic.MTrimElement e : bar.getChildren()) {
                if (PROGRESS_AREA.equals(e.getElementId()) && e.getWidget() instanceof org.eclipse.swt.widgets
                        .Composite c) {
                    org.eclipse.swt.widgets.Canvas canvas = canvasIn(c);
                    assertThat(canvas).as("the canvas of the progress area %s", c).isNotNull();
                    return canvas;
                }
            }
        }
        throw new AssertionError("no progress area " + PROGRESS_AREA + " in the window's trim");
    }

    /** The plain canvas (not a subclass: the progress bar's parts are other widgets) under {@code c}. */
    private static org.eclipse.swt.widgets.Canvas canvasIn(org.eclipse.swt.widgets.Composite c) {
        for (org.eclipse.swt.widgets.Control x : c.getChildren()) {
            if (x.getClass() == org.eclipse.swt.widgets.Canvas.class) {
                return (org.eclipse.swt.widgets.Canvas) x;
            }
            if (x instanceof org.eclipse.swt.widgets.Composite cc && canvasIn(cc) != null) {
                return canvasIn(cc);
            }
        }
        return null;
    }

    /** The texts of the visible labels of {@code root} (the status line's CLabels, the Progress view's Labels). */
    static java.util.List<String> labelsOf(org.eclipse.swt.widgets.Composite root) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (org.eclipse.swt.widgets.Control c : root.getChildren()) {
            if (!c.isVisible()) {
                continue;
            }
            if (c instanceof org.eclipse.swt.custom.CLabel l && l.getText() != null) {
                out.add(l.getText());
            } else if (c instanceof org.eclipse.swt.widgets.Label l) {
                out.add(l.getText());
            } else if (c instanceof org.eclipse.swt.widgets.ToolBar bar) {
                for (ToolItem i : bar.getItems()) {
                    out.add(i.getText() + " " + java.util.Objects.toString(i.getToolTipText(), ""));
                }
            } else if (c instanceof org.eclipse.swt.widgets.Composite cc) {
                out.addAll(labelsOf(cc));
            }
        }
        return out;
    }
}
