package dev.flashbank.core.image;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Strict Motorola S-record reader (S-record format as described in the Motorola M68000 family programmer's reference
 * manual, appendix C, and srec(5)): S0 header, S1/S2/S3 data with 16/24/32-bit addresses, S5/S6 record counts,
 * S7/S8/S9 termination with the entry address. Our own parser: no maintained Java library for this exists that
 * reports errors with line numbers, and the format is small.
 * <p>
 * Rules enforced (each violation is one {@link ImageFormatException} naming file, line and reason): every non-empty
 * line is a record "S" + type digit + hex pairs; the byte count matches the line length and covers at least the
 * address and checksum; the checksum (ones' complement of the low byte of the sum of count, address and data) is
 * right; S4 (reserved) is rejected; the S0 header comes before any data; an S5/S6 count equals the number of
 * S1/S2/S3 records before it; count and termination records carry no data; the file ends with exactly one
 * termination record and nothing follows it; at least one data byte; no byte is written twice.
 */
public final class SrecReader {

    private SrecReader() {
    }

    /** Address field width in bytes per record type S0..S9 (S4 reserved: 0). */
    private static final int[] ADDRESS_BYTES = {2, 2, 3, 4, 0, 2, 3, 4, 3, 2};

    /** Reads {@code content}; {@code file} is the name used in errors and as the image source. */
    public static FirmwareImage read(String file, byte[] content) throws ImageFormatException {
        List<TextRecords.Line> lines = TextRecords.lines(content);
        SegmentCollector data = new SegmentCollector(file);
        long dataRecords = 0;
        Long entry = null;
        TextRecords.Line end = null;
        for (TextRecords.Line line : lines) {
            String t = line.text();
            if (t.isEmpty()) {
                continue;
            }
            if (end != null) {
                throw TextRecords.error(file, line, "data after the termination record of line " + end.number());
            }
            if (t.charAt(0) != 'S') {
                throw TextRecords.error(file, line, "a record must start with 'S', found " + TextRecords.describe(t.charAt(0)));
            }
            if (t.length() < 2 || t.charAt(1) < '0' || t.charAt(1) > '9') {
                throw TextRecords.error(file, line, "bad record type "
                        + (t.length() < 2 ? "(missing)" : TextRecords.describe(t.charAt(1))) + ", expected S0-S9");
            }
            int type = t.charAt(1) - '0';
            if (type == 4) {
                throw TextRecords.error(file, line, "bad record type S4 (reserved)");
            }
            byte[] b = TextRecords.hexBytes(file, line, 2);
            int addressBytes = ADDRESS_BYTES[type];
            if (b.length < 1) {
                throw TextRecords.error(file, line, "record too short: no byte count");
            }
            int count = b[0] & 0xFF;
            if (b.length != count + 1) {
                throw TextRecords.error(file, line, "bad record length: the byte count says " + count
                        + " bytes follow, the line holds " + (b.length - 1));
            }
            if (count < addressBytes + 1) {
                throw TextRecords.error(file, line, "bad record length: an S" + type + " record needs at least "
                        + (addressBytes + 1) + " bytes (address and checksum), the byte count says " + count);
            }
            int sum = 0;
            for (int i = 0; i < b.length - 1; i++) {
                sum += b[i] & 0xFF;
            }
            int expected = ~sum & 0xFF;
            int actual = b[b.length - 1] & 0xFF;
            if (expected != actual) {
                throw TextRecords.error(file, line, String.format("bad checksum 0x%02X, expected 0x%02X", actual,
                        expected));
            }
            long address = TextRecords.bigEndian(b, 1, addressBytes);
            int dataBytes = count - addressBytes - 1;
            switch (type) {
                case 0 -> {
                    if (dataRecords > 0) {
                        throw TextRecords.error(file, line, "header record S0 after data records");
                    }
                }
                case 1, 2, 3 -> {
                    dataRecords++;
                    data.add(address, Arrays.copyOfRange(b, 1 + addressBytes, 1 + addressBytes + dataBytes),
                            "line " + line.number(), ImageLocation.line(line.number()));
                }
                case 5, 6 -> {
                    requireNoData(file, line, type, dataBytes);
                    if (address != dataRecords) {
                        throw TextRecords.error(file, line, "record count S" + type + " says " + address
                                + " data records, the file has " + dataRecords + " before it");
                    }
                }
                default -> { // 7, 8, 9
                    requireNoData(file, line, type, dataBytes);
                    entry = address;
                    end = line;
                }
            }
        }
        if (end == null) {
            if (lines.stream().allMatch(l -> l.text().isEmpty())) {
                throw new ImageFormatException(file, ImageLocation.wholeFile(), "empty file: no records");
            }
            int last = 1;
            for (TextRecords.Line l : lines) {
                if (!l.text().isEmpty()) {
                    last = l.number();
                }
            }
            throw new ImageFormatException(file, ImageLocation.line(last),
                    "missing termination record (S7, S8 or S9) after this line: file truncated?");
        }
        List<Segment> segments = data.build(ImageLocation.line(end.number()),
                "no data records (S1/S2/S3) before the termination record");
        return FirmwareImage.of(file, ImageFormat.SREC, segments,
                entry == 0 ? OptionalLong.empty() : OptionalLong.of(entry));
    }

    private static void requireNoData(String file, TextRecords.Line line, int type, int dataBytes)
            throws ImageFormatException {
        if (dataBytes != 0) {
            throw TextRecords.error(file, line, "bad record length: an S" + type + " record carries no data, this one has "
                    + dataBytes + " bytes");
        }
    }
}
