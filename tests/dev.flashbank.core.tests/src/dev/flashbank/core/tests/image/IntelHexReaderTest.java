package dev.flashbank.core.tests.image;

import static dev.flashbank.core.tests.image.Records.formatError;
import static dev.flashbank.core.tests.image.Records.hex;
import static dev.flashbank.core.tests.image.Records.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormatException;
import dev.flashbank.core.image.ImageLocation;
import dev.flashbank.core.image.IntelHexReader;

/** Intel HEX: every record type, addressing modes, and one precise error per kind of bad input. */
class IntelHexReaderTest {

    private static final String EOF = ":00000001FF";

    private static FirmwareImage read(byte[] content) throws ImageFormatException {
        return IntelHexReader.read("t.hex", content);
    }

    private static ImageFormatException error(String... lines) {
        return formatError(() -> read(lines(lines)));
    }

    @Test
    void extendedLinearAddressAndStartLinearAddress() throws Exception {
        FirmwareImage image = read(lines(hex(4, 0, 0x08, 0x10), hex(0, 0x0010, 1, 2, 3, 4), hex(0, 0x0014, 5, 6),
                hex(5, 0, 0x08, 0x10, 0x01, 0x23), EOF));
        assertThat(image.ranges()).containsExactly(new AddressRange(0x0810_0010L, 6));
        assertThat(image.bytes(new AddressRange(0x0810_0010L, 6))).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(image.entryPoint()).hasValue(0x0810_0123L);
    }

    @Test
    void extendedSegmentAddressAndStartSegmentAddress() throws Exception {
        FirmwareImage image = read(lines(hex(2, 0, 0x12, 0x00), hex(0, 0x0004, 0xAA, 0xBB),
                hex(3, 0, 0x12, 0x00, 0x00, 0x40), EOF));
        // segment 0x1200 * 16 = 0x12000; CS:IP = 0x1200:0x0040 -> 0x12040
        assertThat(image.ranges()).containsExactly(new AddressRange(0x12004L, 2));
        assertThat(image.entryPoint()).hasValue(0x12040L);
    }

    @Test
    void segmentOffsetWrapsInsideTheSegment() throws Exception {
        FirmwareImage image = read(lines(hex(2, 0, 0x10, 0x00), hex(0, 0xFFFE, 1, 2, 3, 4), EOF));
        // base 0x10000: bytes at 0x1FFFE, 0x1FFFF, then wrap to 0x10000, 0x10001 (spec: (DRLO + DRI) MOD 64K)
        assertThat(image.ranges()).containsExactly(new AddressRange(0x10000L, 2), new AddressRange(0x1FFFEL, 2));
        assertThat(image.bytes(new AddressRange(0x10000L, 2))).containsExactly(3, 4);
    }

    @Test
    void linearAddressDoesNotWrapAndLaterRecordsSwitchModes() throws Exception {
        FirmwareImage image = read(lines(hex(4, 0, 0x00, 0x01), hex(0, 0xFFFF, 9, 8), hex(2, 0, 0x00, 0x10),
                hex(0, 0, 7), hex(4, 0, 0, 0), hex(0, 0x20, 6), EOF));
        assertThat(image.ranges()).containsExactly(new AddressRange(0x20L, 1), new AddressRange(0x100L, 1),
                new AddressRange(0x1FFFFL, 2));
    }

    @Test
    void adjacentRecordsMergeAndLowerCaseAndBlankLinesAreAccepted() throws Exception {
        String a = hex(0, 0x0000, 1, 2).toLowerCase();
        FirmwareImage image = read(("\r\n" + a + "\r\n" + hex(0, 0x0002, 3) + "  \r\n\r\n" + EOF + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(image.segments()).singleElement().satisfies(s -> {
            assertThat(s.data()).containsExactly(1, 2, 3);
            assertThat(s.originOf(0)).isEqualTo("line 2");
            assertThat(s.originOf(2)).isEqualTo("line 3");
        });
        assertThat(image.entryPoint()).isEmpty();
    }

    @Test
    void anyLineEndCountsLinesTheSameWay() throws Exception {
        String[] records = {hex(0, 0, 1), hex(0, 1, 2), "x", EOF};
        for (String eol : new String[] {"\n", "\r\n", "\r"}) {
            byte[] content = String.join(eol, records).getBytes(StandardCharsets.US_ASCII);
            assertThat(formatError(() -> read(content))).as(eol.replace("\r", "CR").replace("\n", "LF"))
                    .hasMessage("t.hex: line 3: a record must start with ':', found 'x'");
        }
        byte[] oldMac = String.join("\r", hex(0, 0, 1), hex(0, 1, 2), EOF).getBytes(StandardCharsets.US_ASCII);
        assertThat(read(oldMac).totalSize()).isEqualTo(2);
    }

    @Test
    void badChecksumNamesLineAndBothValues() {
        String good = hex(0, 0x0100, 0x11, 0x22);
        String bad = good.substring(0, good.length() - 2) + "00";
        ImageFormatException e = error(hex(0, 0, 1), bad, EOF);
        assertThat(e).hasMessage("t.hex: line 2: bad checksum 0x00, expected 0x" + good.substring(good.length() - 2));
        assertThat(e.file()).isEqualTo("t.hex");
        assertThat(e.location()).isEqualTo(ImageLocation.line(2));
        assertThat(e.location().line()).hasValue(2);
        assertThat(e.location().offset()).isEmpty();
    }

    @Test
    void badRecordLengthAndBadTypeAndWrongLengthForType() {
        // count says 3 data bytes, line holds 2
        String shortRecord = hex(0, 0, 1, 2);
        String lied = ":03" + shortRecord.substring(3, shortRecord.length() - 2) + "00";
        assertThat(error(lied, EOF)).hasMessage("t.hex: line 1: bad record length: the byte count says 3 data bytes, the line holds 2");
        assertThat(error(hex(6, 0, 1), EOF)).hasMessage("t.hex: line 1: bad record type 0x06 (Intel HEX defines 00-05)");
        assertThat(error(hex(4, 0, 8), EOF))
                .hasMessage("t.hex: line 1: bad record length: a type 04 record has 2 data bytes, not 1");
        assertThat(error(hex(0, 0, 1), ":00000001"))
                .hasMessage("t.hex: line 2: record too short: 4 bytes, a record has at least 5 (count, address, type, checksum)");
        assertThat(error(hex(0, 0, 1), hex(1, 0, 0), EOF)).hasMessageStartingWith("t.hex: line 2: bad record length: a type 01");
    }

    @Test
    void nonHexCharacterNamesLineAndColumn() {
        String good = hex(0, 0x0010, 0xAB, 0xCD);
        String bad = good.substring(0, 9) + "G" + good.substring(10);
        assertThat(error(hex(0, 0, 1), bad, EOF)).hasMessage("t.hex: line 2: non-hex character 'G' at column 10");
        assertThat(error("\u00e9" + good.substring(1), EOF))
                .hasMessage("t.hex: line 1: a record must start with ':', found 0xE9");
        assertThat(error(":0\u00ff", EOF)).hasMessage("t.hex: line 1: non-hex character 0xFF at column 3");
    }

    @Test
    void missingEndOfFileRecordIsReportedAfterTheLastLine() {
        assertThat(error(hex(4, 0, 8, 0), hex(0, 0, 1, 2)))
                .hasMessage("t.hex: line 2: missing end-of-file record (:00000001FF) after this line: file truncated?");
    }

    @Test
    void truncatedRealFileIsRejectedAtTheCutLine() {
        String real = ImageSamples.text(ImageSamples.BANK1 + ".hex");
        List<String> lines = real.lines().toList();
        // cut in the middle of line 6: odd number of digits (a half byte) or a short record
        String cut = String.join("\r\n", lines.subList(0, 5)) + "\r\n" + lines.get(5).substring(0, 20);
        ImageFormatException e = formatError(() -> read(cut.getBytes(StandardCharsets.US_ASCII)));
        assertThat(e.location()).isEqualTo(ImageLocation.line(6));
        assertThat(e.reason()).isEqualTo("odd number of hex digits (19) after the record start: truncated line?");
        String cutEven = String.join("\r\n", lines.subList(0, 5)) + "\r\n" + lines.get(5).substring(0, 21);
        assertThat(formatError(() -> read(cutEven.getBytes(StandardCharsets.US_ASCII))))
                .hasMessage("t.hex: line 6: bad record length: the byte count says 16 data bytes, the line holds 5");
        // whole lines lost at the end: the EOF record is missing
        String lost = String.join("\r\n", lines.subList(0, 10)) + "\r\n";
        assertThat(formatError(() -> read(lost.getBytes(StandardCharsets.US_ASCII)))).hasMessage(
                "t.hex: line 10: missing end-of-file record (:00000001FF) after this line: file truncated?");
    }

    @Test
    void corruptedDigitInRealFileFailsTheChecksumOfThatLine() {
        List<String> lines = new ArrayList<>(ImageSamples.text(ImageSamples.BANK1 + ".hex").lines().toList());
        String l = lines.get(7);
        char c = l.charAt(15);
        lines.set(7, l.substring(0, 15) + (c == '0' ? '1' : '0') + l.substring(16));
        ImageFormatException e = formatError(() -> read(String.join("\n", lines).getBytes(StandardCharsets.US_ASCII)));
        assertThat(e.location()).isEqualTo(ImageLocation.line(8));
        assertThat(e.reason()).startsWith("bad checksum 0x");
    }

    @Test
    void overlappingRecordsNameBothLines() {
        ImageFormatException e = error(hex(4, 0, 0x08, 0x00), hex(0, 0x0000, 1, 2, 3, 4), hex(0, 0x0010, 9),
                hex(0, 0x0002, 5, 6, 7), EOF);
        assertThat(e).hasMessage("t.hex: line 4: overlapping data: line 4 writes 0x08000002-0x08000004, of which "
                + "0x08000002-0x08000003 was already written by line 2");
        assertThat(e.location()).isEqualTo(ImageLocation.line(4));
    }

    @Test
    void emptyImageEmptyFileDataAfterEofAndContradictingStartAddresses() {
        assertThat(error(hex(4, 0, 8, 0), EOF))
                .hasMessage("t.hex: line 2: empty image: no data records before the end-of-file record");
        assertThat(formatError(() -> read(new byte[0]))).hasMessage("t.hex: empty file: no records");
        assertThat(formatError(() -> read("\n\r\n".getBytes(StandardCharsets.US_ASCII))))
                .hasMessage("t.hex: empty file: no records");
        assertThat(error(hex(0, 0, 1), EOF, hex(0, 1, 2)))
                .hasMessage("t.hex: line 3: data after the end-of-file record of line 2");
        assertThat(error(hex(0, 0, 1), hex(5, 0, 8, 0, 0, 0x41), hex(5, 0, 8, 0, 0, 0x43), EOF)).hasMessage(
                "t.hex: line 3: start address 0x08000043 contradicts 0x08000041 given on line 2");
    }

    @Test
    void dataBeyondFourGigabytesIsRejected() {
        assertThat(error(hex(4, 0, 0xFF, 0xFF), hex(0, 0xFFFF, 1, 2), EOF))
                .hasMessage("t.hex: line 2: data at 0xFFFFFFFF + 2 bytes goes beyond the 32-bit address space");
    }

    @Test
    void imageBytesAreCopiesNotViews() throws Exception {
        FirmwareImage image = read(lines(hex(0, 0, 1, 2, 3), EOF));
        byte[] data = image.segments().get(0).data();
        data[0] = 99;
        assertThat(image.segments().get(0).data()).containsExactly(1, 2, 3);
        assertThat(Arrays.equals(image.bytes(new AddressRange(0, 3)), new byte[] {1, 2, 3})).isTrue();
    }
}
