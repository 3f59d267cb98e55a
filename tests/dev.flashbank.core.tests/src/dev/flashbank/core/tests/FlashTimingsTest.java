package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.FlashTimings.Bound;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.UnknownModelElementException;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7Timings;

/** The STM32F7 timing table (STM32F4 datasheet values) with the 256 KiB correction, as named overridable parameters. */
class FlashTimingsTest {

    private static final FlashTimings T = Stm32F7Timings.defaults();

    @Test
    void datasheetDefaultValues() {
        assertThat(T.source()).isEqualTo("STM32F4 datasheet values, UNCONFIRMED for F7");
        assertThat(T.programUnitMicros(Parallelism.X32, Bound.TYPICAL)).isEqualTo(16);
        assertThat(T.programUnitMicros(Parallelism.X8, Bound.MAXIMUM)).isEqualTo(100);
        assertThat(T.sectorEraseMicros(16 * 1024, Parallelism.X8, Bound.TYPICAL)).isEqualTo(400_000);
        assertThat(T.sectorEraseMicros(16 * 1024, Parallelism.X32, Bound.MAXIMUM)).isEqualTo(500_000);
        assertThat(T.sectorEraseMicros(32 * 1024, Parallelism.X16, Bound.TYPICAL)).isEqualTo(400_000);
        assertThat(T.sectorEraseMicros(64 * 1024, Parallelism.X8, Bound.MAXIMUM)).isEqualTo(2_400_000);
        assertThat(T.sectorEraseMicros(128 * 1024, Parallelism.X32, Bound.TYPICAL)).isEqualTo(1_000_000);
        assertThat(T.sectorEraseMicros(256 * 1024, Parallelism.X16, Bound.MAXIMUM)).isEqualTo(5_200_000);
        assertThat(T.bankEraseMicros(2L << 20, Parallelism.X32, Bound.TYPICAL)).isEqualTo(16_000_000);
        assertThat(T.bankEraseMicros(1L << 20, Parallelism.X8, Bound.MAXIMUM)).isEqualTo(32_000_000);
        assertThat(T.optionProgramMicros(Bound.TYPICAL)).isEqualTo(250_000);
    }

    @Test
    void theScaled256KiBMaximumIsCorrected() {
        assertThat(T.sectorEraseMicros(256 * 1024, Parallelism.X8, Bound.MAXIMUM)).isEqualTo(4_000_000);
        assertThat(T.sectorEraseMicros(256 * 1024, Parallelism.X8, Bound.TYPICAL)).isEqualTo(4_000_000);
        assertThat(T.notes()).anyMatch(n -> n.startsWith("corrected: erase.sector.256K.x8.max = 4 s"));
    }

    @Test
    void everyValueIsANamedOverridableParameter() {
        assertThat(T.parameterNames()).contains("program.unit.x32.typ", "erase.sector.128K.x16.max",
                "erase.bank.perMiB.x8.typ", "option.program.max");
        assertThat(T.parameterNames()).hasSize(4 * 2 + 5 * 4 * 2 + 4 * 2 + 2);
        FlashTimings fast = T.with("erase.sector.128K.x32.typ", 900_000);
        assertThat(fast.sectorEraseMicros(128 * 1024, Parallelism.X32, Bound.TYPICAL)).isEqualTo(900_000);
        assertThat(T.sectorEraseMicros(128 * 1024, Parallelism.X32, Bound.TYPICAL)).isEqualTo(1_000_000);
        assertThat(fast.source()).endsWith("+ overrides");
        assertThatThrownBy(() -> T.with("erase.sector.8K.x32.typ", 1)).isInstanceOf(UnknownModelElementException.class);
        assertThatThrownBy(() -> T.sectorEraseMicros(8 * 1024, Parallelism.X8, Bound.TYPICAL))
                .isInstanceOf(UnknownModelElementException.class);
        assertThat(Stm32F7Descriptor.of(Stm32F7Line.F76X_F77X).timings().asMap()).isEqualTo(T.asMap());
    }
}
