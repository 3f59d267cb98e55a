package dev.flashbank.ui.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;

/**
 * The workspace log ({@link Platform#getLogFileLocation()}, {@code .metadata/.log}) as its entries: Equinox writes
 * each one as a {@code !ENTRY <bundle> <severity> <code> <date>} line, {@code !MESSAGE}, optionally {@code !STACK}
 * and the trace, and {@code !SUBENTRY} blocks; a {@code !SESSION} header starts each run of the workbench.
 */
public final class WorkspaceLog {

    /** One {@code !ENTRY} block, subentries included. */
    public record Entry(String bundle, int severity, String text) {

        public boolean hasStackTrace() {
            return text.contains("\n!STACK");
        }

        public boolean isErrorOrWarning() {
            return severity == IStatus.ERROR || severity == IStatus.WARNING;
        }

        /** The entry's header, message and the first lines of its trace, for a failure message. */
        public String summary() {
            List<String> lines = text.lines().limit(12).toList();
            return String.join("\n    ", lines);
        }
    }

    private WorkspaceLog() {
    }

    public static Path file() {
        return Platform.getLogFileLocation().toFile().toPath();
    }

    /** The log's length in bytes now (0 before anything was logged). */
    public static long length() {
        try {
            return Files.isRegularFile(file()) ? Files.size(file()) : 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Where this run of the workbench started writing: the offset of the log's last {@code !SESSION} header. */
    public static long startOfThisSession() {
        String all = read(file(), 0);
        int at = all.lastIndexOf("!SESSION");
        return at < 0 ? 0 : all.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * The entries written from byte {@code offset} on. A log Equinox rotated in between (it is renamed once it is
     * larger than eclipse.log.size.max) is shorter than {@code offset}: then it is read from its start.
     */
    public static List<Entry> entriesFrom(long offset) {
        return entries(file(), offset);
    }

    /** The entries of the Equinox log {@code file} from byte {@code offset} on (from its start if it is shorter). */
    public static List<Entry> entries(Path file, long offset) {
        String text = read(file, offset);
        List<Entry> entries = new ArrayList<>();
        StringBuilder block = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("!ENTRY ") || line.startsWith("!SESSION")) {
                add(entries, block);
                block = line.startsWith("!ENTRY ") ? new StringBuilder() : null;
            }
            if (block != null) {
                block.append(line).append('\n');
            }
        }
        add(entries, block);
        return entries;
    }

    private static void add(List<Entry> entries, StringBuilder block) {
        if (block == null) {
            return;
        }
        String text = block.toString().strip();
        String[] header = text.lines().findFirst().orElse("").split(" ");
        int severity = header.length > 2 && header[2].matches("\\d+") ? Integer.parseInt(header[2]) : IStatus.OK;
        entries.add(new Entry(header.length > 1 ? header[1] : "", severity, text));
    }

    private static String read(Path file, long offset) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(offset <= f.length() ? offset : 0);
            byte[] bytes = new byte[(int) Math.max(0, f.length() - offset)];
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
