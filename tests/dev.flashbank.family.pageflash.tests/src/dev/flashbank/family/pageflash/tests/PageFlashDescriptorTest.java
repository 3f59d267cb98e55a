package dev.flashbank.family.pageflash.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.FlashTimings.Bound;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.family.Families;
import dev.flashbank.family.pageflash.PageFlashDescriptor;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashTimings;
import dev.flashbank.family.pageflash.flash.PageFlashFamily;

/** The seven lines as descriptors: identification, memory map, schemes, timings and assumptions. */
class PageFlashDescriptorTest {

    @Test
    void theLinesAreFoundByDevIdAtTheirIdcodeAddress() {
        Families families = new Families(List.of(new PageFlashFamily()));
        assertThat(families.registry().descriptors()).extracting(d -> d.devId()).containsExactly(0x469, 0x468, 0x479,
                0x415, 0x461, 0x470, 0x467);
        assertThat(families.registry().idcodeAddresses()).containsExactly(0xE004_2000L, 0x4001_5800L);
        PageFlashDescriptor g0 = PageFlashDescriptor.of(PageFlashLine.G0BX_G0CX);
        assertThat(g0.idcodeAddress()).isEqualTo(0x4001_5800L);
        assertThat(g0.cpuPartNo()).isEqualTo(CortexM.PARTNO_CORTEX_M0_PLUS);
        assertThat(PageFlashDescriptor.of(PageFlashLine.L4RX_L4SX).cpuPartNo()).isEqualTo(CortexM.PARTNO_CORTEX_M4);
        assertThat(PageFlashDescriptor.of(PageFlashLine.G47X_G48X).revisionName(0x2001)).isEqualTo("Z");
        assertThat(PageFlashDescriptor.of(PageFlashLine.L47X_L48X).revisionName(0x1007)).isEqualTo("4");
        assertThat(g0.variantName(512)).isEqualTo("STM32G0B1/G0C1 (512 KiB)");
        assertThat(new PageFlashFamily().name()).isEqualTo(g0.family());
    }

    @Test
    void switchSchemesFollowTheBankModesOfTheVariant() {
        assertThat(PageFlashDescriptor.of(PageFlashLine.G47X_G48X).switchSchemes(128))
                .containsExactly(PageFlashDescriptor.BFB2);
        assertThat(PageFlashDescriptor.of(PageFlashLine.L47X_L48X).switchSchemes(1024))
                .containsExactly(PageFlashDescriptor.BFB2);
        assertThat(PageFlashDescriptor.of(PageFlashLine.G0BX_G0CX).switchSchemes(512))
                .containsExactly(PageFlashDescriptor.SWAP_BANK);
        assertThat(PageFlashDescriptor.of(PageFlashLine.G49X_G4AX).switchSchemes(512)).isEmpty();
        assertThat(PageFlashDescriptor.of(PageFlashLine.G43X_G44X).dualBankCapable()).isFalse();
        assertThat(PageFlashDescriptor.BFB2.linkRule().slotFor(2)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(PageFlashLine.class)
    void memoryRegionsOfEveryVariantDoNotOverlapAndTimingsCoverEveryPageSize(PageFlashLine line) {
        PageFlashDescriptor d = PageFlashDescriptor.of(line);
        for (int kib : d.flashSizesKiB()) {
            List<MemoryRegion> regions = d.memoryRegions(kib);
            for (int i = 0; i < regions.size(); i++) {
                for (int j = i + 1; j < regions.size(); j++) {
                    assertThat(regions.get(i).range().overlaps(regions.get(j).range()))
                            .as("%s %d KiB: %s vs %s", line, kib, regions.get(i), regions.get(j)).isFalse();
                }
            }
            for (BankMode mode : d.bankModes(kib)) {
                int page = d.eraseUnitBytes(mode);
                for (Bound b : Bound.values()) {
                    assertThat(d.timings().sectorEraseMicros(page, Parallelism.X64, b)).isPositive();
                }
            }
        }
        FlashTimings t = d.timings();
        assertThat(t.programUnitMicros(Parallelism.X64, Bound.MAXIMUM))
                .isGreaterThanOrEqualTo(t.programUnitMicros(Parallelism.X64, Bound.TYPICAL));
        assertThat(t.micros(PageFlashTimings.fastRowKey(Bound.TYPICAL))).isPositive();
        assertThat(t.source()).contains("UNCONFIRMED");
        assertThat(d.parameters()).anyMatch(p -> p.name().equals("eraseSelectsPhysicalBank"))
                .anyMatch(p -> p.name().equals("timings.source"));
        assertThat(d.programUnitBytes()).isEqualTo(8);
    }

    @Test
    void aBankEraseTakesAboutOnePageEraseWhateverTheBankSize() {
        FlashTimings g4 = PageFlashDescriptor.of(PageFlashLine.G47X_G48X).timings();
        assertThat(g4.bankEraseMicros(256 * 1024, Parallelism.X64, Bound.MAXIMUM)).isEqualTo(25_000);
        assertThat(g4.sectorEraseMicros(4096, Parallelism.X64, Bound.MAXIMUM)).isEqualTo(24_470);
        assertThatThrownBy(() -> g4.sectorEraseMicros(8192, Parallelism.X64, Bound.MAXIMUM))
                .as("no 8 KiB pages on G4").hasMessageContaining("erase.sector.8K");
    }
}
