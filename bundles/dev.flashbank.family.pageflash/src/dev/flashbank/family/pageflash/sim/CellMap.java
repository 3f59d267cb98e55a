package dev.flashbank.family.pageflash.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;

/**
 * Where the bytes of the flash window live in the two PHYSICAL arrays of a page-flash die, for the bank mode latched at
 * the last option-byte load. The die of a dual-bank-capable part is two arrays of half the flash each, whatever the
 * mode:
 * <ul>
 * <li>dual bank: bank n is array n; window slot 1 (0x0800_0000) and slot 2 (the geometry's slot-2 offset:
 * 0x0804_0000 on every G47x, half the flash on L4 and G0) show array 1 and 2, exchanged while swapped (FB_MODE = 1 /
 * nSWAP_BANK = 0); the gap between bank 1's end and slot 2 of trimmed G47x parts maps nowhere;</li>
 * <li>single bank with 128-bit reads (G47x DBANK = 0, L4+ DBANK = 0: "single bank with 128-bit data", RM0440 §3.3.1):
 * each 16-byte row takes its low double word from array 1 and its high one from array 2 - which is why a DBANK change
 * makes the old contents read back scrambled (users' reports, RM0440 §3.4.2 asks for a mass erase after it);</li>
 * <li>single bank with 64-bit reads (L4 DUALBANK = 0, G0 DUAL_BANK = 0): array 1 then array 2, contiguous.</li>
 * </ul>
 * A part with one array (a single-bank-only variant) has only the last layout.
 */
final class CellMap {

    /** A byte range in one physical array. */
    record Span(int array, long offset, long length) {
    }

    private final FlashGeometry geometry;
    private final int arrays;
    private final long arraySize;
    private final boolean interleave;

    /**
     * @param geometry the geometry of the mode in force
     * @param arrays physical arrays of the die (1 or 2)
     * @param arraySize bytes per array
     * @param wideSingleBank single-bank mode reads 128 bits (two double words side by side, one from each array)
     */
    CellMap(FlashGeometry geometry, int arrays, long arraySize, boolean wideSingleBank) {
        this.geometry = geometry;
        this.arrays = arrays;
        this.arraySize = arraySize;
        this.interleave = wideSingleBank && arrays == 2 && geometry.mode() == BankMode.SINGLE;
    }

    FlashGeometry geometry() {
        return geometry;
    }

    boolean dual() {
        return geometry.mode() == BankMode.DUAL;
    }

    /** Array and offset of the byte at {@code windowOffset} from 0x0800_0000; empty in a gap or past the end. */
    Optional<Span> locate(long windowOffset, boolean swapped) {
        if (windowOffset < 0) {
            return Optional.empty();
        }
        if (dual()) {
            long bank = geometry.bank(1).size();
            int slot;
            long off;
            if (windowOffset < bank) {
                slot = 1;
                off = windowOffset;
            } else if (windowOffset >= geometry.slot2Offset() && windowOffset < geometry.slot2Offset() + bank) {
                slot = 2;
                off = windowOffset - geometry.slot2Offset();
            } else {
                return Optional.empty();
            }
            return Optional.of(new Span(swapped ? 3 - slot : slot, off, 1));
        }
        if (windowOffset >= arraySize * arrays) {
            return Optional.empty();
        }
        return Optional.of(singleBank(windowOffset));
    }

    /** Offset within the (only) bank in single-bank mode -> array location. */
    private Span singleBank(long bankOffset) {
        if (interleave) {
            long row = bankOffset / 16;
            int half = (int) (bankOffset % 16) / DoubleWordArray.DOUBLE_WORD;
            return new Span(half + 1, row * DoubleWordArray.DOUBLE_WORD + bankOffset % DoubleWordArray.DOUBLE_WORD, 1);
        }
        return new Span((int) (bankOffset / arraySize) + 1, bankOffset % arraySize, 1);
    }

    /**
     * The cells of [offset, offset + length) of bank {@code bank} (PHYSICAL in dual-bank mode, the only bank in
     * single-bank mode), as array spans; {@code offset} and {@code length} are whole double words.
     */
    List<Span> bankRange(int bank, long offset, long length) {
        List<Span> spans = new ArrayList<>();
        if (dual()) {
            spans.add(new Span(bank, offset, length));
            return spans;
        }
        for (long o = offset; o < offset + length; o += DoubleWordArray.DOUBLE_WORD) {
            Span s = singleBank(o);
            Span last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
            if (last != null && last.array() == s.array() && last.offset() + last.length() == s.offset()) {
                spans.set(spans.size() - 1,
                        new Span(last.array(), last.offset(), last.length() + DoubleWordArray.DOUBLE_WORD));
            } else {
                spans.add(new Span(s.array(), s.offset(), DoubleWordArray.DOUBLE_WORD));
            }
        }
        return spans;
    }

    /** Bank (PHYSICAL in dual-bank mode, 1 in single-bank mode) and offset in it of a window offset. */
    Optional<long[]> bankOffset(long windowOffset, boolean swapped) {
        if (!dual()) {
            return windowOffset >= 0 && windowOffset < arraySize * arrays ? Optional.of(new long[] { 1, windowOffset })
                    : Optional.empty();
        }
        return locate(windowOffset, swapped).map(s -> new long[] { s.array(), s.offset() });
    }

    /** Window offset of byte {@code offset} of bank {@code bank} (see {@link #bankOffset}). */
    long windowOffset(int bank, long offset, boolean swapped) {
        if (!dual()) {
            return offset;
        }
        int slot = swapped ? 3 - bank : bank;
        return (slot == 1 ? 0 : geometry.slot2Offset()) + offset;
    }

    /** Bytes of one bank in this mode. */
    long bankSize() {
        return geometry.bank(1).size();
    }

    /** Page size in this mode. */
    int pageSize() {
        return geometry.bank(1).sectors().get(0).size();
    }

    /** Bytes from 0x0800_0000 to the end of the last slot. */
    long windowSpan() {
        return geometry.windowSpan();
    }
}
