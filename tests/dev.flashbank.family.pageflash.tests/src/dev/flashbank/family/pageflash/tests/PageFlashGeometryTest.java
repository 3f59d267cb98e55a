package dev.flashbank.family.pageflash.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.UnknownModelElementException;
import dev.flashbank.family.pageflash.PageFlashGeometry;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashRegisters;

/** Page layouts per line, size and bank mode (RM0440/RM0351/RM0432/RM0444 §3.3.1). */
class PageFlashGeometryTest {

    @Test
    void g474DualBankHas128PagesOf2KiBPerBankAndSingleBank128PagesOf4KiB() {
        FlashGeometry dual = PageFlashGeometry.of(PageFlashLine.G47X_G48X, 512, BankMode.DUAL);
        assertThat(dual.bankCount()).isEqualTo(2);
        assertThat(dual.bank(1).sectors()).hasSize(128).allMatch(s -> s.size() == 2048);
        assertThat(dual.bank(2).sectors()).hasSize(128);
        assertThat(dual.bankRange(2, false, dual.linkWindow()).start()).isEqualTo(0x0804_0000L);
        // G4 numbers the pages of each bank from 0; BKER picks the bank
        Sector last = dual.bank(2).sectors().get(127);
        assertThat(last.number()).isEqualTo(127);
        assertThat(last.snb()).isEqualTo(127);
        FlashGeometry single = PageFlashGeometry.of(PageFlashLine.G47X_G48X, 512, BankMode.SINGLE);
        assertThat(single.bank(1).sectors()).hasSize(128).allMatch(s -> s.size() == 4096);
    }

    @Test
    void smallerG474PartsKeepBank2At0x08040000WithAGapBelowIt() {
        FlashGeometry g = PageFlashGeometry.of(PageFlashLine.G47X_G48X, 128, BankMode.DUAL);
        assertThat(g.bank(1).size()).isEqualTo(64 * 1024);
        assertThat(g.bankRange(2, false, g.linkWindow()).start()).isEqualTo(0x0804_0000L);
        assertThat(g.physicalBankAt(0x0801_0000L, false)).as("the gap is no flash").isEmpty();
        assertThat(g.physicalBankAt(0x0804_0800L, false)).contains(new BankOffset(2, 0x800));
        FlashGeometry single = PageFlashGeometry.of(PageFlashLine.G47X_G48X, 128, BankMode.SINGLE);
        assertThat(single.physicalBankAt(0x0801_0000L, false)).contains(new BankOffset(1, 0x1_0000));
    }

    @Test
    void l476NumbersBank2From256AndSelectsItWithBker() {
        FlashGeometry g = PageFlashGeometry.of(PageFlashLine.L47X_L48X, 1024, BankMode.DUAL);
        Sector first2 = g.bank(2).sectors().get(0);
        assertThat(first2.number()).isEqualTo(256);
        assertThat(first2.snb()).as("PNB written with BKER = 1").isZero();
        assertThat(g.bankRange(2, false, g.linkWindow()).start()).isEqualTo(0x0808_0000L);
        // FB_MODE = 1: bank 2 at 0x0800_0000, bank 1 above it
        assertThat(g.physicalBankAt(0x0800_0000L, true)).contains(new BankOffset(2, 0));
        assertThat(PageFlashGeometry.bankModes(PageFlashLine.L47X_L48X, 1024)).containsExactly(BankMode.DUAL);
        assertThat(PageFlashGeometry.bankModeOption(PageFlashLine.L47X_L48X, 1024)).isEmpty();
        assertThat(PageFlashGeometry.bankModeOption(PageFlashLine.L47X_L48X, 512)).contains("DUALBANK");
        FlashGeometry half = PageFlashGeometry.of(PageFlashLine.L47X_L48X, 512, BankMode.DUAL);
        assertThat(half.bank(2).sectors().get(0).number()).isEqualTo(256); // RM0351 "page 256" of a 512 KiB part
        assertThat(half.bankRange(2, false, half.linkWindow()).start()).isEqualTo(0x0804_0000L);
    }

    @Test
    void l4PlusPagesAre4KiBDualAnd8KiBSingleWithTheBitOfTheSize() {
        assertThat(PageFlashGeometry.of(PageFlashLine.L4RX_L4SX, 2048, BankMode.DUAL).bank(1).sectors())
                .hasSize(256).allMatch(s -> s.size() == 4096);
        assertThat(PageFlashGeometry.of(PageFlashLine.L4RX_L4SX, 2048, BankMode.SINGLE).bank(1).sectors())
                .hasSize(256).allMatch(s -> s.size() == 8192);
        assertThat(PageFlashGeometry.bankModeOption(PageFlashLine.L4RX_L4SX, 2048)).contains("DBANK");
        assertThat(PageFlashGeometry.bankModeOption(PageFlashLine.L4RX_L4SX, 1024)).contains("DB1M");
        int optr = PageFlashRegisters.factoryOptr(PageFlashLine.L4RX_L4SX);
        int db1mClear = optr & ~(1 << 21);
        assertThat(PageFlashGeometry.bankMode(PageFlashLine.L4RX_L4SX, 1024, db1mClear)).isEqualTo(BankMode.SINGLE);
        assertThat(PageFlashGeometry.bankMode(PageFlashLine.L4RX_L4SX, 2048, db1mClear)).as("DB1M means nothing at"
                + " 2 MiB").isEqualTo(BankMode.DUAL);
    }

    @Test
    void g0b1Bank2FollowsBank1AndIsNumberedFrom256WhileTheSmallPartIsSingleBank() {
        FlashGeometry g = PageFlashGeometry.of(PageFlashLine.G0BX_G0CX, 256, BankMode.DUAL);
        assertThat(g.bankRange(2, false, g.linkWindow()).start()).isEqualTo(0x0802_0000L);
        assertThat(g.bank(2).sectors().get(0).number()).isEqualTo(256);
        assertThat(g.bank(2).sectors().get(63).snb()).isEqualTo(63);
        assertThat(PageFlashGeometry.bankModes(PageFlashLine.G0BX_G0CX, 128)).containsExactly(BankMode.SINGLE);
        assertThat(PageFlashGeometry.of(PageFlashLine.G0BX_G0CX, 512, BankMode.SINGLE).bank(1).sectors()).hasSize(256);
        assertThatThrownBy(() -> PageFlashGeometry.of(PageFlashLine.G0BX_G0CX, 128, BankMode.DUAL))
                .isInstanceOf(UnknownModelElementException.class).hasMessageContaining("no dual-bank mode");
    }

    @ParameterizedTest
    @EnumSource(PageFlashLine.class)
    void everyVariantAndModeFitsPnbAndCoversItsFlash(PageFlashLine line) {
        for (int kib : line.flashSizesKiB()) {
            for (BankMode mode : PageFlashGeometry.bankModes(line, kib)) {
                FlashGeometry g = PageFlashGeometry.of(line, kib, mode);
                assertThat(g.totalSize()).isEqualTo(kib * 1024L);
                int pnbMax = (1 << line.pnbBits()) - 1;
                assertThat(g.sectors()).allMatch(s -> s.snb() <= pnbMax);
                assertThat(g.sectors().stream().map(Sector::number).distinct().count())
                        .as("%s %d KiB %s: page numbers unique within a bank", line, kib, mode)
                        .isGreaterThanOrEqualTo(g.bank(1).sectors().size());
            }
        }
    }
}
