package dev.flashbank.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

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
import dev.flashbank.sim.LegacyFlashRegisters;
import dev.flashbank.sim.bus.DebugBus;

/**
 * The fixed suite of {@code flashbank bench} (issue 11): on a simulated part in dual-bank mode behind the emulated
 * probe ({@link BenchPart}: by default the default board's part), for each image size - full program over an older
 * image, incremental re-program with one changed sector, bank update of the inactive bank (with the switch of the
 * part's scheme), verify - the modelled target time next to the physical limit of the same work; the OpenOCD and
 * stlink-org strategies on the same model, where the part's family gives their registers; and the host hot paths
 * (image parsing, bank diff, simulator bus accesses).
 */
public final class BenchSuite {

    public static final List<Integer> DEFAULT_SIZES = List.of(16 * 1024, 256 * 1024, 1024 * 1024);

    /** What to run. */
    public record Settings(ProbeModel probe, List<Integer> sizes, boolean legacy, boolean host, int hostRepeats) {
        public static Settings defaults() {
            return new Settings(ProbeModel.v2At4MHz(), DEFAULT_SIZES, true, true, 7);
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
        List<BenchReport.Legacy> legacy = new ArrayList<>();
        Optional<LegacyFlashRegisters> legacyRegisters = settings.legacy() ? part.legacyToolRegisters()
                : Optional.empty();
        for (int size : settings.sizes()) {
            rows.addAll(targetRows(size));
            if (legacyRegisters.isPresent()) {
                legacy.addAll(legacyRows(size, legacyRegisters.get()));
            }
        }
        Optional<String> legacyNote = settings.legacy() && legacyRegisters.isEmpty()
                ? Optional.of("not modelled for " + part.part() + " (its family gives the bench no register facts "
                        + "for the OpenOCD and stlink-org paths)")
                : Optional.empty();
        List<BenchReport.HostResult> host = settings.host() ? hostResults() : List.of();
        return new BenchReport(settings.probe().name(), part.part(), part.descriptor().timings().source(),
                part.timingBound().key(), rows, legacy, legacyNote, host);
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
        BenchBoard board = part.board();
        ModelledStack pre = ModelledStack.connect(board, settings.probe());
        pre.driver().program(bank1, SyntheticImages.firmware(bank1, size, 0xA1), FlashProgress.NONE);
        pre.driver().program(bank2, SyntheticImages.firmware(bank2, size, 0xB2), FlashProgress.NONE);
        board.reset(ResetKind.SYSTEM);
        ModelledStack stack = ModelledStack.connect(board, settings.probe());
        // halted, as every programming tool leaves the core ("reset halt"); the target-side CRC needs it too
        stack.target().core().halt();
        return new Setup(board, stack, SyntheticImages.firmware(bank1, size, 0xC3));
    }

    private List<BenchReport.Row> targetRows(int size) throws Exception {
        List<BenchReport.Row> rows = new ArrayList<>();
        Setup s = setup(size);
        ModelledStack st = s.stack;
        String label = BenchReport.size(size);

        // full program over the older image
        byte[] before = bank(s.board, 1);
        FirmwareImage full = SyntheticImages.image("full", bank1, s.newImage);
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
        FirmwareImage inc = SyntheticImages.image("incremental", bank1, incremental);
        before = bank(s.board, 1);
        c = st.measure(x -> new ProgramOperation(x.context(), inc, ProgramOptions.defaults()).run(FlashProgress.NONE));
        rows.add(row(label, "incremental (1 sector, " + last.sizeKiB() + " KiB)", c,
                limit(s.board, before, bank(s.board, 1)), size));
        log.accept(rows.get(rows.size() - 1).text());

        // bank update: the new image (linked where the scheme runs physical bank 2's image: its own address for
        // BOOT_ADD, the first slot for SWAP_BANK) into the inactive bank, the scheme's switch, no reset
        long link = part.bankAddress(part.scheme().linkRule().slotFor(2));
        FirmwareImage upd = SyntheticImages.image("update", link, SyntheticImages.firmware(link, size, 0xE5));
        before = bank(s.board, 2);
        c = st.measure(x -> new BankUpdateOperation(x.context(), upd, BankUpdateOperation.Options
                .of(part.scheme())).run(FlashProgress.NONE));
        PhysicalLimit content = limit(s.board, before, bank(s.board, 2));
        long optionNanos = s.board.descriptor().timings().optionProgramMicros(part.timingBound()) * 1000L;
        rows.add(row(label, "bank update (+ option switch)", c, new PhysicalLimit(content.eraseNanos(),
                content.programUnits(), content.programNanos() + optionNanos, content.erasedSectors(),
                content.source()), size));
        log.accept(rows.get(rows.size() - 1).text());
        return rows;
    }

    private List<BenchReport.Legacy> legacyRows(int size, LegacyFlashRegisters registers) throws Exception {
        List<BenchReport.Legacy> out = new ArrayList<>();
        for (String tool : List.of("OpenOCD (x16 register pokes, no working area)",
                "stlink-org (per-sector erase, RAM loader)")) {
            Setup s = setup(size);
            byte[] before = bank(s.board, 1);
            Cost c = s.stack.measure(x -> {
                if (tool.startsWith("OpenOCD")) {
                    LegacyStrategies.openOcdNoWorkingArea(x, registers, bank1, s.newImage);
                } else {
                    LegacyStrategies.stlinkOrg(x, registers, bank1, s.newImage);
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

    private PhysicalLimit limit(BenchBoard board, byte[] before, byte[] after) {
        List<Sector> sectors = board.geometry().bank(1).sectors();
        return PhysicalLimit.of(sectors, before, after, board.descriptor().timings(), Parallelism.X32,
                part.timingBound());
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
