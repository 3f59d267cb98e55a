package dev.flashbank.core.target;

/** Width of a single bus access as the debug port performs it (CSW.Size on an AHB-AP). */
public enum AccessWidth {
    BYTE(1), HALFWORD(2), WORD(4);

    private final int bytes;

    AccessWidth(int bytes) {
        this.bytes = bytes;
    }

    /** Number of bytes moved by one access of this width. */
    public int bytes() {
        return bytes;
    }

    /** True when {@code address} is naturally aligned for this width. */
    public boolean isAligned(long address) {
        return (address & (bytes - 1)) == 0;
    }
}
