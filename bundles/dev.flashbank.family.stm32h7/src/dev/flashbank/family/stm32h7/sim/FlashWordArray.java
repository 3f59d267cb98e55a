package dev.flashbank.family.stm32h7.sim;

import java.util.Arrays;

import dev.flashbank.sim.FlashCells;

/**
 * One PHYSICAL STM32H7 flash bank: NOR cells (erased = 0xFF, programming ANDs) organised in flash words (32 bytes on
 * H74x/H75x) that each carry their own ECC (RM0433 §4.3.9 / §4.4.4: 10 ECC bits per 256-bit word). The ECC is written
 * once with the word; what the simulator tracks is the STATE of each word's ECC, because that is what reads see:
 * <ul>
 * <li>{@link EccState#ERASED}: never programmed since its sector was erased, reads 0xFF without error;</li>
 * <li>{@link EccState#PROGRAMMED}: data and ECC agree;</li>
 * <li>{@link EccState#SINGLE_ERROR}: one bit disagrees, reads are corrected (SNECCERR);</li>
 * <li>{@link EccState#DOUBLE_ERROR}: uncorrectable (DBECCERR, bus error on every read) until the sector is erased -
 * left by a second program of the word, by a force-written word completed later, or by a power loss mid-program.</li>
 * </ul>
 */
final class FlashWordArray {

    /** ECC state of one flash word (stored as its ordinal in the board state file). */
    enum EccState {
        ERASED, PROGRAMMED, SINGLE_ERROR, DOUBLE_ERROR
    }

    private final FlashCells cells;
    private final int wordBytes;
    private final byte[] ecc;

    FlashWordArray(int size, int wordBytes) {
        this.cells = new FlashCells(size);
        this.wordBytes = wordBytes;
        this.ecc = new byte[size / wordBytes];
    }

    int size() {
        return cells.size();
    }

    int wordBytes() {
        return wordBytes;
    }

    private static final EccState[] ECC_STATES = EccState.values();

    int wordIndex(long offset) {
        return (int) (offset / wordBytes);
    }

    EccState state(int word) {
        return ECC_STATES[ecc[word]];
    }

    void setState(int word, EccState s) {
        ecc[word] = (byte) s.ordinal();
    }

    /** The live cells, for the core's read-only memory window ({@link dev.flashbank.sim.FlashCells#array()}). */
    byte[] array() {
        return cells.array();
    }

    int get(long offset) {
        return cells.get(offset);
    }

    byte[] copy(long offset, int length) {
        return cells.copy(offset, length);
    }

    /** ANDs {@code data} into the word at {@code offset} (programming can only clear bits). */
    void program(long offset, byte[] data) {
        cells.program(offset, data);
    }

    /** Erases [offset, offset + length): cells to 0xFF, their words' ECC back to {@link EccState#ERASED}. */
    void erase(long offset, long length) {
        cells.erase(offset, length);
        Arrays.fill(ecc, wordIndex(offset), wordIndex(offset + length - 1) + 1, (byte) EccState.ERASED.ordinal());
    }

    /** Cells as they are (state file). */
    byte[] cellsCopy() {
        return cells.copy();
    }

    /** One byte per flash word: its {@link EccState} ordinal (state file). */
    byte[] eccCopy() {
        return ecc.clone();
    }

    void restore(byte[] cellContent, byte[] eccContent) {
        cells.overwrite(0, cellContent);
        for (byte b : eccContent) {
            if (b < 0 || b >= EccState.values().length) {
                throw new IllegalArgumentException("ECC state " + b + " is not one of " + Arrays.toString(EccState.values()));
            }
        }
        System.arraycopy(eccContent, 0, ecc, 0, ecc.length);
    }
}
