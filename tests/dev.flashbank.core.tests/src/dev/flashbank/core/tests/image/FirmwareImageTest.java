package dev.flashbank.core.tests.image;

import static dev.flashbank.core.tests.image.Records.hex;
import static dev.flashbank.core.tests.image.Records.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalLong;

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
import dev.flashbank.core.image.ImageOutsideFlashException;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.image.IntelHexReader;
import dev.flashbank.core.image.Segment;

/** The image value: canonical segments, byte access with fill, clipping, the flash check, moving. */
class FirmwareImageTest {

    private static final FlashGeometry F767_2M_DUAL = Stm32F7Geometry.of(Stm32F7Line.F76X_F77X, 2048, BankMode.DUAL,
            Stm32F7Parameters.defaults());

    private static FirmwareImage image(Segment... segments) {
        return FirmwareImage.of("test", ImageFormat.BIN, List.of(segments), OptionalLong.empty());
    }

    @Test
    void segmentsAreSortedAndAdjacentOnesMerged() {
        FirmwareImage img = image(new Segment(0x110, new byte[] {7}, "c"), new Segment(0x100, new byte[] {1, 2}, "a"),
                new Segment(0x102, new byte[] {3}, "b"));
        assertThat(img.segments()).containsExactly(new Segment(0x100, new byte[] {1, 2, 3}, "x"),
                new Segment(0x110, new byte[] {7}, "y"));
        assertThat(img.segments().get(0).originOf(0x101)).isEqualTo("a");
        assertThat(img.segments().get(0).originOf(0x102)).isEqualTo("b");
        assertThat(img.totalSize()).isEqualTo(4);
        assertThat(img.span()).hasValue(new AddressRange(0x100, 0x11));
        assertThat(FirmwareImage.normalise(img.segments())).isEqualTo(img.segments());
    }

    @Test
    void overlappingSegmentsAreRefusedNamingBoth() {
        assertThatThrownBy(() -> image(new Segment(0x100, new byte[4], "line 3"), new Segment(0x102, new byte[4], "line 9")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("segments overlap at 0x00000102: 0x00000100-0x00000103 (line 3) and 0x00000102-0x00000105 (line 9)");
    }

    @Test
    void bytesFillGapsWithErasedOrAChosenValue() {
        FirmwareImage img = image(new Segment(0x10, new byte[] {1, 2}, "a"), new Segment(0x14, new byte[] {3}, "b"));
        assertThat(img.bytes(new AddressRange(0x0E, 8))).containsExactly(0xFF, 0xFF, 1, 2, 0xFF, 0xFF, 3, 0xFF);
        assertThat(img.bytes(new AddressRange(0x11, 4), (byte) 0)).containsExactly(2, 0, 0, 3);
        assertThat(FirmwareImage.ERASED).isEqualTo((byte) 0xFF);
        assertThat(img.contains(0x12)).isFalse();
        assertThat(img.segmentAt(0x14)).hasValueSatisfying(s -> assertThat(s.address()).isEqualTo(0x14));
    }

    @Test
    void clipKeepsOnlyTheBytesInsideAndTheirOrigins() {
        FirmwareImage img = image(new Segment(0x10, new byte[] {1, 2, 3, 4}, "a"), new Segment(0x20, new byte[] {5, 6}, "b"));
        FirmwareImage clipped = img.clip(new AddressRange(0x12, 0x0F));
        assertThat(clipped.ranges()).containsExactly(new AddressRange(0x12, 2), new AddressRange(0x20, 1));
        assertThat(clipped.segments().get(1).originOf(0x20)).isEqualTo("b");
        assertThat(img.clip(new AddressRange(0x100, 4)).isEmpty()).isTrue();
        assertThat(img.clip(List.of(new AddressRange(0x10, 2), new AddressRange(0x12, 2))).ranges())
                .containsExactly(new AddressRange(0x10, 4));
    }

    @Test
    void dataOutsideFlashNamesTheFirstOffendingAddressAndItsSourceLine() throws Exception {
        // Line 3 runs from the last 2 bytes of bank 2 past the end of the 2 MiB flash (0x0820_0000).
        FirmwareImage img = IntelHexReader.read("app.hex", lines(hex(4, 0, 0x08, 0x1F), hex(0, 0x0000, 1, 2),
                hex(0, 0xFFFE, 3, 4, 5, 6), ":00000001FF"));
        List<AddressRange> flash = List.of(F767_2M_DUAL.bankRange(1, false, Stm32F7Window.AXIM),
                F767_2M_DUAL.bankRange(2, false, Stm32F7Window.AXIM));
        assertThatThrownBy(() -> img.requireWithin(flash)).isInstanceOfSatisfying(ImageOutsideFlashException.class, e -> {
            assertThat(e.address()).isEqualTo(0x0820_0000L);
            assertThat(e.origin()).isEqualTo("line 3");
            assertThat(e).hasMessage("app.hex: data at 0x08200000 (line 3) is outside flash 0x08000000-0x081FFFFF");
        });
        // Clipped to flash, the same image passes.
        assertThat(img.clip(flash).requireWithin(flash).totalSize()).isEqualTo(4);
    }

    @Test
    void dataBelowFlashOrInRamIsCaughtAtItsFirstByte() throws Exception {
        FirmwareImage img = image(new Segment(0x0800_0000L, new byte[16], "section .text"),
                new Segment(0x2000_0000L, new byte[4], "section .data (program header 1)"));
        AddressRange bank1 = F767_2M_DUAL.bankRange(1, false, Stm32F7Window.AXIM);
        assertThatThrownBy(() -> img.requireWithin(List.of(bank1))).isInstanceOfSatisfying(ImageOutsideFlashException.class,
                e -> {
                    assertThat(e.address()).isEqualTo(0x2000_0000L);
                    assertThat(e.origin()).isEqualTo("section .data (program header 1)");
                });
        // A bank-1 image checked against bank 2 only fails at its very first byte.
        FirmwareImage sample = ImageReader.read(ImageSamples.path(ImageSamples.BANK1 + ".elf"));
        assertThatThrownBy(() -> sample.requireWithin(List.of(F767_2M_DUAL.bankRange(2, false, Stm32F7Window.AXIM))))
                .isInstanceOfSatisfying(ImageOutsideFlashException.class, e -> {
                    assertThat(e.address()).isEqualTo(0x0800_0000L);
                    assertThat(e.origin()).isEqualTo("section .isr_vector (program header 0, file offset 0x1000)");
                });
    }

    @Test
    void sectorRangesThatTouchCountAsOneFlashArea() throws Exception {
        // Sector ranges from the model, one by one: the image spans sectors 0 and 1 and must pass.
        List<AddressRange> sectors = F767_2M_DUAL.sectors().stream()
                .map(s -> F767_2M_DUAL.sectorRange(s, false, Stm32F7Window.AXIM)).toList();
        FirmwareImage img = image(new Segment(0x0800_3FF0L, new byte[0x20], "x"));
        img.requireWithin(sectors);
        assertThat(img.requireWithin(sectors)).isSameAs(img);
    }

    @Test
    void shiftedMovesBytesButNotTheEntryPoint() throws Exception {
        FirmwareImage b1 = ImageReader.read(ImageSamples.path(ImageSamples.BANK1 + ".elf"));
        FirmwareImage moved = b1.shifted(0x0010_0000L);
        assertThat(moved.span().orElseThrow().start()).isEqualTo(0x0810_0000L);
        assertThat(moved.entryPoint()).isEqualTo(b1.entryPoint());
        assertThat(moved.version()).isEqualTo(b1.version());
        assertThat(moved.bytes(moved.span().orElseThrow())).isEqualTo(b1.bytes(b1.span().orElseThrow()));
        assertThat(moved.segments().get(0).originOf(0x0810_0040L)).startsWith("section .text");
    }

    @Test
    void sameContentIgnoresSourceAndFormat() throws Exception {
        FirmwareImage a = image(new Segment(0x10, new byte[] {1}, "a"));
        FirmwareImage b = FirmwareImage.of("other.hex", ImageFormat.INTEL_HEX, List.of(new Segment(0x10, new byte[] {1}, "line 1")),
                OptionalLong.empty());
        FirmwareImage c = FirmwareImage.of("other.hex", ImageFormat.INTEL_HEX, List.of(new Segment(0x10, new byte[] {1}, "line 1")),
                OptionalLong.of(0x11));
        assertThat(a.sameContentAs(b)).isTrue();
        assertThat(a.sameContentAs(c)).isFalse();
        assertThat(c.toString()).isEqualTo("other.hex (Intel HEX): 1 bytes in 1 segment, entry 0x00000011");
    }

    @Test
    void readBackBytesAndErasedRunsDroppedForExport() {
        byte[] dump = new byte[64];
        java.util.Arrays.fill(dump, (byte) 0xFF);
        dump[0] = 1;
        dump[1] = (byte) 0xFF; // a single 0xFF inside data stays
        dump[2] = 2;
        dump[40] = 3;
        FirmwareImage img = FirmwareImage.ofBytes("read-back of bank 2", 0x0810_0000L, dump);
        assertThat(img.format()).isEqualTo(ImageFormat.BIN);
        assertThat(img.ranges()).containsExactly(new AddressRange(0x0810_0000L, 64));
        FirmwareImage trimmed = img.withoutRuns(FirmwareImage.ERASED, 16);
        assertThat(trimmed.ranges()).containsExactly(new AddressRange(0x0810_0000L, 3), new AddressRange(0x0810_0028L, 1));
        assertThat(trimmed.bytes(new AddressRange(0x0810_0000L, 64))).isEqualTo(dump);
        assertThat(trimmed.segments().get(1).originOf(0x0810_0028L)).isEqualTo("read-back of bank 2");
        assertThat(img.withoutRuns(FirmwareImage.ERASED, 1).totalSize()).isEqualTo(3);
        assertThat(FirmwareImage.ofBytes("x", 0, new byte[] {(byte) 0xFF}).withoutRuns((byte) 0xFF, 1).isEmpty()).isTrue();
    }

    @Test
    void segmentCopiesItsInput() {
        byte[] data = {1, 2};
        Segment s = new Segment(0, data, "a");
        data[0] = 9;
        assertThat(s.data()).containsExactly(1, 2);
        assertThatThrownBy(() -> new Segment(0, new byte[0], "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Segment(0xFFFF_FFFFL, new byte[2], "a")).isInstanceOf(IllegalArgumentException.class);
    }
}
