package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedFamilies;
import dev.flashbank.ui.banks.BankBrowserView;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.options.OptionBytesEditor;
import dev.flashbank.ui.options.OptionReviewDialog;
import dev.flashbank.ui.options.SectorMap;

/**
 * Issue 17: the IDE on the page-flash lines - simulated STM32G474 (single and dual bank), L476 and G0B1, parts the UI
 * has no code for. New simulated board offers them; the Option Bytes editor takes its fields and boxes from the
 * family and draws the WRP ranges over a page map grouped to stay readable, edited by keyboard (arrows, Shift
 * selection, Space, Ctrl+A) and mouse (a group, Shift+click a range) with real input events, saved with Ctrl+S through
 * the review dialog (OBL_LAUNCH resets the part: the editor shows the options read again); the Flash Banks view groups
 * 128-256 pages a bank, labels physical and mapped banks and swaps through the review dialog (BFB2 / nSWAP_BANK).
 */
class PageFlashIdeTest {

    static final String G474 = "STM32G474ZE";
    static final String L476 = "STM32L476ZG";
    static final String G0B1 = "STM32G0B1ZE";

    Workbench w;
    BankBrowserView banks;
    /** The flash size of the board made last (the option fields depend on it). */
    int flashKiB;

    @AfterEach
    void restore() {
        if (w != null) {
            if (banks != null) {
                w.page().setPartState(w.page().getReference(banks), IWorkbenchPage.STATE_RESTORED);
                w.page().hideView(banks);
                Ui.pumpUntil("bank browser jobs", () -> Job.getJobManager().find(TargetJob.FAMILY).length == 0);
            }
            w.restoreEditor();
        }
    }

    private static Display display() {
        return Display.getCurrent();
    }

    /** A new board of {@code part} (dual bank when asked, as the dialog's Dual bank choice makes it), connected. */
    SimulatedTarget newBoard(String part, boolean dual) throws Exception {
        w = Workbench.open();
        BoardOptions options = BoardOptions.defaults();
        Optional<OptionImage> mode = SimulatedFamilies.bankModeOptions(InstalledFamilies.families(), part,
                dual ? dev.flashbank.core.device.BankMode.DUAL : dev.flashbank.core.device.BankMode.SINGLE);
        if (mode.isPresent()) {
            options = options.withOptionBytes(mode.get());
        }
        Set<SimulatedTarget> before = new HashSet<>(w.targets().manager().simulatedTargets());
        Ui.join(w.targets().createBoard(part, options));
        Ui.drain();
        SimulatedTarget board = w.targets().manager().simulatedTargets().stream().filter(t -> !before.contains(t))
                .findFirst().orElseThrow(() -> new AssertionError("no board " + part + " made"));
        w.targets().select(board);
        Ui.join(w.targets().connect(board));
        flashKiB = board.connection().orElseThrow().identity().flashSizeKiB();
        return board;
    }

    /** {@link #newBoard} with its Option Bytes editor open, maximized. */
    OptionBytesEditor edit(SimulatedTarget board) {
        w.connectAndEdit(board);
        w.page().setPartState(w.page().getReference(w.options()), IWorkbenchPage.STATE_MAXIMIZED);
        Ui.drain();
        return w.options();
    }

    private static FlashGeometry geometry(SimulatedTarget board) {
        return board.connection().orElseThrow().identity().geometry();
    }

    private int value(OptionImage o, String name) {
        OptionField f = o.fields(flashKiB).stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + name + " in " + o.lineName()));
        return o.get(f);
    }

    private static List<String> changed(OptionBytesEditor ob) {
        return ob.changes().stream().map(c -> c.option()).toList();
    }

    /**
     * Scrolls the editor's form so the write-protection box (the page map) is at the top, as a user scrolls down to it
     * (the map must be on the screen for the pointer to reach it, and in the screenshots).
     */
    static void showMap(OptionBytesEditor ob) {
        org.eclipse.ui.forms.widgets.ScrolledForm f = ob.form();
        Control section = ob.sectorMapSection();
        Point p = f.getBody().toControl(section.toDisplay(0, 0));
        f.setOrigin(0, Math.max(0, p.y - 8));
        Ui.drain();
    }

    /** Focus into the map with a click beside its boxes (the legend line: no box, nothing toggled). */
    static void focusMap(SectorMap map) {
        RealInput.clickAt(map, 4, map.getSize().y - 4, 0);
        Ui.pumpUntil("the map focused", map::isFocusControl);
    }

    static void keys(int keyCode, int times) {
        for (int i = 0; i < times; i++) {
            RealInput.key(display(), '\0', keyCode);
        }
    }

    static void shiftKeys(int keyCode, int times) {
        for (int i = 0; i < times; i++) {
            RealInput.keyWith(display(), SWT.SHIFT, '\0', keyCode);
        }
    }

    private static void clickMiddle(SectorMap map, Rectangle r, int modifier) {
        RealInput.clickAt(map, r.x + r.width / 2, r.y + r.height / 2, modifier);
    }

    private static OptionReviewDialog saveWithCtrlS(OptionBytesEditor ob) {
        OptionReviewDialog before = ob.reviewDialog();
        RealInput.keyWith(display(), SWT.CTRL, 's', 0);
        Ui.pumpUntil("review dialog after Ctrl+S", () -> ob.reviewDialog() != null && ob.reviewDialog() != before
                && ob.reviewDialog().getShell() != null && ob.reviewDialog().getShell().isVisible());
        return ob.reviewDialog();
    }

    /**
     * A screenshot of the window once the page map (if an editor shows one) has painted its last change: the map
     * repaints on the next event loop turn, the picture is copied from the X server.
     */
    void shot(String name) throws java.io.IOException {
        if (w.page().getActiveEditor() instanceof OptionBytesEditor ob && ob.sectorMap() != null
                && !ob.sectorMap().isDisposed()) {
            ob.sectorMap().redraw();
            ob.sectorMap().update();
        }
        Screenshots.save(w.window().getShell(), name);
    }

    private String focusedPageName(SectorMap map) {
        return Accessibility.name(map, Accessibility.focus(map));
    }

    // ------------------------------------------------------------------ New simulated board

    private static List<Control> all(org.eclipse.swt.widgets.Composite c) {
        return BankViewDriver.all(c);
    }

    /**
     * The dialog answered from inside its loop: for each page-flash line the bank-mode choice it offers is read; G474
     * chosen with Dual bank clicked, Create pressed; the board connects and the Targets view's details say its banks.
     */
    @Test
    void newSimulatedBoardOffersTheThreeLinesWithTheirBankModes() throws Exception {
        w = Workbench.open();
        Set<SimulatedTarget> before = new HashSet<>(w.targets().manager().simulatedTargets());
        Display d = display();
        List<String> parts = new ArrayList<>();
        List<String> modes = new ArrayList<>();
        boolean[] done = { false };
        Throwable[] failure = { null };
        Listener[] filter = new Listener[1];
        filter[0] = e -> {
            if (e.widget instanceof Shell s && "New simulated board".equals(s.getText())) {
                d.removeFilter(SWT.Show, filter[0]);
                d.asyncExec(() -> {
                    try {
                        Ui.drain();
                        Combo part = (Combo) all(s).stream().filter(Combo.class::isInstance).findFirst().orElseThrow();
                        parts.addAll(List.of(part.getItems()));
                        Button single = (Button) all(s).stream().filter(c -> c instanceof Button b
                                && b.getText().replace("&", "").equals("Single bank")).findFirst().orElseThrow();
                        Button dual = (Button) all(s).stream().filter(c -> c instanceof Button b
                                && b.getText().replace("&", "").equals("Dual bank")).findFirst().orElseThrow();
                        for (String p : List.of(L476, G0B1, G474)) {
                            part.select(parts.indexOf(p)); // the list's choice (a read-only combo)
                            Ui.select(part);
                            String note = all(s).stream().filter(c -> c instanceof Label l && l.getParent() == dual
                                    .getParent()).map(c -> ((Label) c).getText()).findFirst().orElse("");
                            modes.add(p + ": single " + single.isEnabled() + ", dual " + dual.isEnabled()
                                    + (dual.getSelection() ? " (dual)" : " (single)") + " - " + note);
                        }
                        RealInput.clickAt(dual, dual.getSize().x / 2, dual.getSize().y / 2, 0);
                        Ui.pumpUntil("Dual bank chosen", dual::getSelection);
                        Screenshots.save(s, "pageflash-new-board-g474-dual");
                        Button create = (Button) all(s).stream().filter(c -> c instanceof Button b
                                && b.getText().replace("&", "").equals("Create")).findFirst().orElseThrow();
                        RealInput.press(create);
                    } catch (Throwable t) {
                        failure[0] = t;
                        s.close();
                    } finally {
                        done[0] = true;
                    }
                });
            }
        };
        d.addFilter(SWT.Show, filter[0]);
        try {
            RealInput.press(w.targetsToolItem("New simulated board\u2026"));
            Ui.pumpUntil("the dialog answered", () -> done[0]);
        } finally {
            d.removeFilter(SWT.Show, filter[0]);
        }
        if (failure[0] != null) {
            throw new AssertionError("answering the dialog", failure[0]);
        }
        assertThat(parts).as("the page-flash lines in the part list").contains(G474, L476, G0B1);
        assertThat(modes).as("bank modes: %s", modes).anySatisfy(m -> assertThat(m).startsWith(G474 + ": single true, dual true"));
        // L476 always has two banks: no choice, dual shown; G0B1 has its DUAL_BANK option, dual from the factory
        assertThat(modes).anySatisfy(m -> assertThat(m).startsWith(L476 + ": single false, dual false (dual)"))
                .anySatisfy(m -> assertThat(m).startsWith(G0B1 + ": single true, dual true (dual)"));
        Ui.pumpUntil("the new board in the list", () -> w.targets().manager().simulatedTargets().size() > before.size());
        SimulatedTarget board = w.targets().manager().simulatedTargets().stream().filter(t -> !before.contains(t))
                .findFirst().orElseThrow();
        assertThat(board.partName()).isEqualTo(G474);
        w.targets().select(board);
        Ui.join(w.targets().connect(board));
        assertThat(geometry(board).bankCount()).as("Dual bank chosen: DBANK = 1").isEqualTo(2);
        assertThat(geometry(board).bank(1).sectors()).hasSize(128).allMatch(s -> s.size() == 2048);
        w.targets().select(board);
        Ui.pumpUntil("details of the G474", () -> w.targets().detailsText().contains(G474));
        shot("pageflash-targets-g474-connected");
        System.out.println("[pfui] modes " + modes + "\n[pfui] details " + w.targets().detailsText());
    }

    // ------------------------------------------------------------------ Option Bytes editor

    /**
     * G474 dual bank (2 x 128 pages of 2 KiB): the page map groups pages; pages 4-7 of bank 1 protected by keyboard
     * (Right, Shift+Right, Space: one WRP1A range), a group of bank 2 by a click and a Shift+click range; saved with
     * Ctrl+S through the review; the part resets (OBL_LAUNCH), the editor shows the options read again.
     */
    @Test
    void g474DualBankWrpRangesByKeyboardAndMouseSavedThroughTheReview() throws Exception {
        SimulatedTarget board = newBoard(G474, true);
        OptionBytesEditor ob = edit(board);
        FlashGeometry g = geometry(board);
        SectorMap map = ob.sectorMap();
        assertThat(map).as("the WRP ranges are drawn on the page map").isNotNull();
        assertThat(ob.editor("WRP1A_STRT")).as("WRP bounds are set on the map, not typed").isNull();
        assertThat(ob.sectionOf("RDP")).isNotNull();
        assertThat(ob.editor("BFB2")).as("BFB2 from the family's fields").isNotNull();
        assertThat(ob.editor("DBANK")).isNotNull();
        int group = map.groupSize(1);
        assertThat(group).as("128 pages a bank drawn in groups").isBetween(2, 16);
        assertThat(Accessibility.childCount(map)).as("every page a child for screen readers").isEqualTo(256);
        showMap(ob);
        shot("g474-dual-option-bytes-factory");

        // keyboard: page 4, Shift+Right x3 selects 4-7, Space protects them as one range
        focusMap(map);
        assertThat(focusedPageName(map)).startsWith("Page 0, bank 1, 0x08000000, 2 KiB, not write-protected");
        keys(SWT.ARROW_RIGHT, 4);
        shiftKeys(SWT.ARROW_RIGHT, 3);
        assertThat(map.selection()).extracting(Sector::number).containsExactly(4, 5, 6, 7);
        assertThat(map.caption()).contains("Selected: 4-7 (4 pages), Space protects them");
        RealInput.key(display(), ' ', 0);
        assertThat(value(ob.editedOptions(), "WRP1A_STRT")).isEqualTo(4);
        assertThat(value(ob.editedOptions(), "WRP1A_END")).isEqualTo(7);
        assertThat(changed(ob)).containsExactlyInAnyOrder("WRP1A_STRT", "WRP1A_END");
        assertThat(focusedPageName(map)).startsWith("Page 7, bank 1, 0x08003800, 2 KiB, write-protected")
                .endsWith("changed, not applied");
        shot("g474-dual-option-bytes-keyboard-range");

        // mouse: a click on the group holding page 40 of bank 2, then Shift+click on the group holding page 72
        Sector p40 = g.bank(2).sectors().get(40);
        Sector p72 = g.bank(2).sectors().get(72);
        clickMiddle(map, map.boundsOf(2, p40.number()), 0);
        int first = 40 / group * group;
        assertThat(value(ob.editedOptions(), "WRP2A_STRT")).as("the clicked group").isEqualTo(first);
        assertThat(value(ob.editedOptions(), "WRP2A_END")).isEqualTo(first + group - 1);
        clickMiddle(map, map.boundsOf(2, p72.number()), SWT.SHIFT);
        assertThat(value(ob.editedOptions(), "WRP2A_STRT")).as("Shift+click: from the last click to this group")
                .isEqualTo(first);
        assertThat(value(ob.editedOptions(), "WRP2A_END")).isEqualTo(72 / group * group + group - 1);
        assertThat(map.getToolTipText()).contains("This box: pages");
        shot("g474-dual-option-bytes-mouse-range");
        int end2 = value(ob.editedOptions(), "WRP2A_END");

        // Ctrl+S: the review lists the WRP bounds; Write; OBL_LAUNCH resets the part, the editor reads it again
        OptionReviewDialog review = saveWithCtrlS(ob);
        List<String> rows = new ArrayList<>();
        for (var it : review.changesTable().getItems()) {
            rows.add(it.getText(0));
        }
        assertThat(rows).containsExactlyInAnyOrder("WRP1A_STRT", "WRP1A_END", "WRP2A_STRT", "WRP2A_END");
        Screenshots.save(review.getShell(), "g474-dual-option-review-wrp");
        review.pressWrite();
        Ui.joinFamily(ob);
        Ui.pumpUntil("options read again", () -> ob.changes().isEmpty() && ob.originalOptions() != null
                && Ui.noJobs(board));
        assertThat(ob.lastProblem()).isNull();
        assertThat(value(ob.originalOptions(), "WRP1A_STRT")).as("read back after OBL_LAUNCH").isEqualTo(4);
        assertThat(value(ob.originalOptions(), "WRP1A_END")).isEqualTo(7);
        assertThat(value(ob.originalOptions(), "WRP2A_STRT")).isEqualTo(first);
        assertThat(value(ob.originalOptions(), "WRP2A_END")).isEqualTo(end2);
        assertThat(value(board.board().storedOptionImage().orElseThrow(), "WRP1A_END")).as("in the board").isEqualTo(7);
        showMap(ob);
        shot("g474-dual-option-bytes-written");

        // Ctrl+A over a protected map: not all pages protected, so all of them become, in one pending change
        focusMap(ob.sectorMap());
        RealInput.keyWith(display(), SWT.CTRL, 'a', 0);
        SectorMap all = ob.sectorMap();
        for (int i = 0; i < 256; i++) {
            assertThat(Accessibility.name(all, i)).as("Ctrl+A: child %d", i).contains(", write-protected");
        }
        assertThat(changed(ob)).isNotEmpty().allMatch(c -> c.startsWith("WRP"));
        shot("g474-dual-option-bytes-ctrl-a");
        RealInput.keyWith(display(), SWT.CTRL, 'z', 0);
        assertThat(ob.changes()).as("Ctrl+A was one edit: one Ctrl+Z undoes it").isEmpty();
    }

    private void optionBytesOf(String part, boolean dual, String name, int pagesPerBank, int banks) throws Exception {
        SimulatedTarget board = newBoard(part, dual);
        OptionBytesEditor ob = edit(board);
        SectorMap map = ob.sectorMap();
        assertThat(map).isNotNull();
        assertThat(Accessibility.childCount(map)).isEqualTo(pagesPerBank * banks);
        assertThat(map.groupSize(1)).isGreaterThan(1);
        assertThat(ob.sectionOf("RDP")).isNotNull();
        shot(name + "-option-bytes-fields");
        showMap(ob);
        shot(name + "-option-bytes-factory");
        // the last page of bank 1 by keyboard (End, Space)
        focusMap(map);
        RealInput.key(display(), '\0', SWT.END);
        RealInput.key(display(), ' ', 0);
        assertThat(focusedPageName(map)).contains("write-protected").endsWith("changed, not applied");
        assertThat(changed(ob)).isNotEmpty().allMatch(c -> c.startsWith("WRP1"));
        shot(name + "-option-bytes-last-page");
        System.out.println("[pfui] " + name + " map: " + focusedPageName(map) + " / " + map.caption());
    }

    /** Scrolls the editor's form so {@code c} is in the middle of the window (the pointer must reach it). */
    private static void reveal(OptionBytesEditor ob, Control c) {
        org.eclipse.ui.forms.widgets.ScrolledForm f = ob.form();
        Point p = f.getBody().toControl(c.toDisplay(0, 0));
        f.setOrigin(0, Math.max(0, p.y - 300));
        Ui.drain();
    }

    /**
     * L476: a PCROP range typed key by key into its bounds (8-byte units of physical bank 1) is drawn over the page
     * map - pages 0-3 execute-only, page 4 not.
     */
    @Test
    void l476PcropRangeTypedIsDrawnOverThePageMap() throws Exception {
        SimulatedTarget board = newBoard(L476, true);
        OptionBytesEditor ob = edit(board);
        SectorMap map = ob.sectorMap();
        org.eclipse.swt.widgets.Text start = (org.eclipse.swt.widgets.Text) ob.editor("PCROP1_STRT");
        org.eclipse.swt.widgets.Text end = (org.eclipse.swt.widgets.Text) ob.editor("PCROP1_END");
        reveal(ob, end);
        RealInput.retype(end, "0x3FF");
        RealInput.key(display(), '\0', SWT.CR);
        RealInput.retype(start, "0x0");
        RealInput.key(display(), '\0', SWT.CR);
        assertThat(changed(ob)).containsExactlyInAnyOrder("PCROP1_STRT", "PCROP1_END");
        assertThat(Accessibility.name(map, 0)).contains("execute-only (PCROP)");
        assertThat(Accessibility.name(map, 3)).contains("execute-only (PCROP)");
        assertThat(Accessibility.name(map, 4)).doesNotContain("PCROP");
        showMap(ob);
        shot("l476-option-bytes-pcrop-typed");
        assertThat(board).isNotNull();
    }

    @Test
    void g474SingleBankOptionBytes() throws Exception {
        optionBytesOf(G474, false, "g474-single", 128, 1);
    }

    @Test
    void l476OptionBytes() throws Exception {
        optionBytesOf(L476, true, "l476", 256, 2);
    }

    @Test
    void g0b1OptionBytes() throws Exception {
        optionBytesOf(G0B1, true, "g0b1", 128, 2);
    }

    // ------------------------------------------------------------------ Flash Banks view

    /** A vector table (SP in SRAM, Thumb reset handler into the image) and a version string. */
    static byte[] image(int resetOffset, String version) {
        byte[] b = new byte[4096];
        Arrays.fill(b, (byte) 0xA5);
        long[] words = { 0x2000_4000L, 0x0800_0000L + resetOffset + 1 };
        for (int i = 0; i < words.length; i++) {
            for (int k = 0; k < 4; k++) {
                b[i * 4 + k] = (byte) (words[i] >>> (8 * k));
            }
        }
        byte[] v = (version + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, b, 0x200, v.length);
        return b;
    }

    void program(SimulatedTarget board, long address, byte[] data) {
        TargetJob job = new TargetJob("Program " + data.length + " bytes", board, null) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException {
                board.connect().driver().programAndVerify(address, data, FlashProgress.NONE);
                return "programmed";
            }
        };
        job.schedule();
        Ui.join(job);
        assertThat(job.failure()).isNull();
    }

    void screenshotBanks(String name) throws Exception {
        long p = banks.hexPaints();
        banks.repaint();
        Ui.pumpUntil("hex view painted", () -> banks.hexPaints() > p);
        shot(name);
    }

    /**
     * Images in both banks, the view maximized: the strip groups the pages, names them page by page, labels the banks
     * physical and mapped; the keyboard moves page by page; Swap through the review dialog ({@code swapField}: BFB2 or
     * nSWAP_BANK) maps physical bank 2 at 0x08000000 and the labels say so.
     */
    private void banksOf(String part, boolean dual, String name, int pagesPerBank, String swapField,
            String mappedBefore, String mappedAfter) throws Exception {
        SimulatedTarget board = newBoard(part, dual);
        FlashGeometry g = geometry(board);
        long bank2 = g.windowAddress(2, 0, false, g.linkWindow());
        program(board, 0x0800_0000L, image(0x100, "app A 1.0.0"));
        program(board, bank2, image(0x180, "app B 2.0.0"));
        banks = (BankBrowserView) w.page().showView(BankBrowserView.ID);
        w.page().setPartState(w.page().getReference(banks), IWorkbenchPage.STATE_MAXIMIZED);
        banks.setTarget(board);
        Ui.pumpUntil("first snapshot", () -> banks.snapshot() != null && Ui.noJobs(board));
        BankSnapshot before = banks.snapshot();
        assertThat(before.geometry().bank(1).sectors()).hasSize(pagesPerBank);
        Control strip = banks.stripControl();
        assertThat(Accessibility.childCount(strip)).isEqualTo(2 * pagesPerBank);
        assertThat(Accessibility.name(strip, 0)).startsWith("Page 0, bank 1, 0x08000000, 2 KiB, programmed");
        assertThat(Accessibility.name(strip, 2)).contains(", erased");
        assertThat(before.bankLabel(1)).startsWith("Physical bank 1").contains("0x08000000");
        assertThat(before.bankLabel(2)).startsWith("Physical bank 2").contains(String.format("0x%08X", bank2));
        assertThat(banks.headlineText()).as("the mapping bit in force, in the family's words (active low on G0)")
                .contains(mappedBefore + ": physical bank 1 is at 0x08000000");
        screenshotBanks(name + "-flash-banks");

        // keyboard: click the first page, Right, PageDown: page by page and a group on
        Rectangle r = strip.getBounds();
        RealInput.clickAt(strip, 10, 8 + 20 + 10, 0);
        Ui.pumpUntil("strip focused", strip::isFocusControl);
        RealInput.key(display(), '\0', SWT.ARROW_RIGHT);
        assertThat(Accessibility.name(strip, Accessibility.focus(strip))).startsWith("Page 1, bank 1");
        RealInput.key(display(), '\0', SWT.PAGE_DOWN);
        assertThat(Accessibility.name(strip, Accessibility.focus(strip))).doesNotStartWith("Page 1,");
        assertThat(r.width).isPositive();

        // Swap: the option review (BFB2 / nSWAP_BANK), written, the part reset; bank 2 mapped at 0x08000000
        ToolItem swap = BankViewDriver.toolItem(banks, "Swap");
        Ui.pumpUntil("Swap enabled (" + banks.whyNot(dev.flashbank.core.banks.BankAction.SWAP).orElse("") + ")",
                swap::isEnabled);
        List<String> asked = RealInput.answerDialog(display(), "Write option bytes \u2014 " + board.partName(),
                "Write option bytes");
        RealInput.press(swap);
        Ui.pumpUntil("the review answered", () -> !asked.isEmpty());
        Ui.pumpUntil("swapped and refreshed", () -> banks.snapshot() != before && Ui.noJobs(board));
        assertThat(asked).as("the review's rows").anyMatch(row -> row.startsWith(swapField + " |"));
        String review = String.join("\n", asked);
        System.out.println("[pfui] " + name + " review:\n" + review);
        assertThat(review).as("the twin preview speaks pages and the family's boot terms, no F7 words")
                .contains("Next reset: BOOT0=0 -> ").contains(swapField + "=").contains(" pages of 2 KiB")
                .doesNotContain("BOOT_ADD").doesNotContain("SWP_FB").doesNotContain(" sectors");
        BankSnapshot after = banks.snapshot();
        System.out.println("[pfui] " + name + " after swap: " + after.bankLabel(1) + " / " + after.bankLabel(2)
                + " / " + banks.headlineText() + " / " + banks.lastMessage());
        assertThat(after.bankLabel(2)).as("physical bank 2 at 0x08000000 after the swap").contains("0x08000000");
        assertThat(banks.headlineText()).contains(mappedAfter + ": physical bank 2 is at 0x08000000")
                .contains("Running: physical bank 2");
        screenshotBanks(name + "-flash-banks-swapped");
    }

    @Test
    void g474DualBankFlashBanksAndBfb2Swap() throws Exception {
        banksOf(G474, true, "g474-dual", 128, "BFB2", "FB_MODE = 0", "FB_MODE = 1");
    }

    @Test
    void l476FlashBanksAndBfb2Swap() throws Exception {
        banksOf(L476, true, "l476", 256, "BFB2", "FB_MODE = 0", "FB_MODE = 1");
    }

    @Test
    void g0b1FlashBanksAndNswapBankSwap() throws Exception {
        banksOf(G0B1, true, "g0b1", 128, "nSWAP_BANK", "nSWAP_BANK = 1", "nSWAP_BANK = 0");
    }

    @Test
    void g474SingleBankFlashBanks() throws Exception {
        SimulatedTarget board = newBoard(G474, false);
        program(board, 0x0800_0000L, image(0x100, "app A 1.0.0"));
        banks = (BankBrowserView) w.page().showView(BankBrowserView.ID);
        w.page().setPartState(w.page().getReference(banks), IWorkbenchPage.STATE_MAXIMIZED);
        banks.setTarget(board);
        Ui.pumpUntil("first snapshot", () -> banks.snapshot() != null && Ui.noJobs(board));
        assertThat(banks.snapshot().geometry().bankCount()).isEqualTo(1);
        assertThat(Accessibility.name(banks.stripControl(), 0)).startsWith("Page 0, bank 1, 0x08000000, 4 KiB, programmed");
        // one bank: no BFB2 to offer (the line has it in dual-bank mode only), Swap and Rollback off with the reason
        assertThat(banks.schemeChoices()).as("switch schemes on a single-bank G474").isEmpty();
        assertThat(banks.whyNot(dev.flashbank.core.banks.BankAction.SWAP))
                .contains(dev.flashbank.core.banks.BankViewState.SINGLE_BANK);
        assertThat(BankViewDriver.toolItem(banks, "Swap").isEnabled()).isFalse();
        assertThat(BankViewDriver.toolItem(banks, "Rollback").isEnabled()).isFalse();
        assertThat(banks.whyNot(dev.flashbank.core.banks.BankAction.ERASE_SECTOR))
                .contains("Select a page in a bank strip first.");
        assertThat(banks.headlineText()).contains("single-bank mode").doesNotContain("sector");
        Ui.pumpUntil("the erase command named after pages", () -> BankViewDriver.toolItems(banks).stream()
                .anyMatch(i -> i.getText().equals("Erase Page\u2026")));
        screenshotBanks("g474-single-flash-banks");

        // a page chosen with the mouse, Delete asks to erase it - in pages (answered Cancel: nothing erased)
        Control strip = banks.stripControl();
        RealInput.clickAt(strip, 10, 8 + 20 + 10, 0);
        Ui.pumpUntil("page 0 chosen", () -> banks.whyNot(dev.flashbank.core.banks.BankAction.ERASE_SECTOR).isEmpty());
        String page0 = "page 0 (bank 1 +0x000000, 4 KiB)";
        List<String> asked = RealInput.answerDialog(display(), "Erase " + page0, "Cancel");
        RealInput.key(display(), (char) 0, SWT.DEL);
        Ui.pumpUntil("the erase question answered", () -> !asked.isEmpty());
        assertThat(String.join("\n", asked)).contains("Erase " + page0 + " of physical bank 1?");
        assertThat(Accessibility.name(strip, 0)).contains("programmed");
    }
}
