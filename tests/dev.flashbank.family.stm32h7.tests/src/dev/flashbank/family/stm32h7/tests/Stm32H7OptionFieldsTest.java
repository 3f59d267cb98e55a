package dev.flashbank.family.stm32h7.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.Polarity;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.Stm32H7Line;
import dev.flashbank.family.stm32h7.Stm32H7OptionDiff;
import dev.flashbank.family.stm32h7.Stm32H7OptionFields;
import dev.flashbank.family.stm32h7.Stm32H7OptionFields.Group;
import dev.flashbank.family.stm32h7.Stm32H7OptionImage;
import dev.flashbank.family.stm32h7.Stm32H7Parameters;
import dev.flashbank.family.stm32h7.Stm32H7Registers;

/** Option fields: strict value syntax, per-sector WPSN, BOOT_ADDx encoding, factory values, groups and risks. */
class Stm32H7OptionFieldsTest {

    private static final Stm32H7Descriptor H743 = Stm32H7Descriptor.of(Stm32H7Line.H74X_H75X);
    private static final List<OptionField> FIELDS = H743.optionFields(2048);

    private static OptionField field(String name) {
        return FIELDS.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private static Stm32H7OptionImage factory() {
        return Stm32H7OptionImage.factory(H743, 2048);
    }

    @Test
    void rdpTakesLevelsOrTheTwoExactBytesAndRefusesAmbiguousBytes() {
        OptionField rdp = field("RDP");
        assertThat(rdp.register()).isEqualTo("OPTSR_PRG");
        assertThat(rdp.bits().lsb()).isEqualTo(8);
        assertThat(rdp.parse("level0", false)).isEqualTo(0xAA);
        assertThat(rdp.parse("Level 1", false)).isEqualTo(0x55);
        assertThat(rdp.parse("level2", false)).isEqualTo(0xCC);
        assertThat(rdp.parse("0xAA", false)).isEqualTo(0xAA);
        assertThat(rdp.parse("0xcc", false)).isEqualTo(0xCC);
        assertThatThrownBy(() -> rdp.parse("0", false)).isInstanceOf(InvalidOptionValueException.class)
                .hasMessageContaining("Did you mean 0xAA");
        assertThatThrownBy(() -> rdp.parse("0x12", false)).isInstanceOf(InvalidOptionValueException.class)
                .hasMessageContaining("--raw");
        assertThat(rdp.parse("0x12", true)).isEqualTo(0x12);
        assertThatThrownBy(() -> rdp.parse("0x100", true)).isInstanceOf(InvalidOptionValueException.class)
                .hasMessageContaining("one byte");
        assertThatThrownBy(() -> rdp.parse("high", false)).isInstanceOf(InvalidOptionValueException.class)
                .hasMessageContaining("level0");
        assertThat(rdp.describe(0xFF)).contains("level 1", "NOT level 0");
    }

    @Test
    void borLevAndStRamSizeTakeNamesOrExactEncodings() {
        OptionField bor = field("BOR_LEV");
        assertThat(bor.parse("OFF", false)).isZero();
        assertThat(bor.parse("level_3", false)).isEqualTo(0b11);
        assertThat(bor.parse("0b10", false)).isEqualTo(0b10);
        assertThatThrownBy(() -> bor.parse("1", false)).isInstanceOf(InvalidOptionValueException.class)
                .hasMessageContaining("ambiguous");
        assertThat(bor.describe(0b01)).contains("2.1 V");
        OptionField ram = field("ST_RAM_SIZE");
        assertThat(ram.parse("16K", false)).isEqualTo(0b11);
        assertThat(ram.describe(0)).contains("2KiB");
    }

    @Test
    void writeProtectionIsOneActiveLowBitPerSectorPerBank() {
        List<OptionField> wrp = FIELDS.stream().filter(f -> f.name().startsWith("WRPSN")).toList();
        assertThat(wrp).hasSize(16);
        OptionField b2s5 = field("WRPSN2_5");
        assertThat(b2s5.register()).isEqualTo("WPSN_PRG2R");
        assertThat(b2s5.polarity()).isEqualTo(Polarity.ACTIVE_LOW);
        assertThat(b2s5.bits().mask()).isEqualTo(1 << 5);
        assertThat(b2s5.describe(0)).isEqualTo("0 = sector 5 of bank 2 write-protected");
        Stm32H7OptionImage img = factory().with(b2s5, 0);
        assertThat(img.word("WPSN_PRG2R")).isEqualTo(0xDF);
        assertThat(img.word("WPSN_PRG1R")).isEqualTo(0xFF);
        assertThat(b2s5.parse("0", false)).isZero();
        assertThatThrownBy(() -> b2s5.parse("yes", false)).isInstanceOf(InvalidOptionValueException.class);
        // 1 MiB: bits 4-7 cover no sector
        assertThat(H743.optionFields(1024).stream().filter(f -> f.name().equals("WRPSN1_6")).findFirst()
                .orElseThrow().describe(0)).contains("no sector");
        // H7A/B: one bit per 4 sectors, 32 bits per bank
        List<OptionField> h7a = Stm32H7Descriptor.of(Stm32H7Line.H7AX_H7BX).optionFields(2048);
        assertThat(h7a.stream().filter(f -> f.name().startsWith("WRPSN1_")).count()).isEqualTo(32);
        assertThat(h7a.stream().filter(f -> f.name().equals("WRPSN2_31")).findFirst().orElseThrow().describe(0))
                .contains("sectors 124-127 of bank 2");
    }

    @Test
    void bootAddressesAreWrittenAsAddressesAndStoredAsAddressShiftedBy16() {
        OptionField add0 = field("BOOT_ADD0");
        OptionField add1 = field("BOOT_ADD1");
        assertThat(add0.register()).isEqualTo("BOOT_PRGR");
        assertThat(add0.parse("0x08000000", false)).isEqualTo(0x0800);
        assertThat(add1.parse("0x1FF00000", false)).isEqualTo(0x1FF0);
        assertThat(add0.parse("0x2401_0000", false)).isEqualTo(0x2401);
        assertThat(add0.describe(0x0810)).isEqualTo("0x0810 = boot at 0x08100000 (user flash)");
        assertThatThrownBy(() -> add0.parse("0x0800", false)).isInstanceOf(InvalidOptionValueException.class)
                .hasMessageContaining("ADDRESS").hasMessageContaining("0x08000000");
        assertThatThrownBy(() -> add0.parse("0x08001000", false)).isInstanceOf(InvalidOptionValueException.class)
                .hasMessageContaining("64 KiB");
        assertThatThrownBy(() -> add0.parse("0x40000000", false)).isInstanceOf(InvalidOptionValueException.class)
                .hasMessageContaining("0x3FFF0000");
        Stm32H7OptionImage img = factory().with(add1, add1.parse("0x08100000", false));
        assertThat(img.word("BOOT_PRGR")).isEqualTo(0x0810_0800);
    }

    /** The factory option values of RM0433 §4.4 as the model's defaults state them. */
    @Test
    void factoryOptionValues() {
        Stm32H7OptionImage f = factory();
        assertThat(f.rdpLevel()).isEqualTo(RdpLevel.LEVEL_0);
        assertThat(f.get(field("BOR_LEV"))).isZero();
        assertThat(f.get(field("IWDG1_SW"))).isEqualTo(1);
        assertThat(f.get(field("NRST_STOP_D1"))).isEqualTo(1);
        assertThat(f.get(field("NRST_STBY_D1"))).isEqualTo(1);
        assertThat(f.get(field("FZ_IWDG_STOP"))).isEqualTo(1);
        assertThat(f.get(field("FZ_IWDG_SDBY"))).isEqualTo(1);
        assertThat(f.get(field("SECURITY"))).isZero();
        assertThat(f.get(field("SWAP_BANK_OPT"))).isZero();
        assertThat(f.get(field("IO_HSLV"))).isZero();
        assertThat(f.word("WPSN_PRG1R")).isEqualTo(0xFF);
        assertThat(f.word("WPSN_PRG2R")).isEqualTo(0xFF);
        assertThat(f.word("PRAR_PRG1")).isEqualTo(0x0000_00FF);
        assertThat(f.word("SCAR_PRG2")).isEqualTo(0x8000_00FF);
        assertThat(f.word("BOOT_PRGR")).isEqualTo(0x1FF0_0800);
        assertThat(f.get(field("BOOT_ADD0"))).isEqualTo(0x0800);
        assertThat(f.get(field("BOOT_ADD1"))).isEqualTo(0x1FF0);
        assertThat(f.get(field("PROT_AREA_START1"))).isGreaterThan(f.get(field("PROT_AREA_END1"))); // no PCROP
        assertThat(f.get(field("DMES1"))).isEqualTo(1);
        assertThat(f.swapBankAfterReset()).isFalse();
        assertThat(f.bankMode()).isEqualTo(BankMode.DUAL);
        // the _CUR registers reset to the same values: OPTSR_CUR read back gives the factory image
        Stm32H7Registers r = H743.registers();
        assertThat(r.optsrCur().resetValue()).isEqualTo(r.optsrPrg().resetValue());
        assertThat(Stm32H7OptionImage.fromCurrent(r, BankMode.DUAL, r.programRegisters().stream().collect(
                Collectors.toMap(p -> r.currentOf(p).name(), p -> r.currentOf(p).resetValue())))).isEqualTo(f);
        // H7A/B: WPSN is 32 bits wide, all 1 = nothing protected
        assertThat(Stm32H7OptionImage.factory(Stm32H7Descriptor.of(Stm32H7Line.H7AX_H7BX), 2048).word("WPSN_PRG1R"))
                .isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void readingOptsrCurDropsTheStatusBitsAndKeepsUnknownBits() {
        Stm32H7Registers r = H743.registers();
        Map<String, Integer> cur = r.programRegisters().stream().collect(Collectors.toMap(p -> r.currentOf(p).name(),
                p -> r.currentOf(p).resetValue()));
        cur.put("OPTSR_CUR", 0x001E_AAD0 | 1 | 1 << 30 | 1 << 26); // OPT_BUSY, OPTCHANGEERR, unnamed bit 26
        Stm32H7OptionImage img = Stm32H7OptionImage.fromCurrent(r, BankMode.DUAL, cur);
        assertThat(img.word("OPTSR_PRG")).isEqualTo(0x001E_AAD0 | 1 << 26);
        assertThatThrownBy(() -> img.word("OPTCR")).isInstanceOf(InvalidOptionValueException.class)
                .hasMessageContaining("OPTSR_PRG");
    }

    @Test
    void everyFieldHasAGroupAndNamesAreUnique() {
        for (Stm32H7Line line : Stm32H7Line.values()) {
            Stm32H7Descriptor d = Stm32H7Descriptor.of(line);
            for (int kib : d.flashSizesKiB()) {
                List<OptionField> fields = d.optionFields(kib);
                assertThat(fields.stream().map(OptionField::name)).doesNotHaveDuplicates();
                fields.forEach(f -> assertThat(Stm32H7OptionFields.groupOf(f.name())).isNotNull());
                fields.forEach(f -> assertThat(d.registers().flash().hasRegister(f.register())).as(f.name()).isTrue());
                // every value of every field has a text (the editor lists them)
                fields.stream().filter(f -> f.bits().width() <= 8).forEach(f -> {
                    for (int v = 0; v <= f.bits().maxValue(); v++) {
                        assertThat(f.describe(v)).isNotBlank();
                    }
                });
            }
        }
        assertThat(Stm32H7OptionFields.groupOf("WRPSN2_3")).isEqualTo(Group.WRITE_PROTECTION);
        assertThat(Stm32H7OptionFields.groupOf("DMEP1")).isEqualTo(Group.PCROP);
        assertThat(Stm32H7OptionFields.groupOf("SEC_AREA_END2")).isEqualTo(Group.SECURE_AREA);
        assertThat(Stm32H7OptionFields.groupOf("SWAP_BANK_OPT")).isEqualTo(Group.BANK_SWAP);
        assertThatThrownBy(() -> Stm32H7OptionFields.groupOf("nWRP3")).isInstanceOf(IllegalArgumentException.class);
        Set<String> h750 = H743.optionFields(128).stream().map(OptionField::name).collect(Collectors.toSet());
        assertThat(h750).contains("WRPSN1_0").doesNotContain("WRPSN2_0", "PROT_AREA_START2");
        assertThat(Stm32H7Descriptor.of(Stm32H7Line.H72X_H73X).optionFields(1024)).extracting(OptionField::name)
                .contains("NRST_STOP_D2", "TCM_AXI_SHARED").doesNotContain("SWAP_BANK_OPT");
    }

    @Test
    void risksFollowTheF7Classes() {
        Stm32H7Parameters p = H743.stm32H7Parameters();
        Stm32H7OptionImage f = factory();
        Stm32H7OptionImage level1 = f.with(field("RDP"), 0x55);
        assertThat(risk(f, f.with(field("RDP"), 0xCC), p)).isEqualTo(RiskClass.IRREVERSIBLE);
        List<OptionChange> regression = Stm32H7OptionDiff.diff(FIELDS, level1, f, p);
        assertThat(regression).singleElement().satisfies(c -> {
            assertThat(c.risk()).isEqualTo(RiskClass.ERASES_FLASH);
            assertThat(c.consequence()).contains("mass-erases", "DMEP/DMES");
        });
        assertThat(risk(f, level1, p)).isEqualTo(RiskClass.NEEDS_RESET);
        assertThat(risk(f, f.with(field("SECURITY"), 1), p)).isEqualTo(RiskClass.IRREVERSIBLE);
        assertThat(risk(f, f.with(field("SECURITY"), 1), p.toBuilder().securityIrreversible(false).build()))
                .isEqualTo(RiskClass.NEEDS_RESET);
        assertThat(risk(f, f.with(field("SWAP_BANK_OPT"), 1), p)).isEqualTo(RiskClass.NEEDS_RESET);
        assertThat(risk(f, f.with(field("WRPSN1_0"), 0), p)).isEqualTo(RiskClass.SAFE);
        assertThat(risk(f, f.with(field("BOOT_ADD0"), 0x0810), p)).isEqualTo(RiskClass.NEEDS_RESET);
        // adding a PCROP area is not erasing; changing an existing one needs a bank erase
        Stm32H7OptionImage pcrop = f.with(field("PROT_AREA_START1"), 0).with(field("PROT_AREA_END1"), 0x10);
        assertThat(risk(f, pcrop, p)).isEqualTo(RiskClass.NEEDS_RESET);
        assertThat(risk(pcrop, pcrop.with(field("PROT_AREA_END1"), 0x20), p)).isEqualTo(RiskClass.ERASES_FLASH);
        assertThat(Stm32H7OptionDiff.diff(FIELDS, f, f, p)).isEmpty();
    }

    private static RiskClass risk(Stm32H7OptionImage a, Stm32H7OptionImage b, Stm32H7Parameters p) {
        return Stm32H7OptionDiff.overallRisk(Stm32H7OptionDiff.diff(FIELDS, a, b, p));
    }
}
