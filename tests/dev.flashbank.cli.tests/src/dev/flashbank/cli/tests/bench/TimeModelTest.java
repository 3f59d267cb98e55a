package dev.flashbank.cli.tests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.cli.bench.BenchPart;
import dev.flashbank.cli.bench.Cost;
import dev.flashbank.cli.bench.ModelledStack;
import dev.flashbank.cli.bench.PhysicalLimit;
import dev.flashbank.cli.bench.ProbeModel;
import dev.flashbank.cli.bench.SyntheticImages;
import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.Stm32F7CrcDma;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.family.stm32f7.Stm32F7Timings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.core.image.BankDiff;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.core.ops.ProgramPlan;
import dev.flashbank.core.ops.VerifyOperation;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.stlink.emulator.EmulatorTiming;

/**
 * The target-time model behind {@code flashbank bench}: every expected time is computed from the model's own
 * parameters (§8 table, USB/SWD cost), never from the wall clock.
 */
class TimeModelTest {

    static final FlashTimings T = Stm32F7Timings.defaults();
    static final FlashTimings.Bound TYP = FlashTimings.Bound.TYPICAL;
    /** The bench's default part (the dual-bank F767ZI booting physical bank 1) and where its bank 1 is mapped. */
    static final BenchPart PART = defaultPart();
    static final long BANK1 = PART.bankAddress(1);

    private static BenchPart defaultPart() {
        try {
            return BenchPart.byDefault();
        } catch (BenchPart.Refused e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void physicalLimitErasesOnlySectorsThatNeedIt() throws Exception {
        SimulatedBoard board = (SimulatedBoard) PART.board();
        List<Sector> sectors = board.geometry().bank(1).sectors();
        int size = (int) board.geometry().bank(1).size();
        byte[] before = new byte[size];
        java.util.Arrays.fill(before, (byte) 0xFF);
        byte[] after = before.clone();
        // sector 0 (16 KiB): blank -> 8 words programmed, no erase
        for (int i = 0; i < 32; i++) {
            after[i] = 0x12;
        }
        // sector 5 (128 KiB at 0x20000): one bit must go 0 -> 1, so it is erased and all its non-FF units rewritten
        before[0x20000] = 0x00;
        after[0x20000] = 0x01;
        PhysicalLimit l = PhysicalLimit.of(sectors, before, after, T, Parallelism.X32, TYP);
        assertThat(l.erasedSectors()).extracting(Sector::offset).containsExactly(0x20000L);
        assertThat(l.programUnits()).isEqualTo(8 + 1);
        assertThat(l.eraseNanos()).isEqualTo(T.sectorEraseMicros(128 * 1024, Parallelism.X32, TYP) * 1000);
        assertThat(l.programNanos()).isEqualTo(9 * T.programUnitMicros(Parallelism.X32, TYP) * 1000);
        assertThat(PhysicalLimit.of(sectors, before, before.clone(), T, Parallelism.X32, TYP).totalNanos()).isZero();
    }

    @Test
    void swdWireTimeOverlapsTheBusyStallWhenStreaming() throws Exception {
        // one 1 KiB WRITEMEM_32BIT into flash with PG held at 4 MHz: 256 words, each max(wire 11.5 us, t_prog 16 us)
        // - not their sum - plus the command's and its status query's USB cost
        SimulatedBoard board = (SimulatedBoard) PART.board();
        ModelledStack st = ModelledStack.connect(board, ProbeModel.v2At4MHz());
        var regs = board.descriptor().registers();
        ((Stm32F7FlashDriver) st.driver()).unlock();
        st.target().memory().write32(regs.cr().address(),
                regs.cr().field(Stm32F7Registers.PSIZE).encode(Parallelism.X32.psize())
                        | regs.cr().field(Stm32F7Registers.PG).mask());
        byte[] data = SyntheticImages.firmware(BANK1, 1024, 7);
        Cost c = st.measure(x -> x.target().memory().write(BANK1, data, 0, data.length, AccessWidth.WORD));
        EmulatorTiming fs = EmulatorTiming.FULL_SPEED;
        long wire = fs.swdAccess(4000).toNanos();
        long prog = T.programUnitMicros(Parallelism.X32, TYP) * 1000;
        long units = 256;
        long floor = units * Math.max(wire, prog);
        long usb = 2 * fs.roundTrip().toNanos();
        assertThat(wire).isEqualTo(46L * 1_000_000 / 4000);
        assertThat(c.usbCommands()).isEqualTo(2); // WRITEMEM_32BIT + GETLASTRWSTATUS2
        assertThat(c.targetNanos()).isGreaterThan(floor + usb)
                .isLessThan(floor + usb + wire + 1_500_000) // + the first word's wire time + ~1.1 KB of bulk data
                .isLessThan(units * (wire + prog) + usb); // serial wire + program: the model overlaps them
    }

    @Test
    void targetSideCrcMatchesTheHostAndSkipsIdenticalSectors() throws Exception {
        SimulatedBoard board = (SimulatedBoard) PART.board();
        ModelledStack st = ModelledStack.connect(board, ProbeModel.v2At4MHz());
        st.target().core().halt();
        byte[] data = SyntheticImages.firmware(BANK1, 64 * 1024, 9);
        st.driver().program(BANK1, data, FlashProgress.NONE);
        assertThat(st.driver().targetCrc(BANK1, data.length)).hasValue(Stm32F7CrcDma.crc(data, 0,
                data.length));

        var image = SyntheticImages.image("same", BANK1, data);
        long before = board.clock().nanos();
        ProgramPlan plan = new ProgramOperation(st.context(), image, ProgramOptions.defaults()).plan();
        long planNanos = board.clock().nanos() - before;
        assertThat(plan.steps()).allMatch(s -> s.action() == ProgramPlan.Action.SKIP_IDENTICAL);
        assertThat(plan.identicalByTargetCrc()).isEqualTo(plan.steps().size());
        assertThat(plan.identicalMethod()).isEqualTo(plan.steps().size() + " sector(s) compared by target CRC");
        // planning by CRC costs less than the SWD wire time of reading the 64 KiB back
        long readWire = (data.length / 4) * EmulatorTiming.FULL_SPEED.swdAccess(4000).toNanos();
        assertThat(planNanos).isLessThan(readWire);

        // a changed byte is found by verify (CRC mismatch -> read -> exact range)
        data[0x5000] ^= 0x01; // the image now wants a bit the flash does not have
        var report = new VerifyOperation(st.context(), SyntheticImages.image("changed", BANK1, data))
                .run(FlashProgress.NONE);
        assertThat(report.mismatchingBytes()).isEqualTo(1);
    }

    @Test
    void crcUnitModelFollowsTheStm32Algorithm() throws Exception {
        // CRC-32/MPEG-2 (poly 0x04C11DB7, init 0xFFFFFFFF, no reflection, no xorout) of the word 0x00000000 is
        // 0xC704DD7B: the well-known STM32 CRC unit result for one zero word
        assertThat(Stm32F7CrcDma.crc(new byte[4], 0, 4)).isEqualTo(0xC704_DD7B);
        SimulatedBoard board = (SimulatedBoard) PART.board();
        var bus = board.debugBus();
        bus.write(Stm32F7CrcDma.CRC_CR, AccessWidth.WORD, Stm32F7CrcDma.CRC_CR_RESET.mask());
        bus.write(Stm32F7CrcDma.CRC_DR, AccessWidth.WORD, 0);
        assertThat(bus.read(Stm32F7CrcDma.CRC_DR, AccessWidth.WORD).orThrow()).isEqualTo(0xC704_DD7BL);
    }

    @Test
    void dmaCompletesInVirtualTimeNotAtOnce() throws Exception {
        SimulatedBoard board = (SimulatedBoard) PART.board();
        var bus = board.debugBus();
        int words = 1000;
        bus.write(Stm32F7CrcDma.CRC_CR, AccessWidth.WORD, Stm32F7CrcDma.CRC_CR_RESET.mask());
        bus.write(Stm32F7CrcDma.DMA2_S0PAR, AccessWidth.WORD, BANK1);
        bus.write(Stm32F7CrcDma.DMA2_S0M0AR, AccessWidth.WORD, Stm32F7CrcDma.CRC_DR);
        bus.write(Stm32F7CrcDma.DMA2_S0NDTR, AccessWidth.WORD, words);
        bus.write(Stm32F7CrcDma.DMA2_S0CR, AccessWidth.WORD, Stm32F7CrcDma.flashToCrcControl());
        assertThat(bus.read(Stm32F7CrcDma.DMA2_LISR, AccessWidth.WORD).orThrow() & Stm32F7CrcDma.TCIF0.mask())
                .isZero();
        bus.elapse(java.time.Duration.ofMillis(1)); // 1000 words x 375 ns modelled = 0.375 ms
        assertThat(bus.read(Stm32F7CrcDma.DMA2_LISR, AccessWidth.WORD).orThrow() & Stm32F7CrcDma.TCIF0.mask())
                .isEqualTo(Stm32F7CrcDma.TCIF0.mask());
        byte[] erased = new byte[words * 4];
        java.util.Arrays.fill(erased, (byte) 0xFF);
        assertThat(bus.read(Stm32F7CrcDma.CRC_DR, AccessWidth.WORD).orThrow())
                .isEqualTo(Stm32F7CrcDma.crc(erased, 0, erased.length) & 0xFFFF_FFFFL);
    }

    @Test
    void bankDiffFindsAndMergesRanges() {
        byte[] a = new byte[4096];
        byte[] b = a.clone();
        b[10] = 1;
        b[12] = 1;
        b[3000] = 1;
        assertThat(BankDiff.ranges(0x0800_0000L, a, b, 0)).extracting(r -> r.start() - 0x0800_0000L)
                .containsExactly(10L, 12L, 3000L);
        assertThat(BankDiff.ranges(0x0800_0000L, a, b, 4)).hasSize(2)
                .first().satisfies(r -> assertThat(r.size()).isEqualTo(3));
        assertThat(BankDiff.count(a, b)).isEqualTo(3);
        assertThat(BankDiff.ranges(0, a, a.clone(), 16)).isEmpty();
    }
}
