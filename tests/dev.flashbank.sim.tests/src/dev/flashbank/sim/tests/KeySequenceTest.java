package dev.flashbank.sim.tests;

import dev.flashbank.family.stm32f7.sim.Stm32F7SimParameters;
import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimParameters;

/**
 * KEYR / OPTKEYR sequences and the LOCK / OPTLOCK bits (RM0410 FLASH_KEYR/FLASH_OPTKEYR,
 * FLASH_CR.LOCK/FLASH_OPTCR.OPTLOCK).
 */
class KeySequenceTest {

    @Test
    void crIsLockedAfterResetAndTheKeySequenceUnlocksIt() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        assertThat(fx.mem.read32(fx.cr)).isEqualTo(fx.r.cr().resetValue());
        assertThat(fx.mem.read32(fx.cr) & fx.crBit(LOCK)).isNotZero();
        fx.mem.write32(fx.keyr, KEYR_KEYS.key1());
        assertThat(fx.mem.read32(fx.cr) & fx.crBit(LOCK)).isNotZero();
        fx.mem.write32(fx.keyr, KEYR_KEYS.key2());
        assertThat(fx.mem.read32(fx.cr) & fx.crBit(LOCK)).isZero();
        fx.mem.write32(fx.cr, fx.crBit(LOCK));
        assertThat(fx.mem.read32(fx.cr) & fx.crBit(LOCK)).isNotZero();
    }

    @Test
    void writesToALockedCrAreIgnored() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.mem.write32(fx.cr, fx.crBit(PG));
        assertThat(fx.mem.read32(fx.cr) & fx.crBit(PG)).isZero();
    }

    @Test
    void wrongKeyIsABusErrorAndLocksCrUntilReset() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.mem.write32(fx.keyr, KEYR_KEYS.key1());
        assertThatThrownBy(() -> fx.mem.write32(fx.keyr, 0x1234_5678)).isInstanceOf(BusFaultException.class)
                .hasMessageContaining("until the next reset");
        // even the right sequence is now refused with a bus error
        assertThatThrownBy(() -> fx.mem.write32(fx.keyr, KEYR_KEYS.key1())).isInstanceOf(BusFaultException.class);
        assertThat(fx.mem.read32(fx.cr) & fx.crBit(LOCK)).isNotZero();

        fx.probe.core().reset(ResetKind.SYSTEM);
        fx.unlock();
        assertThat(fx.mem.read32(fx.cr) & fx.crBit(LOCK)).isZero();
    }

    @Test
    void aKeyWrittenInHalfwordsIsAWrongSequence() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        assertThatThrownBy(() -> fx.mem.write16(fx.keyr, KEYR_KEYS.key1() & 0xFFFF)).isInstanceOf(BusFaultException.class);
    }

    @Test
    void keysInTheWrongOrderAreAWrongSequence() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        assertThatThrownBy(() -> fx.mem.write32(fx.keyr, KEYR_KEYS.key2())).isInstanceOf(BusFaultException.class);
    }

    @Test
    void writingKeysWhileUnlockedIsAWrongSequence() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.unlock();
        assertThatThrownBy(() -> fx.mem.write32(fx.keyr, KEYR_KEYS.key1())).isInstanceOf(BusFaultException.class);
        assertThat(fx.mem.read32(fx.cr) & fx.crBit(LOCK)).isNotZero();
    }

    @Test
    void withoutTheLockOutParameterAWrongKeyJustRestartsTheSequence() throws Exception {
        var p = dev.flashbank.family.stm32f7.Stm32F7Parameters.defaults().toBuilder();
        p.wrongKeyLocksUntilReset = false;
        Fx fx = Fx.of("STM32F767ZI", BoardOptions.defaults().withParameters(p.build())
                .withFamilySim(Stm32F7SimParameters.defaults().withKeyWriteWhileUnlockedIsWrongSequence(false)));
        fx.mem.write32(fx.keyr, 0xDEAD_BEEF);
        fx.unlock();
        assertThat(fx.mem.read32(fx.cr) & fx.crBit(LOCK)).isZero();
    }

    @Test
    void optkeyrUnlocksOptcrAndAWrongOptionKeyLocksItUntilReset() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        assertThat(fx.mem.read32(fx.optcr) & fx.optcrBit(OPTLOCK)).isNotZero();
        int before = fx.mem.read32(fx.optcr1);
        fx.mem.write32(fx.optcr1, 0x2040_2040); // ignored while OPTLOCK
        assertThat(fx.mem.read32(fx.optcr1)).isEqualTo(before);
        fx.unlockOptions();
        assertThat(fx.mem.read32(fx.optcr) & fx.optcrBit(OPTLOCK)).isZero();
        fx.mem.write32(fx.optcr, fx.mem.read32(fx.optcr) | fx.optcrBit(OPTLOCK));

        fx.mem.write32(fx.optkeyr, OPTKEYR_KEYS.key1());
        assertThatThrownBy(() -> fx.mem.write32(fx.optkeyr, KEYR_KEYS.key2())).isInstanceOf(BusFaultException.class);
        assertThatThrownBy(fx::unlockOptions).isInstanceOf(BusFaultException.class);
        fx.probe.core().reset(ResetKind.HARDWARE);
        fx.unlockOptions();
        assertThat(fx.mem.read32(fx.optcr) & fx.optcrBit(OPTLOCK)).isZero();
    }
}
