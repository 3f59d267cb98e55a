package dev.flashbank.family.pageflash.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.family.pageflash.PageFlashDescriptor;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashOptionDiff;
import dev.flashbank.family.pageflash.PageFlashOptionFields;
import dev.flashbank.family.pageflash.PageFlashOptionImage;
import dev.flashbank.family.pageflash.PageFlashParameters;

/** Option fields, the option image and the risk of option changes on the page-flash lines. */
class PageFlashOptionsTest {

    private static OptionField field(List<OptionField> fields, String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no field " + name + " in " + fields.stream().map(OptionField::name).toList()));
    }

    private static PageFlashOptionImage g474() {
        return PageFlashOptionImage.factory(PageFlashLine.G47X_G48X, 512);
    }

    @Test
    void factoryG474IsLevel0DualBankWithoutWrpOrPcropAreas() {
        PageFlashOptionImage img = g474();
        assertThat(img.optr()).isEqualTo(0xFFEF_F8AA);
        assertThat(img.rdpLevel()).isEqualTo(RdpLevel.LEVEL_0);
        assertThat(img.bankMode()).isEqualTo(BankMode.DUAL);
        assertThat(img.bfb2()).isFalse();
        List<OptionField> fields = img.fields(512);
        OptionField wrp1aStart = field(fields, "WRP1A_STRT");
        assertThat(img.describe(wrp1aStart)).contains("area disabled");
        assertThat(img.describe(field(fields, "PCROP1_END"))).contains("area disabled");
        assertThat(img.registerNames()).containsExactly("OPTR", "PCROP1SR", "PCROP1ER", "WRP1AR", "WRP1BR",
                "PCROP2SR", "PCROP2ER", "WRP2AR", "WRP2BR", "SEC1R", "SEC2R");
    }

    @Test
    void everyFieldHasAGroupTheEditorShowsAndFieldsComeFromTheRegisters() {
        for (PageFlashLine line : PageFlashLine.values()) {
            PageFlashDescriptor d = PageFlashDescriptor.of(line);
            for (OptionField f : d.optionFields()) {
                assertThat(d.optionGroup(f)).as(line + " " + f.name()).isPresent();
                assertThat(f.explanation()).as(line + " " + f.name()).hasSizeGreaterThan(15);
                assertThat(d.registers().flash().register(f.register()).field(f.name()))
                        .as("same bits as the register model").isEqualTo(f.bits());
            }
        }
        assertThat(PageFlashOptionFields.groupOf("BFB2")).isEqualTo(PageFlashOptionFields.Group.BANKS);
        assertThat(PageFlashOptionFields.groupOf("WRP2B_END")).isEqualTo(PageFlashOptionFields.Group.WRITE_PROTECTION);
        assertThat(PageFlashOptionFields.groupOf("PCROP1A_STRT")).isEqualTo(PageFlashOptionFields.Group.PCROP);
    }

    @Test
    void rdpIsParsedStrictlyAndLevel2IsIrreversible() {
        List<OptionField> fields = g474().fields(512);
        OptionField rdp = field(fields, "RDP");
        assertThat(rdp.parse("level2", false)).isEqualTo(0xCC);
        assertThat(rdp.parse("0xAA", false)).isEqualTo(0xAA);
        assertThatThrownBy(() -> rdp.parse("0", false)).isInstanceOf(InvalidOptionValueException.class)
                .hasMessageContaining("Did you mean 0xAA");
        PageFlashOptionImage level2 = g474().withRdp(0xCC);
        List<OptionChange> changes = diff(g474(), level2);
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.risk()).isEqualTo(RiskClass.IRREVERSIBLE);
            assertThat(c.consequence()).contains("IRREVERSIBLE");
        });
    }

    @Test
    void rdpRegressionAndBankModeChangesEraseFlashAndBfb2NeedsTheNextOptionLoad() {
        PageFlashOptionImage level1 = g474().withRdp(0xBB);
        assertThat(OptionChange.overallRisk(diff(level1, g474()))).isEqualTo(RiskClass.ERASES_FLASH);
        assertThat(diff(level1, g474()).get(0).consequence()).contains("mass-erases", "PCROP_RDP = 0");
        PageFlashOptionImage single = g474().withBankMode(BankMode.SINGLE);
        assertThat(single.bankMode()).isEqualTo(BankMode.SINGLE);
        assertThat(Integer.toHexString(single.optr())).isEqualTo("ffaff8aa");
        assertThat(diff(g474(), single)).singleElement().satisfies(c -> {
            assertThat(c.option()).isEqualTo("DBANK");
            assertThat(c.risk()).isEqualTo(RiskClass.ERASES_FLASH);
            assertThat(c.consequence()).contains("4 KiB pages");
        });
        OptionField bfb2 = field(g474().fields(512), "BFB2");
        List<OptionChange> swap = diff(g474(), g474().with(bfb2, 1));
        assertThat(swap).singleElement().satisfies(c -> {
            assertThat(c.risk()).isEqualTo(RiskClass.NEEDS_RESET);
            assertThat(c.consequence()).contains("next option load", "VTOR");
        });
    }

    @Test
    void aBankModeBitOfAnotherSizeHasNoEffectAndAFixedBankModeIsRefused() {
        PageFlashOptionImage l4r2m = PageFlashOptionImage.factory(PageFlashLine.L4RX_L4SX, 2048);
        OptionField db1m = field(l4r2m.fields(2048), "DB1M");
        assertThat(db1m.describe(0)).contains("no effect");
        List<OptionChange> c = PageFlashOptionDiff.diff(PageFlashLine.L4RX_L4SX, 2048, l4r2m.fields(2048), l4r2m,
                l4r2m.with(db1m, 0), PageFlashParameters.defaults());
        assertThat(c).singleElement().extracting(OptionChange::risk).isEqualTo(RiskClass.SAFE);
        PageFlashOptionImage l476 = PageFlashOptionImage.factory(PageFlashLine.L47X_L48X, 1024);
        assertThatThrownBy(() -> l476.withBankMode(BankMode.SINGLE)).isInstanceOf(InvalidOptionValueException.class)
                .hasMessageContaining("always runs in dual-bank mode");
    }

    @Test
    void g0b1HasTwoPcropAreasPerBankNSwapBankAndTheSwapReadsFromOptr() {
        PageFlashOptionImage g0 = PageFlashOptionImage.factory(PageFlashLine.G0BX_G0CX, 512);
        List<OptionField> fields = g0.fields(512);
        assertThat(fields).extracting(OptionField::name).contains("PCROP1A_STRT", "PCROP1B_END", "PCROP2B_STRT",
                "nSWAP_BANK", "DUAL_BANK", "BORF_LEV", "SEC_SIZE2");
        assertThat(g0.swapBank()).isFalse();
        OptionField nswap = field(fields, "nSWAP_BANK");
        PageFlashOptionImage swapped = g0.with(nswap, 0);
        assertThat(swapped.swapBank()).isTrue();
        assertThat(Integer.toHexString(swapped.optr())).isEqualTo("ffeffeaa");
        assertThat(diff(PageFlashLine.G0BX_G0CX, 512, g0, swapped)).singleElement()
                .satisfies(c -> assertThat(c.consequence()).contains("physical bank 2 is at 0x08000000"));
        assertThat(field(fields, "BORF_LEV").parse("FALLING_2", false)).isEqualTo(2);
        assertThatThrownBy(() -> field(fields, "BORF_LEV").parse("2", false))
                .isInstanceOf(InvalidOptionValueException.class).hasMessageContaining("ambiguous");
    }

    @Test
    void wrpRangesNameThePagesOfThePhysicalBank() {
        List<OptionField> fields = g474().fields(512);
        OptionField end = field(fields, "WRP2A_END");
        assertThat(end.describe(5)).isEqualTo("5 = page 5 of PHYSICAL bank 2");
        assertThat(end.explanation()).contains("PHYSICAL bank 2");
        PageFlashOptionImage protectedImg = g474().with(field(fields, "WRP1A_STRT"), 0).with(field(fields,
                "WRP1A_END"), 3);
        assertThat(protectedImg.describe(field(fields, "WRP1A_END"))).isEqualTo("3 = page 3 of PHYSICAL bank 1");
        assertThat(diff(g474(), protectedImg)).extracting(OptionChange::risk).containsOnly(RiskClass.NEEDS_RESET);
        // single bank on G4: the bank-2 WRP registers protect pages of the one bank as well
        assertThat(field(PageFlashOptionFields.of(PageFlashLine.G47X_G48X, 512, BankMode.SINGLE), "WRP2A_STRT")
                .explanation()).contains("applies too");
    }

    @Test
    void onlyTheErasedOptrOfAMismatchedOptionLoadIsTheSignatureOfAnInterruptedWrite() {
        assertThat(g474().interruptedWriteSignature()).isEmpty();
        assertThat(g474().withRdp(0xBB).interruptedWriteSignature()).as("a deliberate level 1").isEmpty();
        PageFlashOptionImage cut = g474().withWord("OPTR", 0xFFFF_FFFF).withWord("WRP1AR", 0x007F_0000);
        assertThat(cut.rdpLevel()).isEqualTo(RdpLevel.LEVEL_1);
        assertThat(cut.interruptedWriteSignature()).hasValueSatisfying(s -> assertThat(s).contains("0xFFFFFFFF",
                "1 WRP area(s)"));
    }

    @ParameterizedTest
    @EnumSource(PageFlashLine.class)
    void everyVariantHasAFactoryImageWhoseFieldsDescribeEveryValueTheyHold(PageFlashLine line) {
        for (int kib : line.flashSizesKiB()) {
            PageFlashOptionImage img = PageFlashOptionImage.factory(line, kib);
            assertThat(img.bankMode()).isIn(PageFlashDescriptor.of(line).bankModes(kib));
            for (OptionField f : img.fields(kib)) {
                assertThat(img.describe(f)).as(line + " " + kib + " " + f.name()).isNotBlank();
            }
        }
    }

    private static List<OptionChange> diff(PageFlashOptionImage a, PageFlashOptionImage b) {
        return diff(PageFlashLine.G47X_G48X, 512, a, b);
    }

    private static List<OptionChange> diff(PageFlashLine line, int kib, PageFlashOptionImage a,
            PageFlashOptionImage b) {
        return PageFlashOptionDiff.diff(line, kib, a.fields(kib), a, b, PageFlashParameters.defaults());
    }
}
