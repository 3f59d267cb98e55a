package dev.flashbank.core.banks;

/**
 * What a user can do in the bank browser (the IDE's Flash Banks view): each one a command there. Whether it may run
 * now is {@link BankViewState#whyNot}.
 */
public enum BankAction {
    /** Read every sector state, the survey and the comparison again. */
    REFRESH(true),
    /** Program a firmware file: into the inactive bank of a dual-bank part that switches banks, else at its address. */
    PROGRAM(true),
    /** Compare the flash with a firmware file on the target (the core's verify). */
    VERIFY(true),
    ERASE_SECTOR(true),
    ERASE_BANK(true),
    SWAP(true),
    ROLLBACK(true),
    /** Compare a bank with a firmware file, from the bytes read already. */
    COMPARE_FILE(false),
    FIND(false),
    GO_TO(false),
    EXPORT(false),
    /** The physical banks as blocks of Eclipse's Memory view (their renderings read the target themselves). */
    MEMORY_VIEW(false);

    private final boolean touchesTarget;

    BankAction(boolean touchesTarget) {
        this.touchesTarget = touchesTarget;
    }

    /** Runs a job on the target (so it waits while another job holds it), rather than looking at bytes read. */
    public boolean touchesTarget() {
        return touchesTarget;
    }
}
