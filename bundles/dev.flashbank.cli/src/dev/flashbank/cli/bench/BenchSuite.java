package dev.flashbank.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.BankDiff;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.image.ImageWriter;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.core.ops.VerifyOperation;
import dev.flashbank.core.ops.VerifyReport;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.bus.DebugBus;

/**
 * The fixed suite of {@code flashbank bench} (issues 11, 18): on a simulated part in dual-bank mode behind the emulated
 * probe ({@link BenchPart}: by default the default board's part), per probe profile and image size - full program over
 * an older image, verify, incremental re-program with one changed sector, bank update of the inactive bank (with the
 * switch of the part's scheme) where the image fits a bank - the modelled target time next to the modelled flash floor
 * at the table's typical and maximum values; real OpenOCD writing the same image over the same older content through
 * the emulated ST-Link in the same run ({@link OpenOcdRun}); the CLI's start-up ({@link StartupTimes}); and the host hot
 * paths (image parsing, bank diff, simulator bus accesses).
 */
public final class BenchSuite {

    public static final List<Integer> DEFAULT_SIZES = List.of(64 * 1024, 1024 * 1024, 2 * 1024 * 1024);
    /**
     * Sizes OpenOCD runs for by default: all of them (its default path, the RAM loader on the simulated core, costs
     * tens of seconds of wall time per MiB here; its old no-work-area path cost 0.4 s per KiB).
     */
    public static final List<Integer> DEFAULT_OPENOCD_SIZES = DEFAULT_SIZES;
    /** Runs per start-up command (the issue asks for medians of at least 10). */
    public static final int DEFAULT_STARTUP_RUNS = 11;
    /** Timed runs of each simulated-core figure ({@link CpuSpeed}), after a warm-up until the JIT has settled. */
    public static final int DEFAULT_CPU_RUNS = 5;

    /**
     * What to run.
     *
     * @param openocd      the OpenOCD executable (empty: not installed)
     * @param openocdSizes sizes OpenOCD writes (each a size of {@code sizes}); empty = OpenOCD not run
     * @param startupRuns  runs per start-up command; 0 = not measured
     * @param launcher     the distribution's launcher for the start-up runs (empty: not run from it)
     * @param cpuRuns      timed runs of each simulated-core figure ({@link CpuSpeed}); 0 = not measured
     */
    public record Settings(List<ProbeModel> probes, List<Integer> sizes, Optional<java.nio.file.Path> openocd,
            List<Integer> openocdSizes, int startupRuns,
            Optional<java.nio.file.Path> launcher, boolean host, int hostRepeats, int cpuRuns) {
        public Settings {
            probes = List.copyOf(probes);
            sizes = List.copyOf(sizes);
            openocdSizes = List.copyOf(openocdSizes);
        }

        public static Settings defaults() {
            return new Settings(ProbeModel.all(), DEFAULT_SIZES, OpenOcdRun.find(), DEFAULT_OPENOCD_SIZES,
                    DEFAULT_STARTUP_RUNS,
                    StartupTimes.launcher(), true, 7, DEFAULT_CPU_RUNS);
        }
    }

    private final BenchPart part;
    /** Where physical bank 1 / bank 2 are mapped with the banks not swapped (from the part's geometry). */
    private final long bank1;
    private final long bank2;
    private final Settings settings;
    private final Consumer<String> log;

    public BenchSuite(BenchPart part, Settings settings, Consumer<String> log) {
        this.part = part;
        this.bank1 = part.bankAddress(1);
        this.bank2 = part.bankAddress(2);
        this.settings = settings;
        this.log = log;
    }

    public BenchReport run() throws Exception {
        List<BenchReport.Row> rows = new ArrayList<>();
        Optional<CpuSpeed.Result> cpu = Optional.empty();
        if (settings.cpuRuns() > 0) {
            // first, in fresh JVMs where they can be started: what a 'board run' JVM does (CpuSpeed)
            log.accept("simulated core: " + settings.cpuRuns() + " runs each of the board and the bare ISA");
            cpu = Optional.of(CpuSpeed.measureFirst(part, settings.cpuRuns()));
        }
        List<Integer> sizes = new ArrayList<>();
        List<String> notes = new ArrayList<>(part.descriptor().timings().notes());
        for (int size : settings.sizes()) {
            if (size > part.geometry().totalSize()) {
                notes.add(BenchReport.size(size) + " not run: larger than the " + part.part() + "'s flash");
            } else {
                sizes.add(size);
            }
        }
        for (ProbeModel probe : settings.probes()) {
            for (int size : sizes) {
                rows.addAll(targetRows(probe, size));
            }
        }
        BenchReport.OpenOcd openocd = openocd(sizes, rows);
        BenchReport.Startup startup = startup();
        List<BenchReport.HostResult> host = settings.host() ? hostResults() : List.of();
        List<BenchReport.Probe> probes = settings.probes().stream()
                .map(p -> new BenchReport.Probe(p.key(), p.name(), p.profile().describe())).toList();
        return new BenchReport(part.part(), part.descriptor().timings().source(), notes, probes, rows, openocd,
                startup, host, cpu);
    }

    // ------------------------------------------------------------------------------------------- target work

    /** The whole flash, bank 1 then bank 2 (the bank-1 window runs on into bank 2 when the banks are not swapped). */
    private record Setup(BenchBoard board, ModelledStack stack, byte[] newImage) {
    }

    /**
     * A board with older images (one of {@code size} from bank 1's start and, where it fits a bank, one in bank 2),
     * running bank 1; with Flashbank's stack connected when {@code probe} is given.
     */
    private Setup setup(ProbeModel probe, int size) throws Exception {
        BenchBoard board = part.board();
        ModelledStack pre = ModelledStack.connect(board, probe);
        pre.driver().program(bank1, SyntheticImages.firmware(bank1, size, 0xA1), FlashProgress.NONE);
        if (fitsBank(size)) {
            pre.driver().program(bank2, SyntheticImages.firmware(bank2, size, 0xB2), FlashProgress.NONE);
        }
        board.reset(ResetKind.SYSTEM);
        ModelledStack stack = ModelledStack.connect(board, probe);
        // halted, as every programming tool leaves the core ("reset halt"); the target-side CRC needs it too
        stack.target().core().halt();
        return new Setup(board, stack, SyntheticImages.firmware(bank1, size, 0xC3));
    }

    private boolean fitsBank(int size) {
        return size <= part.geometry().bank(1).size();
    }

    private List<BenchReport.Row> targetRows(ProbeModel probe, int size) throws Exception {
        List<BenchReport.Row> rows = new ArrayList<>();
        Setup s = setup(probe, size);
        ModelledStack st = s.stack();
        String label = BenchReport.size(size);

        // full program over the older image
        byte[] before = flash(s.board());
        FirmwareImage full = SyntheticImages.image("full", bank1, s.newImage());
        Cost c = st.measure(x -> new ProgramOperation(x.context(), full, ProgramOptions.defaults())
                .run(FlashProgress.NONE));
        rows.add(row(probe, label, size, "full program", c, before, flash(s.board()), 0));

        // verify
        c = st.measure(x -> {
            VerifyReport v = new VerifyOperation(x.context(), full).run(FlashProgress.NONE);
            if (!v.ok()) {
                throw new IllegalStateException("bench verify found differences: " + v.summary());
            }
        });
        rows.add(new BenchReport.Row(probe.key(), label, size, "verify", c, Optional.empty(), Optional.empty()));
        log.accept(rows.get(rows.size() - 1).text());

        // incremental: the image's last sector changed
        Sector last = lastSector(size);
        int from = (int) last.offset();
        int to = (int) Math.min(size, last.end());
        byte[] incremental = SyntheticImages.changed(s.newImage(), from, to, 0xD4);
        FirmwareImage inc = SyntheticImages.image("incremental", bank1, incremental);
        before = flash(s.board());
        c = st.measure(x -> new ProgramOperation(x.context(), inc, ProgramOptions.defaults()).run(FlashProgress.NONE));
        rows.add(row(probe, label, size, "incremental (1 sector, " + last.sizeKiB() + " KiB)", c, before,
                flash(s.board()), 0));

        if (fitsBank(size)) {
            // bank update: the new image (linked where the scheme runs physical bank 2's image: its own address for
            // BOOT_ADD, the first slot for SWAP_BANK) into the inactive bank, the scheme's switch, no reset
            long link = part.bankAddress(part.scheme().linkRule().slotFor(2));
            FirmwareImage upd = SyntheticImages.image("update", link, SyntheticImages.firmware(link, size, 0xE5));
            before = flash(s.board());
            c = st.measure(x -> new BankUpdateOperation(x.context(), upd, BankUpdateOperation.Options
                    .of(part.scheme())).run(FlashProgress.NONE));
            long optionTyp = part.descriptor().timings().optionProgramMicros(FlashTimings.Bound.TYPICAL) * 1000L;
            long optionMax = part.descriptor().timings().optionProgramMicros(FlashTimings.Bound.MAXIMUM) * 1000L;
            byte[] after = flash(s.board());
            rows.add(new BenchReport.Row(probe.key(), label, size, "bank update (+ option switch)", c,
                    Optional.of(floor(before, after, FlashTimings.Bound.TYPICAL, optionTyp)),
                    Optional.of(floor(before, after, FlashTimings.Bound.MAXIMUM, optionMax))));
            log.accept(rows.get(rows.size() - 1).text());
        }
        return rows;
    }

    private BenchReport.Row row(ProbeModel probe, String label, int size, String work, Cost c, byte[] before,
            byte[] after, long extraNanos) {
        BenchReport.Row r = new BenchReport.Row(probe.key(), label, size, work, c,
                Optional.of(floor(before, after, FlashTimings.Bound.TYPICAL, extraNanos)),
                Optional.of(floor(before, after, FlashTimings.Bound.MAXIMUM, extraNanos)));
        log.accept(r.text());
        return r;
    }

    /** Every sector of both banks, offsets from bank 1's start (bank 2 follows bank 1 when not swapped). */
    private List<Sector> allSectors() {
        List<Sector> out = new ArrayList<>();
        long base = 0;
        for (int b = 1; b <= part.geometry().bankCount(); b++) {
            for (Sector s : part.geometry().bank(b).sectors()) {
                out.add(new Sector(s.bank(), s.number(), s.snb(), base + s.offset(), s.size()));
            }
            base += part.geometry().bank(b).size();
        }
        return out;
    }

    /** The whole flash as cells, bank 1 then bank 2. */
    private byte[] flash(BenchBoard board) {
        var g = board.geometry();
        byte[] all = new byte[(int) g.totalSize()];
        int at = 0;
        for (int b = 1; b <= g.bankCount(); b++) {
            int n = (int) g.bank(b).size();
            System.arraycopy(board.readCells(b, 0, n), 0, all, at, n);
            at += n;
        }
        return all;
    }

    private PhysicalLimit floor(byte[] before, byte[] after, FlashTimings.Bound bound, long extraNanos) {
        PhysicalLimit l = PhysicalLimit.of(allSectors(), before, after, part.descriptor().timings(), Parallelism.X32,
                bound);
        return new PhysicalLimit(l.eraseNanos(), l.programUnits(), l.programNanos() + extraNanos, l.erasedSectors(),
                l.source());
    }

    private Sector lastSector(int size) {
        Sector last = null;
        for (Sector s : allSectors()) {
            if (s.offset() < size) {
                last = s;
            }
        }
        return last;
    }

    // ------------------------------------------------------------------------------------------- OpenOCD

    private BenchReport.OpenOcd openocd(List<Integer> sizes, List<BenchReport.Row> rows) throws Exception {
        Optional<java.nio.file.Path> exe = settings.openocd();
        if (exe.isEmpty()) {
            return BenchReport.OpenOcd.notRun(Optional.empty(), "OpenOCD not installed (no '" + OpenOcdRun.EXECUTABLE
                    + "' on PATH, or --openocd names no executable): no OpenOCD rows, no ratio");
        }
        String version = OpenOcdRun.version(exe.get());
        Optional<String> script = OpenOcdRun.targetScript(part.descriptor());
        if (script.isEmpty()) {
            return BenchReport.OpenOcd.notRun(Optional.of(version), "not run: the bench knows no stock OpenOCD target "
                    + "script for " + part.part());
        }
        List<Integer> run = sizes.stream().filter(settings.openocdSizes()::contains).toList();
        if (run.isEmpty() || settings.probes().isEmpty()) {
            return new BenchReport.OpenOcd(Optional.of(version), script, Optional.empty(), List.of(), List.of(),
                    List.of("not run (no --openocd-sizes among the sizes)"));
        }
        List<String> notes = new ArrayList<>();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("flashbank-bench-openocd");
        try {
            // OpenOCD's default path: the stock script with its work area - its RAM loader, executed by the board's core
            notes.add("rows: OpenOCD's default path, the stock script with its work area - its stm32f2x RAM loader "
                    + "(contrib/loaders/flash/stm32/stm32f2x.S, half-word programming) executed by the simulated core, "
                    + "fed through a FIFO in RAM (run for real; not a replay)");
            notes.add("modelled time = board time of OpenOCD's write run minus its connect-only run (init, reset "
                    + "halt); its own sleeps between polls are charged, its host processing is not");
            List<BenchReport.OpenOcdRow> out = new ArrayList<>();
            for (ProbeModel probe : settings.probes()) {
                for (int size : run) {
                    out.add(openocdRow(exe.get(), script.get(), probe, size, dir, rows));
                }
            }
            BenchReport.OpenOcdRow first = out.get(0);
            String defaultPath = (first.ok() ? "completed, " : "FAILED, ") + first.path();
            log.accept("OpenOCD default path: " + defaultPath);
            return new BenchReport.OpenOcd(Optional.of(version), script, Optional.of(defaultPath), first.errors(), out,
                    notes);
        } finally {
            try (var s = java.nio.file.Files.walk(dir)) {
                for (java.nio.file.Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        }
    }

    private BenchReport.OpenOcdRow openocdRow(java.nio.file.Path exe, String script, ProbeModel probe, int size,
            java.nio.file.Path dir, List<BenchReport.Row> rows) throws Exception {
        Setup s = setup(probe, size);
        java.nio.file.Path img = writeImage(dir, s.newImage());
        OpenOcdRun.Result connect = OpenOcdRun.run(exe, s.board(), probe.emulator(), script, true, List.of());
        OpenOcdRun.Result write = OpenOcdRun.run(exe, s.board(), probe.emulator(), script, true,
                List.of(writeCommand(img)));
        boolean written = java.util.Arrays.equals(flash(s.board()), 0, size, s.newImage(), 0, size);
        boolean ok = connect.ok() && write.ok() && written;
        List<String> errors = new ArrayList<>(connect.errors());
        errors.addAll(write.errors());
        if (write.ok() && !written) {
            errors.add("the flash does not hold the image after OpenOCD's write");
        }
        long nanos = write.boardNanos() - connect.boardNanos();
        String label = BenchReport.size(size);
        Optional<Double> full = ok ? rowNanos(rows, probe, label, "full program").map(n -> n / (double) nanos)
                : Optional.empty();
        Optional<Double> inc = ok ? rowNanos(rows, probe, label, "incremental").map(n -> n / (double) nanos)
                : Optional.empty();
        BenchReport.OpenOcdRow r = new BenchReport.OpenOcdRow(probe.key(), label, size,
                "stock " + script + " (its work area), flash write_image erase", ok, nanos,
                write.usbCommands() - connect.usbCommands(), write.sleepNanos() - connect.sleepNanos(), write.path(),
                errors, full, inc);
        log.accept("OpenOCD " + r.text());
        return r;
    }

    private static Optional<Long> rowNanos(List<BenchReport.Row> rows, ProbeModel probe, String size, String work) {
        return rows.stream().filter(r -> r.probe().equals(probe.key()) && r.size().equals(size)
                && r.work().startsWith(work)).findFirst().map(r -> r.cost().targetNanos());
    }

    private java.nio.file.Path writeImage(java.nio.file.Path dir, byte[] image) throws java.io.IOException {
        java.nio.file.Path p = java.nio.file.Files.createTempFile(dir, "image", ".bin");
        java.nio.file.Files.write(p, image);
        return p;
    }

    private String writeCommand(java.nio.file.Path img) {
        return String.format("flash write_image erase %s 0x%08X bin", img, bank1);
    }

    // ------------------------------------------------------------------------------------------- start-up

    private BenchReport.Startup startup() {
        if (settings.startupRuns() <= 0) {
            return new BenchReport.Startup(Optional.empty(), Optional.of("not measured (--startup-runs 0)"));
        }
        if (settings.launcher().isEmpty()) {
            return new BenchReport.Startup(Optional.empty(), Optional.of("not measured: this bench was not started "
                    + "by the distribution's launcher (bin/flashbank sets -D" + StartupTimes.LAUNCHER_PROPERTY + ")"));
        }
        try {
            StartupTimes.Result r = StartupTimes.measure(settings.launcher().get(), settings.startupRuns());
            r.timings().forEach(t -> log.accept(String.format(java.util.Locale.ROOT, "%s: median %.1f ms",
                    t.command(), t.medianMillis())));
            return new BenchReport.Startup(Optional.of(r), Optional.empty());
        } catch (java.io.IOException e) {
            return new BenchReport.Startup(Optional.empty(), Optional.of("not measured: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new BenchReport.Startup(Optional.empty(), Optional.of("not measured: interrupted"));
        }
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
        byte[] payload = SyntheticImages.firmware(bank1, PARSE_BYTES, 0x5EED);
        FirmwareImage image = SyntheticImages.image("parse", bank1, payload);
        for (ImageFormat f : List.of(ImageFormat.ELF, ImageFormat.INTEL_HEX, ImageFormat.SREC)) {
            byte[] file = f == ImageFormat.ELF ? SyntheticImages.elf(bank1, payload)
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
        byte[] a = SyntheticImages.firmware(bank1, DIFF_BYTES, 1);
        byte[] b = SyntheticImages.changed(a, 0x60000, 0x60000 + 4096, 2);
        long diff = medianNanos(() -> {
            if (BankDiff.ranges(bank1, a, b, 16).isEmpty()) {
                throw new IllegalStateException("diff found nothing");
            }
        });
        out.add(new BenchReport.HostResult("bank diff 2 x 1 MiB", diff, 2 * DIFF_BYTES / 1e6 / (diff / 1e9),
                "MB/s compared"));
        log.accept(out.get(out.size() - 1).text());

        BenchBoard board = part.board();
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
}
