package dev.flashbank.core.image;

import java.nio.charset.StandardCharsets;

/**
 * Writes Intel HEX (I32HEX) the way objcopy does: data records of up to {@value #DEFAULT_RECORD_SIZE} bytes that never
 * cross a 64 KiB boundary, a type 04 extended linear address record whenever the upper 16 address bits change (none
 * while they are 0), a type 05 start linear address record for the entry point, and the end-of-file record; CR LF
 * line ends. Gaps are simply not written. {@link IntelHexReader} reads the result back to the same image.
 */
public final class IntelHexWriter {

    public static final int DEFAULT_RECORD_SIZE = 16;

    private IntelHexWriter() {
    }

    public static byte[] write(FirmwareImage image) {
        return write(image, DEFAULT_RECORD_SIZE);
    }

    /** @param recordSize data bytes per record, 1-255 */
    public static byte[] write(FirmwareImage image, int recordSize) {
        if (recordSize < 1 || recordSize > 255) {
            throw new IllegalArgumentException("record size must be 1-255: " + recordSize);
        }
        StringBuilder sb = new StringBuilder();
        long upper = 0;
        for (Segment s : image.segments()) {
            byte[] data = s.data();
            int pos = 0;
            while (pos < data.length) {
                long address = s.address() + pos;
                if ((address >>> 16) != upper) {
                    upper = address >>> 16;
                    record(sb, 0, 0x04, new byte[] {(byte) (upper >>> 8), (byte) upper});
                }
                int toBoundary = (int) (0x1_0000 - (address & 0xFFFF));
                int n = Math.min(Math.min(recordSize, data.length - pos), toBoundary);
                byte[] chunk = new byte[n];
                System.arraycopy(data, pos, chunk, 0, n);
                record(sb, (int) (address & 0xFFFF), 0x00, chunk);
                pos += n;
            }
        }
        image.entryPoint().ifPresent(e -> record(sb, 0, 0x05,
                new byte[] {(byte) (e >>> 24), (byte) (e >>> 16), (byte) (e >>> 8), (byte) e}));
        record(sb, 0, 0x01, new byte[0]);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void record(StringBuilder sb, int offset, int type, byte[] data) {
        int sum = data.length + (offset >>> 8) + (offset & 0xFF) + type;
        sb.append(':');
        TextRecords.appendHexByte(sb, data.length);
        TextRecords.appendHexByte(sb, offset >>> 8);
        TextRecords.appendHexByte(sb, offset & 0xFF);
        TextRecords.appendHexByte(sb, type);
        for (byte b : data) {
            TextRecords.appendHexByte(sb, b & 0xFF);
            sum += b & 0xFF;
        }
        TextRecords.appendHexByte(sb, -sum & 0xFF);
        sb.append("\r\n");
    }
}
