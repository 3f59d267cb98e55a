package dev.flashbank.core.image;

import java.nio.charset.StandardCharsets;

/**
 * Writes Motorola S-records: an S0 header carrying a text (e.g. the file name), data records of up to
 * {@value #DEFAULT_RECORD_SIZE} bytes using the narrowest address width that fits every address (S1 16-bit, S2
 * 24-bit, S3 32-bit), an S5/S6 record count (omitted beyond 2^24 - 1 records, which S6 cannot express), and the
 * matching S9/S8/S7 termination record with the entry point (0 when there is none); CR LF line ends, as objcopy.
 */
public final class SrecWriter {

    public static final int DEFAULT_RECORD_SIZE = 16;

    /** S0 data is limited by the record's byte count (255 - 2 address - 1 checksum). */
    private static final int MAX_HEADER = 252;

    private SrecWriter() {
    }

    public static byte[] write(FirmwareImage image, String header) {
        return write(image, header, DEFAULT_RECORD_SIZE);
    }

    /** @param recordSize data bytes per record, 1-250 (S3: 255 - 4 address - 1 checksum) */
    public static byte[] write(FirmwareImage image, String header, int recordSize) {
        if (recordSize < 1 || recordSize > 250) {
            throw new IllegalArgumentException("record size must be 1-250: " + recordSize);
        }
        long top = image.span().map(r -> r.last()).orElse(0L);
        long entry = image.entryPoint().orElse(0);
        long highest = Math.max(top, entry);
        int width = highest <= 0xFFFF ? 2 : highest <= 0xFF_FFFF ? 3 : 4;
        int dataType = width - 1;          // S1, S2, S3
        int endType = 11 - width;          // S9, S8, S7
        StringBuilder sb = new StringBuilder();
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] head = new byte[Math.min(h.length, MAX_HEADER)];
        System.arraycopy(h, 0, head, 0, head.length);
        record(sb, 0, 0, 2, head);
        long count = 0;
        for (Segment s : image.segments()) {
            byte[] data = s.data();
            for (int pos = 0; pos < data.length; pos += recordSize) {
                int n = Math.min(recordSize, data.length - pos);
                byte[] chunk = new byte[n];
                System.arraycopy(data, pos, chunk, 0, n);
                record(sb, dataType, s.address() + pos, width, chunk);
                count++;
            }
        }
        if (count <= 0xFFFF) {
            record(sb, 5, count, 2, new byte[0]);
        } else if (count <= 0xFF_FFFF) {
            record(sb, 6, count, 3, new byte[0]);
        }
        record(sb, endType, entry, width, new byte[0]);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void record(StringBuilder sb, int type, long address, int width, byte[] data) {
        int count = width + data.length + 1;
        int sum = count;
        sb.append('S').append(type);
        TextRecords.appendHexByte(sb, count);
        for (int i = width - 1; i >= 0; i--) {
            int b = (int) (address >>> (8 * i)) & 0xFF;
            TextRecords.appendHexByte(sb, b);
            sum += b;
        }
        for (byte b : data) {
            TextRecords.appendHexByte(sb, b & 0xFF);
            sum += b & 0xFF;
        }
        TextRecords.appendHexByte(sb, ~sum & 0xFF);
        sb.append("\r\n");
    }
}
