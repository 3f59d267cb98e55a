package dev.flashbank.family.stm32h7.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.DeviceId;
import dev.flashbank.core.device.DeviceRegistry;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.core.device.UnknownModelElementException;
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.Stm32H7Geometry;
import dev.flashbank.family.stm32h7.Stm32H7Line;
import dev.flashbank.family.stm32h7.Stm32H7Registers;

/** Lines, identification, geometry (per-bank sectors, the xG hole, 8 KiB H7A/B sectors) and memory map. */
class Stm32H7DescriptorTest {

    private static final Stm32H7Descriptor H743 = Stm32H7Descriptor.of(Stm32H7Line.H74X_H75X);
    private static final Stm32H7Descriptor H723 = Stm32H7Descriptor.of(Stm32H7Line.H72X_H73X);
    private static final Stm32H7Descriptor H7A3 = Stm32H7Descriptor.of(Stm32H7Line.H7AX_H7BX);

    @Test
    void eachLineHasItsOwnDevIdAndTheRegistryIdentifiesThem() throws Exception {
        DeviceRegistry registry = new DeviceRegistry(Stm32H7Descriptor.all());
        assertThat(registry.require(0x450)).isSameAs(registry.descriptors().get(0));
        assertThat(registry.require(0x450).referenceManual()).isEqualTo("RM0433");
        assertThat(registry.require(0x483).referenceManual()).isEqualTo("RM0468");
        assertThat(registry.require(0x480).referenceManual()).isEqualTo("RM0455");
        IdentifiedDevice d = registry.identify(0x450, 2048);
        assertThat(d.name()).startsWith("STM32H742/H743").endsWith("(2 MiB)").doesNotContain("H750");
        assertThat(registry.identify(0x450, 128).name()).isEqualTo("STM32H750 (128 KiB)");
        assertThatThrownBy(() -> registry.identify(0x450, 512)).isInstanceOf(UnknownDeviceException.class)
                .hasMessageContaining("512 KiB");
        assertThatThrownBy(() -> registry.require(0x451)).isInstanceOf(UnknownDeviceException.class)
                .hasMessageContaining("0x451");
    }

    @Test
    void orderCodesPickTheVariantAndValueLinesExistOnlyWith128KiB() throws Exception {
        DeviceRegistry registry = new DeviceRegistry(Stm32H7Descriptor.all());
        assertThat(registry.byPartNumber("STM32H743ZI").flashSizeKiB()).isEqualTo(2048);
        assertThat(registry.byPartNumber("STM32H743VG").flashSizeKiB()).isEqualTo(1024);
        assertThat(registry.byPartNumber("STM32H750VB").flashSizeKiB()).isEqualTo(128);
        assertThat(registry.byPartNumber("STM32H7A3ZI").descriptor().devId()).isEqualTo(0x480);
        assertThatThrownBy(() -> registry.byPartNumber("STM32H750ZI")).isInstanceOf(UnknownDeviceException.class);
        assertThatThrownBy(() -> registry.byPartNumber("STM32H743VB")).isInstanceOf(UnknownDeviceException.class);
    }

    /** The dual-core parts share DEV_ID 0x450: the ID cannot tell them apart, the order code can. */
    @Test
    void dualCorePartsShareDevId0x450AndAreToldApartByTheOrderCode() throws Exception {
        DeviceRegistry registry = new DeviceRegistry(Stm32H7Descriptor.all());
        assertThat(registry.byPartNumber("STM32H745ZI").descriptor()).isSameAs(registry.require(0x450));
        assertThat(registry.byPartNumber("STM32H757XI").descriptor().devId()).isEqualTo(0x450);
        assertThat(H743.isDualCore("STM32H745")).isTrue();
        assertThat(H743.isDualCore("STM32H757")).isTrue();
        assertThat(H743.isDualCore("STM32H743")).isFalse();
        assertThat(H743.isDualCore("STM32H753")).isFalse();
        // served through the Cortex-M7: its CPUID part number and the system-bus DBGMCU
        assertThat(H743.cpuPartNo()).isEqualTo(0xC27);
        assertThat(H743.idcodeAddress()).isEqualTo(0x5C00_1000L);
    }

    @ParameterizedTest(name = "IDCODE 0x{0} -> DEV_ID {1} rev {2}")
    @CsvSource({ "10006450, 0x450, A", "10036450, 0x450, Y", "20036450, 0x450, V", "20016450, 0x450, X", "10006480, 0x480, A",
            "10016483, 0x483, Z", "99996450, 0x450, 0x9999" })
    void idcodeDecodesToLineAndRevision(String idcodeHex, String devIdHex, String revision) throws Exception {
        int idcode = (int) Long.parseLong(idcodeHex, 16);
        DeviceId id = DeviceId.fromIdcode(idcode);
        assertThat(id.devId()).isEqualTo(Integer.decode(devIdHex));
        Stm32H7Descriptor d = Stm32H7Descriptor.all().stream().filter(x -> x.devId() == id.devId()).findFirst()
                .orElseThrow();
        assertThat(d.revisionName(id.revId())).isEqualTo(revision);
    }

    @Test
    void identificationAddressesPerLine() {
        assertThat(H743.flashSizeRegisterAddress()).isEqualTo(0x1FF1_E880L);
        assertThat(H743.uniqueIdAddress()).isEqualTo(0x1FF1_E800L);
        assertThat(H723.flashSizeRegisterAddress()).isEqualTo(0x1FF1_E880L);
        assertThat(H7A3.flashSizeRegisterAddress()).isEqualTo(0x08FF_F80CL);
        assertThat(H7A3.uniqueIdAddress()).isEqualTo(0x08FF_F800L);
        assertThat(H7A3.otpArea()).isEqualTo(AddressRange.inclusive(0x08FF_F000L, 0x08FF_F3FFL));
        assertThat(H743.otpArea().size()).isZero();
        assertThat(H743.optionByteImage().size()).isZero(); // H7 options live only in registers
        assertThat(H743.packageRegisterAddress()).isEqualTo(0x5800_0524L);
        assertThat(Stm32H7Registers.DBGMCU_APB_D_BASE).isEqualTo(0xE00E_1000L);
    }

    @Test
    void h743xiHasTwoBanksOfEight128KiBSectorsNumberedPerBank() {
        FlashGeometry g = H743.geometry(2048);
        assertThat(H743.bankModes(2048)).containsExactly(BankMode.DUAL);
        assertThat(g.bankCount()).isEqualTo(2);
        for (int bank = 1; bank <= 2; bank++) {
            List<Sector> s = g.bank(bank).sectors();
            assertThat(s).hasSize(8);
            for (int i = 0; i < 8; i++) {
                assertThat(s.get(i).bank()).isEqualTo(bank);
                assertThat(s.get(i).number()).isEqualTo(i);
                assertThat(s.get(i).snb()).as("SNB is the per-bank number, never 8..15").isEqualTo(i);
                assertThat(s.get(i).size()).isEqualTo(128 * 1024);
                assertThat(Stm32H7Geometry.sectorRange(g, s.get(i), false).start())
                        .isEqualTo((bank == 1 ? 0x0800_0000L : 0x0810_0000L) + i * 0x2_0000L);
            }
        }
        Sector bank2Sector3 = g.bank(2).sectors().get(3);
        assertThat(Stm32H7Geometry.sectorRange(g, bank2Sector3, false).start()).isEqualTo(0x0816_0000L);
        // swapped: physical bank 2 shows at 0x0800_0000
        assertThat(Stm32H7Geometry.sectorRange(g, bank2Sector3, true).start()).isEqualTo(0x0806_0000L);
        assertThat(Stm32H7Geometry.bankRange(g, 1, true)).isEqualTo(new AddressRange(0x0810_0000L, 0x10_0000L));
    }

    /** 1 MiB parts: two 512 KiB banks, bank 2 still at 0x0810_0000, a hole 0x0808_0000-0x080F_FFFF between them. */
    @Test
    void h743xgKeepsBank2At0x08100000WithAHole() {
        FlashGeometry g = H743.geometry(1024);
        assertThat(g.bank(1).sectors()).hasSize(4);
        assertThat(g.bank(2).sectors()).hasSize(4);
        assertThat(H743.bankBase(2, 1024)).isEqualTo(0x0810_0000L);
        assertThat(Stm32H7Geometry.bankRange(g, 1, false)).isEqualTo(AddressRange.inclusive(0x0800_0000L,
                0x0807_FFFFL));
        assertThat(Stm32H7Geometry.bankRange(g, 2, false)).isEqualTo(AddressRange.inclusive(0x0810_0000L,
                0x0817_FFFFL));
        assertThat(Stm32H7Geometry.sectorRange(g, g.bank(2).sectors().get(3), false).last()).isEqualTo(0x0817_FFFFL);
        List<MemoryRegion> flash = H743.memoryRegions(1024).stream()
                .filter(r -> r.kind() == MemoryRegion.Kind.FLASH).toList();
        assertThat(flash).extracting(MemoryRegion::range).containsExactly(
                new AddressRange(0x0800_0000L, 0x8_0000L), new AddressRange(0x0810_0000L, 0x8_0000L));
        assertThat(flash).noneMatch(r -> r.range().contains(0x0808_0000L)); // the hole
    }

    @Test
    void h750H730AndH7b0AreOneBankOf128KiB() {
        FlashGeometry h750 = H743.geometry(128);
        assertThat(H743.bankModes(128)).containsExactly(BankMode.SINGLE);
        assertThat(h750.bankCount()).isEqualTo(1);
        assertThat(h750.bank(1).sectors()).hasSize(1);
        assertThat(H723.geometry(128).bank(1).sectors()).hasSize(1);
        assertThat(H7A3.geometry(128).bank(1).sectors()).hasSize(16);
        assertThatThrownBy(() -> H743.bankBase(2, 128)).isInstanceOf(UnknownModelElementException.class);
        assertThatThrownBy(() -> H743.geometry(2048, BankMode.SINGLE)).isInstanceOf(UnknownModelElementException.class)
                .hasMessageContaining("SINGLE");
    }

    @Test
    void h72xIsOneBankOfEight128KiBSectors() {
        FlashGeometry g = H723.geometry(1024);
        assertThat(H723.bankModes(1024)).isEqualTo(Set.of(BankMode.SINGLE));
        assertThat(g.bank(1).sectors()).hasSize(8);
        assertThat(g.bank(1).sectors().get(7).offset()).isEqualTo(7 * 0x2_0000L);
        assertThat(H723.registers().bankRegisterSets()).isEqualTo(1);
        assertThat(H723.registers().flash().hasRegister("CR2")).isFalse();
        assertThat(H723.registers().optcr().hasField(Stm32H7Registers.SWAP_BANK)).isFalse();
        assertThat(H723.registers().optcr().hasField(Stm32H7Registers.MER)).isFalse();
        assertThat(H723.registers().flash().hasRegister(Stm32H7Registers.OPTSR2_PRG)).isTrue();
    }

    @Test
    void h7a3Has8KiBSectors128PerBankAnd16ByteFlashWords() {
        FlashGeometry g = H7A3.geometry(2048);
        assertThat(g.bank(1).sectors()).hasSize(128);
        assertThat(g.bank(2).sectors()).hasSize(128);
        Sector s = g.bank(2).sectors().get(127);
        assertThat(s.snb()).isEqualTo(127);
        assertThat(s.size()).isEqualTo(8 * 1024);
        assertThat(Stm32H7Geometry.sectorRange(g, s, false).start()).isEqualTo(0x0810_0000L + 127 * 0x2000L);
        assertThat(H7A3.geometry(1024).bank(1).sectors()).hasSize(64);
        assertThat(H7A3.programUnitBytes()).isEqualTo(16);
        assertThat(H7A3.eraseUnitBytes()).isEqualTo(8 * 1024);
        assertThat(H743.programUnitBytes()).isEqualTo(32);
        assertThat(H743.eraseUnitBytes()).isEqualTo(128 * 1024);
        // the compacted CR of RM0455: no PSIZE, FW bit 4, START bit 5, SNB bits 12:6
        var cr = H7A3.registers().cr(1);
        assertThat(cr.hasField(Stm32H7Registers.PSIZE)).isFalse();
        assertThat(cr.field(Stm32H7Registers.FW).lsb()).isEqualTo(4);
        assertThat(cr.field(Stm32H7Registers.START).lsb()).isEqualTo(5);
        assertThat(cr.field(Stm32H7Registers.SNB).lsb()).isEqualTo(6);
        assertThat(cr.field(Stm32H7Registers.SNB).width()).isEqualTo(7);
        assertThat(H7A3.registers().sr(1).hasField(Stm32H7Registers.OPERR)).isFalse();
        assertThat(H7A3.registers().wpsnPrg(1).field(Stm32H7Registers.WRPSN).width()).isEqualTo(32);
    }

    @Test
    void bothBankRegisterSetsAndTheSharedAliases() {
        Stm32H7Registers r = H743.registers();
        assertThat(r.keyr(1).address()).isEqualTo(0x5200_2004L);
        assertThat(r.keyr(2).address()).isEqualTo(0x5200_2104L);
        assertThat(r.cr(2).address()).isEqualTo(0x5200_210CL);
        assertThat(r.sr(2).address()).isEqualTo(0x5200_2110L);
        assertThat(r.ccr(2).address()).isEqualTo(0x5200_2114L);
        assertThat(r.wpsnPrg(2).address()).isEqualTo(0x5200_213CL);
        assertThat(r.eccFa(2).address()).isEqualTo(0x5200_2160L);
        assertThat(r.optsrPrg().address()).isEqualTo(0x5200_2020L);
        // +0x100 aliases are the same register, not copies
        assertThat(r.aliasOf(0x5200_2108L)).containsSame(r.optkeyr());
        assertThat(r.registerAt(0x5200_2118L)).containsSame(r.optcr());
        assertThat(r.registerAt(0x5200_215CL)).containsSame(r.crcdata());
        assertThat(r.aliasOf(0x5200_210CL)).isEmpty(); // CR2 is its own register
        assertThatThrownBy(() -> H723.registers().cr(2)).isInstanceOf(UnknownModelElementException.class);
        // keys (RM0433 §4.5.1)
        assertThat(Stm32H7Registers.KEYR_KEYS.key1()).isEqualTo(0x4567_0123);
        assertThat(Stm32H7Registers.KEYR_KEYS.key2()).isEqualTo(0xCDEF_89AB);
        assertThat(Stm32H7Registers.OPTKEYR_KEYS.key1()).isEqualTo(0x0819_2A3B);
        assertThat(Stm32H7Registers.OPTKEYR_KEYS.key2()).isEqualTo(0x4C5D_6E7F);
        // the error flags OpenOCD's loader tests (0x07EE_0000) plus CRCRDERR
        assertThat(r.srErrorMask()).isEqualTo(0x07EE_0000 | 1 << 28);
        assertThat(r.cr(1).resetValue()).isEqualTo(0x31);
        assertThat(r.programRegisters()).extracting(x -> x.name()).containsExactly("OPTSR_PRG", "PRAR_PRG1",
                "SCAR_PRG1", "WPSN_PRG1R", "BOOT_PRGR", "PRAR_PRG2", "SCAR_PRG2", "WPSN_PRG2R");
        assertThat(r.currentOf(r.bootPrg())).isSameAs(r.bootCur());
        assertThat(r.currentOf(r.wpsnPrg(2))).isSameAs(r.wpsnCur(2));
    }

    /** Each SYSCFG_URx mirror field has the width of the option field it shows; every UR field but PKP is covered. */
    @Test
    void userRegisterMirrorsMatchTheirOptionFields() {
        Stm32H7Registers r = H743.registers();
        var mirrors = r.userRegisterMirrors();
        assertThat(mirrors).hasSize(27);
        for (var m : mirrors) {
            var ur = r.syscfg().register(m.ur()).field(m.urField());
            var opt = r.flash().register(m.optionRegister()).field(m.optionField());
            assertThat(ur.width()).as(m.toString()).isEqualTo(opt.width());
            assertThat(m.optionRegister()).as(m.toString()).matches(".*CUR.*");
        }
        long urFields = r.syscfg().registers().stream().filter(x -> x.name().startsWith("UR"))
                .mapToLong(x -> x.fields().size()).sum();
        assertThat(urFields).isEqualTo(mirrors.size() + 1); // + PKP (private key programmed, no option)
        assertThat(H723.registers().userRegisterMirrors()).isEmpty();
    }

    @Test
    void memoryMapOfTheH743() {
        List<MemoryRegion> m = H743.memoryRegions(2048);
        assertThat(m).extracting(MemoryRegion::name).contains("system memory", "AXI SRAM", "DTCM RAM", "unique ID");
        assertThat(m.stream().filter(r -> r.name().equals("system memory")).findFirst().orElseThrow().range().start())
                .isEqualTo(0x1FF0_0000L);
        assertThat(H743.timings().source()).contains("DS12110");
        assertThat(H743.timings().micros("erase.sector.128K.x32.typ")).isEqualTo(1_100_000L);
        assertThat(H743.timings().micros("erase.sector.128K.x32.max")).isEqualTo(2_200_000L);
        assertThat(H743.timings().micros("erase.sector.128K.x8.max")).isEqualTo(4_000_000L);
    }
}
