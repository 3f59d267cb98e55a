package dev.flashbank.sim.tests;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.FlashTimings.Bound;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.Stm32F7Timings;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.bus.DebugBus;

/** BSY lasts exactly the model's FlashTimings value on the virtual clock; accesses while BSY stall (RM0090). */
class TimingTest {

    /** Asserts BSY is set for exactly {@code nanos} after the access that {@code start} performs on the raw bus. */
    private static void assertBusyFor(Fx fx, long nanos) throws TargetException {
        DebugBus bus = fx.board.debugBus();
        long bsy = fx.srBit(BSY);
        assertThat(bus.read(fx.sr, AccessWidth.WORD).orThrow() & bsy).as("BSY right after start").isNotZero();
        bus.elapse(Duration.ofNanos(nanos - 1));
        assertThat(bus.read(fx.sr, AccessWidth.WORD).orThrow() & bsy).as("BSY 1 ns before the end").isNotZero();
        bus.elapse(Duration.ofNanos(1));
        assertThat(bus.read(fx.sr, AccessWidth.WORD).orThrow() & bsy).as("BSY at the end").isZero();
    }

    private static void startSectorErase(Fx fx, int sector, Parallelism p) throws TargetException {
        fx.unlock();
        int v = fx.crBit(SER) | fx.snb(sector) | fx.psize(p);
        fx.mem.write32(fx.cr, v);
        fx.board.debugBus().write(fx.cr, AccessWidth.WORD, v | fx.crBit(STRT)).orThrow();
    }

    @ParameterizedTest
    @CsvSource({ "STM32F767ZI,0,X32", "STM32F767ZI,4,X32", "STM32F767ZI,5,X8", "STM32F767ZI,11,X16",
            "STM32F722ZE,0,X32", "STM32F722ZE,4,X16", "STM32F722ZE,7,X8" })
    void sectorEraseTakesTheTableTime(String part, int sector, Parallelism p) throws Exception {
        Fx fx = Fx.of(part);
        Sector s = fx.board.geometry().sector(sector);
        long expected = fx.board.descriptor().timings().sectorEraseMicros(s.size(), p, Bound.TYPICAL) * 1000;
        startSectorErase(fx, sector, p);
        assertBusyFor(fx, expected);
    }

    @Test
    void programUnitTakesTProg() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.unlock();
        fx.mem.write32(fx.cr, fx.crBit(PG) | fx.psize(Parallelism.X32));
        fx.board.debugBus().write(0x0800_0000L, AccessWidth.WORD, 0).orThrow();
        assertBusyFor(fx, fx.board.descriptor().timings().programUnitMicros(Parallelism.X32, Bound.TYPICAL) * 1000);
    }

    @Test
    void bankEraseScalesWithTheBankSize() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.unlock();
        int v = fx.crBit(MER) | fx.psize(Parallelism.X32);
        fx.board.debugBus().write(fx.cr, AccessWidth.WORD, v | fx.crBit(STRT)).orThrow();
        long bytes = 2048 * 1024L;
        assertBusyFor(fx, fx.board.descriptor().timings().bankEraseMicros(bytes, Parallelism.X32, Bound.TYPICAL) * 1000);
    }

    @Test
    void optionProgrammingTakesTheOptionTime() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.unlockOptions();
        int v = fx.mem.read32(fx.optcr) & ~fx.optcrBit(OPTLOCK);
        fx.board.debugBus().write(fx.optcr, AccessWidth.WORD, v | fx.optcrBit(OPTSTRT)).orThrow();
        assertBusyFor(fx, fx.board.descriptor().timings().optionProgramMicros(Bound.TYPICAL) * 1000);
    }

    @Test
    void maximumBoundAndOverridesAreHonoured() throws Exception {
        Fx max = Fx.of("STM32F767ZI", BoardOptions.defaults().withTimingBound(Bound.MAXIMUM));
        startSectorErase(max, 0, Parallelism.X32);
        assertBusyFor(max, max.board.descriptor().timings().sectorEraseMicros(32 * 1024, Parallelism.X32, Bound.MAXIMUM) * 1000);

        FlashTimings t = Stm32F7Timings.defaults().with(FlashTimings.sectorEraseKey(32, Parallelism.X32, Bound.TYPICAL), 1234);
        Fx fx = Fx.of("STM32F767ZI", BoardOptions.defaults().withTimings(t));
        startSectorErase(fx, 0, Parallelism.X32);
        assertBusyFor(fx, 1_234_000);
    }

    @Test
    void aCrWriteWhileBusyStallsUntilBsyClears() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        startSectorErase(fx, 0, Parallelism.X32);
        long end = fx.nowNanos() + fx.board.descriptor().timings().sectorEraseMicros(32 * 1024, Parallelism.X32,
                Bound.TYPICAL) * 1000;
        fx.board.debugBus().write(fx.cr, AccessWidth.WORD, 0).orThrow();
        assertThat(fx.nowNanos()).isEqualTo(end);
        assertThat(fx.readSr() & fx.srBit(BSY)).isZero();
    }

    @Test
    void streamingWritesWithPgHeldProgramABlockAtTProgPerUnit() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.unlock();
        fx.mem.write32(fx.cr, fx.crBit(PG) | fx.psize(Parallelism.X32));
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        long t0 = fx.nowNanos();
        fx.mem.write(0x0800_1000L, data, 0, data.length, AccessWidth.WORD);
        fx.waitIdle();
        long tProg = fx.board.descriptor().timings().programUnitMicros(Parallelism.X32, Bound.TYPICAL) * 1000;
        assertThat(fx.nowNanos() - t0).isGreaterThanOrEqualTo(64 * tProg);
        assertThat(fx.mem.read(0x0800_1000L, 256, AccessWidth.WORD)).isEqualTo(data);
        assertThat(fx.errors()).isZero();
    }

    @Test
    void readsOfTheOtherBankDoNotStallInDualBankMode() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programOptions(fx.board.storedOptions().withBankMode(dev.flashbank.core.device.BankMode.DUAL));
        fx.probe.core().reset(dev.flashbank.core.target.ResetKind.SYSTEM);
        startSectorErase(fx, 12, Parallelism.X32); // bank 2
        long t = fx.nowNanos();
        fx.board.debugBus().read(0x0800_0000L, AccessWidth.WORD).orThrow(); // bank 1: read while write
        assertThat(fx.nowNanos()).isEqualTo(t);
        fx.board.debugBus().read(0x0810_0000L, AccessWidth.WORD).orThrow(); // bank 2: waits for the erase
        assertThat(fx.nowNanos()).isGreaterThan(t);
        assertThat(fx.readSr() & fx.srBit(BSY)).isZero();
    }
}
