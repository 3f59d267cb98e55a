package dev.flashbank.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.stm32f7.Stm32F7Window;
import dev.flashbank.core.device.stm32f7.OptionBytes;
import dev.flashbank.core.device.stm32f7.Stm32F7Descriptor;
import dev.flashbank.core.device.stm32f7.Stm32F7Line;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.BankDiff;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.image.ImageWriter;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.core.device.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.core.ops.VerifyOperation;
import dev.flashbank.core.ops.VerifyReport;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.bus.DebugBus;

/**
 * The fixed suite of {@code flashbank bench} (issue 11): on a simulated STM32F767ZI in dual-bank mode behind the
 * emulated probe, for each image size - full program over an older image, incremental re-program with one changed
 * sector, bank update of the inactive bank (with the BOOT_ADD switch), verify - the modelled target time next to the
 * physical limit of the same work; the OpenOCD and stlink-org strategies on the same model; and the host hot paths
 * (image parsing, bank diff, simulator bus accesses).
 */
public final class BenchSuite {

    public static final String PART = "STM32F767ZI";
    private static final int FLASH_KIB = 2048;
    /** Where physical bank 1 / bank 2 of the dual-bank 2 MiB part are mapped with SWP_FB = 0 (from the device model). */
    public static final long BANK1 = bankWindow(1);
    public static final long BANK2 = bankWindow(2);
    public static final List<Integer> DEFAULT_SIZES = List.of(16 * 1024, 256 * 1024, 1024 * 1024);

    /** What to run. */
    public record Settings(ProbeModel probe, List<Integer> sizes, boolean legacy, boolean host, int hostRepeats) {
        public static Settings defaults() {
            return new Settings(ProbeModel.v2At4MHz(), DEFAULT_SIZES, true, true, 7);
        }
    }

    /** How the bench builds its boards (typical timings). */
    private static final BoardOptions BOARD_OPTIONS = BoardOptions.defaults();

    private final Settings settings;
    private final Consumer<String> log;

    private static long bankWindow(int physicalBank) {
        return Stm32F7Descriptor.of(Stm32F7Line.F76X_F77X).geometry(FLASH_KIB, BankMode.DUAL)
                .windowAddress(physicalBank, 0, false, Stm32F7Window.AXIM);
    }

    public BenchSuite(Settings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
    }

    /** A dual-bank F767ZI booting physical bank 1 (nDBOOT = 1, BOOT_ADD0 = bank 1). */
    public static BenchBoard board() throws Exception {
        OptionBytes o = OptionBytes.factory(Stm32F7Line.F76X_F77X).withBankMode(BankMode.DUAL)
                .withBootAddress0(BANK1, FLASH_KIB);
        return InstalledFamilies.simulated().create(PART, BOARD_OPTIONS.withOptionBytes(o));
    }

    public BenchReport run() throws Exception {
        List<BenchReport.Row> rows = new ArrayList<>();
        List<BenchReport.Legacy> legacy = new ArrayList<>();
        for (int size : settings.sizes()) {
            rows.addAll(targetRows(size));
            if (settings.legacy()) {
                legacy.addAll(legacyRows(size));
            }
        }
        List<BenchReport.HostResult> host = settings.host() ? hostResults() : List.of();
        BenchBoard b = board();
        return new BenchReport(settings.probe().name(), PART, b.descriptor().timings().source(),
                bound(b).key(), rows, legacy, host);
    }

    // ------------------------------------------------------------------------------------------- target work

    private static final class Setup {
        final BenchBoard board;
        final ModelledStack stack;
        final byte[] newImage;

        Setup(BenchBoard board, ModelledStack stack, byte[] newImage) {
            this.board = board;
            this.stack = stack;
            this.newImage = newImage;
        }
    }

    /** A board with older images of {@code size} in both banks, running bank 1, and the stack connected. */
    private Setup setup(int size) throws Exception {
        BenchBoard board = board();
        ModelledStack pre = ModelledStack.connect(board, settings.probe());
        pre.driver().program(BANK1, SyntheticImages.firmware(BANK1, size, 0xA1), FlashProgress.NONE);
        pre.driver().program(BANK2, SyntheticImages.firmware(BANK2, size, 0xB2), FlashProgress.NONE);
        board.reset(ResetKind.SYSTEM);
        ModelledStack stack = ModelledStack.connect(board, settings.probe());
        // halted, as every programming tool leaves the core ("reset halt"); the target-side CRC needs it too
        stack.target().core().halt();
        return new Setup(board, stack, SyntheticImages.firmware(BANK1, size, 0xC3));
    }

    private List<BenchReport.Row> targetRows(int size) throws Exception {
        List<BenchReport.Row> rows = new ArrayList<>();
        Setup s = setup(size);
        ModelledStack st = s.stack;
        String label = BenchReport.size(size);

        // full program over the older image
        byte[] before = bank(s.board, 1);
        FirmwareImage full = SyntheticImages.image("full", BANK1, s.newImage);
        Cost c = st.measure(x -> new ProgramOperation(x.context(), full, ProgramOptions.defaults())
                .run(FlashProgress.NONE));
        rows.add(row(label, "full program", c, limit(s.board, before, bank(s.board, 1)), size));
        log.accept(rows.get(rows.size() - 1).text());

        // verify
        c = st.measure(x -> {
            VerifyReport v = new VerifyOperation(x.context(), full).run(FlashProgress.NONE);
            if (!v.ok()) {
                throw new IllegalStateException("bench verify found differences: " + v.summary());
            }
        });
        rows.add(row(label, "verify", c, null, size));
        log.accept(rows.get(rows.size() - 1).text());

        // incremental: the image's largest (last) sector changed
        Sector last = lastSector(s.board, size);
        int from = (int) last.offset();
        int to = (int) Math.min(size, last.end());
        byte[] incremental = SyntheticImages.changed(s.newImage, from, to, 0xD4);
        FirmwareImage inc = SyntheticImages.image("incremental", BANK1, incremental);
        before = bank(s.board, 1);
        c = st.measure(x -> new ProgramOperation(x.context(), inc, ProgramOptions.defaults()).run(FlashProgress.NONE));
        rows.add(row(label, "incremental (1 sector, " + last.sizeKiB() + " KiB)", c,
                limit(s.board, before, bank(s.board, 1)), size));
        log.accept(rows.get(rows.size() - 1).text());

        // bank update: the new image (linked for bank 2) into the inactive bank, BOOT_ADD switch, no reset
        FirmwareImage upd = SyntheticImages.image("update", BANK2, SyntheticImages.firmware(BANK2, size, 0xE5));
        before = bank(s.board, 2);
        c = st.measure(x -> new BankUpdateOperation(x.context(), upd, BankUpdateOperation.Options
                .of(Stm32F7SwitchSchemes.BOOT_ADD)).run(FlashProgress.NONE));
        PhysicalLimit content = limit(s.board, before, bank(s.board, 2));
        long optionNanos = s.board.descriptor().timings().optionProgramMicros(bound(s.board)) * 1000L;
        rows.add(row(label, "bank update (+ option switch)", c, new PhysicalLimit(content.eraseNanos(),
                content.programUnits(), content.programNanos() + optionNanos, content.erasedSectors(),
                content.source()), size));
        log.accept(rows.get(rows.size() - 1).text());
        return rows;
    }

    private List<BenchReport.Legacy> legacyRows(int size) throws Exception {
        List<BenchReport.Legacy> out = new ArrayList<>();
        for (String tool : List.of("OpenOCD (x16 register pokes, no working area)",
                "stlink-org (per-sector erase, RAM loader)")) {
            Setup s = setup(size);
            byte[] before = bank(s.board, 1);
            Cost c = s.stack.measure(x -> {
                if (tool.startsWith("OpenOCD")) {
                    LegacyStrategies.openOcdNoWorkingArea(x, BANK1, s.newImage);
                } else {
                    LegacyStrategies.stlinkOrg(x, BANK1, s.newImage);
                }
            });
            byte[] after = bank(s.board, 1);
            if (!Arrays.equals(after, 0, size, s.newImage, 0, size)) {
                throw new IllegalStateException(tool + " strategy did not leave the image in flash");
            }
            out.add(new BenchReport.Legacy(BenchReport.size(size), tool, c, limit(s.board, before, after)));
            log.accept(out.get(out.size() - 1).text());
        }
        return out;
    }

    private static BenchReport.Row row(String size, String work, Cost c, PhysicalLimit limit, int bytes) {
        return new BenchReport.Row(size, work, c, Optional.ofNullable(limit), bytes);
    }

    private static byte[] bank(BenchBoard board, int physicalBank) {
        return board.readCells(physicalBank, 0, (int) board.geometry().bank(physicalBank).size());
    }

    private static PhysicalLimit limit(BenchBoard board, byte[] before, byte[] after) {
        List<Sector> sectors = board.geometry().bank(1).sectors();
        return PhysicalLimit.of(sectors, before, after, board.descriptor().timings(), Parallelism.X32,
                bound(board));
    }

    private static Sector lastSector(BenchBoard board, int size) {
        Sector last = null;
        for (Sector s : board.geometry().bank(1).sectors()) {
            if (s.offset() < size) {
                last = s;
            }
        }
        return last;
    }

    // ------------------------------------------------------------------------------------------- host work

    /** Payload of the image-parsing benchmark: 2 MiB (the acceptance figure is for a 2 MiB Intel HEX). */
    public static final int PARSE_BYTES = 2 * 1024 * 1024;
    /** Bank diff: two 1 MiB banks. */
    public static final int DIFF_BYTES = 1024 * 1024;
    /** Simulator benchmark: bus accesses per repetition. */
    public static final int SIM_ACCESSES = 2_000_000;

    private List<BenchReport.HostResult> hostResults() throws Exception {
        List<BenchReport.HostResult> out = new ArrayList<>();
        byte[] payload = SyntheticImages.firmware(BANK1, PARSE_BYTES, 0x5EED);
        FirmwareImage image = SyntheticImages.image("parse", BANK1, payload);
        for (ImageFormat f : List.of(ImageFormat.ELF, ImageFormat.INTEL_HEX, ImageFormat.SREC)) {
            byte[] file = f == ImageFormat.ELF ? SyntheticImages.elf(BANK1, payload)
                    : ImageWriter.toBytes(image, f, "bench");
            long median = medianNanos(() -> {
                FirmwareImage r = ImageReader.read("bench." + f.name().toLowerCase(java.util.Locale.ROOT), file,
                        Optional.of(f), OptionalLong.empty());
                if (r.totalSize() != PARSE_BYTES) {
                    throw new IllegalStateException(f + " parse lost bytes");
                }
            });
            out.add(new BenchReport.HostResult("parse " + f.name() + " (2 MiB payload, " + file.length / 1024
                    + " KiB file)", median, PARSE_BYTES / 1e6 / (median / 1e9), "MB/s payload"));
            log.accept(out.get(out.size() - 1).text());
        }
        byte[] a = SyntheticImages.firmware(BANK1, DIFF_BYTES, 1);
        byte[] b = SyntheticImages.changed(a, 0x60000, 0x60000 + 4096, 2);
        long diff = medianNanos(() -> {
            if (BankDiff.ranges(BANK1, a, b, 16).isEmpty()) {
                throw new IllegalStateException("diff found nothing");
            }
        });
        out.add(new BenchReport.HostResult("bank diff 2 x 1 MiB", diff, 2 * DIFF_BYTES / 1e6 / (diff / 1e9),
                "MB/s compared"));
        log.accept(out.get(out.size() - 1).text());

        BenchBoard board = board();
        DebugBus bus = board.debugBus();
        long sram = SyntheticImages.INITIAL_SP - 0x1_0000;
        long sim = medianNanos(() -> {
            for (int i = 0; i < SIM_ACCESSES; i += 2) {
                long addr = sram + ((i & 0x3FFF) << 2);
                bus.write(addr, AccessWidth.WORD, i);
                bus.read(addr, AccessWidth.WORD);
            }
        });
        out.add(new BenchReport.HostResult("simulator bus accesses (SRAM word write+read)", sim,
                SIM_ACCESSES / (sim / 1e9) / 1e6, "M accesses/s"));
        log.accept(out.get(out.size() - 1).text());
        return out;
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /** Median wall time of {@code hostRepeats} runs after two warm-up runs. */
    private long medianNanos(Body body) throws Exception {
        body.run();
        body.run();
        long[] t = new long[settings.hostRepeats()];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            body.run();
            t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    /** The timing bound the bench's boards run with (the one {@link #board()} builds them with). */
    static FlashTimings.Bound bound(BenchBoard b) {
        return BOARD_OPTIONS.timingBound();
    }
}
