package dev.flashbank.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Writes a file so that a crash or an exception at any point leaves either the complete old file or the complete
 * new file, never a truncated one: the content goes to a temporary file in the SAME directory (so the final rename
 * cannot cross file systems), is forced to disk, and then replaces the target with {@code ATOMIC_MOVE}.
 * <p>
 * Only a regular file is ever replaced by a rename. A symbolic link is followed to the file it names (that file is
 * replaced, the link stays); a pipe, a device or a name of an open descriptor ({@code /dev/stdout},
 * {@code /dev/fd/N}, {@code /proc/self/fd/N}) is written directly, as a shell redirection would, because renaming
 * over it would replace the device node or link with a plain file (what {@code read -o /dev/stdout} run as root once
 * did); a directory is refused.
 */
public final class AtomicFiles {

    /** Produces the file content. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Names that stand for an already open descriptor of this process. */
    private static final Pattern DESCRIPTOR = Pattern.compile("/dev/(stdout|stderr|fd/\\d+)|/proc/self/fd/\\d+");

    /** Symbolic links followed at most (as the kernel's MAXSYMLINKS on Linux). */
    private static final int MAX_LINKS = 40;

    private AtomicFiles() {
    }

    /**
     * Atomically replaces (or creates) the regular file {@code target} names with what {@code writer} produces; on any
     * failure the temporary file is removed and the file is untouched. Pipes, devices and descriptor names are
     * written directly (not atomic: there is no file to keep).
     *
     * @throws FileSystemException when {@code target} is a directory (nothing written)
     * @throws IOException from the writer or the file system; {@link AtomicMoveNotSupportedException} when the file
     *             system cannot rename atomically (no non-atomic fallback: that would break the guarantee)
     */
    public static void write(Path target, ContentWriter writer) throws IOException {
        if (Files.isDirectory(target)) {
            throw new FileSystemException(target.toString(), null, "is a directory, not a file");
        }
        if (isDescriptor(target)) {
            // into the open descriptor, after what is already there (the shell opened it, maybe with >>)
            writeDirectly(target, writer, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return;
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            writeDirectly(target, writer, StandardOpenOption.WRITE);
            return;
        }
        replaceRegularFile(followLinks(target), writer);
    }

    /** Whether {@code p} names an open descriptor of this process rather than a file. */
    public static boolean isDescriptor(Path p) {
        return DESCRIPTOR.matcher(p.toString().replace('\\', '/')).matches();
    }

    /** The path a chain of symbolic links ends at (which may not exist yet); {@code p} itself if it is no link. */
    static Path followLinks(Path p) throws IOException {
        Path cur = p.toAbsolutePath();
        for (int i = 0; i < MAX_LINKS && Files.isSymbolicLink(cur); i++) {
            Path link = Files.readSymbolicLink(cur);
            cur = cur.getParent().resolve(link).normalize();
        }
        if (Files.isSymbolicLink(cur)) {
            throw new FileSystemException(p.toString(), null, "too many levels of symbolic links");
        }
        return cur;
    }

    private static void writeDirectly(Path target, ContentWriter writer, OpenOption... options) throws IOException {
        try (OutputStream out = Files.newOutputStream(target, options)) {
            writer.writeTo(out);
            out.flush();
        }
    }

    private static void replaceRegularFile(Path absolute, ContentWriter writer) throws IOException {
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
