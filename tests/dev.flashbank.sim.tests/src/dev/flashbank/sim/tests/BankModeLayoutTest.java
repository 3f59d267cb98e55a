package dev.flashbank.sim.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.target.ResetKind;

/**
 * nDBANK re-lays out the sectors at the next reset; the cells stay where they are: window offset X in single-bank mode
 * is the same cell as bank (X / half) + 1, offset X mod half in dual-bank mode (SimulatedBoard Javadoc).
 */
class BankModeLayoutTest {

    private static void switchTo(Fx fx, BankMode mode) throws Exception {
        fx.programOptions(fx.board.storedOptions().withBankMode(mode));
        fx.probe.core().reset(ResetKind.SYSTEM);
    }

    @Test
    void twoMiBSingleToDualKeepsBytesAndChangesSectors() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programWords(0x0800_0000L, 0x1111_1111);
        fx.programWords(0x0810_0000L, 0x2222_2222);
        assertThat(fx.board.geometry().sectors()).hasSize(12);
        assertThat(fx.board.geometry().sector(4).size()).isEqualTo(128 * 1024);

        switchTo(fx, BankMode.DUAL);
        assertThat(fx.board.geometry().mode()).isEqualTo(BankMode.DUAL);
        assertThat(fx.board.geometry().sectors()).hasSize(24);
        Sector s12 = fx.board.geometry().sector(12);
        assertThat(s12.bank()).isEqualTo(2);
        assertThat(s12.offset()).isZero();
        assertThat(s12.size()).isEqualTo(16 * 1024);
        assertThat(fx.mem.read32(0x0810_0000L)).isEqualTo(0x2222_2222);
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0x1111_1111);

        fx.eraseSector(12); // 16 KiB now
        assertThat(fx.mem.read32(0x0810_0000L)).isEqualTo(0xFFFF_FFFF);
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0x1111_1111);

        fx.programWords(0x0810_4000L, 0x3333_3333); // sector 13 in dual-bank mode
        switchTo(fx, BankMode.SINGLE);
        assertThat(fx.board.geometry().sectors()).hasSize(12);
        assertThat(fx.mem.read32(0x0810_4000L)).isEqualTo(0x3333_3333);
        fx.eraseSector(8); // single-bank sector 8 = 256 KiB at 0x0810_0000
        assertThat(fx.mem.read32(0x0810_4000L)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void oneMiBDualBankPutsBank2At0x08080000() throws Exception {
        Fx fx = Fx.of("STM32F767ZG");
        fx.programWords(0x0808_0000L, 0x4444_4444);
        switchTo(fx, BankMode.DUAL);
        Sector s12 = fx.board.geometry().sector(12);
        assertThat(fx.board.geometry().sectorRange(s12, false, dev.flashbank.family.stm32f7.Stm32F7Window.AXIM).start())
                .isEqualTo(0x0808_0000L);
        assertThat(fx.mem.read32(0x0808_0000L)).isEqualTo(0x4444_4444);
        assertThat(fx.board.readCells(2, 0, 4)).containsOnly(0x44);
        fx.eraseSector(12);
        assertThat(fx.mem.read32(0x0808_0000L)).isEqualTo(0xFFFF_FFFF);
    }
}
