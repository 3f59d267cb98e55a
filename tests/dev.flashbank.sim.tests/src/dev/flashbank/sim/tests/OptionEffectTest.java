package dev.flashbank.sim.tests;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields.BorLevel;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.target.ReadProtectionException;
import dev.flashbank.core.target.ResetKind;

/**
 * Option programming (OPTSTRT) and when each option takes effect: nWRP/PCROP at once (model parameter
 * optionsEffectiveAfterOptstrt), everything else at the next reset or power cycle (OpenOCD stm32f2x.c: "a reset or
 * power cycle is required"; STM32CubeF7 FLASH_DualBoot).
 */
class OptionEffectTest {

    @Test
    void optcrShowsWrittenValuesAtOnceAndTheImageAfterOptstrt() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        OptionBytes factory = fx.board.storedOptions();
        int[] before = factory.imageWords();
        OptionBytes target = factory.withBootAdd0(0x2040);
        fx.unlockOptions();
        fx.mem.write32(fx.optcr1, target.optcr1());
        assertThat(fx.mem.read32(fx.optcr1)).isEqualTo(target.optcr1()); // readable before OPTSTRT
        assertThat(fx.mem.read32(OptionBytes.imageWordAddress(2))).isEqualTo(before[2]); // image unchanged
        fx.mem.write32(fx.optcr, target.optcrWriteValue() | fx.optcrBit(OPTSTRT));
        fx.waitIdle();
        assertThat(fx.mem.read32(OptionBytes.imageWordAddress(2))).isEqualTo(target.imageWords()[2]);
        assertThat(fx.board.storedOptions()).isEqualTo(target);
        assertThat(fx.board.latchedOptions()).isEqualTo(factory);
    }

    @Test
    void bootAddressTakesEffectAtTheNextReset() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programOptions(fx.board.storedOptions().withBootAdd0(0x2040));
        assertThat(fx.board.lastBootReport().bootAddValue()).isEqualTo(0x0080);
        assertThat(fx.board.predictBoot().bootAddValue()).isEqualTo(0x2040);
        fx.probe.core().reset(ResetKind.SYSTEM);
        assertThat(fx.board.lastBootReport().bootAddValue()).isEqualTo(0x2040);
        assertThat(fx.board.lastBootReport().bootAddress()).isEqualTo(0x0810_0000L);
        assertThat(fx.mem.read32(fx.optcr1)).isEqualTo(fx.board.storedOptions().optcr1());
    }

    @Test
    void bootAdd1TakesEffectAtTheNextReset() throws Exception {
        Fx fx = Fx.of("STM32F767ZI", dev.flashbank.sim.BoardOptions.defaults().withBoot0(true));
        fx.programOptions(fx.board.storedOptions().withBootAdd1(0x2000));
        assertThat(fx.board.lastBootReport().bootAddress()).isEqualTo(0x0010_0000L);
        fx.board.reset(ResetKind.HARDWARE);
        assertThat(fx.board.lastBootReport().bootAddOption()).isEqualTo(1);
        assertThat(fx.board.lastBootReport().bootAddress()).isEqualTo(0x0800_0000L);
    }

    @Test
    void nDbankTakesEffectAtTheNextReset() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programOptions(fx.board.storedOptions().withBankMode(BankMode.DUAL));
        assertThat(fx.board.geometry().mode()).isEqualTo(BankMode.SINGLE);
        fx.eraseSector(12); // no sector 12 in the latched single-bank layout
        assertThat(fx.errors()).isNotZero();
        fx.clearErrors();
        fx.board.powerCycle();
        assertThat(fx.board.geometry().mode()).isEqualTo(BankMode.DUAL);
        Fx again = new Fx(fx.board);
        again.eraseSector(12);
        assertThat(again.errors()).isZero();
    }

    @Test
    void nDbootTakesEffectAtTheNextReset() throws Exception {
        Fx fx = Fx.dualBank();
        fx.programOptions(fx.board.storedOptions().withNDBoot(false));
        assertThat(fx.board.latchedOptions().nDBoot()).isTrue();
        assertThat(fx.board.lastBootReport().dualBoot()).isFalse();
        fx.probe.core().reset(ResetKind.HARDWARE);
        assertThat(fx.board.latchedOptions().nDBoot()).isFalse();
        assertThat(fx.board.lastBootReport().dualBoot()).isTrue();
    }

    @Test
    void rdpTakesEffectAtTheNextReset() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programWords(0x0800_0000L, 0x600D_F00D);
        fx.programOptions(fx.board.storedOptions().withRdpLevel(RdpLevel.LEVEL_1));
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0x600D_F00D); // still level 0 until reset
        fx.probe.core().reset(ResetKind.SYSTEM);
        assertThatThrownBy(() -> fx.mem.read32(0x0800_0000L)).isInstanceOf(ReadProtectionException.class);
    }

    @Test
    void borAndWatchdogOptionsAreLatchedAtReset() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        OptionBytes target = fx.board.storedOptions().withBorLevel(BorLevel.LEVEL_2).withIwdgSw(false);
        fx.programOptions(target);
        assertThat(fx.board.latchedOptions().borLevel()).isEqualTo(BorLevel.OFF);
        fx.board.powerCycle();
        assertThat(fx.board.latchedOptions().borLevel()).isEqualTo(BorLevel.LEVEL_2);
        assertThat(fx.board.latchedOptions().iwdgSw()).isFalse();
        assertThat(new Fx(fx.board).mem.read32(fx.optcr)).isEqualTo(target.optcr() | fx.optcrBit(OPTLOCK));
    }

    @Test
    void writeProtectionActsAsSoonAsOptstrtCompletes() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programOptions(fx.board.storedOptions().withWriteProtection(0, true));
        fx.programWords(0x0800_0000L, 0);
        assertThat(fx.errors() & fx.srBit(WRPERR)).isNotZero();
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0xFFFF_FFFF);
        fx.clearErrors();
        fx.programOptions(fx.board.storedOptions().withWriteProtection(0, false));
        fx.programWords(0x0800_0000L, 0);
        assertThat(fx.errors()).isZero();
        assertThat(fx.mem.read32(0x0800_0000L)).isZero();
    }

    @Test
    void dualBankWriteProtectionCoversSectorPairs() throws Exception {
        Fx fx = Fx.dualBank();
        fx.programOptions(fx.board.storedOptions().withWriteProtection(13, true)); // nWRP6 = sectors 12 and 13
        fx.programWords(0x0810_0000L, 0); // sector 12
        assertThat(fx.errors() & fx.srBit(WRPERR)).isNotZero();
    }
}
