package dev.flashbank.core.tests.image;

import static dev.flashbank.core.tests.image.Records.formatError;
import static dev.flashbank.core.tests.image.Records.lines;
import static dev.flashbank.core.tests.image.Records.srec;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormatException;
import dev.flashbank.core.image.ImageLocation;
import dev.flashbank.core.image.SrecReader;

/** Motorola S-records: S0-S3, S5-S9, and one precise error per kind of bad input. */
class SrecReaderTest {

    private static final String HEADER = srec(0, 2, 0, 'h', 'i');

    private static FirmwareImage read(byte[] content) throws ImageFormatException {
        return SrecReader.read("t.srec", content);
    }

    private static ImageFormatException error(String... lines) {
        return formatError(() -> read(lines(lines)));
    }

    @Test
    void s1DataWithS9Entry() throws Exception {
        FirmwareImage image = read(lines(HEADER, srec(1, 2, 0x1000, 1, 2, 3), srec(1, 2, 0x1003, 4), srec(5, 2, 2),
                srec(9, 2, 0x1001)));
        assertThat(image.ranges()).containsExactly(new AddressRange(0x1000, 4));
        assertThat(image.bytes(new AddressRange(0x1000, 4))).containsExactly(1, 2, 3, 4);
        assertThat(image.entryPoint()).hasValue(0x1001L);
    }

    @Test
    void s2DataWithS6CountAndS8Entry() throws Exception {
        FirmwareImage image = read(lines(srec(2, 3, 0x12_3456, 0xAA), srec(6, 3, 1), srec(8, 3, 0x12_3457)));
        assertThat(image.ranges()).containsExactly(new AddressRange(0x12_3456L, 1));
        assertThat(image.entryPoint()).hasValue(0x12_3457L);
    }

    @Test
    void s3DataWithS7EntryAndMixedWidths() throws Exception {
        FirmwareImage image = read(lines(HEADER, srec(3, 4, 0x0800_0000L, 1, 2), srec(1, 2, 0x0010, 3),
                srec(7, 4, 0x0800_0001L)));
        assertThat(image.ranges()).containsExactly(new AddressRange(0x10, 1), new AddressRange(0x0800_0000L, 2));
        assertThat(image.entryPoint()).hasValue(0x0800_0001L);
    }

    @Test
    void zeroStartAddressMeansNoEntryPoint() throws Exception {
        // objcopy writes S7/S9 0 when the ELF had e_entry = 0 ("no entry point" in ELF terms)
        assertThat(read(lines(srec(1, 2, 0, 1), srec(9, 2, 0))).entryPoint()).isEmpty();
    }

    @Test
    void badChecksum() {
        String good = srec(3, 4, 0x0800_0000L, 0x10, 0x20);
        String bad = good.substring(0, good.length() - 2) + "FF";
        assertThat(error(HEADER, bad, srec(7, 4, 0))).hasMessage(
                "t.srec: line 2: bad checksum 0xFF, expected 0x" + good.substring(good.length() - 2));
    }

    @Test
    void badRecordLengthsAndTypes() {
        String good = srec(1, 2, 0x100, 1, 2);
        String lied = good.substring(0, 2) + "06" + good.substring(4);
        assertThat(error(lied, srec(9, 2, 0)))
                .hasMessage("t.srec: line 1: bad record length: the byte count says 6 bytes follow, the line holds 5");
        assertThat(error(srec(4, 2, 0, 1), srec(9, 2, 0))).hasMessage("t.srec: line 1: bad record type S4 (reserved)");
        assertThat(error("X1030000FC")).hasMessage("t.srec: line 1: a record must start with 'S', found 'X'");
        assertThat(error("SX030000FC")).hasMessage("t.srec: line 1: bad record type 'X', expected S0-S9");
        assertThat(error(srec(3, 2, 0, 1), srec(7, 4, 0))).hasMessage(
                "t.srec: line 1: bad record length: an S3 record needs at least 5 bytes (address and checksum), the byte count says 4");
        assertThat(error(srec(1, 2, 0, 1), srec(9, 2, 0, 7)))
                .hasMessage("t.srec: line 2: bad record length: an S9 record carries no data, this one has 1 bytes");
    }

    @Test
    void recordCountMustMatch() {
        assertThat(error(srec(1, 2, 0, 1), srec(1, 2, 1, 2), srec(5, 2, 3), srec(9, 2, 0)))
                .hasMessage("t.srec: line 3: record count S5 says 3 data records, the file has 2 before it");
    }

    @Test
    void nonHexCharacter() {
        String good = srec(1, 2, 0x0100, 0xAB);
        String bad = good.substring(0, 8) + "Z" + good.substring(9);
        assertThat(error(bad, srec(9, 2, 0))).hasMessage("t.srec: line 1: non-hex character 'Z' at column 9");
    }

    @Test
    void missingTerminationAndTruncation() {
        assertThat(error(HEADER, srec(1, 2, 0, 1)))
                .hasMessage("t.srec: line 2: missing termination record (S7, S8 or S9) after this line: file truncated?");
        List<String> lines = ImageSamples.text(ImageSamples.BANK2 + ".srec").lines().toList();
        String cut = String.join("\n", lines.subList(0, 4)) + "\n" + lines.get(4).substring(0, 17);
        ImageFormatException e = formatError(() -> read(cut.getBytes(StandardCharsets.US_ASCII)));
        assertThat(e.location()).isEqualTo(ImageLocation.line(5));
        assertThat(e.reason()).startsWith("odd number of hex digits");
    }

    @Test
    void overlapNamesBothLines() {
        assertThat(error(srec(3, 4, 0x0800_0000L, 1, 2, 3, 4), srec(3, 4, 0x0800_0010L, 5),
                srec(3, 4, 0x0800_0003L, 9), srec(7, 4, 0))).hasMessage(
                        "t.srec: line 3: overlapping data: line 3 writes 0x08000003-0x08000003, of which "
                                + "0x08000003-0x08000003 was already written by line 1");
    }

    @Test
    void emptyImageHeaderAfterDataAndRecordsAfterTermination() {
        assertThat(error(HEADER, srec(9, 2, 0)))
                .hasMessage("t.srec: line 2: empty image: no data records (S1/S2/S3) before the termination record");
        assertThat(error(srec(1, 2, 0, 1), HEADER, srec(9, 2, 0)))
                .hasMessage("t.srec: line 2: header record S0 after data records");
        assertThat(error(srec(1, 2, 0, 1), srec(9, 2, 0), srec(1, 2, 1, 1)))
                .hasMessage("t.srec: line 3: data after the termination record of line 2");
        assertThat(formatError(() -> read(new byte[0]))).hasMessage("t.srec: empty file: no records");
    }

    @Test
    void corruptedRealFileNamesTheLine() {
        List<String> lines = new ArrayList<>(ImageSamples.text(ImageSamples.BANK1 + ".srec").lines().toList());
        String l = lines.get(10);
        lines.set(10, l.substring(0, 20) + (l.charAt(20) == 'A' ? 'B' : 'A') + l.substring(21));
        ImageFormatException e = formatError(() -> read(String.join("\r\n", lines).getBytes(StandardCharsets.US_ASCII)));
        assertThat(e.location()).isEqualTo(ImageLocation.line(11));
        assertThat(e.reason()).startsWith("bad checksum");
    }
}
