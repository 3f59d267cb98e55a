package dev.flashbank.sim.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.sim.BootReport;
import dev.flashbank.family.stm32f7.sim.SampleImages;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;

/**
 * The board a newcomer starts with: dual-bank STM32F767ZI, the bank-1 sample in physical bank 1 and booting, bank 2
 * erased; and the samples ship inside the sim bundle (class-path resources), not only in the repository.
 */
class DefaultBoardTest {

    @Test
    void defaultBoardIsDualBankWithTheBank1SampleBooting() {
        SimulatedBoard b = SimulatedBoards.createDefault();
        assertThat(b.partName()).isEqualTo("STM32F767ZI");
        assertThat(b.storedOptions().bankMode()).isEqualTo(BankMode.DUAL);
        assertThat(b.geometry().mode()).isEqualTo(BankMode.DUAL);

        FirmwareImage sample = SampleImages.image(SampleImages.BANK1);
        AddressRange span = sample.span().orElseThrow();
        assertThat(span.start()).isEqualTo(0x0800_0000L);
        byte[] inBank1 = b.readCells(1, 0, (int) span.size());
        assertThat(inBank1).isEqualTo(sample.bytes(span, FirmwareImage.ERASED));
        byte[] bank2Start = b.readCells(2, 0, 4096);
        for (byte x : bank2Start) {
            assertThat(x).isEqualTo(FirmwareImage.ERASED);
        }

        BootReport boot = b.lastBootReport();
        assertThat(boot.source()).isEqualTo(BootReport.Source.FLASH);
        assertThat(boot.physicalBank()).isEqualTo(1);
        assertThat(boot.imageValid()).isTrue();
    }

    @Test
    void factoryFreshBoardIsSingleBankAndErased() {
        SimulatedBoard b = SimulatedBoards.createFactoryFresh();
        assertThat(b.storedOptions().bankMode()).isEqualTo(BankMode.SINGLE);
        for (byte x : b.readCells(1, 0, 4096)) {
            assertThat(x).isEqualTo(FirmwareImage.ERASED);
        }
    }

    @Test
    void samplesAndTheirSourcesAreExtractedFromTheBundle(@TempDir Path dir) throws Exception {
        SampleImages.extractTo(dir);
        for (String s : new String[] { SampleImages.BANK1, SampleImages.BANK2 }) {
            for (String ext : SampleImages.EXTENSIONS) {
                assertThat(dir.resolve(s + ext)).isNotEmptyFile();
            }
        }
        assertThat(dir.resolve("src/build.sh")).content().contains("arm-none-eabi-");
        assertThat(dir.resolve(SampleImages.CONSOLE + ".elf")).as("the start-up sample the README runs")
                .hasBinaryContent(SampleImages.bytes(SampleImages.CONSOLE + ".elf"));
        assertThat(dir.resolve("src/console.c")).content().contains("USART3");
        assertThat(Files.readAllBytes(dir.resolve("app-bank2.hex"))).isEqualTo(SampleImages.bytes("app-bank2.hex"));
        assertThat(SampleImages.image(SampleImages.BANK2).span().orElseThrow().start()).isEqualTo(0x0810_0000L);
    }
}
