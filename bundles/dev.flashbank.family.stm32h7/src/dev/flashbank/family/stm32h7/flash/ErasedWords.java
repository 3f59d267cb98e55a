package dev.flashbank.family.stm32h7.flash;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The flash words this driver KNOWS to be erased: those of the sectors it erased itself, minus the words it has
 * programmed since. The erase plan of an operation (erase, then program the same range) therefore needs no read-back
 * before programming; anything else is read first. Keyed by physical bank and flash-word index in that bank, so a
 * swap of the windows does not confuse it. Forgotten whenever the driver cannot vouch for the flash any more
 * (an option write, a reset): the firmware may have written in between.
 */
final class ErasedWords {

    private final int wordBytes;
    private final Map<Integer, BitSet> erased = new HashMap<>();

    ErasedWords(int wordBytes) {
        this.wordBytes = wordBytes;
    }

    /** [offset, offset + size) of physical bank {@code bank} was just erased. */
    void erased(int bank, long offset, long size) {
        erased.computeIfAbsent(bank, b -> new BitSet()).set(index(offset), index(offset + size));
    }

    /** The flash word at {@code offset} of physical bank {@code bank} was programmed. */
    void programmed(int bank, long offset) {
        BitSet s = erased.get(bank);
        if (s != null) {
            s.clear(index(offset));
        }
    }

    /** True when every flash word of [offset, offset + size) is known to be erased. */
    boolean allErased(int bank, long offset, long size) {
        BitSet s = erased.get(bank);
        if (s == null) {
            return false;
        }
        int from = index(offset);
        int to = index(offset + size + wordBytes - 1);
        return s.nextClearBit(from) >= to;
    }

    /** Nothing is known any more. */
    void forget() {
        erased.clear();
    }

    private int index(long offset) {
        return (int) (offset / wordBytes);
    }
}
