package dev.flashbank.sim.tests;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.FlashTimings.Bound;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.InterruptedOperation;
import dev.flashbank.sim.InterruptedOperation.Kind;
import dev.flashbank.sim.SimParameters;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;

/** Operations cut short by a reset or by a power loss in the middle of an RDP regression. */
class InterruptedByResetTest {

    private static Fx withSector0Programmed(BoardOptions o) throws Exception {
        Fx fx = Fx.of("STM32F767ZI", o);
        fx.unlock();
        fx.mem.write32(fx.cr, fx.crBit(PG) | fx.psize(Parallelism.X32));
        fx.mem.write(0x0800_0000L, new byte[32 * 1024], 0, 32 * 1024, AccessWidth.WORD);
        fx.waitIdle();
        return fx;
    }

    private static void startErase0(Fx fx) throws Exception {
        fx.unlock();
        int v = fx.crBit(SER) | fx.snb(0) | fx.psize(Parallelism.X32);
        fx.mem.write32(fx.cr, v);
        fx.board.debugBus().write(fx.cr, AccessWidth.WORD, v | fx.crBit(STRT)).orThrow();
    }

    @Test
    void aSystemResetAbortsARunningErasePartway() throws Exception {
        Fx fx = withSector0Programmed(BoardOptions.defaults());
        startErase0(fx);
        long dur = fx.board.descriptor().timings().sectorEraseMicros(32 * 1024, Parallelism.X32, Bound.TYPICAL) * 1000;
        fx.board.debugBus().elapse(Duration.ofNanos(dur / 4));
        fx.board.reset(ResetKind.SYSTEM);
        InterruptedOperation io = fx.board.faults().lastInterruption().orElseThrow();
        assertThat(io.kind()).isEqualTo(Kind.SECTOR_ERASE);
        assertThat(io.erasedPrefix()).isEqualTo(8 * 1024);
        assertThat(fx.board.readCells(1, 8 * 1024 - 1, 2)).containsExactly(0xFF, 0x00);
        assertThat(fx.readSr() & fx.srBit(BSY)).isZero();
    }

    @Test
    void withTheParameterOffTheEraseRunsOnAcrossTheReset() throws Exception {
        Fx fx = withSector0Programmed(BoardOptions.defaults()
                .withSim(SimParameters.defaults().withSystemResetInterruptsFlashOperation(false)));
        startErase0(fx);
        // the core stays halted across the reset: running, it would fetch its vectors from the sector being erased
        // and stall until the erase ends
        fx.probe.core().resetAndHalt(ResetKind.SYSTEM);
        assertThat(fx.board.faults().lastInterruption()).isEmpty();
        assertThat(fx.readSr() & fx.srBit(BSY)).isNotZero();
        fx.waitIdle();
        assertThat(fx.board.readCells(1, 32 * 1024 - 4, 4)).containsOnly(0xFF);
    }

    @Test
    void powerLossDuringAnRdpRegressionLeavesFlashPartlyErasedAndTheDeviceAtLevel1() throws Exception {
        Fx fx = withSector0Programmed(BoardOptions.defaults());
        OptionBytes l1 = fx.board.storedOptions().withRdpLevel(RdpLevel.LEVEL_1);
        fx.programOptions(l1);
        fx.probe.core().reset(ResetKind.SYSTEM);
        fx.unlockOptions();
        OptionBytes l0 = l1.withRdp(Stm32F7OptionFields.RDP_LEVEL0);
        fx.mem.write32(fx.optcr, l0.optcrWriteValue());
        fx.board.debugBus().write(fx.optcr, AccessWidth.WORD, l0.optcrWriteValue() | fx.optcrBit(OPTSTRT)).orThrow();
        long erase = fx.board.descriptor().timings().bankEraseMicros(2048 * 1024L, Parallelism.X8, Bound.TYPICAL) * 1000;
        fx.board.faults().powerLossAt(Duration.ofNanos(fx.nowNanos() + erase / 2));
        assertThatThrownBy(fx::waitIdle).isInstanceOf(ProbeDisconnectedException.class);
        fx.board.powerOn();
        InterruptedOperation io = fx.board.faults().lastInterruption().orElseThrow();
        assertThat(io.kind()).isEqualTo(Kind.OPTION_PROGRAM);
        assertThat(io.progress()).isEqualTo(0.5);
        // the regression erase had reached sector 0 (the start of the flash) but not the whole device
        assertThat(fx.board.readCells(1, 0, 4)).containsOnly(0xFF);
        assertThat(io.erasedPrefix()).isEqualTo(1024 * 1024);
        assertThat(fx.board.optionAreaErased()).isTrue();
        assertThat(fx.board.latchedOptions().rdpLevel()).isEqualTo(RdpLevel.LEVEL_1);
        SimulatedBoard b = fx.board;
        assertThat(b.storedOptions().rdp()).isEqualTo(0xFF);
    }
}
