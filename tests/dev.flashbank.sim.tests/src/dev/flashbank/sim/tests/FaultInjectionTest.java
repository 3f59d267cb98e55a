package dev.flashbank.sim.tests;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.FlashTimings.Bound;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.ReadProtectionException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.InterruptedOperation;
import dev.flashbank.sim.InterruptedOperation.Kind;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.bus.WireProtocol;

/**
 * Power loss at EVERY bus-access index of a small erase + program + option sequence: each outcome must match the
 * partial-operation model of {@link InterruptedOperation}, and the only exception ever seen is
 * {@link ProbeDisconnectedException}.
 */
class FaultInjectionTest {

    private static final int SECTOR = 32 * 1024; // sector 0 of the 2 MiB single-bank layout
    private static final int[] WORDS = { 0x1234_5678, 0x0F0F_0F0F, 0x7654_3210 };
    /** A slow probe keeps the number of polls (and so of access indices) small. */
    private static final Duration ACCESS = Duration.ofMillis(20);

    private static Fx prepared() throws Exception {
        SimulatedBoard b = SimulatedBoards.create("STM32F767ZI", BoardOptions.defaults().withSeed(42));
        Fx fx = new Fx(b, ACCESS);
        fx.unlock();
        fx.mem.write32(fx.cr, fx.crBit(PG) | fx.psize(Parallelism.X32));
        fx.mem.write(0x0800_0000L, new byte[SECTOR], 0, SECTOR, AccessWidth.WORD); // baseline: sector 0 all 0x00
        fx.waitIdle();
        fx.mem.write32(fx.cr, fx.crBit(LOCK));
        return fx;
    }

    private static OptionBytes target(Fx fx) {
        return fx.board.storedOptions().withBootAdd0(0x2040);
    }

    private static void sequence(Fx fx, OptionBytes target) throws TargetException {
        fx.eraseSector(0);
        fx.programWords(0x0800_0000L, WORDS);
        fx.programOptions(target);
    }

    @Test
    void powerLossAtEveryAccessIndexLeavesAModelledState() throws Exception {
        Fx dry = prepared();
        OptionBytes factory = dry.board.storedOptions();
        OptionBytes target = target(dry);
        long before = dry.board.faults().accessCount();
        sequence(dry, target);
        long total = dry.board.faults().accessCount() - before;
        assertThat(total).isBetween(10L, 400L);

        java.util.Set<Kind> kinds = java.util.EnumSet.noneOf(Kind.class);
        for (long k = 0; k < total; k++) {
            Fx fx = prepared();
            fx.board.faults().powerLossAfterAccesses(k);
            try {
                sequence(fx, target);
                fail("power loss after " + k + " accesses did not surface");
            } catch (ProbeDisconnectedException expected) {
                // the only failure a power loss may produce
            } catch (TargetException e) {
                fail("access index " + k + ": untyped/unexpected failure " + e, e);
            }
            assertThatThrownBy(() -> fx.mem.read32(0x2000_0000L)).isInstanceOf(ProbeDisconnectedException.class);
            assertThat(fx.board.debugBus().readDpIdcode(WireProtocol.SWD).isOk()).isFalse();
            fx.board.powerOn();
            Optional<InterruptedOperation> io = fx.board.faults().lastInterruption();
            byte[] sector = fx.board.readCells(1, 0, SECTOR);
            String at = "access index " + k + " " + io;
            if (io.isEmpty()) {
                assertConsistent(at, sector, fx, factory, target);
            } else {
                InterruptedOperation op = io.get();
                kinds.add(op.kind());
                assertThat(op.progress()).as(at).isBetween(0.0, 1.0);
                switch (op.kind()) {
                    case SECTOR_ERASE -> {
                        long prefix = op.erasedPrefix();
                        assertThat(prefix % SimulatedBoard.ERASE_PROGRESS_GRANULE).isZero();
                        assertRange(at, sector, 0, (int) prefix, (byte) 0xFF);
                        assertRange(at, sector, (int) prefix, SECTOR, (byte) 0x00);
                        assertThat(fx.board.storedOptions()).as(at).isEqualTo(factory);
                    }
                    case PROGRAM -> {
                        int j = (int) (op.range().start() / 4);
                        for (int i = 0; i < WORDS.length; i++) {
                            int w = word(sector, i);
                            if (i < j) {
                                assertThat(w).as(at).isEqualTo(WORDS[i]);
                            } else if (i == j) {
                                assertThat(w & WORDS[i]).as(at + ": only programmed bits may be undefined")
                                        .isEqualTo(WORDS[i]);
                            } else {
                                assertThat(w).as(at).isEqualTo(0xFFFF_FFFF);
                            }
                        }
                        assertRange(at, sector, 12, SECTOR, (byte) 0xFF);
                        assertThat(fx.board.storedOptions()).as(at).isEqualTo(factory);
                    }
                    case OPTION_PROGRAM -> {
                        assertProgrammed(at, sector, WORDS.length);
                        assertThat(fx.board.optionAreaErased()).as(at).isTrue();
                        assertThat(fx.board.latchedOptions().rdp()).as(at).isEqualTo(0xFF);
                        assertThat(fx.board.latchedOptions().rdpLevel()).isEqualTo(RdpLevel.LEVEL_1);
                        Fx after = new Fx(fx.board);
                        assertThatThrownBy(() -> after.mem.read32(0x0800_0000L)).isInstanceOf(ReadProtectionException.class);
                    }
                    default -> fail(at + ": unexpected kind");
                }
            }
        }
        assertThat(kinds).as("the sweep interrupts each kind of operation").containsExactlyInAnyOrder(Kind.SECTOR_ERASE,
                Kind.PROGRAM, Kind.OPTION_PROGRAM);
    }

    /** A power loss between operations leaves a state some prefix of the sequence produces. */
    private static void assertConsistent(String at, byte[] sector, Fx fx, OptionBytes factory, OptionBytes target) {
        assertThat(fx.board.optionAreaErased()).as(at).isFalse();
        OptionBytes stored = fx.board.storedOptions();
        assertThat(stored).as(at).isIn(factory, target);
        boolean untouched = allEqual(sector, 0, SECTOR, (byte) 0);
        if (untouched) {
            assertThat(stored).as(at).isEqualTo(factory);
            return;
        }
        int m = 0;
        while (m < WORDS.length && word(sector, m) == WORDS[m]) {
            m++;
        }
        assertProgrammed(at, sector, m);
        if (stored.equals(target)) {
            assertThat(m).as(at).isEqualTo(WORDS.length);
        }
    }

    private static void assertProgrammed(String at, byte[] sector, int words) {
        for (int i = 0; i < words; i++) {
            assertThat(word(sector, i)).as(at).isEqualTo(WORDS[i]);
        }
        assertRange(at, sector, 4 * words, SECTOR, (byte) 0xFF);
    }

    private static int word(byte[] b, int i) {
        return (b[4 * i] & 0xFF) | (b[4 * i + 1] & 0xFF) << 8 | (b[4 * i + 2] & 0xFF) << 16 | (b[4 * i + 3] & 0xFF) << 24;
    }

    private static boolean allEqual(byte[] b, int from, int to, byte v) {
        for (int i = from; i < to; i++) {
            if (b[i] != v) {
                return false;
            }
        }
        return true;
    }

    private static void assertRange(String at, byte[] b, int from, int to, byte v) {
        if (!allEqual(b, from, to, v)) {
            fail(String.format("%s: bytes %d..%d are not all 0x%02X: %s...", at, from, to, v,
                    Arrays.toString(Arrays.copyOfRange(b, from, Math.min(to, from + 16)))));
        }
    }

    @Test
    void powerLossAtAVirtualTimeHalfwayThroughAnEraseLeavesHalfTheSectorErased() throws Exception {
        Fx fx = prepared();
        fx.unlock();
        int v = fx.crBit(SER) | fx.snb(0) | fx.psize(Parallelism.X32);
        fx.mem.write32(fx.cr, v);
        long t0 = fx.nowNanos() + ACCESS.toNanos(); // the next probe access starts the erase after its access time
        long dur = fx.board.descriptor().timings().sectorEraseMicros(SECTOR, Parallelism.X32, Bound.TYPICAL) * 1000;
        fx.board.faults().powerLossAt(Duration.ofNanos(t0 + dur / 2));
        fx.mem.write32(fx.cr, v | fx.crBit(STRT));
        assertThatThrownBy(fx::waitIdle).isInstanceOf(ProbeDisconnectedException.class);
        assertThat(fx.nowNanos()).isEqualTo(t0 + dur / 2);
        fx.board.powerOn();
        byte[] sector = fx.board.readCells(1, 0, SECTOR);
        assertRange("half", sector, 0, SECTOR / 2, (byte) 0xFF);
        assertRange("half", sector, SECTOR / 2, SECTOR, (byte) 0x00);
        assertThat(fx.board.faults().lastInterruption().orElseThrow().kind()).isEqualTo(Kind.SECTOR_ERASE);
    }

    @Test
    void interruptedProgrammingIsDeterministicPerSeed() throws Exception {
        byte[][] results = new byte[2][];
        for (int run = 0; run < 2; run++) {
            SimulatedBoard b = SimulatedBoards.create("STM32F767ZI", BoardOptions.defaults().withSeed(7));
            Fx fx = new Fx(b);
            fx.unlock();
            fx.mem.write32(fx.cr, fx.crBit(PG) | fx.psize(Parallelism.X32));
            fx.board.faults().powerLossAfterAccesses(1);
            fx.mem.write32(0x0800_0100L, 0x0000_0000);
            assertThatThrownBy(() -> fx.mem.read32(fx.sr)).isInstanceOf(ProbeDisconnectedException.class);
            b.powerOn();
            results[run] = b.readCells(1, 0x100, 4);
            assertThat(b.faults().lastInterruption().orElseThrow().kind()).isEqualTo(Kind.PROGRAM);
        }
        assertThat(results[0]).isEqualTo(results[1]);
    }

    @Test
    void aDroppedProbeLinkDoesNotStopTheBoard() throws Exception {
        Fx fx = prepared();
        fx.unlock();
        int v = fx.crBit(SER) | fx.snb(0) | fx.psize(Parallelism.X32);
        fx.mem.write32(fx.cr, v);
        fx.board.faults().probeDisconnectAfterAccesses(2);
        assertThatThrownBy(() -> {
            fx.mem.write32(fx.cr, v | fx.crBit(STRT));
            fx.waitIdle();
        }).isInstanceOf(ProbeDisconnectedException.class);
        assertThat(fx.board.isPowered()).isTrue();
        fx.board.faults().reconnectProbe();
        SimulatedProbe p = SimulatedProbe.connect(fx.board);
        p.elapse(Duration.ofSeconds(2));
        assertThat(p.memory().read32(0x0800_0000L)).isEqualTo(0xFFFF_FFFF);
        assertThat(p.memory().read32(0x0800_7FFCL)).isEqualTo(0xFFFF_FFFF);
        assertThat(fx.board.faults().lastInterruption()).isEmpty();
    }
}
