package dev.flashbank.sim;

import java.util.Arrays;

/**
 * One physical flash array: NOR cells that erase to 1 (0xFF) and can only be programmed from 1 to 0. Programming
 * ANDs the new data into the old one and never reports an error for non-erased cells, exactly as STM32 sector flash
 * does ("successive write operations are possible without the need of an erase operation when changing bits from '1'
 * to '0'", RM0090, flash programming). Offsets are relative to the start of the array.
 */
public final class FlashCells {

    public static final byte ERASED = (byte) 0xFF;

    private final byte[] cells;

    public FlashCells(int size) {
        cells = new byte[size];
        Arrays.fill(cells, ERASED);
    }

    public FlashCells(byte[] content) {
        cells = content.clone();
    }

    public int size() {
        return cells.length;
    }

    /**
     * The live cells, not a copy: for a core's read-only memory window onto them ({@link BoardCorePort#windowAt}),
     * which sees programming and erasing at once. Nothing may write them but this class.
     */
    public byte[] array() {
        return cells;
    }

    public int get(long offset) {
        return cells[index(offset, 1)] & 0xFF;
    }

    /** The {@code n} cells (1..4) from {@code offset} as a little-endian value (a core's fetch or load). */
    public int getLittleEndian(long offset, int n) {
        if (offset < 0 || offset + n > cells.length) {
            index(offset, n); // throws (kept out of this method: it stays small enough to inline)
        }
        int i = (int) offset;
        int v = 0;
        for (int k = 0; k < n; k++) {
            v |= (cells[i + k] & 0xFF) << (8 * k);
        }
        return v;
    }

    public void read(long offset, byte[] dst, int dstOffset, int length) {
        System.arraycopy(cells, index(offset, length), dst, dstOffset, length);
    }

    /** Programs {@code data} at {@code offset}: every cell becomes old AND new (bits only go 1 -> 0). */
    public void program(long offset, byte[] data) {
        int base = index(offset, data.length);
        for (int i = 0; i < data.length; i++) {
            cells[base + i] &= data[i];
        }
    }

    /** Sets {@code length} cells from {@code offset} to the erased state 0xFF. */
    public void erase(long offset, long length) {
        int base = index(offset, (int) length);
        Arrays.fill(cells, base, base + (int) length, ERASED);
    }

    /** Overwrites cells unconditionally; used only by interrupted-operation modelling and state restore. */
    public void overwrite(long offset, byte[] data) {
        System.arraycopy(data, 0, cells, index(offset, data.length), data.length);
    }

    public byte[] copy() {
        return cells.clone();
    }

    public byte[] copy(long offset, int length) {
        return Arrays.copyOfRange(cells, index(offset, length), index(offset, length) + length);
    }

    private int index(long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > cells.length) {
            throw new IndexOutOfBoundsException(
                    String.format("cells 0x%X+%d outside array of %d bytes", offset, length, cells.length));
        }
        return (int) offset;
    }
}
