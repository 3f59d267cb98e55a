package dev.flashbank.core.ops;

import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.target.TargetException;

/**
 * What runs right before an option-byte write (F7: OPTSTRT, H7: OPTSTART) of an operation - after everything else
 * (erase, program, verify, backups of the user's files) is done, so that the one window in which a power loss leaves
 * the option area in an undefined state (F7: RDP level 1, BOOT_ADDx = 0xFFFF) is a single option write. A front end
 * uses it to journal the board ({@link BoardJournal#guard}) and to tell the user not to remove power
 * ({@link OptionWriteWindow}). A guard that throws stops the operation before the option write: nothing was written
 * to the options.
 */
@FunctionalInterface
public interface OptionWriteGuard {

    /** Does nothing (tests, library callers that keep no journal). */
    OptionWriteGuard NONE = (driver, before, after) -> {
    };

    /**
     * Called once per option write, immediately before it.
     *
     * @param driver the connected part's driver (the options are still {@code before})
     * @param before the option bytes stored now
     * @param after the option bytes about to be written
     */
    void beforeOptionWrite(FlashDriver driver, OptionImage before, OptionImage after)
            throws OperationException, TargetException;
}
