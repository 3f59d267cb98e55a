package dev.flashbank.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import dev.flashbank.core.ops.BoardJournal;
import dev.flashbank.core.ops.OptionWriteGuard;

/**
 * Where the CLI keeps its per-board journals ({@code $FLASHBANK_HOME/journal/<UID>/}) and the guard it puts around
 * every option write (bank-update, swap, rollback, ob set/write, rdp-regress): journal first, then the "do not remove
 * power" line on standard error, right before the OPTSTRT.
 */
final class BoardJournals {

    private BoardJournals() {
    }

    static Path root() {
        return dev.flashbank.core.io.FlashbankHome.journals();
    }

    static BoardJournal of(TargetConnection c) throws CliException {
        return BoardJournal.of(root(), c.identity().uniqueId());
    }

    static OptionWriteGuard guard(TargetConnection c, PrintWriter err) {
        // the UID is read at the first option write only: commands that write no options pay nothing
        return (driver, before, after) -> {
            BoardJournal journal;
            String part;
            try {
                journal = of(c);
                part = ObWrite.partName(c);
            } catch (CliException e) {
                throw new dev.flashbank.core.ops.OperationException("cannot identify the board for its journal: "
                        + e.getMessage() + "; nothing was written to the option bytes", e);
            }
            journal.guard(part, line -> {
                err.println(line);
                err.flush();
            }, c.target().core()).beforeOptionWrite(driver, before, after);
        };
    }
}
