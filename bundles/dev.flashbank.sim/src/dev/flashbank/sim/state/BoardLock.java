package dev.flashbank.sim.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import dev.flashbank.core.connect.TargetOpenException;

/**
 * One writer per board state file: an OS lock ({@link FileChannel#lock()}) on a sibling lock file
 * ({@code board.fbboard.lock}, never deleted: deleting a lock file lets two writers lock two different files) that
 * holds "pid N (what holds it)" while it is held, so a second writer can say who it waits for. Java's file locks
 * belong to the whole JVM (a second {@code lock()} in the same JVM throws {@link OverlappingFileLockException}
 * instead of waiting), so writers inside one JVM - IDE jobs, launches - first take an in-process permit per file.
 *
 * <p>Under the lock nobody is in the middle of a save, so the temp files an interrupted save left
 * ({@code .board.fbboard.*.tmp}, see {@link dev.flashbank.core.io.AtomicFiles}) are removed on acquiring it.
 */
public final class BoardLock implements AutoCloseable {

    /** Suffix of the lock file beside a board state file. */
    public static final String LOCK_SUFFIX = ".lock";

    private static final Map<Path, Semaphore> PERMITS = new ConcurrentHashMap<>();
    private static final Map<Path, String> IN_PROCESS_HOLDERS = new ConcurrentHashMap<>();

    private final Path board;
    private final Semaphore permit;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private BoardLock(Path board, Semaphore permit, FileChannel channel, FileLock lock) {
        this.board = board;
        this.permit = permit;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of a board state file: {@code <name>.lock} in the same directory. */
    public static Path lockFileOf(Path boardFile) {
        Path abs = boardFile.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + LOCK_SUFFIX);
    }

    /**
     * Takes the board file for one writer (its directory must exist).
     *
     * @param holder what holds it, shown to others ("flashbank program")
     * @param wait false: refuse at once when another writer holds it
     * @param notices told once when this writer has to wait, and of temp files removed
     * @throws TargetOpenException {@code BUSY} when held and {@code wait} is false (or the wait was interrupted);
     *             {@code UNREACHABLE} when the lock file cannot be opened
     */
    public static BoardLock acquire(Path boardFile, String holder, boolean wait, Consumer<String> notices)
            throws TargetOpenException {
        Path board = canonical(boardFile);
        Semaphore permit = PERMITS.computeIfAbsent(board, k -> new Semaphore(1));
        if (!permit.tryAcquire()) {
            String who = "pid " + ProcessHandle.current().pid() + " (" + IN_PROCESS_HOLDERS.getOrDefault(board, "Flashbank")
                    + ")";
            if (!wait) {
                throw busy(board, who);
            }
            notices.accept(waiting(board, who));
            try {
                permit.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetOpenException(TargetOpenException.Reason.BUSY,
                        "interrupted while waiting for board " + board, e);
            }
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFileOf(board), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                String who = holderOf(ch);
                if (!wait) {
                    throw busy(board, who);
                }
                notices.accept(waiting(board, who));
                l = ch.lock(); // blocks until the other process releases (or dies: the OS drops its locks)
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " (" + holder + ")\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            IN_PROCESS_HOLDERS.put(board, holder);
            BoardLock acquired = new BoardLock(board, permit, ch, l);
            removeInterruptedSaves(board, notices);
            return acquired;
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(ch);
            permit.release();
            throw new TargetOpenException(TargetOpenException.Reason.UNREACHABLE,
                    "cannot lock board " + board + " (" + lockFileOf(board) + "): " + e, e);
        } catch (TargetOpenException e) {
            closeQuietly(ch);
            permit.release();
            throw e;
        }
    }

    /** The board state file this lock owns (absolute, directories resolved). */
    public Path boardFile() {
        return board;
    }

    /** Releases the board for the next writer (idempotent). */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        IN_PROCESS_HOLDERS.remove(board);
        try {
            channel.truncate(0); // nobody holds it: no stale "pid N" for the next reader
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases the lock anyway
        } finally {
            closeQuietly(channel);
            permit.release();
        }
    }

    /** Absolute path with the directory's links resolved, so two spellings of one file share one lock. */
    private static Path canonical(Path boardFile) throws TargetOpenException {
        Path abs = boardFile.toAbsolutePath().normalize();
        try {
            return abs.getParent().toRealPath().resolve(abs.getFileName());
        } catch (IOException e) {
            throw new TargetOpenException(TargetOpenException.Reason.NOT_FOUND,
                    "no directory " + abs.getParent() + " for board " + abs, e);
        }
    }

    /** "pid N (what)" from the lock file of a board another process holds. */
    private static String holderOf(FileChannel ch) throws IOException {
        // the holder writes its name right after it locks: give it a moment rather than say "someone"
        for (int attempt = 0; attempt < 50; attempt++) {
            ByteBuffer b = ByteBuffer.allocate(512);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
            if (!s.isEmpty()) {
                return s;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "another process";
    }

    private static TargetOpenException busy(Path board, String who) {
        return new TargetOpenException(TargetOpenException.Reason.BUSY, "board " + board + " is in use by " + who
                + "; not waiting for it (try again when it is done)");
    }

    private static String waiting(Path board, String who) {
        return "board " + board + " is in use by " + who + " \u2014 waiting";
    }

    /** Deletes {@code .<name>.*.tmp} beside the board: what a save killed before its rename left. */
    private static void removeInterruptedSaves(Path board, Consumer<String> notices) throws IOException {
        String glob = "." + board.getFileName() + ".*.tmp";
        try (DirectoryStream<Path> s = Files.newDirectoryStream(board.getParent(), glob)) {
            for (Path p : s) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(p)) {
                    notices.accept("removed " + p + " (left by an interrupted save of " + board.getFileName() + ")");
                }
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }
}
