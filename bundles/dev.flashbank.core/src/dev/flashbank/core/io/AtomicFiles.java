package dev.flashbank.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a crash or an exception at any point leaves either the complete old file or the complete
 * new file, never a truncated one: the content goes to a temporary file in the SAME directory (so the final rename
 * cannot cross file systems), is forced to disk, and then replaces the target with {@code ATOMIC_MOVE}.
 */
public final class AtomicFiles {

    /** Produces the file content. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Atomically replaces (or creates) {@code target} with what {@code writer} produces. On any failure the
     * temporary file is removed and {@code target} is untouched.
     *
     * @throws IOException from the writer or the file system; {@link AtomicMoveNotSupportedException} when the file
     *             system cannot rename atomically (no non-atomic fallback: that would break the guarantee)
     */
    public static void write(Path target, ContentWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = Channels.newOutputStream(ch)) {
                writer.writeTo(out);
                out.flush();
                ch.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
