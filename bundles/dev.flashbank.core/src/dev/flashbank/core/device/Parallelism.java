package dev.flashbank.core.device;

/**
 * Program/erase parallelism of the F2/F4/F7 flash controller, i.e. the FLASH_CR.PSIZE code (stm32-facts §1.5/§1.9):
 * 00 x8, 01 x16, 10 x32, 11 x64. Each program write must use exactly this access size.
 */
public enum Parallelism {
    X8(0b00, 1),
    X16(0b01, 2),
    X32(0b10, 4),
    X64(0b11, 8);

    private final int psize;
    private final int bytes;

    Parallelism(int psize, int bytes) {
        this.psize = psize;
        this.bytes = bytes;
    }

    /** Value of the FLASH_CR.PSIZE field. */
    public int psize() {
        return psize;
    }

    /** Bytes programmed by one unit write. */
    public int bytes() {
        return bytes;
    }

    public static Parallelism fromPsize(int psize) {
        for (Parallelism p : values()) {
            if (p.psize == psize) {
                return p;
            }
        }
        throw new IllegalArgumentException("PSIZE " + psize);
    }
}
