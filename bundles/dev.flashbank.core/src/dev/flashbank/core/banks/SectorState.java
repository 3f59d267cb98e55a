package dev.flashbank.core.banks;

/** What a sector holds, as drawn in the bank strip. */
public enum SectorState {
    /** Not read yet (the reader is lazy). */
    UNKNOWN,
    /** Every byte reads 0xFF (the erased value of the flash). */
    ERASED,
    /** At least one byte is not 0xFF. */
    PROGRAMMED
}
