package dev.flashbank.sim.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import dev.flashbank.core.connect.TargetOpenException;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.SimulatedFamilies;

/**
 * One writer's turn on a board state file - the rule every Flashbank writer follows (command line, launches, IDE
 * jobs): take the {@link BoardLock}; use the board in memory only if the file is still what it was loaded from,
 * else (re)load it; let the caller work; save only if the board's non-volatile state changed; release the lock.
 * A turn that cannot begin leaves nothing locked and nothing written.
 */
public final class BoardTurn implements AutoCloseable {

    /** Makes the board for a default board file that does not exist yet. */
    @FunctionalInterface
    public interface NewBoard {
        BenchBoard create() throws TargetOpenException;
    }

    private final BoardLock lock;
    private final boolean reloaded;
    private LiveBoard live;
    private boolean keepConsole;

    private BoardTurn(BoardLock lock, LiveBoard live, boolean reloaded) {
        this.lock = lock;
        this.live = live;
        this.reloaded = reloaded;
    }

    /**
     * Begins a turn.
     *
     * @param file the board state file
     * @param known the copy in memory from an earlier turn (kept when the file did not change), or null
     * @param holder what holds the board, told to writers that wait
     * @param wait false: refuse at once ({@code BUSY}) when another writer holds it
     * @param notices told of waiting, of a board created, of temp files removed
     * @param newBoard makes the board when the file does not exist - only for a documented default board; null:
     *            a missing file is refused ({@code NOT_FOUND}), so a mistyped path never becomes a fresh board
     * @param families the installed simulated families, which load the file
     */
    public static BoardTurn begin(Path file, LiveBoard known, String holder, boolean wait, Consumer<String> notices,
            NewBoard newBoard, SimulatedFamilies families) throws TargetOpenException {
        Path abs = file.toAbsolutePath().normalize();
        if (newBoard != null) {
            try {
                Files.createDirectories(abs.getParent());
            } catch (IOException e) {
                throw new TargetOpenException(TargetOpenException.Reason.UNREACHABLE,
                        "cannot create " + abs.getParent() + " for board " + abs + ": " + e, e);
            }
        } else if (!Files.exists(abs)) {
            throw notFound(file);
        }
        BoardLock lock = BoardLock.acquire(abs, holder, wait, notices);
        try {
            Path f = lock.boardFile();
            if (!Files.exists(f)) {
                if (newBoard == null) {
                    throw notFound(file); // removed while this writer waited
                }
                BenchBoard b = newBoard.create();
                LiveBoard created = LiveBoard.create(f, b);
                notices.accept("created a simulated " + b.partName() + " (" + b.serial() + ") in " + f);
                return new BoardTurn(lock, created, true);
            }
            if (known != null && sameFile(known.file(), f) && known.isCurrent()) {
                return new BoardTurn(lock, known, false);
            }
            return new BoardTurn(lock, LiveBoard.load(f, families), true);
        } catch (BoardStateException e) {
            lock.close();
            throw new TargetOpenException(e.reason() == BoardStateException.Reason.IO
                    ? TargetOpenException.Reason.UNREACHABLE : TargetOpenException.Reason.BAD_BOARD_FILE,
                    e.getMessage(), e);
        } catch (TargetOpenException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return a.equals(b) || Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static TargetOpenException notFound(Path file) {
        return new TargetOpenException(TargetOpenException.Reason.NOT_FOUND, "no board at " + file
                + "; create it with `flashbank board create --file " + file + "`");
    }

    /** The board of this turn and what its file holds. */
    public LiveBoard live() {
        return live;
    }

    public BenchBoard board() {
        return live.board();
    }

    /** True when this turn's board is not the {@code known} copy (loaded because the file changed, or created). */
    public boolean reloaded() {
        return reloaded;
    }

    /**
     * From now on this turn saves the board's console when it changed, also when nothing else did: the turn showed
     * the console to the user ({@code board run}, Run firmware) or cleared it (a power cycle).
     */
    public void keepConsole() {
        keepConsole = true;
    }

    /** Saves now if the board changed (e.g. before a long wait); true if it wrote the file. */
    public boolean save() throws TargetOpenException {
        LiveBoard before = live;
        try {
            live = live.saveIfChanged(false, keepConsole);
        } catch (BoardStateException e) {
            throw new TargetOpenException(TargetOpenException.Reason.SAVE_FAILED,
                    "could not save the board state to " + live.file() + ": " + e.getMessage(), e);
        }
        return live != before;
    }

    /** Ends the turn without saving (the work was refused before it started: nothing to keep). */
    public void release() {
        lock.close();
    }

    /** Saves the board if it changed, then releases it - also when the save fails. */
    @Override
    public void close() throws TargetOpenException {
        try {
            save();
        } finally {
            lock.close();
        }
    }
}
