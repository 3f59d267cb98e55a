package dev.flashbank.core.image;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Strict Intel HEX reader (Intel "Hexadecimal Object File Format Specification", rev. A, 1988): record types
 * 00 data, 01 end of file, 02 extended segment address, 03 start segment address, 04 extended linear address,
 * 05 start linear address. Our own parser: no maintained Java library for this exists that reports errors with line
 * numbers, and the format is small.
 * <p>
 * Rules enforced (each violation is one {@link ImageFormatException} naming file, line and reason): every non-empty
 * line is a record starting with ':'; hex digits only; the byte count matches the line length; the checksum is
 * right; the type is 00-05 with the length that type requires; start-address records do not contradict each other;
 * the file ends with exactly one end-of-file record and nothing follows it; at least one data byte; no byte is
 * written twice. Empty lines and trailing blanks/CR are tolerated.
 * <p>
 * Addressing: after a type 02 record, the address is {@code segment * 16 + ((offset + i) mod 64K)} (the 16-bit
 * offset wraps inside the segment, as the specification says); after a type 04 record it is
 * {@code upper << 16 + offset + i}. A start segment address CS:IP becomes the entry point {@code CS * 16 + IP}.
 */
public final class IntelHexReader {

    private static final int DATA = 0x00;
    private static final int EOF = 0x01;
    private static final int EXTENDED_SEGMENT_ADDRESS = 0x02;
    private static final int START_SEGMENT_ADDRESS = 0x03;
    private static final int EXTENDED_LINEAR_ADDRESS = 0x04;
    private static final int START_LINEAR_ADDRESS = 0x05;

    private IntelHexReader() {
    }

    /** Reads {@code content}; {@code file} is the name used in errors and as the image source. */
    public static FirmwareImage read(String file, byte[] content) throws ImageFormatException {
        List<TextRecords.Line> lines = TextRecords.lines(content);
        SegmentCollector data = new SegmentCollector(file);
        long base = 0;            // segment base (type 02) or upper linear address (type 04)
        boolean segmented = false;
        Long entry = null;
        int entryLine = 0;
        TextRecords.Line eof = null;
        for (TextRecords.Line line : lines) {
            String t = line.text();
            if (t.isEmpty()) {
                continue;
            }
            if (eof != null) {
                throw TextRecords.error(file, line, "data after the end-of-file record of line " + eof.number());
            }
            if (t.charAt(0) != ':') {
                throw TextRecords.error(file, line, "a record must start with ':', found "
                        + TextRecords.describe(t.charAt(0)));
            }
            byte[] b = TextRecords.hexBytes(file, line, 1);
            if (b.length < 5) {
                throw TextRecords.error(file, line, "record too short: " + b.length
                        + " bytes, a record has at least 5 (count, address, type, checksum)");
            }
            int count = b[0] & 0xFF;
            if (b.length != count + 5) {
                throw TextRecords.error(file, line, "bad record length: the byte count says " + count
                        + " data bytes, the line holds " + (b.length - 5));
            }
            int sum = 0;
            for (int i = 0; i < b.length - 1; i++) {
                sum += b[i] & 0xFF;
            }
            int expected = (-sum) & 0xFF;
            int actual = b[b.length - 1] & 0xFF;
            if (expected != actual) {
                throw TextRecords.error(file, line, String.format("bad checksum 0x%02X, expected 0x%02X", actual,
                        expected));
            }
            int offset = (int) TextRecords.bigEndian(b, 1, 2);
            int type = b[3] & 0xFF;
            switch (type) {
                case DATA -> {
                    byte[] payload = Arrays.copyOfRange(b, 4, 4 + count);
                    String origin = "line " + line.number();
                    ImageLocation where = ImageLocation.line(line.number());
                    if (segmented && offset + count > 0x1_0000) {
                        // The 16-bit offset wraps inside the 64 KiB segment (spec: SBA + ((DRLO + DRI) MOD 64K)).
                        int first = 0x1_0000 - offset;
                        data.add(base + offset, Arrays.copyOfRange(payload, 0, first), origin, where);
                        data.add(base, Arrays.copyOfRange(payload, first, count), origin, where);
                    } else {
                        data.add(base + offset, payload, origin, where);
                    }
                }
                case EOF -> {
                    requireCount(file, line, type, count, 0);
                    eof = line;
                }
                case EXTENDED_SEGMENT_ADDRESS -> {
                    requireCount(file, line, type, count, 2);
                    base = TextRecords.bigEndian(b, 4, 2) << 4;
                    segmented = true;
                }
                case EXTENDED_LINEAR_ADDRESS -> {
                    requireCount(file, line, type, count, 2);
                    base = TextRecords.bigEndian(b, 4, 2) << 16;
                    segmented = false;
                }
                case START_SEGMENT_ADDRESS, START_LINEAR_ADDRESS -> {
                    requireCount(file, line, type, count, 4);
                    long e = type == START_LINEAR_ADDRESS ? TextRecords.bigEndian(b, 4, 4)
                            : (TextRecords.bigEndian(b, 4, 2) << 4) + TextRecords.bigEndian(b, 6, 2);
                    if (entry != null && entry != e) {
                        throw TextRecords.error(file, line, String.format(
                                "start address 0x%08X contradicts 0x%08X given on line %d", e, entry, entryLine));
                    }
                    entry = e;
                    entryLine = line.number();
                }
                default -> throw TextRecords.error(file, line, String.format(
                        "bad record type 0x%02X (Intel HEX defines 00-05)", type));
            }
        }
        if (eof == null) {
            if (lines.stream().allMatch(l -> l.text().isEmpty())) {
                throw new ImageFormatException(file, ImageLocation.wholeFile(), "empty file: no records");
            }
            throw new ImageFormatException(file, ImageLocation.line(lastNonEmpty(lines)),
                    "missing end-of-file record (:00000001FF) after this line: file truncated?");
        }
        List<Segment> segments = data.build(ImageLocation.line(eof.number()), "no data records before the end-of-file record");
        return FirmwareImage.of(file, ImageFormat.INTEL_HEX, segments,
                entry == null || entry == 0 ? OptionalLong.empty() : OptionalLong.of(entry));
    }

    private static int lastNonEmpty(List<TextRecords.Line> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).text().isEmpty()) {
                return lines.get(i).number();
            }
        }
        return 1;
    }

    private static void requireCount(String file, TextRecords.Line line, int type, int count, int required)
            throws ImageFormatException {
        if (count != required) {
            throw TextRecords.error(file, line, String.format("bad record length: a type %02X record has %d data bytes, not %d",
                    type, required, count));
        }
    }
}
