package dev.flashbank.family.pageflash.tests.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.ProtectionModel.BlockerKind;
import dev.flashbank.core.family.ProtectionModel.EraseBlocker;
import dev.flashbank.core.family.ProtectionModel.Scope;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashOptionImage;
import dev.flashbank.family.pageflash.flash.PageFlashProtection;

/** WRP and PCROP ranges decoded to physical pages, RDP, and what removes each (RM0440/RM0351/RM0444 §3.5). */
class PageFlashProtectionTest {

    private static PageFlashOptionImage set(PageFlashOptionImage img, String field, int value) {
        OptionField f = img.fields(img.flashSizeKiB()).stream().filter(x -> x.name().equals(field)).findFirst()
                .orElseThrow();
        return img.with(f, value);
    }

    private static PageFlashOptionImage g474() {
        return PageFlashOptionImage.factory(PageFlashLine.G47X_G48X, 512);
    }

    @Test
    void factoryOptionsProtectNothing() {
        PageFlashProtection p = new PageFlashProtection(PageFlashLine.G47X_G48X, 512, g474());
        assertThat(p.writeProtectedSectors()).isEmpty();
        assertThat(p.pcropSectors()).isEmpty();
        assertThat(p.blockers(Scope.mass(p.geometry()))).isEmpty();
    }

    @Test
    void aWrp2aAreaProtectsPagesOfPhysicalBank2AndBlocksItsBankEraseButNotBank1() {
        PageFlashOptionImage img = set(set(g474(), "WRP2A_STRT", 4), "WRP2A_END", 6);
        PageFlashProtection p = new PageFlashProtection(PageFlashLine.G47X_G48X, 512, img);
        FlashGeometry g = p.geometry();
        assertThat(p.writeProtectedSectors()).extracting(Sector::bank).containsOnly(2);
        assertThat(p.writeProtectedSectors()).extracting(Sector::snb).containsExactly(4, 5, 6);
        assertThat(PageFlashProtection.pages(p.writeProtectedSectors(), g)).isEqualTo("pages 4-6 of bank 2");
        assertThat(p.blockers(Scope.bank(g, 1))).isEmpty();
        List<EraseBlocker> b = p.blockers(Scope.bank(g, 2));
        assertThat(b).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(BlockerKind.WRITE_PROTECTION);
            assertThat(x.expectedFlag()).contains("WRPERR");
            assertThat(x.explanation()).contains("WRP2A pages 4-6",
                    "; an erase of physical bank 2 is refused as a whole");
            assertThat(x.fix()).contains("flashbank ob set WRP2A_STRT=127 WRP2A_END=0");
            PageFlashProtection after = p.of(x.fixSteps().get(0).options());
            assertThat(after.writeProtectedSectors()).isEmpty();
        });
    }

    @Test
    void inSingleBankModeTheBank2WrpRegistersAlsoProtectPagesOfTheOneBankOnG4ButNotOnL4() {
        PageFlashOptionImage g4 = set(set(g474().withBankMode(BankMode.SINGLE), "WRP2B_STRT", 10), "WRP2B_END", 10);
        assertThat(new PageFlashProtection(PageFlashLine.G47X_G48X, 512, g4).writeProtectedSectors())
                .singleElement().satisfies(s -> {
                    assertThat(s.bank()).isEqualTo(1);
                    assertThat(s.size()).isEqualTo(4096);
                    assertThat(s.offset()).isEqualTo(10 * 4096);
                });
        PageFlashOptionImage l4 = PageFlashOptionImage.factory(PageFlashLine.L47X_L48X, 512)
                .withBankMode(BankMode.SINGLE);
        l4 = set(set(l4, "WRP2B_STRT", 10), "WRP2B_END", 10);
        assertThat(new PageFlashProtection(PageFlashLine.L47X_L48X, 512, l4).writeProtectedSectors()).isEmpty();
    }

    @Test
    void pcropIsAGranuleRangeAndOnlyAnRdpRegressionWithPcropRdpRemovesIt() {
        // L476 dual bank: 64-bit granules; 0x100..0x1FF = bank-1 offsets 0x800..0xFFF = page 1
        PageFlashOptionImage img = set(set(PageFlashOptionImage.factory(PageFlashLine.L47X_L48X, 1024),
                "PCROP1_STRT", 0x100), "PCROP1_END", 0x1FF);
        PageFlashProtection p = new PageFlashProtection(PageFlashLine.L47X_L48X, 1024, img);
        assertThat(p.pcropSectors()).extracting(Sector::number).containsExactly(1);
        EraseBlocker b = p.blockers(Scope.mass(p.geometry())).stream().filter(x -> x.kind() == BlockerKind.PCROP)
                .findFirst().orElseThrow();
        assertThat(b.explanation()).contains("PCROP1: bank 1 offsets 0x000800-0x000FFF", "RDERR", "WRPERR");
        assertThat(b.consequence()).contains("WHOLE flash");
        // from level 0: first level 1 with PCROP_RDP = 1, then the regression that removes the area
        assertThat(b.fixSteps()).hasSize(2);
        PageFlashOptionImage first = (PageFlashOptionImage) b.fixSteps().get(0).options();
        assertThat(first.rdpLevel()).isEqualTo(RdpLevel.LEVEL_1);
        PageFlashOptionImage last = (PageFlashOptionImage) b.fixSteps().get(1).options();
        PageFlashProtection after = p.of(last);
        assertThat(last.rdpLevel()).isEqualTo(RdpLevel.LEVEL_0);
        assertThat(after.pcropRdp()).isTrue();
        assertThat(after.pcropSectors()).isEmpty();
    }

    @Test
    void g0HasTwoPcropAreasPerBankIn512ByteUnits() {
        PageFlashOptionImage img = set(set(PageFlashOptionImage.factory(PageFlashLine.G0BX_G0CX, 512),
                "PCROP2B_STRT", 4), "PCROP2B_END", 7);
        PageFlashProtection p = new PageFlashProtection(PageFlashLine.G0BX_G0CX, 512, img);
        assertThat(p.pcropSectors()).singleElement().satisfies(s -> {
            assertThat(s.bank()).isEqualTo(2);
            assertThat(s.number()).isEqualTo(257); // bank-2 offset 0x800..0xFFF = page 1 of bank 2, RM number 257
        });
    }

    @Test
    void rdpLevel1BlocksWithAFixThatMassErasesAndLevel2IsFinal() {
        PageFlashProtection l1 = new PageFlashProtection(PageFlashLine.G47X_G48X, 512, g474().withRdp(0xBB));
        EraseBlocker b = l1.blockers(Scope.mass(l1.geometry())).get(0);
        assertThat(b.kind()).isEqualTo(BlockerKind.READ_PROTECTION);
        assertThat(b.consequence()).contains("mass-erases");
        assertThat(b.fixSteps().get(0).options().rdpLevel()).isEqualTo(RdpLevel.LEVEL_0);
        PageFlashProtection l2 = new PageFlashProtection(PageFlashLine.G47X_G48X, 512, g474().withRdp(0xCC));
        assertThat(l2.blockers(Scope.mass(l2.geometry()))).singleElement()
                .satisfies(x -> assertThat(x.kind()).isEqualTo(BlockerKind.DEBUG_PORT_LOCKED));
    }

    @Test
    void theMapEditsRangesByExtendingShrinkingSplittingOrTakingTheFreeArea() {
        PageFlashProtection p = new PageFlashProtection(PageFlashLine.G47X_G48X, 512, g474());
        FlashGeometry g = p.geometry();
        Sector p3 = g.bank(1).sectors().get(3);
        PageFlashProtection a = p.of(p.withWriteProtection(p3, true));
        assertThat(a.wrpAreas().get(0)).satisfies(x -> assertThat(x.first() + "-" + x.last()).isEqualTo("3-3"));
        for (int i = 4; i <= 8; i++) {
            a = a.of(a.withWriteProtection(g.bank(1).sectors().get(i), true)); // grows WRP1A
        }
        assertThat(PageFlashProtection.pages(a.writeProtectedSectors(), g)).isEqualTo("pages 3-8 of bank 1");
        a = a.of(a.withWriteProtection(g.bank(1).sectors().get(5), false)); // split: WRP1A 3-4, WRP1B 6-8
        assertThat(PageFlashProtection.pages(a.writeProtectedSectors(), g)).isEqualTo("pages 3-4 and 6-8 of bank 1");
        PageFlashProtection full = a;
        assertThatThrownBy(() -> full.withWriteProtection(g.bank(1).sectors().get(20), true))
                .isInstanceOf(InvalidOptionValueException.class).hasMessageContaining("both are in use");
        a = a.of(a.withWriteProtection(g.bank(1).sectors().get(3), false)); // shrinks WRP1A to 4-4
        a = a.of(a.withWriteProtection(g.bank(1).sectors().get(4), false)); // WRP1A disabled
        assertThat(PageFlashProtection.pages(a.writeProtectedSectors(), g)).isEqualTo("pages 6-8 of bank 1");
        // a bank-2 page uses the bank-2 registers
        a = a.of(a.withWriteProtection(g.bank(2).sectors().get(0), true));
        assertThat(a.options().word("WRP2AR") & 0x7F).isZero();
        assertThat(a.isPerSectorField(g474().fields(512).stream().filter(f -> f.name().equals("WRP2B_END"))
                .findFirst().orElseThrow())).isTrue();
    }
}
