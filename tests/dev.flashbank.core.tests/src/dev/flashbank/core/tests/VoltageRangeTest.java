package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.Parallelism;
import dev.flashbank.family.stm32f7.VoltageRange;

/** PSIZE vs supply table of RM0410 §3.3 ("Program/erase parallelism"). */
class VoltageRangeTest {

    @Test
    void psizeCodes() {
        assertThat(Parallelism.X8.psize()).isEqualTo(0b00);
        assertThat(Parallelism.X16.psize()).isEqualTo(0b01);
        assertThat(Parallelism.X32.psize()).isEqualTo(0b10);
        assertThat(Parallelism.X64.psize()).isEqualTo(0b11);
        assertThat(Parallelism.fromPsize(2)).isEqualTo(Parallelism.X32);
        assertThat(Parallelism.X64.bytes()).isEqualTo(8);
    }

    @Test
    void supplyToParallelism() {
        assertThat(VoltageRange.forSupply(-1, false).parallelism()).isEqualTo(Parallelism.X8);
        assertThat(VoltageRange.forSupply(1900, false).parallelism()).isEqualTo(Parallelism.X8);
        assertThat(VoltageRange.forSupply(2100, false).parallelism()).isEqualTo(Parallelism.X8);
        assertThat(VoltageRange.forSupply(2400, false).parallelism()).isEqualTo(Parallelism.X16);
        assertThat(VoltageRange.forSupply(2700, false).parallelism()).isEqualTo(Parallelism.X16);
        assertThat(VoltageRange.forSupply(3300, false).parallelism()).isEqualTo(Parallelism.X32);
        assertThat(VoltageRange.forSupply(3300, true).parallelism()).isEqualTo(Parallelism.X64);
        assertThat(VoltageRange.forSupply(2500, true).parallelism()).isEqualTo(Parallelism.X16);
    }
}
