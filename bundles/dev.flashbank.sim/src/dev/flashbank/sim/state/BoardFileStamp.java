package dev.flashbank.sim.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * What a board state file looked like when it was last loaded or saved, to tell whether someone else wrote it since:
 * size, modification time and the CRC-32 of its header. The header lists every section's CRC-32 and the option
 * words, so a write that changes any content changes it even when size and a coarse modification time do not.
 *
 * @param size file size in bytes, -1 when the file does not exist
 * @param modifiedNanos last-modified time in nanoseconds (as fine as the file system keeps it)
 * @param headerCrc CRC-32 of the first {@value #HEADER_BYTES} bytes
 */
public record BoardFileStamp(long size, long modifiedNanos, long headerCrc) {

    /** Bytes hashed: more than any header this release writes. */
    static final int HEADER_BYTES = 4096;

    public static BoardFileStamp of(Path file) throws IOException {
        try {
            long size = Files.size(file);
            long mtime = Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS);
            CRC32 crc = new CRC32();
            try (InputStream in = Files.newInputStream(file)) {
                crc.update(in.readNBytes(HEADER_BYTES));
            }
            return new BoardFileStamp(size, mtime, crc.getValue());
        } catch (NoSuchFileException e) {
            return new BoardFileStamp(-1, 0, 0);
        }
    }
}
