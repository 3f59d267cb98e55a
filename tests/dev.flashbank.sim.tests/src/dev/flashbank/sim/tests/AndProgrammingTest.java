package dev.flashbank.sim.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AndProgrammingTest {

    @Test
    void erasedFlashReadsFf() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0xFFFF_FFFF);
        assertThat(fx.mem.read32(0x081F_FFFCL)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void programmingAndsIntoNonErasedCellsWithoutAnyError() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programWords(0x0800_0000L, 0x1234_5678);
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0x1234_5678);
        assertThat(fx.errors()).isZero();

        fx.programWords(0x0800_0000L, 0xFF00_FF0F);
        // old AND new, no error: F7 has no "programming a non-erased location" flag (RM0090: bits only go 1 -> 0)
        assertThat(fx.mem.read32(0x0800_0000L)).isEqualTo(0x1234_5678 & 0xFF00_FF0F);
        assertThat(fx.errors()).isZero();
    }

    @Test
    void writingOnesNeverSetsBits() throws Exception {
        Fx fx = Fx.of("STM32F722ZE");
        fx.programWords(0x0800_4000L, 0x0000_0000);
        fx.programWords(0x0800_4000L, 0xFFFF_FFFF);
        assertThat(fx.mem.read32(0x0800_4000L)).isZero();
        fx.eraseSector(1);
        assertThat(fx.mem.read32(0x0800_4000L)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void otherLinesOfTheModelWorkToo() throws Exception {
        Fx f746 = Fx.of("STM32F746ZG");
        assertThat(f746.board.geometry().sectors()).hasSize(8);
        f746.programWords(0x080C_0000L, 0x7467_4674); // sector 7, 256 KiB
        assertThat(f746.mem.read32(0x080C_0000L)).isEqualTo(0x7467_4674);
        f746.eraseSector(7);
        assertThat(f746.mem.read32(0x080C_0000L)).isEqualTo(0xFFFF_FFFF);
        assertThat(f746.errors()).isZero();
    }
}
