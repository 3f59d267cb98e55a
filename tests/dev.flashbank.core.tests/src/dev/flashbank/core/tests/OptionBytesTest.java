package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.Polarity;
import dev.flashbank.family.stm32f7.BootAddress;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields.BorLevel;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;

/**
 * Option-byte encode/decode for every value of every field (CMSIS cmsis_device_f7 masks, STM32F7 HAL OB_* values, the
 * STM32CubeProgrammer option image, RM0410 read protection).
 */
class OptionBytesTest {

    private static final OptionBytes F767 = OptionBytes.factory(Stm32F7Line.F76X_F77X);
    private static final OptionBytes F722 = OptionBytes.factory(Stm32F7Line.F72X_F73X);

    @Test
    void factoryValuesPerLine() {
        // ST's SVD reset values (F76x derived): F76x OPTCR 0xFFFF_AAFD, F72x/F74x 0xC0FF_AAFD (OPTLOCK bit 0 is not an
        // option), OPTCR1 0x0040_0080
        assertThat(F767.optcr()).isEqualTo(0xFFFF_AAFC);
        assertThat(OptionBytes.factory(Stm32F7Line.F74X_F75X).optcr()).isEqualTo(0xC0FF_AAFC);
        assertThat(F722.optcr()).isEqualTo(0xC0FF_AAFC);
        for (OptionBytes o : List.of(F767, F722, OptionBytes.factory(Stm32F7Line.F74X_F75X))) {
            assertThat(o.optcr1()).isEqualTo(0x0040_0080);
            assertThat(o.rdpLevel()).isEqualTo(RdpLevel.LEVEL_0);
            assertThat(o.borLevel()).isEqualTo(BorLevel.OFF);
            assertThat(o.bankMode()).isEqualTo(BankMode.SINGLE);
            assertThat(o.bootAddress0()).isEqualTo(0x0020_0000L); // flash via ITCM (not 0x2000)
            assertThat(o.bootAddress1()).isEqualTo(0x0010_0000L); // system memory
            assertThat(o.wwdgSw() && o.iwdgSw() && o.nRstStop() && o.nRstStdby() && o.iwdgStdby() && o.iwdgStop()).isTrue();
        }
        assertThat(F767.nWrp()).isEqualTo(0xFFF);
        assertThat(F767.nDBoot()).isTrue();
        assertThat(F722.nWrp()).isEqualTo(0xFF);
        assertThat(F722.pcrop()).isZero();
        assertThat(F722.pcropRdp()).isFalse();
        assertThat(OptionBytes.of(Stm32F7Line.F76X_F77X, 0xFFFF_AAFD, 0x0040_0080, 0)).isEqualTo(F767);
    }

    @Test
    void rdpEveryValue() {
        for (int v = 0; v < 256; v++) {
            OptionBytes o = F767.withRdp(v);
            assertThat(o.rdp()).isEqualTo(v);
            assertThat(o.optcr() >>> 8 & 0xFF).isEqualTo(v);
            RdpLevel expected = v == 0xAA ? RdpLevel.LEVEL_0 : v == 0xCC ? RdpLevel.LEVEL_2 : RdpLevel.LEVEL_1;
            assertThat(o.rdpLevel()).as("RDP 0x%02X", v).isEqualTo(expected);
            assertThat(Stm32F7OptionFields.rdpText(v)).startsWith(String.format("0x%02X = level %d", v, expected.number()));
            // other options untouched
            assertThat(o.optcr() & ~0xFF00).isEqualTo(F767.optcr() & ~0xFF00);
        }
        assertThat(Stm32F7OptionFields.rdpText(0xFF)).startsWith("0xFF = level 1: debugger access to flash blocked");
        assertThat(Stm32F7OptionFields.rdpText(0xCC)).contains("IRREVERSIBLE");
        assertThat(RdpLevel.LEVEL_1.debuggerCanAccessFlash()).isFalse();
        assertThat(RdpLevel.LEVEL_1.debugPortEnabled()).isTrue();
        assertThat(RdpLevel.LEVEL_2.debugPortEnabled()).isFalse();
        assertThat(RdpLevel.LEVEL_0.debuggerCanAccessFlash()).isTrue();
        assertThat(RdpLevel.LEVEL_1.effect()).contains("mass-erases");
        assertThat(F767.withRdpLevel(RdpLevel.LEVEL_1).rdp()).isEqualTo(0x55);
        assertThat(F767.withRdpLevel(RdpLevel.LEVEL_2).rdp()).isEqualTo(0xCC);
        assertThat(F767.withRdp(0x12).withRdpLevel(RdpLevel.LEVEL_0).rdp()).isEqualTo(0xAA);
    }

    @Test
    void borLevels() {
        // STM32F7 HAL OB_BOR_LEVEL3/2/1/OFF = 0x00/0x04/0x08/0x0C in OPTCR
        int[] optcrBits = { 0x00, 0x04, 0x08, 0x0C };
        BorLevel[] levels = { BorLevel.LEVEL_3, BorLevel.LEVEL_2, BorLevel.LEVEL_1, BorLevel.OFF };
        for (int i = 0; i < 4; i++) {
            OptionBytes o = F767.withBorLevel(levels[i]);
            assertThat(o.optcr() & 0x0C).isEqualTo(optcrBits[i]);
            assertThat(OptionBytes.of(Stm32F7Line.F76X_F77X, (F767.optcr() & ~0x0C) | optcrBits[i], 0, 0).borLevel())
                    .isEqualTo(levels[i]);
        }
        assertThat(BorLevel.LEVEL_3.text()).contains("2.70-3.60 V");
        assertThat(BorLevel.OFF.text()).contains("off");
    }

    @Test
    void userBitsRoundTripAndPositions() {
        assertThat(F767.withWwdgSw(false).optcr() ^ F767.optcr()).isEqualTo(1 << 4);
        assertThat(F767.withIwdgSw(false).optcr() ^ F767.optcr()).isEqualTo(1 << 5);
        assertThat(F767.withNRstStop(false).optcr() ^ F767.optcr()).isEqualTo(1 << 6);
        assertThat(F767.withNRstStdby(false).optcr() ^ F767.optcr()).isEqualTo(1 << 7);
        assertThat(F767.withNDBoot(false).optcr() ^ F767.optcr()).isEqualTo(1 << 28);
        assertThat(F767.withBankMode(BankMode.DUAL).optcr() ^ F767.optcr()).isEqualTo(1 << 29);
        assertThat(F767.withIwdgStdby(false).optcr() ^ F767.optcr()).isEqualTo(1 << 30);
        assertThat(F767.withIwdgStop(false).optcr() ^ F767.optcr()).isEqualTo(1 << 31);
        assertThat(F767.withIwdgStop(false).iwdgStop()).isFalse();
        assertThat(F767.withBankMode(BankMode.DUAL).bankMode()).isEqualTo(BankMode.DUAL);
        assertThat(F767.withBankMode(BankMode.DUAL).withBankMode(BankMode.SINGLE)).isEqualTo(F767);
        assertThatThrownBy(() -> F722.withNDBoot(false)).isInstanceOf(InvalidOptionValueException.class)
                .hasMessageContaining("nDBOOT");
        assertThatThrownBy(() -> F722.withBankMode(BankMode.DUAL)).isInstanceOf(InvalidOptionValueException.class);
    }

    @ParameterizedTest
    @EnumSource(Stm32F7Line.class)
    void eachNwrpBit(Stm32F7Line line) {
        OptionBytes f = OptionBytes.factory(line);
        int width = line == Stm32F7Line.F76X_F77X ? 12 : 8;
        for (int s = 0; s < width; s++) {
            OptionBytes p = f.withWriteProtection(s, true);
            assertThat(p.optcr() ^ f.optcr()).as("sector %d", s).isEqualTo(1 << (16 + s)); // active low, bit 16+i
            assertThat(p.isWriteProtected(s)).isTrue();
            for (int t = 0; t < width; t++) {
                assertThat(p.isWriteProtected(t)).isEqualTo(t == s);
            }
            assertThat(p.withWriteProtection(s, false)).isEqualTo(f);
        }
        assertThatThrownBy(() -> f.withWriteProtection(width, true)).isInstanceOf(InvalidOptionValueException.class);
    }

    @Test
    void nwrpInDualBankCoversSectorPairs() {
        OptionBytes dual = F767.withBankMode(BankMode.DUAL);
        OptionBytes p = dual.withWriteProtection(13, true);
        assertThat(p.nWrp()).isEqualTo(0xFFF & ~(1 << 6));
        assertThat(p.isWriteProtected(12)).isTrue();
        assertThat(p.isWriteProtected(13)).isTrue();
        assertThat(p.isWriteProtected(14)).isFalse();
        assertThat(p.isWriteProtected(11)).isFalse();
        assertThat(dual.withWriteProtection(1, true).isWriteProtected(0)).isTrue();
    }

    @Test
    void eachPcropBitAndPcropRdp() {
        for (int s = 0; s < 8; s++) {
            OptionBytes p = F722.withPcropProtection(s, true);
            assertThat(p.optcr2()).isEqualTo(1 << s); // active high
            assertThat(p.isPcropProtected(s)).isTrue();
            assertThat(p.isPcropProtected((s + 1) % 8)).isFalse();
            assertThat(p.withPcropProtection(s, false)).isEqualTo(F722);
        }
        assertThat(F722.withPcropRdp(true).optcr2()).isEqualTo(0x8000_0000);
        assertThat(F722.withPcropRdp(true).pcropRdp()).isTrue();
        assertThatThrownBy(() -> F767.withPcropProtection(0, true)).isInstanceOf(InvalidOptionValueException.class)
                .hasMessageContaining("F72x");
        assertThat(F767.isPcropProtected(0)).isFalse();
    }

    /**
     * Boot-capable memory of a 2 MiB F76x, written from CMSIS cmsis_device_f7 and the HAL OB_BOOTADDR_* values (not
     * from the model).
     */
    private static final List<AddressRange> F76X_2M_BOOTABLE = List.of(new AddressRange(0, 16 * 1024),
            new AddressRange(0x0010_0000L, 1), new AddressRange(0x0020_0000L, 2 << 20),
            new AddressRange(0x0800_0000L, 2 << 20), new AddressRange(0x2000_0000L, 128 * 1024),
            new AddressRange(0x2002_0000L, 368 * 1024), new AddressRange(0x2007_C000L, 16 * 1024));

    @Test
    void bootAddEveryValue() {
        int bootable = 0;
        for (int raw = 0; raw <= 0xFFFF; raw++) {
            OptionBytes o = F767.withBootAdd0(raw).withBootAdd1(0xFFFF - raw);
            assertThat(o.bootAdd0()).isEqualTo(raw);
            assertThat(o.bootAdd1()).isEqualTo(0xFFFF - raw);
            long address = (long) raw << 14;
            assertThat(o.bootAddress0()).isEqualTo(address);
            String text = BootAddress.describe(raw, Stm32F7Line.F76X_F77X, 2048, Optional.of(BankMode.DUAL));
            assertThat(text).startsWith(String.format("0x%08X: ", address));
            boolean expectBootable = F76X_2M_BOOTABLE.stream().anyMatch(r -> r.contains(address));
            if (expectBootable) {
                bootable++;
                assertThat(o.withBootAddress0(address, 2048).bootAdd0()).isEqualTo(raw);
                assertThat(text).doesNotContain("not boot-capable");
            } else {
                assertThatThrownBy(() -> F767.withBootAddress0(address, 2048))
                        .isInstanceOf(InvalidOptionValueException.class).hasMessageContaining("not boot-capable");
                assertThat(text).contains("not boot-capable");
            }
        }
        assertThat(bootable).isEqualTo(1 + 1 + 128 + 128 + 8 + 23 + 1);
    }

    @Test
    void bootAddTextsAndValidation() {
        Optional<BankMode> dual = Optional.of(BankMode.DUAL);
        Stm32F7Line f76 = Stm32F7Line.F76X_F77X;
        assertThat(BootAddress.describe(0x2040, f76, 2048, dual)).isEqualTo("0x08100000: flash bank 2 via AXIM");
        assertThat(BootAddress.describe(0x2000, f76, 2048, dual)).isEqualTo("0x08000000: flash bank 1 via AXIM");
        assertThat(BootAddress.describe(0x00C0, f76, 2048, dual)).isEqualTo("0x00300000: flash bank 2 via ITCM");
        assertThat(BootAddress.describe(0x0080, f76, 2048, Optional.of(BankMode.SINGLE)))
                .isEqualTo("0x00200000: flash via ITCM");
        assertThat(BootAddress.describe(0x2040, f76, 2048, Optional.empty())).startsWith("0x08100000: flash bank 2 via AXIM (dual-bank mode");
        assertThat(BootAddress.describe(0x0040, f76, 2048, dual)).isEqualTo("0x00100000: system memory (ROM bootloader)");
        assertThat(BootAddress.describe(0x0000, f76, 2048, dual)).isEqualTo("0x00000000: ITCM RAM");
        assertThat(BootAddress.describe(0x8000, f76, 2048, dual)).isEqualTo("0x20000000: DTCM RAM");
        assertThat(BootAddress.describe(0x8004, Stm32F7Line.F72X_F73X, 512, Optional.empty())).isEqualTo("0x20010000: SRAM1");
        assertThat(BootAddress.describe(0x800F, Stm32F7Line.F72X_F73X, 512, Optional.empty())).isEqualTo("0x2003C000: SRAM2");
        assertThat(BootAddress.describe(0x8013, Stm32F7Line.F74X_F75X, 1024, Optional.empty())).isEqualTo("0x2004C000: SRAM2");
        // 1 MiB dual bank: bank 2 at 0x0808_0000 (STM32CubeProgrammer device database)
        assertThat(BootAddress.describe(0x2020, f76, 1024, dual)).isEqualTo("0x08080000: flash bank 2 via AXIM");
        // a user's image at 0x0812_0000 with BOOT_ADD pointing there
        OptionBytes d = F767.withBankMode(BankMode.DUAL);
        assertThat(d.withBootAddress0(0x0812_0000L, 2048).bootAdd0()).isEqualTo(0x2048);
        // the unit mistakes users make
        assertThatThrownBy(() -> d.withBootAddress0(0x0081, 2048)).isInstanceOf(InvalidOptionValueException.class)
                .hasMessageContaining("16 KiB aligned");
        assertThatThrownBy(() -> d.withBootAddress0(0x0810_0100L, 2048)).hasMessageContaining("16 KiB aligned");
        assertThatThrownBy(() -> d.withBootAddress1(0x0820_0000L, 2048)).hasMessageContaining("not boot-capable")
                .hasMessageContaining("BOOT_ADD1");
        assertThatThrownBy(() -> d.withBootAddress0(0x4000_0000L, 2048)).hasMessageContaining("cannot be encoded");
        // F730: only 64 KiB of flash is boot-capable
        assertThatThrownBy(() -> OptionBytes.factory(Stm32F7Line.F72X_F73X).withBootAddress0(0x0801_0000L, 64))
                .isInstanceOf(InvalidOptionValueException.class);
    }

    @Test
    void optionImageMatchesTheRealF767Dump() {
        // a dual-bank F767's option image as dumped by a user on ST's community forum: 0x1FFF_0000 = 0x5500_AAFF, +8 =
        // 0x2000_DFFF, +0x10 = 0xFF7F_0080, +0x18 = 0xFFBF_0040
        OptionBytes dual = F767.withBankMode(BankMode.DUAL);
        assertThat(dual.imageWords()).containsExactly(0x5500_AAFF, 0x2000_DFFF, 0xFF7F_0080, 0xFFBF_0040);
        assertThat(OptionBytes.imageWordAddress(0)).isEqualTo(0x1FFF_0000L);
        assertThat(OptionBytes.imageWordAddress(3)).isEqualTo(0x1FFF_0018L);
        assertThat(OptionBytes.fromImage(Stm32F7Line.F76X_F77X, dual.imageWords(), 0)).isEqualTo(dual);
        OptionBytes odd = F767.withRdp(0x55).withWriteProtection(3, true).withBootAdd0(0x2040);
        assertThat(OptionBytes.fromImage(Stm32F7Line.F76X_F77X, odd.imageWords(), 0)).isEqualTo(odd);
        assertThatThrownBy(() -> OptionBytes.fromImage(Stm32F7Line.F76X_F77X,
                new int[] { 0x5500_AAFF, 0x2000_DFFF, 0xFF7F_0080, 0xFFBF_0041 }, 0))
                .isInstanceOf(InvalidOptionValueException.class).hasMessageContaining("0x1FFF0018");
        assertThat(F722.withPcrop(0x05).withPcropRdp(true).optcr2ImageWords()).containsExactly(0xFFFA_0005, 0x7FFF_8000);
    }

    @ParameterizedTest
    @EnumSource(Stm32F7Line.class)
    void everyOptionFieldRoundTripsEveryValueWithText(Stm32F7Line line) {
        Stm32F7Descriptor d = Stm32F7Descriptor.of(line);
        OptionBytes base = d.factoryOptionBytes();
        for (BankMode mode : d.bankModes(line.maxFlashSizeKiB())) {
            List<OptionField> fields = d.optionFields(line.maxFlashSizeKiB(), mode);
            assertThat(fields).extracting(OptionField::name).doesNotHaveDuplicates()
                    .contains("RDP", "BOR_LEV", "WWDG_SW", "IWDG_SW", "nRST_STOP", "nRST_STDBY", "nWRP0",
                            "IWDG_STDBY", "IWDG_STOP", "BOOT_ADD0", "BOOT_ADD1");
            for (OptionField f : fields) {
                assertThat(f.explanation()).as(f.name()).isNotBlank();
                Set<String> texts = new HashSet<>();
                int max = (int) f.bits().maxValue();
                for (int v = 0; v <= max; v++) {
                    OptionBytes o = base.with(f, v);
                    assertThat(o.get(f)).as("%s = %d", f.name(), v).isEqualTo(v);
                    String text = f.describe(v);
                    assertThat(text).as("%s = %d", f.name(), v).isNotBlank();
                    texts.add(text);
                }
                if (!f.name().startsWith("BOOT_ADD") && !f.name().equals("RDP")) {
                    assertThat(texts).as("distinct texts of " + f.name()).hasSize(max + 1);
                }
            }
        }
        List<OptionField> fields = d.optionFields();
        assertThat(fields.stream().filter(f -> f.name().startsWith("nWRP")).map(OptionField::polarity))
                .containsOnly(Polarity.ACTIVE_LOW);
        assertThat(fields.stream().anyMatch(f -> f.name().equals("nDBANK"))).isEqualTo(line.dualBankCapable());
        assertThat(fields.stream().anyMatch(f -> f.name().equals("PCROP_RDP"))).isEqualTo(line.hasPcrop());
        assertThat(fields.stream().filter(f -> f.name().startsWith("PCROP") && !f.name().equals("PCROP_RDP"))
                .map(OptionField::polarity)).allMatch(p -> p == Polarity.ACTIVE_HIGH);
    }

    @Test
    void sectorTextsFollowBankModeAndSize() {
        Stm32F7Descriptor d = Stm32F7Descriptor.of(Stm32F7Line.F76X_F77X);
        OptionField dualBit6 = d.optionFields(2048, BankMode.DUAL).stream().filter(f -> f.name().equals("nWRP6"))
                .findFirst().orElseThrow();
        assertThat(dualBit6.describe(0)).isEqualTo("0 = sectors 12 and 13 write-protected");
        OptionField single1M = d.optionFields(1024, BankMode.SINGLE).stream().filter(f -> f.name().equals("nWRP9"))
                .findFirst().orElseThrow();
        assertThat(single1M.describe(0)).contains("no sector");
        OptionField pcropRdp = Stm32F7Descriptor.of(Stm32F7Line.F72X_F73X).optionFields().stream()
                .filter(f -> f.name().equals("PCROP_RDP")).findFirst().orElseThrow();
        assertThat(pcropRdp.describe(1)).contains("erased");
        OptionField flipped = Stm32F7OptionFields.of(Stm32F7Line.F72X_F73X, 512, BankMode.SINGLE,
                Stm32F7Parameters.defaults().toBuilder().pcropRdpSetMeansErase(false).build()).stream()
                .filter(f -> f.name().equals("PCROP_RDP")).findFirst().orElseThrow();
        assertThat(flipped.describe(1)).contains("preserved");
    }
}
