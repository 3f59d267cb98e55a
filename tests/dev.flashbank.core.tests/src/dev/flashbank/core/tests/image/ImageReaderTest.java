package dev.flashbank.core.tests.image;

import static dev.flashbank.core.tests.image.Records.formatError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.image.BinReader;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageLocation;
import dev.flashbank.core.image.ImageReader;

/** Format detection by content, the explicit override, and raw binaries with their base address. */
class ImageReaderTest {

    @Test
    void detectsByContentNotByName() throws Exception {
        assertThat(ImageReader.detect(ImageSamples.bytes("app-bank1.elf"))).hasValue(ImageFormat.ELF);
        assertThat(ImageReader.detect(ImageSamples.bytes("app-bank1.hex"))).hasValue(ImageFormat.INTEL_HEX);
        assertThat(ImageReader.detect(ImageSamples.bytes("app-bank1.srec"))).hasValue(ImageFormat.SREC);
        assertThat(ImageReader.detect(ImageSamples.bytes("app-bank1.bin"))).isEmpty();
        assertThat(ImageReader.detect("\r\n  :00000001FF".getBytes(StandardCharsets.US_ASCII))).hasValue(ImageFormat.INTEL_HEX);
        // A HEX file misnamed .srec is still read as HEX.
        FirmwareImage img = ImageReader.read("misnamed.srec", ImageSamples.bytes("app-bank1.hex"), Optional.empty(),
                OptionalLong.empty());
        assertThat(img.format()).isEqualTo(ImageFormat.INTEL_HEX);
    }

    @Test
    void overrideForcesAFormat() {
        // Forcing S-record on a HEX file: line 1 is not an S-record -> a clean error, not a guess.
        assertThat(formatError(() -> ImageReader.read("x.hex", ImageSamples.bytes("app-bank1.hex"),
                Optional.of(ImageFormat.SREC), OptionalLong.empty())))
                        .hasMessage("x.hex: line 1: a record must start with 'S', found ':'");
    }

    @Test
    void binaryNeedsABaseAddress() throws Exception {
        byte[] bin = ImageSamples.bytes("app-bank1.bin");
        assertThat(formatError(() -> ImageReader.read("fw.bin", bin, Optional.empty(), OptionalLong.empty()))).hasMessage(
                "fw.bin: byte offset 0x0 (0): not an ELF, Intel HEX or S-record file; if it is a raw binary, give its base address");
        assertThat(formatError(() -> ImageReader.read("fw.bin", bin, Optional.of(ImageFormat.BIN), OptionalLong.empty())))
                .hasMessage("fw.bin: a raw binary has no addresses: give its base address (e.g. 0x08000000)");
        FirmwareImage img = ImageReader.read("fw.bin", bin, Optional.empty(), OptionalLong.of(0x0810_0000L));
        assertThat(img.ranges()).containsExactly(new AddressRange(0x0810_0000L, bin.length));
        assertThat(img.segments().get(0).originOf(0x0810_0000L)).isEqualTo("byte offset 0 of the binary");
        // Base address given for a HEX file: detection wins and the base is ignored.
        FirmwareImage hex = ImageReader.read("fw.hex", ImageSamples.bytes("app-bank1.hex"), Optional.empty(),
                OptionalLong.of(0x0810_0000L));
        assertThat(hex.span().orElseThrow().start()).isEqualTo(0x0800_0000L);
    }

    @Test
    void binaryErrors() {
        assertThat(formatError(() -> BinReader.read("e.bin", new byte[0], 0x0800_0000L)))
                .hasMessage("e.bin: byte offset 0x0 (0): empty image: the file has no bytes");
        assertThat(formatError(() -> ImageReader.read("e.bin", new byte[0], Optional.empty(), OptionalLong.empty())))
                .hasMessage("e.bin: empty file");
        var e = formatError(() -> BinReader.read("big.bin", new byte[0x20], 0xFFFF_FFF0L));
        assertThat(e).hasMessage("big.bin: byte offset 0x10 (16): 32 bytes from base 0xFFFFFFF0 go beyond the 32-bit address space");
        assertThat(e.location()).isEqualTo(ImageLocation.offset(16));
    }

    @Test
    void formatNamesAndExtensions() {
        assertThat(ImageFormat.parse("ihex")).hasValue(ImageFormat.INTEL_HEX);
        assertThat(ImageFormat.parse("S19")).hasValue(ImageFormat.SREC);
        assertThat(ImageFormat.parse("intel_hex")).hasValue(ImageFormat.INTEL_HEX);
        assertThat(ImageFormat.parse("zip")).isEmpty();
        assertThat(ImageFormat.byExtension("fw.AXF")).hasValue(ImageFormat.ELF);
        assertThat(ImageFormat.byExtension("Makefile")).isEmpty();
        assertThat(ImageFormat.ELF.writable()).isFalse();
    }
}
