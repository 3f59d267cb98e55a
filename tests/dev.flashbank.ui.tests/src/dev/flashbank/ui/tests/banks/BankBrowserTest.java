package dev.flashbank.ui.tests.banks;

import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.model.IMemoryBlock;
import org.eclipse.debug.core.model.MemoryByte;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.memory.IMemoryRenderingSite;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.banks.HexRows;
import dev.flashbank.core.banks.SectorState;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.BankDiff;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.ops.EraseRequest;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.ui.FlashbankPerspective;
import dev.flashbank.ui.banks.BankBrowserView;
import dev.flashbank.ui.banks.BankMemoryBlock;
import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.FlashbankTarget;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.model.TargetManager;
import dev.flashbank.ui.tests.Screenshots;
import dev.flashbank.ui.tests.Ui;
import dev.flashbank.ui.views.TargetsView;

/**
 * Issue 8 acceptance in the real workbench: a simulated F767 in dual-bank mode, the repository's two sample images
 * (app-bank1.elf linked for 0x08000000, app-bank2.elf for 0x08100000) in the two physical banks, a swap; the view's
 * labels, the mapped window's bytes and the diff ranges before and after, then with SWP_FB = 1 (bank 2 at 0x08000000).
 */
class BankBrowserTest {

    private static final long MIB = 1024 * 1024;

    private IWorkbenchWindow window;
    private IWorkbenchPage page;
    private TargetsView targets;
    private BankBrowserView view;
    private TargetManager manager;

    @BeforeEach
    void open() throws Exception {
        window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        window.getShell().setBounds(0, 0, 1600, 1000);
        page = window.getActivePage();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry()
                .findPerspectiveWithId(FlashbankPerspective.ID));
        targets = (TargetsView) page.showView(TargetsView.ID);
        view = (BankBrowserView) page.showView(BankBrowserView.ID);
        manager = targets.manager();
        Ui.pumpUntil("targets loaded", () -> !manager.simulatedTargets().isEmpty());
    }

    /** Closes the browser so that it does not read targets during other tests; waits for its jobs to end. */
    @AfterEach
    void close() {
        page.hideView(view);
        Ui.pumpUntil("bank browser jobs", () -> org.eclipse.core.runtime.jobs.Job.getJobManager()
                .find(TargetJob.FAMILY).length == 0);
    }

    /** Screenshot once the hex view has painted what the view shows now (GTK paints at the next frame). */
    private void screenshot(String name) throws Exception {
        long p = view.hexPaints();
        view.repaint();
        Ui.pumpUntil("hex view painted", () -> view.hexPaints() > p);
        Screenshots.save(window.getShell(), name);
    }

    static Path samples() {
        String rel = dev.flashbank.family.stm32f7.sim.SampleImages.REPOSITORY_FOLDER;
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(rel).resolve("app-bank1.elf"))) {
                return p.resolve(rel);
            }
        }
        throw new IllegalStateException("sample images not found above " + Paths.get("").toAbsolutePath());
    }

    /** A setup step on the target, as a job holding its rule. */
    private interface Step {
        void run(FlashbankTarget.Connection c) throws Exception;
    }

    private void setup(SimulatedTarget t, String name, Step step) {
        TargetJob j = new TargetJob(name, t, null) {
            @Override
            protected String work(IProgressMonitor monitor) throws dev.flashbank.core.target.TargetException {
                try {
                    step.run(t.connect());
                } catch (dev.flashbank.core.target.TargetException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return "ok";
            }
        };
        j.schedule();
        Ui.join(j);
        assertThat(j.failure()).as(name).isNull();
    }

    /** Waits for the view to show a NEW snapshot of {@code t} with no job left on the target. */
    private BankSnapshot awaitSnapshot(FlashbankTarget t, BankSnapshot before) {
        Ui.pumpUntil("bank snapshot of " + t, () -> view.snapshot() != null && view.snapshot() != before
                && Ui.noJobs(t));
        return view.snapshot();
    }

    private SimulatedTarget dualBankBoard() throws Exception {
        SimulatedTarget t = manager.createBoard(SimulatedBoards.DEFAULT_PART);
        targets.select(t);
        Ui.join(targets.connect(t));
        setup(t, "Dual-bank mode", c -> {
            OptionBytes o = (OptionBytes) c.driver().readOptions();
            c.driver().writeOptions(o.withBankMode(BankMode.DUAL).withBootAdd0(0x2000), FlashProgress.NONE);
            t.reset();
        });
        return t;
    }

    private static String rowOf(byte[] sixteen, long address) {
        return HexRows.format(address, sixteen);
    }

    @Test
    void dualBankSwapShowsMappingWindowAndDiffRanges(@TempDir Path tmp) throws Exception {
        SimulatedTarget t = dualBankBoard();
        FirmwareImage a = ImageReader.read(samples().resolve("app-bank1.elf"));
        FirmwareImage b = ImageReader.read(samples().resolve("app-bank2.elf"));
        // image A into physical bank 1 with the core's program operation (what "flashbank program" does)
        setup(t, "Program image A", c -> new ProgramOperation(new OperationContext(new OperationTarget(t.id(),
                t.displayName()), c.target(), c.driver()), a, ProgramOptions.defaults()).run(FlashProgress.NONE));
        view.setTarget(t);
        BankSnapshot s0 = awaitSnapshot(t, null);
        assertThat(s0.geometry().mode()).isEqualTo(BankMode.DUAL);
        assertThat(s0.survey().orElseThrow().runningBank()).isEqualTo(1);

        // image B into the INACTIVE bank from the view (core bank update without switch)
        view.setScheme(Stm32F7SwitchSchemes.BOOT_ADD);
        TargetJob prog = view.programInactive(b);
        Ui.join(prog);
        assertThat(prog.failure()).as(prog.outcome()).isNull();
        BankSnapshot before = awaitSnapshot(t, s0);

        // --- before the swap: bank 1 at 0x08000000 runs and boots; bank 2 at 0x08100000 holds B
        assertThat(before.bankLabel(1)).contains("Physical bank 1", "mapped at 0x08000000 (AXIM) / 0x00200000 (ITCM)",
                "RUNNING", "BOOTS NEXT");
        assertThat(before.bankLabel(2)).contains("mapped at 0x08100000 (AXIM) / 0x00300000 (ITCM)")
                .doesNotContain("RUNNING").doesNotContain("BOOTS NEXT");
        assertThat(view.headlineText()).contains("SWP_FB = 0: physical bank 1 is at 0x08000000");
        byte[] bank1 = t.board().readCells(1, 0, (int) MIB);
        byte[] bank2 = t.board().readCells(2, 0, (int) MIB);
        assertThat(Arrays.copyOf(bank1, 16)).isEqualTo(a.bytes(new AddressRange(0x0800_0000L, 16)));
        assertThat(Arrays.copyOf(bank2, 16)).isEqualTo(b.bytes(new AddressRange(0x0810_0000L, 16)));
        List<AddressRange> expectedDiff = BankDiff.ranges(0, bank1, bank2, 0);
        assertThat(expectedDiff).isNotEmpty();
        assertThat(before.comparison().orElseThrow().ranges()).isEqualTo(expectedDiff);
        assertThat(view.diffRows()).hasSize(expectedDiff.size());
        assertThat(view.diffSummaryText()).contains(expectedDiff.size() + " range")
                .contains(BankDiff.count(bank1, bank2) + " bytes");
        AddressRange first = expectedDiff.get(0);
        assertThat(view.diffRows().get(0)).containsExactly(String.format("+0x%06X", first.start()),
                Long.toString(first.size()), String.format("0x%08X", 0x0800_0000L + first.start()),
                String.format("0x%08X", 0x0810_0000L + first.start()));
        assertThat(view.summariesText()).contains("Bank 2: SP 0x", "plausible vector table", "2.0.0");

        view.showSource(BankBrowserView.Source.AXIM);
        Ui.drain();
        assertThat(view.hexRow(0)).isEqualTo(rowOf(Arrays.copyOf(bank1, 16), 0x0800_0000L));
        assertThat(view.hexRow(MIB)).isEqualTo(rowOf(Arrays.copyOf(bank2, 16), 0x0810_0000L));
        screenshot("bank-browser-1-before-swap");

        // --- swap (BOOT_ADD scheme: BOOT_ADD0 -> bank 2, reset)
        TargetJob swap = view.swap();
        Ui.join(swap);
        assertThat(swap.failure()).as(swap.outcome()).isNull();
        BankSnapshot after = awaitSnapshot(t, before);
        assertThat(after.survey().orElseThrow().bootBank()).isEqualTo(2);
        assertThat(after.survey().orElseThrow().runningBank()).isEqualTo(2);
        assertThat(after.bankLabel(2)).contains("mapped at 0x08100000", "RUNNING", "BOOTS NEXT");
        assertThat(after.bankLabel(1)).doesNotContain("RUNNING").doesNotContain("BOOTS NEXT");
        assertThat(view.headlineText()).contains("Next reset boots physical bank 2", "BOOT_ADD0");
        // BOOT_ADD swaps which bank starts, not the mapping: 0x08000000 still shows physical bank 1
        assertThat(view.hexRow(0)).isEqualTo(rowOf(Arrays.copyOf(bank1, 16), 0x0800_0000L));
        assertThat(after.comparison().orElseThrow().ranges()).isEqualTo(expectedDiff);

        // --- firmware startup code sets SWP_FB (the REMAP scheme of the seed): physical bank 2 at 0x08000000
        ((SimulatedBoard) t.board()).setSwpFbAsFirmware(true);
        TargetJob r = view.refresh();
        Ui.join(r);
        BankSnapshot remapped = awaitSnapshot(t, after);
        assertThat(remapped.swpFb()).isTrue();
        assertThat(remapped.bankLabel(2)).contains("mapped at 0x08000000 (AXIM) / 0x00200000 (ITCM)");
        assertThat(remapped.bankLabel(1)).contains("mapped at 0x08100000 (AXIM) / 0x00300000 (ITCM)");
        assertThat(view.headlineText()).contains("SWP_FB = 1: physical bank 2 is at 0x08000000");
        assertThat(view.hexRow(0)).as("0x08000000 now shows physical bank 2")
                .isEqualTo(rowOf(Arrays.copyOf(bank2, 16), 0x0800_0000L));
        assertThat(view.hexRow(MIB)).isEqualTo(rowOf(Arrays.copyOf(bank1, 16), 0x0810_0000L));
        assertThat(remapped.comparison().orElseThrow().ranges()).as("physical banks did not change")
                .isEqualTo(expectedDiff);
        assertThat(view.diffRows().get(0)).as("bank 1 now at 0x08100000, bank 2 at 0x08000000").containsExactly(
                String.format("+0x%06X", first.start()), Long.toString(first.size()),
                String.format("0x%08X", 0x0810_0000L + first.start()), String.format("0x%08X", 0x0800_0000L
                        + first.start()));

        view.showSource(BankBrowserView.Source.BANK_2);
        Ui.drain();
        assertThat(view.hexRow(0)).isEqualTo(rowOf(Arrays.copyOf(bank2, 16), 0x0800_0000L));
        // find the version string in bank 2 and export it
        long at = view.find("\"flashbank-sample 2.0.0\"");
        assertThat(at).isGreaterThan(0);
        assertThat(new String(Arrays.copyOfRange(bank2, (int) at, (int) at + 22))).isEqualTo("flashbank-sample 2.0.0");
        Path bin = view.exportSelection(tmp.resolve("version.bin"), ImageFormat.BIN);
        assertThat(Files.readAllBytes(bin)).isEqualTo(Arrays.copyOfRange(bank2, (int) at, (int) at + 22));
        Path hex = view.exportSelection(tmp.resolve("version.hex"), ImageFormat.INTEL_HEX);
        FirmwareImage back = ImageReader.read(hex);
        assertThat(back.span().orElseThrow()).isEqualTo(new AddressRange(0x0800_0000L + at, 22));
        assertThat(view.goTo("0x08000100")).isEqualTo(0x100);
        // go to symbol: the symbols of the last ELF file opened in the view (app-bank1: linked for 0x08000000)
        assertThat(view.goTo("fw_version")).as("no ELF opened yet").isEqualTo(-1);
        assertThat(view.loadSymbols(samples().resolve("app-bank1.elf"))).isGreaterThan(5);
        assertThat(view.goTo("fw_version")).isEqualTo(0x100);
        assertThat(view.goTo("reset_handler")).isEqualTo(0x42); // case-insensitive fallback, Thumb bit cleared
        assertThat(view.goTo("no_such_symbol")).isEqualTo(-1);
        view.select(first.start(), (int) first.size());
        Ui.drain();
        screenshot("bank-browser-2-swapped-diff");

        // a 2 MiB window paged through once (the figures go to the benchmark notes, not an assertion on time)
        view.showSource(BankBrowserView.Source.AXIM);
        long t0 = System.nanoTime();
        long rows = view.pageThrough();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("BENCH hex view rendered 2 MiB page by page (off-screen, its own paint code): %d rows in "
                + "%d ms%n", rows, ms);
        assertThat(rows).isGreaterThanOrEqualTo(2 * MIB / 16 - 64);
        // the window is searched across both slots: bank 1's version string is now above 0x08100000
        assertThat(view.find("\"flashbank-sample 1.0.0\"")).isEqualTo(MIB + 0x100);
    }

    @Test
    void eraseSectorGoesThroughTheDoctorAndTheViewRereads() throws Exception {
        SimulatedTarget t = dualBankBoard();
        FirmwareImage a = ImageReader.read(samples().resolve("app-bank1.elf"));
        setup(t, "Program image A", c -> new ProgramOperation(new OperationContext(new OperationTarget(t.id(),
                t.displayName()), c.target(), c.driver()), a, ProgramOptions.defaults()).run(FlashProgress.NONE));
        view.setTarget(t);
        BankSnapshot s = awaitSnapshot(t, null);
        Sector s0 = s.geometry().sector(0);
        assertThat(s.states().get(s0)).isEqualTo(SectorState.PROGRAMMED);
        assertThat(s.states().get(s.geometry().sector(12))).isEqualTo(SectorState.ERASED);
        // bank vs file: bank 1 holds exactly image A; image B (linked for 0x08100000) differs from it
        assertThat(view.compareWithImage(a, 1).orElseThrow().identical()).isTrue();
        assertThat(view.diffSummaryText()).contains("physical bank 1 and app-bank1.elf are identical");
        FirmwareImage b = ImageReader.read(samples().resolve("app-bank2.elf"));
        var vsB = view.compareWithImage(b, 1).orElseThrow();
        assertThat(vsB.ranges()).isEqualTo(BankDiff.ranges(0, t.board().readCells(1, 0, (int) MIB),
                b.bytes(new AddressRange(0x0810_0000L, MIB), FirmwareImage.ERASED), 0));
        assertThat(view.diffRows()).hasSize(vsB.ranges().size());
        assertThat(view.diffRows().get(0)[3]).isEqualTo(String.format("0x%08X", 0x0810_0000L
                + vsB.ranges().get(0).start()));
        TargetJob e = view.eraseSectors(List.of(0));
        Ui.join(e);
        assertThat(e.failure()).as(e.outcome()).isNull();
        BankSnapshot after = awaitSnapshot(t, s);
        assertThat(after.states().get(s0)).isEqualTo(SectorState.ERASED);
        assertThat(t.board().readCells(1, 0, 16)).containsOnly((byte) 0xFF);
        assertThat(after.comparison().orElseThrow().identical()).isTrue();
    }

    /**
     * Issue 14 item 3 (seed problem A) through the bank browser: with the firmware running physical bank 2 through the
     * SWP_FB remap, erasing a sector of the boot bank, of the running bank, or the boot bank as a whole is refused by
     * the erase operation's running-bank guard before anything is written, and the view shows why; both banks are
     * byte-identical. Programming the inactive bank (core bank update) still works.
     */
    @Test
    void eraseActionsMeetTheRunningBankGuardUnderTheRemap() throws Exception {
        SimulatedTarget t = dualBankBoard();
        FirmwareImage a = ImageReader.read(samples().resolve("app-bank1.elf"));
        FirmwareImage b = ImageReader.read(samples().resolve("app-bank2.elf"));
        setup(t, "Program images A and B", c -> {
            OperationContext ctx = new OperationContext(new OperationTarget(t.id(), t.displayName()), c.target(),
                    c.driver());
            new ProgramOperation(ctx, a, ProgramOptions.defaults()).run(FlashProgress.NONE);
            new ProgramOperation(ctx, b, ProgramOptions.defaults()).run(FlashProgress.NONE);
        });
        ((SimulatedBoard) t.board()).setSwpFbAsFirmware(true); // the firmware's startup code remapped: physical bank 2 runs at 0x08000000
        view.setTarget(t);
        BankSnapshot s = awaitSnapshot(t, null);
        assertThat(s.survey().orElseThrow().runningBank()).isEqualTo(2);
        assertThat(s.survey().orElseThrow().bootBank()).isEqualTo(1);
        byte[] bank1 = t.board().readCells(1, 0, (int) MIB);
        byte[] bank2 = t.board().readCells(2, 0, (int) MIB);
        List<java.util.function.Supplier<TargetJob>> attempts = List.of(() -> view.eraseSectors(List.of(0)),
                () -> view.eraseSectors(List.of(12)),
                () -> view.erase(EraseRequest.bank(1), List.of(s.mapped(1, dev.flashbank.family.stm32f7.Stm32F7Window.AXIM))));
        int[] banks = { 1, 2, 1 };
        for (int i = 0; i < attempts.size(); i++) {
            TargetJob j = attempts.get(i).get(); // one at a time: each refusal shows in the status line
            Ui.join(j);
            closeErrorDialogs();
            assertThat(j.failure()).as(j.outcome()).isInstanceOf(OperationRefusedException.class);
            String bank = "PHYSICAL bank " + banks[i];
            Ui.pumpUntil("the refusal in the status line", () -> view.lastMessage().contains(bank));
            assertThat(view.lastMessage()).contains("Erasing failed").contains("SWP_FB = 1 remaps the banks")
                    .contains(banks[i] == 2 ? "the RUNNING bank" : "the bank the next reset STARTS");
            assertThat(t.board().readCells(1, 0, (int) MIB)).isEqualTo(bank1);
            assertThat(t.board().readCells(2, 0, (int) MIB)).isEqualTo(bank2);
        }
        view.setScheme(Stm32F7SwitchSchemes.REMAP);
        TargetJob p = view.programInactive(a);
        Ui.join(p);
        assertThat(p.failure()).as(p.outcome()).isNull();
        assertThat(t.board().readCells(2, 0, (int) MIB)).isEqualTo(bank2);
        assertThat(t.board().readCells(1, 0, 16)).isEqualTo(a.bytes(new AddressRange(0x0800_0000L, 16)));
    }

    /** A failed job the user started may open the workbench's error dialog (non-blocking): close it, if any. */
    private void closeErrorDialogs() {
        Ui.drain();
        for (org.eclipse.swt.widgets.Shell s : window.getShell().getDisplay().getShells()) {
            if (s != window.getShell() && s.isVisible()) {
                s.close();
            }
        }
        Ui.drain();
    }

    @Test
    void physicalBanksAreMemoryBlocksOfTheMemoryView() throws Exception {
        SimulatedTarget t = dualBankBoard();
        FirmwareImage a = ImageReader.read(samples().resolve("app-bank1.elf"));
        setup(t, "Program image A", c -> new ProgramOperation(new OperationContext(new OperationTarget(t.id(),
                t.displayName()), c.target(), c.driver()), a, ProgramOptions.defaults()).run(FlashProgress.NONE));
        view.setTarget(t);
        awaitSnapshot(t, null);
        List<BankMemoryBlock> blocks = view.showInMemoryView();
        assertThat(blocks).extracting(BankMemoryBlock::bank).containsExactly(1, 2);
        assertThat(DebugPlugin.getDefault().getMemoryBlockManager().getMemoryBlocks(view.memoryRetrieval()))
                .hasSize(2);
        BankMemoryBlock b1 = blocks.get(0);
        assertThat(b1.getBigLength().longValue()).isEqualTo(MIB);
        // issue 16: the rendering of a bank starts at the bank's address (SWP_FB = 0: bank 1 at 0x08000000, bank 2 at
        // 0x08100000), as the view labels it, not at 0
        assertThat(b1.getBigBaseAddress().longValue()).isEqualTo(0x0800_0000L);
        assertThat(b1.getMemoryBlockStartAddress().longValue()).isEqualTo(0x0800_0000L);
        assertThat(blocks.get(1).getBigBaseAddress().longValue()).isEqualTo(0x0810_0000L);
        assertThat(blocks.get(1).getExpression()).startsWith("physical bank 2 at 0x08100000");
        assertThat(b1.getMemoryBlockRetrieval()).isSameAs(view.memoryRetrieval());
        // a rendering reads off the UI thread; the read holds the target's rule like every Flashbank job
        CompletableFuture<MemoryByte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return b1.getBytesFromAddress(BigInteger.valueOf(0x0800_0000L), 64);
            } catch (DebugException e) {
                throw new IllegalStateException(e);
            }
        });
        Ui.pumpUntil("memory block read", read::isDone);
        MemoryByte[] bytes = read.get();
        byte[] expected = t.board().readCells(1, 0, 64);
        for (int i = 0; i < 64; i++) {
            assertThat(bytes[i].isReadable()).isTrue();
            assertThat(bytes[i].getValue()).isEqualTo(expected[i]);
        }
        // the platform's renderings read inside jobs with their own scheduling rules: reads still work there
        ISchedulingRule foreign = new ISchedulingRule() {
            @Override
            public boolean contains(ISchedulingRule rule) {
                return rule == this;
            }

            @Override
            public boolean isConflicting(ISchedulingRule rule) {
                return rule == this;
            }
        };
        BankMemoryBlock b2 = blocks.get(1);
        MemoryByte[][] inJob = new MemoryByte[1][];
        Job reader = Job.create("rendering-like read", m -> {
            try {
                inJob[0] = b2.getBytesFromAddress(BigInteger.valueOf(0x0810_0100L), 16);
            } catch (DebugException e) {
                throw new IllegalStateException(e);
            }
        });
        reader.setRule(foreign);
        reader.schedule();
        Ui.join(reader);
        assertThat(reader.getResult().isOK()).as(String.valueOf(reader.getResult())).isTrue();
        byte[] expected2 = t.board().readCells(2, 0x100, 16);
        for (int i = 0; i < 16; i++) {
            assertThat(inJob[0][i].isReadable()).isTrue();
            assertThat(inJob[0][i].getValue()).isEqualTo(expected2[i]);
        }
        assertThat(view.memoryRetrieval().getExtendedMemoryBlock("physical bank 2", null).getBigLength().longValue())
                .isEqualTo(MIB);
        assertThat(org.eclipse.debug.ui.DebugUITools.getMemoryRenderingManager().getDefaultRenderingTypes(b1))
                .as("hex is the default rendering of a bank block (plugin.xml renderingBindings)")
                .extracting(org.eclipse.debug.ui.memory.IMemoryRenderingType::getId)
                .containsExactly("org.eclipse.debug.ui.rendering.raw_memory");
        IMemoryRenderingSite memoryView = (IMemoryRenderingSite) page.findView(IDebugUIConstants.ID_MEMORY_VIEW);
        Ui.pumpUntil("the platform's hex rendering of physical bank 1", () -> Arrays.stream(memoryView
                .getMemoryRenderingContainers()).flatMap(c -> Arrays.stream(c.getRenderings()))
                .anyMatch(r -> r.getMemoryBlock() == b1));
        // the table rendering fills itself from its own jobs: let them finish so the picture shows the bytes
        Ui.pumpUntil("the rendering's reads", () -> org.eclipse.core.runtime.jobs.Job.getJobManager().isIdle());
        Screenshots.save(window.getShell(), "bank-browser-4-memory-view");
        DebugPlugin.getDefault().getMemoryBlockManager().removeMemoryBlocks(blocks.toArray(IMemoryBlock[]::new));
    }

    @Test
    void singleBankPartShowsOneBank() throws Exception {
        SimulatedTarget t = manager.createBoard(SimulatedBoards.DEFAULT_PART);
        targets.select(t);
        Ui.join(targets.connect(t));
        view.setTarget(t);
        BankSnapshot s = awaitSnapshot(t, null);
        assertThat(s.geometry().bankCount()).isEqualTo(1);
        assertThat(s.bankLabel(1)).startsWith("Single bank \u00B7 2048 KiB \u00B7 mapped at 0x08000000 (AXIM) / 0x00200000 (ITCM)");
        assertThat(view.diffSummaryText()).contains("Single-bank mode");
        assertThat(view.headlineText()).contains("single-bank mode");
        screenshot("bank-browser-3-single-bank");
    }
}
