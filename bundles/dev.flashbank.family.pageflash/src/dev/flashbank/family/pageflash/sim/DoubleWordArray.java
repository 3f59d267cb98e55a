package dev.flashbank.family.pageflash.sim;

import java.util.Arrays;

import dev.flashbank.sim.FlashCells;

/**
 * One PHYSICAL flash array of the page-flash controller: NOR cells (erased = 0xFF) organised in 64-bit double words,
 * each stored with its own 8 ECC bits ("Memory cells are 72 bits = 64 data + 8 ECC", RM0444 §3.3.1; RM0440 and
 * RM0351 alike). The ECC is written once with the double word; the simulator tracks the STATE of each double word,
 * because that is what programming and reads see:
 * <ul>
 * <li>{@link State#ERASED}: never programmed since its page was erased; the only state that accepts data;</li>
 * <li>{@link State#PROGRAMMED}: data and ECC agree; programming it again is refused with PROGERR;</li>
 * <li>{@link State#ZEROED}: all zero written over a programmed double word - the one overwrite the controller allows
 * ("Programming in a previously programmed address is not allowed except if the data to write is full zero",
 * RM0394 §3.3.7); data and ECC are all zero and agree;</li>
 * <li>{@link State#TORN}: a program cut by a power loss: data and ECC disagree in more than one bit, every read reports
 * an uncorrectable ECC error (ECCD) until the page is erased.</li>
 * </ul>
 */
public final class DoubleWordArray {

    /** Bytes in a double word, the programming unit of the controller. */
    public static final int DOUBLE_WORD = 8;

    /** ECC state of one double word (stored as its ordinal in the board state file). */
    public enum State {
        ERASED, PROGRAMMED, ZEROED, TORN
    }

    private final FlashCells cells;
    private final byte[] ecc;

    DoubleWordArray(int size) {
        if (size % DOUBLE_WORD != 0) {
            throw new IllegalArgumentException("array size " + size + " is not a whole number of double words");
        }
        this.cells = new FlashCells(size);
        this.ecc = new byte[size / DOUBLE_WORD];
    }

    int size() {
        return cells.size();
    }

    static int index(long offset) {
        return (int) (offset / DOUBLE_WORD);
    }

    State state(long offset) {
        return State.values()[ecc[index(offset)]];
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

    /**
     * Writes {@code data} (one double word) at the double word {@code offset} and sets its ECC state: ERASED becomes
     * PROGRAMMED (ZEROED when the data is all zero, which is what a programmed-then-zeroed word looks like too);
     * any other state becomes ZEROED - the caller has already refused everything but all-zero data there.
     */
    void program(long offset, byte[] data) {
        boolean zero = true;
        for (byte b : data) {
            zero &= b == 0;
        }
        State before = state(offset);
        cells.program(offset, data);
        ecc[index(offset)] = (byte) (before == State.ERASED && !zero ? State.PROGRAMMED : State.ZEROED).ordinal();
    }

    /** A program cut short: each bit that was to go 1 -> 0 ends up 0 or 1 as {@code torn} says; ECC torn. */
    void tear(long offset, byte[] torn) {
        cells.program(offset, torn);
        ecc[index(offset)] = (byte) State.TORN.ordinal();
    }

    /** Marks a double word torn without touching its data (an erase cut at that double word). */
    void markTorn(long offset) {
        ecc[index(offset)] = (byte) State.TORN.ordinal();
    }

    /** Erases [offset, offset + length): cells to 0xFF, their double words back to {@link State#ERASED}. */
    void erase(long offset, long length) {
        cells.erase(offset, length);
        Arrays.fill(ecc, index(offset), index(offset + length - 1) + 1, (byte) State.ERASED.ordinal());
    }

    /** True when a double word of [offset, offset + length) is {@link State#TORN} (its reads raise ECC errors). */
    boolean anyTorn(long offset, long length) {
        for (int i = index(offset); i <= index(offset + length - 1); i++) {
            if (ecc[i] == State.TORN.ordinal()) {
                return true;
            }
        }
        return false;
    }

    /** True when every double word of [offset, offset + length) is ERASED. */
    boolean erased(long offset, long length) {
        for (int i = index(offset); i <= index(offset + length - 1); i++) {
            if (ecc[i] != State.ERASED.ordinal()) {
                return false;
            }
        }
        return true;
    }

    /** Cells as they are (state file). */
    byte[] cellsCopy() {
        return cells.copy();
    }

    /** One byte per double word: its {@link State} ordinal (state file). */
    byte[] eccCopy() {
        return ecc.clone();
    }

    /** Restores cells and ECC states from a state file; an unknown ECC state is an {@link IllegalArgumentException}. */
    void restore(byte[] cellContent, byte[] eccContent) {
        if (cellContent.length != cells.size() || eccContent.length != ecc.length) {
            throw new IllegalArgumentException(String.format("%d cells and %d ECC states expected, got %d and %d",
                    cells.size(), ecc.length, cellContent.length, eccContent.length));
        }
        for (byte b : eccContent) {
            if (b < 0 || b >= State.values().length) {
                throw new IllegalArgumentException("ECC state " + b + " is not one of "
                        + Arrays.toString(State.values()));
            }
        }
        cells.overwrite(0, cellContent);
        System.arraycopy(eccContent, 0, ecc, 0, ecc.length);
    }
}
