package dev.flashbank.core.device;

/** How software may access a register or field (the CMSIS-SVD access types, plus write-1-to-clear). */
public enum Access {
    READ_WRITE,
    READ_ONLY,
    WRITE_ONLY,
    /** Status flag cleared by writing 1 (FLASH_SR error flags and EOP, RM0410 FLASH_SR). */
    READ_WRITE_1_TO_CLEAR;

    public boolean readable() {
        return this != WRITE_ONLY;
    }

    public boolean writable() {
        return this != READ_ONLY;
    }
}
