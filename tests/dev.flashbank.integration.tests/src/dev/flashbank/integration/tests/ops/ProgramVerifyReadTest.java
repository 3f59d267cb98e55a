package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.ops.OperationCanceledException;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.core.ops.ProgramPlan;
import dev.flashbank.core.ops.ProgramPlan.Action;
import dev.flashbank.core.ops.ProgramResult;
import dev.flashbank.core.ops.ReadOperation;
import dev.flashbank.core.ops.ReadResult;
import dev.flashbank.core.ops.VerifyOperation;
import dev.flashbank.core.ops.VerifyReport;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;

/**
 * Program (minimal sector plan), verify (mismatching ranges) and read/dump on the default simulated STM32F767ZI
 * (single bank: sectors 0-3 of 32 KiB at 0x08000000, 0x08008000, 0x08010000, 0x08018000).
 */
class ProgramVerifyReadTest {

    static final long S0 = 0x0800_0000L;
    static final long S1 = 0x0800_8000L;
    static final long S2 = 0x0801_0000L;
    static final long S3 = 0x0801_8000L;

    static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static FirmwareImage image(String name, Object... addressAndBytes) {
        List<Segment> segs = new ArrayList<>();
        for (int i = 0; i < addressAndBytes.length; i += 2) {
            segs.add(new Segment((Long) addressAndBytes[i], (byte[]) addressAndBytes[i + 1], name));
        }
        return FirmwareImage.of(name, ImageFormat.BIN, segs, OptionalLong.empty());
    }

    static final byte[] P0 = random(1, 600);
    static final byte[] P1 = random(2, 300);

    /** Data in sector 0 and at the start of sector 1. */
    static FirmwareImage image1() {
        return image("one", S0 + 0x40, P0, S1, P1);
    }

    static Action action(ProgramPlan plan, int sector) {
        return plan.steps().stream().filter(s -> s.sector().number() == sector).findFirst().orElseThrow().action();
    }

    @Test
    void blankSectorsAreProgrammedWithoutEraseIdenticalOnesAreSkippedOthersAreErasedAndKeepTheirOtherBytes()
            throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            OperationContext ctx = bench.context();
            byte[] marker1 = random(7, 64);
            byte[] marker3 = random(8, 64);
            new ProgramOperation(ctx, image("markers", S1 + 0x1000, marker1, S3 + 0x100, marker3),
                    ProgramOptions.defaults()).run(FlashProgress.NONE);

            // sector 0 blank -> program only; sector 1 holds the marker -> erase + program, marker kept
            ProgramResult r1 = new ProgramOperation(ctx, image1(), ProgramOptions.defaults()).run(FlashProgress.NONE);
            assertThat(r1.plan().steps()).hasSize(2);
            assertThat(action(r1.plan(), 0)).isEqualTo(Action.PROGRAM);
            assertThat(action(r1.plan(), 1)).isEqualTo(Action.ERASE_AND_PROGRAM);
            assertThat(r1.verify()).hasValueSatisfying(v -> assertThat(v.ok()).isTrue());
            assertThat(board.readCells(1, 0x40, P0.length)).isEqualTo(P0);
            assertThat(board.readCells(1, 0x8000, P1.length)).isEqualTo(P1);
            assertThat(board.readCells(1, 0x9000, marker1.length)).isEqualTo(marker1);
            assertThat(board.readCells(1, 0x18100, marker3.length)).isEqualTo(marker3); // outside: never touched

            // the same image again: nothing to do, nothing written
            long writes = bench.target.flashWrites;
            ProgramResult again = new ProgramOperation(ctx, image1(), ProgramOptions.defaults())
                    .run(FlashProgress.NONE);
            assertThat(again.plan().steps()).allMatch(s -> s.action() == Action.SKIP_IDENTICAL);
            assertThat(bench.target.flashWrites).isEqualTo(writes);
            assertThat(again.summary()).contains("2 identical (skipped)");

            // one byte changed in sector 1 only: sector 0 skipped; plus blank sector 2 gets data without an erase
            byte[] p1 = P1.clone();
            p1[100] ^= 0x5A;
            byte[] p2 = random(3, 40);
            ProgramPlan plan = new ProgramOperation(ctx, image("two", S0 + 0x40, P0, S1, p1, S2 + 0x20, p2),
                    ProgramOptions.defaults()).plan();
            assertThat(action(plan, 0)).isEqualTo(Action.SKIP_IDENTICAL);
            assertThat(action(plan, 1)).isEqualTo(Action.ERASE_AND_PROGRAM);
            assertThat(action(plan, 2)).isEqualTo(Action.PROGRAM);
            assertThat(plan.erased()).extracting(s -> s.number()).containsExactly(1);

            // asked to: not preserving sector content, and erasing sector 3 too
            ProgramResult r3 = new ProgramOperation(ctx, image("two", S0 + 0x40, P0, S1, p1, S2 + 0x20, p2),
                    ProgramOptions.defaults().withPreserveSectorContent(false)
                            .withAlsoErase(List.of(new AddressRange(S3, 0x8000)))).run(FlashProgress.NONE);
            assertThat(action(r3.plan(), 3)).isEqualTo(Action.ERASE_ONLY);
            assertThat(board.readCells(1, 0x8000, p1.length)).isEqualTo(p1);
            assertThat(board.readCells(1, 0x9000, marker1.length)).containsOnly((byte) 0xFF);
            assertThat(board.readCells(1, 0x18100, marker3.length)).containsOnly((byte) 0xFF);
            assertThat(board.readCells(1, 0x10020, p2.length)).isEqualTo(p2);
        }
    }

    @Test
    void dataOutsideTheFlashIsRefusedBeforeAnyWrite() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            FirmwareImage img = image("outside.hex", S0, random(4, 64), 0x0820_0000L - 16, random(5, 64));
            BankUpdateRefusalTest.refused(board, bench, new ProgramOperation(bench.context(), img,
                    ProgramOptions.defaults()), "outside.hex", "0x08200000");
            FirmwareImage ram = image("ram.hex", 0x2000_0000L, random(4, 64));
            BankUpdateRefusalTest.refused(board, bench, new ProgramOperation(bench.context(), ram,
                    ProgramOptions.defaults()), "0x20000000");
        }
    }

    @Test
    void aProtectedSectorInTheImageIsRefused() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            var d = Stm32F7FlashDriver.of(bench.context().driver());
            d.writeOptions(d.readOptions().withWriteProtection(1, true), FlashProgress.NONE);
            BankUpdateRefusalTest.refused(board, bench, new ProgramOperation(bench.context(), image1(),
                    ProgramOptions.defaults()), "sector 1", "write-protected");
        }
    }

    @Test
    void cancelBetweenSectorsLeavesWholeSectors() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            byte[][] parts = { random(10, 512), random(11, 512), random(12, 512), random(13, 512) };
            FirmwareImage img = image("four", S0, parts[0], S1, parts[1], S2, parts[2], S3, parts[3]);
            // 4 cancellation checks while planning (one per sector), then one per sector written: cancel before #3
            FlashProgress cancelAfter = new FlashProgress() {
                int checks;

                @Override
                public void begin(String task, long totalUnits) {
                }

                @Override
                public void worked(long units) {
                }

                @Override
                public boolean isCanceled() {
                    return ++checks > 6;
                }
            };
            OperationCanceledException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                    OperationCanceledException.class,
                    () -> new ProgramOperation(bench.context(), img, ProgramOptions.defaults()).run(cancelAfter));
            assertThat(e.whatIsDone()).contains("2 of 4 sector(s) written completely").contains("INCOMPLETE");
            assertThat(board.readCells(1, 0, 512)).isEqualTo(parts[0]);
            assertThat(board.readCells(1, 0x8000, 512)).isEqualTo(parts[1]);
            assertThat(board.readCells(1, 0x10000, 512)).containsOnly((byte) 0xFF);
            assertThat(board.readCells(1, 0x18000, 512)).containsOnly((byte) 0xFF);
            // running it again completes it: the two done sectors are skipped
            ProgramResult r = new ProgramOperation(bench.context(), img, ProgramOptions.defaults())
                    .run(FlashProgress.NONE);
            assertThat(r.plan().steps(Action.SKIP_IDENTICAL)).hasSize(2);
            assertThat(r.plan().steps(Action.PROGRAM)).hasSize(2);
        }
    }

    /**
     * The F7's checksum engine (CRC unit fed by DMA2) needs a halted core: verify halts a running core for it, reads
     * nothing back where the CRC matches, says so, and lets the core run again; with "may not halt" it reads back.
     */
    @Test
    void verifyUsesTheTargetCrcHaltingARunningCoreOnlyForTheComparison() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            OperationContext ctx = bench.context();
            new ProgramOperation(ctx, image1(), ProgramOptions.defaults()).run(FlashProgress.NONE);
            var core = ctx.debugTarget().core();
            if (core.isHalted()) {
                core.run();
            }
            VerifyReport byCrc = new VerifyOperation(ctx, image1()).run(FlashProgress.NONE);
            assertThat(byCrc.ok()).isTrue();
            assertThat(byCrc.bytesByTargetCrc()).isEqualTo(byCrc.bytesCompared());
            assertThat(byCrc.coreHalted()).isTrue();
            assertThat(byCrc.summary()).contains("target CRC").contains("halted");
            assertThat(core.isHalted()).as("the core runs again after verify").isFalse();

            VerifyReport readBack = new VerifyOperation(ctx, image1(), false).run(FlashProgress.NONE);
            assertThat(readBack.ok()).isTrue();
            assertThat(readBack.bytesByTargetCrc()).isZero();
            assertThat(readBack.coreHalted()).isFalse();
            assertThat(readBack.summary()).contains("(read back)");
            assertThat(core.isHalted()).isFalse();
        }
    }

    /**
     * Program plans the sectors its image covers wholly by the target CRC as verify does: a running core is halted
     * for the plan and for the verify step and runs again after (the result says so); with "may not halt"
     * ({@code program --no-halt}) the core keeps running and the plan and the verify read back.
     */
    @Test
    void programHaltsARunningCoreForItsChecksumsOnlyAndLetsItRunAgain() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            OperationContext ctx = bench.context();
            var core = ctx.debugTarget().core();
            if (core.isHalted()) {
                core.run();
            }
            byte[] s2 = random(3, 0x8000), s3 = random(4, 0x8000);
            ProgramResult running = new ProgramOperation(ctx, image("s23", S2, s2, S3, s3),
                    ProgramOptions.defaults().withMayHalt(false)).run(FlashProgress.NONE);
            assertThat(running.coreHalted()).isFalse();
            assertThat(running.verify().orElseThrow().bytesByTargetCrc()).as("read back").isZero();
            assertThat(action(running.plan(), 2)).isEqualTo(Action.PROGRAM);
            assertThat(core.isHalted()).isFalse();

            byte[] s3b = s3.clone();
            s3b[100] ^= 0x5A;
            ProgramResult halted = new ProgramOperation(ctx, image("s23b", S2, s2, S3, s3b), ProgramOptions.defaults())
                    .run(FlashProgress.NONE);
            assertThat(halted.coreHalted()).isTrue();
            assertThat(halted.summary()).contains("the core was halted for the checksums and runs again");
            assertThat(action(halted.plan(), 2)).as("identical by CRC").isEqualTo(Action.SKIP_IDENTICAL);
            assertThat(action(halted.plan(), 3)).isEqualTo(Action.ERASE_AND_PROGRAM);
            assertThat(halted.verify().orElseThrow().bytesByTargetCrc()).isEqualTo(0x8000);
            assertThat(core.isHalted()).as("the core runs again after program").isFalse();
            assertThat(ctx.driver().readFlash(S3, 0x8000)).isEqualTo(s3b);
        }
    }

    /**
     * A plan that reads every sector back (the image covers none wholly) computes no checksum: a running core is not
     * halted for it, and when the image is already there (nothing written, nothing to verify) the result does not
     * say the core was halted. Writing it the first time, the verify step's checksum does halt it.
     */
    @Test
    void programThatFindsItsImageByReadingBackHaltsNothingAndDoesNotSaySo() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            OperationContext ctx = bench.context();
            var core = ctx.debugTarget().core();
            if (core.isHalted()) {
                core.run();
            }
            FirmwareImage part = image("part", S2 + 0x100, random(5, 0x1000));
            ProgramResult first = new ProgramOperation(ctx, part, ProgramOptions.defaults()).run(FlashProgress.NONE);
            assertThat(first.upToDate()).isFalse();
            assertThat(first.verify().orElseThrow().bytesByTargetCrc()).isPositive();
            assertThat(first.coreHalted()).as("halted for the verify step's checksum").isTrue();
            assertThat(core.isHalted()).isFalse();

            ProgramResult again = new ProgramOperation(ctx, part, ProgramOptions.defaults()).run(FlashProgress.NONE);
            assertThat(again.upToDate()).isTrue();
            assertThat(again.plan().identicalMethod()).isEqualTo("1 sector(s) read back and compared");
            assertThat(again.coreHalted()).isFalse();
            assertThat(again.summary()).doesNotContain("halted").contains("(1 sector(s) read back and compared)");
            assertThat(core.isHalted()).isFalse();
        }
    }

    @Test
    void verifyReportsEveryMismatchingRange() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.STLINK)) {
            OperationContext ctx = bench.context();
            new ProgramOperation(ctx, image1(), ProgramOptions.defaults()).run(FlashProgress.NONE);
            assertThat(new VerifyOperation(ctx, image1()).run(FlashProgress.NONE).ok()).isTrue();

            byte[] p0 = P0.clone();
            byte[] p1 = P1.clone();
            p0[10] ^= 1;
            p0[11] ^= 2;
            p0[12] ^= 4;
            p1[0x10] = (byte) (p1[0x10] | 0x01 | ~p1[0x10]); // 0xFF: flash holds a bit subset of it
            VerifyReport v = new VerifyOperation(ctx, image("changed", S0 + 0x40, p0, S1, p1))
                    .run(FlashProgress.NONE);
            assertThat(v.ok()).isFalse();
            assertThat(v.bytesCompared()).isEqualTo(P0.length + P1.length);
            assertThat(v.mismatchingBytes()).isEqualTo(4);
            assertThat(v.mismatches()).extracting(VerifyReport.Mismatch::range).containsExactly(
                    new AddressRange(S0 + 0x40 + 10, 3), new AddressRange(S1 + 0x10, 1));
            assertThat(v.mismatches().get(1).notErasedHint()).isTrue();
            assertThat(v.summary()).contains("0x0800004A-0x0800004C").contains("0x08008010");
            assertThat(v.data()).containsEntry("mismatchingBytes", 4L);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ImageFormat.class, names = { "INTEL_HEX", "SREC", "BIN" })
    void dumpRoundTrip(ImageFormat format, @TempDir Path dir) throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        AddressRange range = new AddressRange(S0, 0x9000); // sector 0 and the start of sector 1
        Path file = dir.resolve("dump." + format.extensions().get(0));
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.STLINK)) {
            OperationContext ctx = bench.context();
            new ProgramOperation(ctx, image1(), ProgramOptions.defaults()).run(FlashProgress.NONE);
            ReadResult r = new ReadOperation(ctx, range, Optional.of(file), format).run(FlashProgress.NONE);
            assertThat(r.summary()).contains(file.toString());
            try (var files = Files.list(dir)) {
                assertThat(files).containsExactly(file); // no temporary file left
            }
        }
        FirmwareImage back = ImageReader.read(file, Optional.of(format), format == ImageFormat.BIN
                ? OptionalLong.of(S0) : OptionalLong.empty());
        byte[] expected = board.readCells(1, 0, (int) range.size());
        assertThat(back.bytes(range)).isEqualTo(expected);
        assertThat(back.span()).contains(range);

        // program the dump into a fresh board: it verifies
        SimulatedBoard other = SimulatedBoards.createFactoryFresh();
        try (OpsBench bench = new OpsBench(other, OpsBench.Transport.PROBE)) {
            new ProgramOperation(bench.context(), back, ProgramOptions.defaults()).run(FlashProgress.NONE);
            assertThat(new VerifyOperation(bench.context(), back).run(FlashProgress.NONE).ok()).isTrue();
            assertThat(other.readCells(1, 0, (int) range.size())).isEqualTo(expected);
        }
    }

    @Test
    void readRefusesElfAndRangesPastTheFlash(@TempDir Path dir) throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            BankUpdateRefusalTest.refused(board, bench, new ReadOperation(bench.context(), new AddressRange(S0, 16),
                    Optional.of(dir.resolve("x.elf")), ImageFormat.ELF), "ELF");
            BankUpdateRefusalTest.refused(board, bench, new ReadOperation(bench.context(), new AddressRange(
                    0x081F_FF00L, 0x200), Optional.empty(), ImageFormat.BIN), "past the end of the flash");
        }
    }
}
