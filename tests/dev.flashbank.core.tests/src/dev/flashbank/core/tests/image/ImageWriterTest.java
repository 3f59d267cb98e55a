package dev.flashbank.core.tests.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.image.BinWriter;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.image.ImageWriter;
import dev.flashbank.core.image.IntelHexReader;
import dev.flashbank.core.image.IntelHexWriter;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.image.SrecReader;
import dev.flashbank.core.image.SrecWriter;

/** HEX / S-record / BIN writers: what they write reads back to the same image. */
class ImageWriterTest {

    private static FirmwareImage sample(String file) throws Exception {
        return ImageReader.read(ImageSamples.path(file));
    }

    /** Segments across 64 KiB boundaries, high addresses and single bytes: the awkward cases for both formats. */
    private static FirmwareImage awkward(long entry) {
        Random r = new Random(42);
        byte[] a = new byte[0x150];
        byte[] b = new byte[3];
        byte[] c = new byte[40];
        r.nextBytes(a);
        r.nextBytes(b);
        r.nextBytes(c);
        return FirmwareImage.of("awkward", ImageFormat.BIN, List.of(new Segment(0x0800_FF50L, a, "a"),
                new Segment(0x0810_0000L, b, "b"), new Segment(0xFFFF_FFD8L, c, "c")), OptionalLong.of(entry));
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-bank1.elf", "app-bank2.elf"})
    void hexAndSrecRoundTripTheRealImages(String file) throws Exception {
        FirmwareImage elf = sample(file);
        FirmwareImage hex = IntelHexReader.read("out.hex", IntelHexWriter.write(elf));
        FirmwareImage srec = SrecReader.read("out.srec", SrecWriter.write(elf, "out.srec"));
        assertThat(hex.segments()).isEqualTo(elf.segments());
        assertThat(hex.entryPoint()).isEqualTo(elf.entryPoint());
        assertThat(srec.segments()).isEqualTo(elf.segments());
        assertThat(srec.entryPoint()).isEqualTo(elf.entryPoint());
    }

    @Test
    void hexOutputLooksLikeObjcopysForTheSameData() throws Exception {
        // Same record layout rules as objcopy (16-byte records, 04 before the first data, 05 then 01, CR LF), so for
        // the sample the output is line-for-line objcopy's except where objcopy split records at section boundaries.
        String ours = new String(IntelHexWriter.write(sample("app-bank1.hex")), StandardCharsets.US_ASCII);
        String objcopy = ImageSamples.text("app-bank1.hex");
        assertThat(ours).startsWith(":020000040800F2\r\n:1000000000000820430000084100000841000008EB\r\n");
        assertThat(ours).endsWith(":0400000508000043AC\r\n:00000001FF\r\n");
        assertThat(objcopy.lines().filter(l -> l.startsWith(":10000"))).isSubsetOf(ours.lines().toList());
    }

    @Test
    void awkwardImagesRoundTripThroughHexAndSrec() throws Exception {
        FirmwareImage img = awkward(0x0800_FF51L);
        byte[] hexBytes = IntelHexWriter.write(img);
        FirmwareImage hex = IntelHexReader.read("a.hex", hexBytes);
        assertThat(hex.sameContentAs(img)).isTrue();
        // Records never cross a 64 KiB boundary: 0x0800FF50 + 0xB0 -> a record ends exactly at 0x0801_0000.
        String text = new String(hexBytes, StandardCharsets.US_ASCII);
        assertThat(text).contains(":020000040801F1\r\n").contains(":02000004FFFFFC\r\n");
        for (int size : new int[] {1, 7, 32, 255}) {
            assertThat(IntelHexReader.read("a.hex", IntelHexWriter.write(img, size)).sameContentAs(img)).as("size " + size)
                    .isTrue();
        }
        FirmwareImage srec = SrecReader.read("a.srec", SrecWriter.write(img, "awkward"));
        assertThat(srec.sameContentAs(img)).isTrue();
        assertThat(SrecReader.read("a.srec", SrecWriter.write(img, "awkward", 250)).sameContentAs(img)).isTrue();
    }

    @Test
    void srecUsesTheNarrowestAddressWidth() throws Exception {
        FirmwareImage small = FirmwareImage.of("s", ImageFormat.BIN, List.of(new Segment(0x1234, new byte[] {1, 2}, "x")),
                OptionalLong.of(0x1235));
        String s1 = new String(SrecWriter.write(small, "HDR"), StandardCharsets.US_ASCII);
        assertThat(s1.lines().toList()).containsExactly("S00600004844521B", "S10512340102B1", "S5030001FB",
                "S9031235B5");
        FirmwareImage mid = small.shifted(0x12_0000);
        String s2 = new String(SrecWriter.write(mid, ""), StandardCharsets.US_ASCII);
        assertThat(s2.lines().toList()).element(1).asString().startsWith("S206");
        assertThat(s2.lines().toList()).last().asString().isEqualTo("S804001235B4"); // entry 0x1235 written 24 bits wide
        assertThat(SrecReader.read("m.srec", s2.getBytes(StandardCharsets.US_ASCII)).sameContentAs(mid)).isTrue();
        FirmwareImage noEntry = FirmwareImage.of("s", ImageFormat.BIN, small.segments(), OptionalLong.empty());
        String s9 = new String(SrecWriter.write(noEntry, ""), StandardCharsets.US_ASCII);
        assertThat(s9.lines().toList()).last().isEqualTo("S9030000FC");
        assertThat(SrecReader.read("n.srec", s9.getBytes(StandardCharsets.US_ASCII)).entryPoint()).isEmpty();
    }

    @Test
    void binFillsGapsWithErasedBytesAndMatchesObjcopy() throws Exception {
        FirmwareImage elf = sample("app-bank1.elf");
        assertThat(BinWriter.range(elf)).isEqualTo(new AddressRange(0x0800_0000L, 0x124));
        assertThat(BinWriter.write(elf)).isEqualTo(ImageSamples.bytes("app-bank1.bin"));
        byte[] wide = BinWriter.write(elf, new AddressRange(0x0800_0120L, 8), (byte) 0xAA);
        assertThat(wide).containsExactly(0x78, 0x56, 0x34, 0x12, 0xAA, 0xAA, 0xAA, 0xAA);
    }

    @Test
    void writesFilesInEveryWritableFormatAndReadsThemBack(@TempDir Path dir) throws Exception {
        FirmwareImage elf = sample("app-bank2.elf");
        for (ImageFormat f : ImageFormat.values()) {
            if (!f.writable()) {
                assertThatThrownBy(() -> ImageWriter.toBytes(elf, f, "x")).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("ELF");
                continue;
            }
            Path file = dir.resolve("out." + f.extensions().get(0));
            ImageWriter.write(elf, f, file);
            FirmwareImage back = ImageReader.read(file, Optional.empty(), OptionalLong.of(0x0810_0000L));
            assertThat(back.format()).isEqualTo(f);
            AddressRange span = elf.span().orElseThrow();
            assertThat(back.bytes(span)).as(f.toString()).isEqualTo(elf.bytes(span));
            if (f != ImageFormat.BIN) {
                assertThat(back.sameContentAs(elf)).as(f.toString()).isTrue();
            }
        }
        assertThat(Files.readString(dir.resolve("out.srec"))).startsWith("S00B00006F75742E73726563");
    }
}
