package dev.flashbank.sim.state;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.SimulatedFamilies;

/**
 * A board in memory and what its state file held when it was loaded or last saved: the snapshot (so a command that
 * changed nothing does not rewrite the file) and the file's stamp (so a copy that someone else has since overwritten
 * is reloaded, never written back).
 *
 * @param file the board state file (absolute)
 * @param board the live board (mutable: the simulation)
 * @param saved the non-volatile state and the console the file holds
 * @param stamp the file's stamp when {@code saved} was read or written
 */
public record LiveBoard(Path file, BenchBoard board, BoardSnapshot saved, BoardFileStamp stamp) {

    public LiveBoard {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(saved, "saved");
        Objects.requireNonNull(stamp, "stamp");
    }

    /** Loads a board state file; {@code families} build the board the file records. */
    public static LiveBoard load(Path file, SimulatedFamilies families) throws BoardStateException {
        try {
            BoardFileStamp stamp = BoardFileStamp.of(file);
            BenchBoard b = BoardStateFile.load(file, families);
            return new LiveBoard(file, b, BoardStateFile.snapshotOf(b), stamp);
        } catch (IOException e) {
            throw new BoardStateException(file, BoardStateException.Reason.IO, "cannot read: " + e, e);
        }
    }

    /** Writes {@code board} to {@code file} (atomically) and returns it as loaded from there. */
    public static LiveBoard create(Path file, BenchBoard board) throws BoardStateException {
        return new LiveBoard(file, board, BoardStateFile.snapshotOf(board), new BoardFileStamp(-1, 0, 0)).saveIfChanged(true);
    }

    /** Whether the file still is what this copy was loaded from or saved as. */
    public boolean isCurrent() throws BoardStateException {
        try {
            return BoardFileStamp.of(file).equals(stamp);
        } catch (IOException e) {
            throw new BoardStateException(file, BoardStateException.Reason.IO, "cannot read: " + e, e);
        }
    }

    /**
     * Writes the board when its non-volatile state changed (or {@code force}); returns this board as the file now
     * holds it. A board that was only read, reset or ran by itself leaves the file byte-identical, modification time
     * too - also when its firmware wrote to the console meanwhile (nobody was shown that output; a read never writes
     * the file). A file that is written holds the console as it is now.
     */
    public LiveBoard saveIfChanged(boolean force) throws BoardStateException {
        return saveIfChanged(force, false);
    }

    /**
     * As {@link #saveIfChanged(boolean)}; with {@code keepConsole} a console that changed is a change too: what
     * {@code flashbank board run} and the IDE's Run firmware showed (or a power cycle cleared) is what the next
     * command finds.
     */
    public LiveBoard saveIfChanged(boolean force, boolean keepConsole) throws BoardStateException {
        BoardSnapshot now = BoardStateFile.snapshotOf(board);
        if (!force && now.sameContent(saved) && !(keepConsole && !now.console().equals(saved.console()))) {
            return this;
        }
        BoardStateFile.write(now, file);
        try {
            return new LiveBoard(file, board, now, BoardFileStamp.of(file));
        } catch (IOException e) {
            throw new BoardStateException(file, BoardStateException.Reason.IO, "written, but cannot read back: " + e, e);
        }
    }
}
