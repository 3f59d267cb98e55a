package dev.flashbank.core.banks;

import java.util.Optional;

import dev.flashbank.core.device.Sector;

/**
 * What the bank browser knows when it decides which actions are on: the target (if one is shown), its connection and
 * busy state, the last snapshot read, the sector chosen in a bank strip and whether bytes are selected in the hex view.
 * One rule for the view's toolbar, context menu and key bindings.
 *
 * @param targetName the shown target's name; empty when none is shown
 * @param busy what another job does on the target now; empty when it is idle
 * @param snapshot the last snapshot read; empty before the first read (and after a disconnect)
 */
public record BankViewState(Optional<String> targetName, boolean connected, Optional<String> busy,
        Optional<BankSnapshot> snapshot, Optional<Sector> sector, boolean bytesSelected) {

    /** Why the A/B actions are off on a part the core cannot survey (reported in issue 15). */
    public static final String NO_AB_ON_THIS_PART = "Not on this part: its family has no A/B bank switching in "
            + "Flashbank (switch schemes, bank survey, running-bank guard). To swap the banks, set the family's "
            + "bank-swap option in the Option Bytes editor and reset the board.";

    /** Why there is nothing to swap to in single-bank mode. */
    public static final String SINGLE_BANK = "Single-bank mode: there is no other bank to start.";

    public static final String NO_TARGET = "Select a target in the Targets view.";
    public static final String NOT_CONNECTED = "Not connected: connect the target in the Targets view.";

    /** Nothing shown (the view before a target is selected). */
    public static BankViewState none() {
        return new BankViewState(Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    /** Empty when {@code a} may run now, else why not, in words for the user. */
    public Optional<String> whyNot(BankAction a) {
        if (targetName.isEmpty()) {
            return Optional.of(NO_TARGET);
        }
        if (!connected) {
            return Optional.of(NOT_CONNECTED);
        }
        if (a.touchesTarget() && busy.isPresent()) {
            // a second job would only wait for the target's rule behind this one
            return Optional.of("Busy: " + busy.get() + ".");
        }
        if (a == BankAction.REFRESH) {
            return Optional.empty();
        }
        if (snapshot.isEmpty()) {
            return Optional.of("Reading the banks\u2026");
        }
        BankSnapshot s = snapshot.get();
        return switch (a) {
            case ERASE_SECTOR -> sector.isPresent() ? Optional.empty()
                    : Optional.of("Select a " + s.geometry().eraseUnit().singular() + " in a bank strip first.");
            case ERASE_BANK -> sector.isPresent() ? Optional.empty()
                    : Optional.of("Select a " + s.geometry().eraseUnit().singular() + " of the bank to erase first.");
            // A/B switching exists only in dual-bank mode, and the core's A/B operations (switch schemes,
            // running-bank guard) only on parts whose family has bank swapping
            case SWAP, ROLLBACK -> s.geometry().bankCount() != 2
                    ? Optional.of(SINGLE_BANK)
                    : s.survey().isEmpty() ? Optional.of(NO_AB_ON_THIS_PART) : Optional.empty();
            case EXPORT -> bytesSelected ? Optional.empty()
                    : Optional.of("Select bytes in the hex view first (click, then shift-click).");
            default -> Optional.empty();
        };
    }

    /**
     * How Program writes on this snapshot: into the INACTIVE bank (the core's bank update, nothing switched) on a
     * dual-bank part whose family switches banks; otherwise the image at its link address, replacing what runs there
     * (a single-bank part, F7 with nDBANK = 1: there is no other bank to program).
     */
    public boolean programsInactiveBank() {
        return snapshot.map(s -> s.geometry().bankCount() == 2 && s.survey().isPresent()).orElse(false);
    }
}
