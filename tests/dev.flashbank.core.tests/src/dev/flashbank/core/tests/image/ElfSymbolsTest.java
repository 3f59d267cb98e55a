package dev.flashbank.core.tests.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.image.ElfReader;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormatException;
import dev.flashbank.core.tests.SourceTree;

/** "Go to symbol": the named code and data symbols of the real sample firmware. */
class ElfSymbolsTest {

    static Path sample(String name) {
        return SourceTree.samples().resolve(name);
    }

    @Test
    void functionsAndDataOfTheSampleFirmwareWithTheThumbBitCleared() throws Exception {
        byte[] elf = Files.readAllBytes(sample("app-bank2.elf"));
        Map<String, Long> symbols = ElfReader.symbols("app-bank2.elf", elf);
        FirmwareImage image = ElfReader.read("app-bank2.elf", elf);
        // the vector table's reset vector (Thumb bit set) is Reset_Handler's address + 1 (arm-none-eabi-nm agrees)
        byte[] v = image.bytes(new AddressRange(0x0810_0004L, 4));
        long resetVector = (v[0] & 0xFFL) | (v[1] & 0xFFL) << 8 | (v[2] & 0xFFL) << 16 | (v[3] & 0xFFL) << 24;
        assertThat(symbols).containsEntry("Reset_Handler", resetVector & ~1L).containsEntry("Reset_Handler", 0x0810_0042L)
                .containsEntry("fw_version", 0x0810_0100L).containsEntry("g_vectors", 0x0810_0000L)
                .containsEntry("g_counter", 0x2000_0000L);
        assertThat(symbols.keySet()).noneMatch(String::isEmpty);
    }

    @Test
    void aCorruptSymbolTableIsACleanError() throws Exception {
        byte[] elf = Files.readAllBytes(sample("app-bank1.elf"));
        byte[] cut = Arrays.copyOf(elf, elf.length / 2);
        assertThatThrownBy(() -> ElfReader.symbols("cut.elf", cut)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("cut.elf");
    }
}
