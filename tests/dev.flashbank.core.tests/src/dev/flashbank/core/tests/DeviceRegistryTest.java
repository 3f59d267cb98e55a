package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.DeviceId;
import dev.flashbank.core.device.DeviceRegistry;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.core.device.PartNumber;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;

/** Descriptor lookup by DEV_ID + flash size and by order code. */
class DeviceRegistryTest {

    private final DeviceRegistry registry = new DeviceRegistry(Stm32F7Descriptor.all());

    @Test
    void identifiesByDevIdAndFlashSize() throws Exception {
        assertThat(registry.identify(0x451, 2048).name()).isEqualTo("STM32F765/F767/F769/F777/F779 (2 MiB)");
        assertThat(registry.identify(0x452, 64).name()).isEqualTo("STM32F730 (64 KiB)");
        assertThat(registry.identify(0x449, 64).name()).isEqualTo("STM32F750 (64 KiB)");
        assertThat(registry.identify(0x452, 512).descriptor().referenceManual()).isEqualTo("RM0431");
        assertThat(registry.idcodeAddresses()).containsExactly(0xE004_2000L);
    }

    @Test
    void unknownDevIdAndSizeAreTypedErrors() {
        assertThatThrownBy(() -> registry.identify(0x413, 1024)).isInstanceOf(UnknownDeviceException.class)
                .hasMessageContaining("0x413").hasMessageContaining("0x451")
                .satisfies(e -> assertThat(((UnknownDeviceException) e).devId()).isEqualTo(0x413));
        assertThatThrownBy(() -> registry.identify(0x451, 512)).isInstanceOf(UnknownDeviceException.class)
                .hasMessageContaining("512 KiB");
    }

    @Test
    void orderCodes() throws Exception {
        assertThat(PartNumber.parse("STM32F767ZIT6").orElseThrow().flashSizeKiB()).isEqualTo(2048);
        assertThat(PartNumber.parse("stm32f730z8").orElseThrow().series()).isEqualTo("STM32F730");
        assertThat(PartNumber.parse("F767ZI")).isEmpty();
        IdentifiedDevice zg = registry.byPartNumber("STM32F767ZG");
        assertThat(zg.flashSizeKiB()).isEqualTo(1024);
        assertThat(zg.descriptor().devId()).isEqualTo(0x451);
        assertThat(registry.byPartNumber("STM32F769NI").flashSizeKiB()).isEqualTo(2048);
        assertThat(registry.byPartNumber("STM32F722ZE").descriptor().devId()).isEqualTo(0x452);
        assertThat(registry.byPartNumber("STM32F730Z8").flashSizeKiB()).isEqualTo(64);
        assertThatThrownBy(() -> registry.byPartNumber("STM32F429ZI")).isInstanceOf(UnknownDeviceException.class)
                .hasMessageContaining("STM32F429");
        assertThatThrownBy(() -> registry.byPartNumber("STM32F722Z8")).isInstanceOf(UnknownDeviceException.class)
                .hasMessageContaining("64 KiB");
        assertThatThrownBy(() -> registry.byPartNumber("STM32F730ZE")).isInstanceOf(UnknownDeviceException.class);
    }

    @Test
    void idcodeDecodingAndRevisions() throws Exception {
        DeviceId id = DeviceId.fromIdcode(0x1001_6451);
        assertThat(id.devId()).isEqualTo(0x451);
        assertThat(id.revId()).isEqualTo(0x1001);
        assertThat(id.idcode()).isEqualTo(0x1001_0451);
        assertThat(registry.require(0x451).revisionName(0x1001)).isEqualTo("Z");
        assertThat(registry.require(0x449).revisionName(0x1000)).isEqualTo("A");
        assertThat(registry.require(0x449).revisionName(0x2001)).isEqualTo("0x2001");
    }

    @Test
    void memoryMapOfAVariant() throws Exception {
        Stm32F7Descriptor f767 = (Stm32F7Descriptor) registry.require(0x451);
        assertThat(f767.memoryRegions(2048)).extracting(MemoryRegion::name).contains("flash (AXIM)", "SRAM1",
                "system memory (ITCM)", "OTP");
        MemoryRegion sram1 = f767.memoryRegions(2048).stream().filter(r -> r.name().equals("SRAM1")).findFirst()
                .orElseThrow();
        assertThat(sram1.range().start()).isEqualTo(0x2002_0000L);
        assertThat(sram1.range().size()).isEqualTo(368 * 1024);
        assertThat(f767.optionByteImage().start()).isEqualTo(0x1FFF_0000L);
        assertThat(f767.parameters()).anyMatch(p -> p.name().equals("bankEraseSelectsPhysicalBank"));
    }

    @Test
    void memoryRegionsOfEveryVariantDoNotOverlap() throws Exception {
        for (var d : registry.descriptors()) {
            Stm32F7Descriptor f7 = (Stm32F7Descriptor) d;
            for (int kib : d.flashSizesKiB()) {
                var regions = f7.memoryRegions(kib);
                for (int i = 0; i < regions.size(); i++) {
                    for (int j = i + 1; j < regions.size(); j++) {
                        assertThat(regions.get(i).range().overlaps(regions.get(j).range()))
                                .as("%s %d KiB: %s vs %s", d.line(), kib, regions.get(i), regions.get(j)).isFalse();
                    }
                }
            }
        }
    }
}
