package dev.flashbank.core.tests.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.family.stm32f7.Stm32F7Window;
import dev.flashbank.family.stm32f7.Stm32F7Geometry;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.image.Segment;

/**
 * The committed sample firmware, read in every format: the .elf/.hex/.srec/.bin that build.sh produced from one link
 * must agree with each other (this is also the check that the committed outputs are consistent), and the ELF reader
 * must place .data at its load address in flash.
 */
class SampleImagesTest {

    private static final FlashGeometry F767_2M_DUAL = Stm32F7Geometry.of(Stm32F7Line.F76X_F77X, 2048, BankMode.DUAL,
            Stm32F7Parameters.defaults());

    private static FirmwareImage read(String file) throws Exception {
        return ImageReader.read(ImageSamples.path(file));
    }

    private static long linkBase(String name) {
        return name.equals(ImageSamples.BANK1) ? 0x0800_0000L : 0x0810_0000L;
    }

    @ParameterizedTest
    @ValueSource(strings = {ImageSamples.BANK1, ImageSamples.BANK2})
    void elfHexAndSrecGiveTheSameSegmentsAndEntryPoint(String name) throws Exception {
        FirmwareImage elf = read(name + ".elf");
        FirmwareImage hex = read(name + ".hex");
        FirmwareImage srec = read(name + ".srec");
        assertThat(elf.format()).isEqualTo(ImageFormat.ELF);
        assertThat(hex.format()).isEqualTo(ImageFormat.INTEL_HEX);
        assertThat(srec.format()).isEqualTo(ImageFormat.SREC);
        assertThat(hex.segments()).isEqualTo(elf.segments());
        assertThat(srec.segments()).isEqualTo(elf.segments());
        assertThat(hex.entryPoint()).isEqualTo(elf.entryPoint());
        assertThat(srec.entryPoint()).isEqualTo(elf.entryPoint());
        assertThat(hex.sameContentAs(elf)).isTrue();
        // Thumb entry = Reset_Handler | 1, inside the image, right after the 16-word vector table (sample.c).
        long entry = elf.entryPoint().orElseThrow();
        assertThat(entry & 1).isEqualTo(1);
        assertThat(elf.contains(entry & ~1L)).isTrue();
        assertThat(entry & ~1L).isBetween(linkBase(name) + 0x40, linkBase(name) + 0x100);
    }

    @ParameterizedTest
    @ValueSource(strings = {ImageSamples.BANK1, ImageSamples.BANK2})
    void binMatchesTheElfWithGapsFilledWithErasedBytes(String name) throws Exception {
        FirmwareImage elf = read(name + ".elf");
        byte[] bin = ImageSamples.bytes(name + ".bin");
        FirmwareImage binImage = ImageReader.read(ImageSamples.path(name + ".bin"), Optional.empty(),
                OptionalLong.of(linkBase(name)));
        AddressRange span = elf.span().orElseThrow();
        assertThat(span.start()).isEqualTo(linkBase(name));
        assertThat(bin).hasSize((int) span.size()).isEqualTo(elf.bytes(span));
        assertThat(binImage.segments()).singleElement().satisfies(s -> {
            assertThat(s.address()).isEqualTo(linkBase(name));
            assertThat(s.data()).isEqualTo(bin);
        });
        assertThat(binImage.entryPoint()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {ImageSamples.BANK1, ImageSamples.BANK2})
    void vectorTableMatchesEntryPointAndStackTop(String name) throws Exception {
        FirmwareImage elf = read(name + ".elf");
        byte[] vectors = elf.bytes(new AddressRange(linkBase(name), 8));
        long initialSp = le32(vectors, 0);
        long reset = le32(vectors, 4);
        assertThat(initialSp).as("_estack = end of the 512 KiB RAM (bank1.ld/bank2.ld)").isEqualTo(0x2008_0000L);
        assertThat(reset).isEqualTo(elf.entryPoint().orElseThrow());
    }

    @Test
    void dataSectionIsPlacedAtItsLoadAddressInFlashNotItsRamAddress() throws Exception {
        FirmwareImage elf = read(ImageSamples.BANK1 + ".elf");
        // sample.c: g_counter = 0x12345678 is the only initialised .data word; sections.ld puts .data "> RAM AT > FLASH".
        assertThat(elf.overlaps(new AddressRange(0x2000_0000L, 0x8_0000))).as("nothing at the RAM run address").isFalse();
        Segment last = elf.segments().get(elf.segments().size() - 1);
        byte[] tail = elf.bytes(new AddressRange(last.end() - 4, 4));
        assertThat(tail).containsExactly(0x78, 0x56, 0x34, 0x12);
        assertThat(last.originOf(last.end() - 4)).startsWith("section .data (program header 1");
        // The whole image is in flash bank 1 (AXIM window, SWP_FB = 0) according to the core flash model.
        elf.requireWithin(List.of(F767_2M_DUAL.bankRange(1, false, Stm32F7Window.AXIM)));
    }

    @Test
    void bank2ImageLiesInBank2() throws Exception {
        FirmwareImage elf = read(ImageSamples.BANK2 + ".elf");
        AddressRange bank2 = F767_2M_DUAL.bankRange(2, false, Stm32F7Window.AXIM);
        assertThat(elf.span().orElseThrow().start()).isEqualTo(bank2.start());
        elf.requireWithin(List.of(bank2));
        assertThat(elf.overlaps(F767_2M_DUAL.bankRange(1, false, Stm32F7Window.AXIM))).isFalse();
        // Same code, linked 1 MiB higher: every segment sits at the bank-1 image's address + 0x0010_0000.
        FirmwareImage bank1 = read(ImageSamples.BANK1 + ".elf");
        assertThat(elf.ranges()).isEqualTo(bank1.shifted(bank2.start() - 0x0800_0000L).ranges());
    }

    @Test
    void paddingBetweenOutputSectionsIsAGapInEveryFormat() throws Exception {
        // sections.ld aligns .fw_version to 256: 0x...C4-0x...FF lies inside PT_LOAD 0's file bytes but belongs to no
        // section; objcopy leaves it out of the HEX. Both readers must call it a gap.
        for (String f : List.of(".elf", ".hex", ".srec")) {
            FirmwareImage image = read(ImageSamples.BANK1 + f);
            assertThat(image.ranges()).as(f).containsExactly(new AddressRange(0x0800_0000L, 0xC4),
                    new AddressRange(0x0800_0100L, 0x24));
            assertThat(image.contains(0x0800_00C4L)).isFalse();
            assertThat(image.totalSize()).isEqualTo(0xC4 + 0x24);
        }
    }

    @Test
    void elfVersionStringAndBuildId() throws Exception {
        FirmwareImage b1 = read(ImageSamples.BANK1 + ".elf");
        FirmwareImage b2 = read(ImageSamples.BANK2 + ".elf");
        assertThat(b1.version()).hasValueSatisfying(v -> {
            assertThat(v.text()).isEqualTo("flashbank-sample 1.0.0 (bank 1)");
            assertThat(v.source()).isEqualTo("section .fw_version");
        });
        assertThat(b2.version().orElseThrow().text()).isEqualTo("flashbank-sample 2.0.0 (bank 2)");
        // --build-id=sha1: 20 bytes; the note is also image data (it sits in flash), so find it there too.
        String id = b1.buildId().orElseThrow();
        assertThat(id).matches("[0-9a-f]{40}");
        assertThat(b2.buildId().orElseThrow()).isNotEqualTo(id);
        byte[] all = b1.bytes(b1.span().orElseThrow());
        assertThat(java.util.HexFormat.of().formatHex(all)).contains(id);
        // HEX/S-record carry neither.
        assertThat(read(ImageSamples.BANK1 + ".hex").version()).isEmpty();
        assertThat(read(ImageSamples.BANK1 + ".srec").buildId()).isEmpty();
    }

    @Test
    void buildScriptAndSourcesAreCommittedBesideTheOutputs() throws Exception {
        String script = Files.readString(ImageSamples.path("src/build.sh"));
        assertThat(script).contains("arm-none-eabi-").contains("-O ihex").contains("-O srec")
                .contains("-O binary --gap-fill 0xFF").contains("app-bank1").contains("app-bank2");
        assertThat(ImageSamples.path("src/sample.c")).isRegularFile();
        assertThat(ImageSamples.path("src/bank1.ld")).content().contains("ORIGIN = 0x08000000");
        assertThat(ImageSamples.path("src/bank2.ld")).content().contains("ORIGIN = 0x08100000");
        assertThat(ImageSamples.path("src/sections.ld")).content().contains("AT > FLASH");
    }

    private static long le32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }
}
