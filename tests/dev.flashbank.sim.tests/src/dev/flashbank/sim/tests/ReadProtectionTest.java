package dev.flashbank.sim.tests;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.FlashTimings.Bound;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.DebugPortLockedException;
import dev.flashbank.core.target.ReadProtectionException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedProbe;

/**
 * RDP levels with a debugger connected, level 2 lock-out, and the 1 -> 0 regression (RM0410 read protection;
 * RM0090/RM0402 wording for the regression).
 */
class ReadProtectionTest {

    private static Fx atLevel1(String part) throws Exception {
        Fx fx = Fx.of(part);
        fx.programWords(0x0800_0000L, 0x600D_F00D);
        fx.programOptions(fx.board.storedOptions().withRdpLevel(RdpLevel.LEVEL_1));
        fx.probe.core().reset(ResetKind.SYSTEM);
        return fx;
    }

    @Test
    void level1FaultsDebuggerFlashReadsInBothWindows() throws Exception {
        Fx fx = atLevel1("STM32F767ZI");
        assertThatThrownBy(() -> fx.mem.read32(0x0800_0000L)).isInstanceOf(ReadProtectionException.class);
        assertThatThrownBy(() -> fx.mem.read32(0x0020_0000L)).isInstanceOf(ReadProtectionException.class);
    }

    @Test
    void level1RefusesProgramAndErase() throws Exception {
        Fx fx = atLevel1("STM32F767ZI");
        fx.unlock();
        fx.mem.write32(fx.cr, fx.crBit(PG) | fx.psize(Parallelism.X32));
        assertThatThrownBy(() -> fx.mem.write32(0x0800_0004L, 0)).isInstanceOf(ReadProtectionException.class);
        fx.mem.write32(fx.cr, 0);
        fx.eraseSector(0);
        String flag = fx.board.f7SimParameters().rdp1DebugEraseFlag();
        assertThat(fx.errors() & fx.srBit(flag)).isNotZero();
        assertThat(fx.board.readCells(1, 0, 4)).containsExactly(0x0D, 0xF0, 0x0D, 0x60);
    }

    @Test
    void level1LeavesRamAndOptionsAccessible() throws Exception {
        Fx fx = atLevel1("STM32F767ZI");
        fx.mem.write32(0x2000_0000L, 0x1234_5678);
        assertThat(fx.mem.read32(0x2000_0000L)).isEqualTo(0x1234_5678);
        assertThat(fx.mem.read32(fx.optcr) >>> 8 & 0xFF).isEqualTo(Stm32F7OptionFields.RDP_LEVEL1_HAL);
        assertThat(fx.mem.read32(OptionBytes.imageWordAddress(0)) >>> 8 & 0xFF).isEqualTo(0x55);
    }

    @Test
    void level2LocksTheDebugPortAfterTheResetAndSurvivesPowerCycles() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programOptions(fx.board.storedOptions().withRdpLevel(RdpLevel.LEVEL_2));
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0xFFFF_FFFF); // not yet: takes effect at reset
        assertThatThrownBy(() -> fx.probe.core().reset(ResetKind.SYSTEM)).isInstanceOf(DebugPortLockedException.class);
        assertThatThrownBy(() -> fx.mem.read32(0x2000_0000L)).isInstanceOf(DebugPortLockedException.class);
        fx.board.powerCycle();
        assertThatThrownBy(() -> SimulatedProbe.connect(fx.board)).isInstanceOf(DebugPortLockedException.class);
        assertThatThrownBy(() -> SimulatedProbe.connect(fx.board, SimulatedProbe.ConnectMode.UNDER_RESET))
                .isInstanceOf(DebugPortLockedException.class);
        assertThat(fx.board.debugBus().readBoundaryScanIdcode().isOk()).isTrue();
    }

    @Test
    void aStoredLevel2CannotBeUndoneEvenBeforeTheReset() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        OptionBytes l2 = fx.board.storedOptions().withRdpLevel(RdpLevel.LEVEL_2);
        fx.programOptions(l2);
        fx.programOptions(l2.withRdp(Stm32F7OptionFields.RDP_LEVEL0));
        assertThat(fx.board.storedOptions().rdpLevel()).isEqualTo(RdpLevel.LEVEL_2);
    }

    @Test
    void regressionToLevel0MassErasesUserFlashButKeepsOtherOptions() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programWords(0x0800_0000L, 0x600D_F00D);
        fx.programWords(0x081F_0000L, 0x0000_0001);
        OptionBytes l1 = fx.board.storedOptions().withRdpLevel(RdpLevel.LEVEL_1).withWriteProtection(11, true);
        fx.programOptions(l1);
        fx.probe.core().reset(ResetKind.SYSTEM);

        fx.unlockOptions();
        OptionBytes l0 = l1.withRdp(Stm32F7OptionFields.RDP_LEVEL0);
        fx.mem.write32(fx.optcr, l0.optcrWriteValue());
        long t0 = fx.nowNanos();
        fx.board.debugBus().write(fx.optcr, AccessWidth.WORD, l0.optcrWriteValue() | fx.optcrBit(OPTSTRT)).orThrow();
        fx.waitIdle();
        var t = fx.board.descriptor().timings();
        long expected = (t.optionProgramMicros(Bound.TYPICAL) + t.bankEraseMicros(2048 * 1024L, Parallelism.X8, Bound.TYPICAL))
                * 1000;
        assertThat(fx.nowNanos() - t0).as("option time + mass erase").isGreaterThanOrEqualTo(expected);
        fx.probe.core().reset(ResetKind.SYSTEM);
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0xFFFF_FFFF);
        assertThat(fx.mem.read32(0x081F_0000L)).isEqualTo(0xFFFF_FFFF); // even the write-protected sector
        assertThat(fx.board.latchedOptions().isWriteProtected(11)).isTrue();
        assertThat(fx.board.latchedOptions().rdpLevel()).isEqualTo(RdpLevel.LEVEL_0);
    }

    @Test
    void increasingTheLevelNeverErases() throws Exception {
        Fx fx = atLevel1("STM32F767ZI");
        assertThat(fx.board.readCells(1, 0, 1)[0]).isEqualTo((byte) 0x0D);
    }

    private static Fx f72xWithPcropData(boolean pcropRdp, BoardOptions o) throws Exception {
        Fx fx = Fx.of("STM32F722ZE", o);
        fx.programWords(0x0800_8000L, 0xC0DE_C0DE); // sector 2
        fx.programWords(0x0800_0000L, 0x1234_5678); // sector 0
        OptionBytes l1 = fx.board.storedOptions().withPcropProtection(2, true).withPcropRdp(pcropRdp)
                .withRdpLevel(RdpLevel.LEVEL_1);
        fx.programOptions(l1);
        fx.probe.core().reset(ResetKind.SYSTEM);
        fx.programOptions(l1.withRdp(Stm32F7OptionFields.RDP_LEVEL0));
        fx.probe.core().reset(ResetKind.SYSTEM);
        return fx;
    }

    @Test
    void pcropSectorsSurviveTheRegressionWhenPcropRdpIsClear() throws Exception {
        Fx fx = f72xWithPcropData(false, BoardOptions.defaults());
        assertThat(fx.board.readCells(1, 0x8000, 4)).containsExactly(0xDE, 0xC0, 0xDE, 0xC0);
        assertThat(fx.board.readCells(1, 0, 4)).containsOnly(0xFF);
        assertThat(fx.board.latchedOptions().isPcropProtected(2)).isTrue();
    }

    @Test
    void pcropSectorsAreErasedAndUnprotectedWhenPcropRdpIsSet() throws Exception {
        Fx fx = f72xWithPcropData(true, BoardOptions.defaults());
        assertThat(fx.board.readCells(1, 0x8000, 4)).containsOnly(0xFF);
        assertThat(fx.board.latchedOptions().pcrop()).isZero();
    }

    @Test
    void thePcropRdpPolarityIsAParameter() throws Exception {
        BoardOptions inverted = BoardOptions.defaults().withParameters(
                Stm32F7Parameters.defaults().toBuilder().pcropRdpSetMeansErase(false).build());
        Fx fx = f72xWithPcropData(true, inverted);
        assertThat(fx.board.readCells(1, 0x8000, 4)).containsExactly(0xDE, 0xC0, 0xDE, 0xC0);
        Fx fx2 = f72xWithPcropData(false, inverted);
        assertThat(fx2.board.readCells(1, 0x8000, 4)).containsOnly(0xFF);
    }
}
