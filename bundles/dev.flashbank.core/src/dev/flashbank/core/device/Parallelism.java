package dev.flashbank.core.device;

import java.util.Locale;

/**
 * Program/erase parallelism, i.e. the FLASH_CR.PSIZE code of the F2/F4/F7 flash controller (RM0410 §3.3) and of the
 * H74x/H75x bank controllers (RM0433 §4, FLASH_CRx.PSIZE): 00 x8, 01 x16, 10 x32, 11 x64. On F2/F4/F7 each program
 * write must use exactly this access size; the supply voltage decides which ones are in specification.
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

    /** "x8", "x16", "x32", "x64": the reference manuals' names, also what {@code --psize} takes. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #label()} (case-insensitive, blanks around it ignored); null when it is none of them. */
    public static Parallelism parse(String text) {
        for (Parallelism p : values()) {
            if (p.label().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return p;
            }
        }
        return null;
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
