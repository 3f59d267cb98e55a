package dev.flashbank.core.banks;

/** The text of one hex-dump row: address, 16 bytes in hex, the same bytes as ASCII ('.' for non-printable). */
public final class HexRows {

    /** Bytes per row. */
    public static final int WIDTH = 16;
    private static final String DIGITS = "0123456789ABCDEF";

    private HexRows() {
    }

    /** "08000000  00 00 08 20 C9 01 00 08 ...  |... ....|"; {@code row} may be shorter than {@link #WIDTH}. */
    public static String format(long address, byte[] row) {
        StringBuilder b = new StringBuilder(80);
        b.append(String.format("%08X  ", address));
        for (int i = 0; i < WIDTH; i++) {
            if (i < row.length) {
                b.append(DIGITS.charAt((row[i] >> 4) & 0xF)).append(DIGITS.charAt(row[i] & 0xF));
            } else {
                b.append("  ");
            }
            b.append(i == 7 ? "  " : " ");
        }
        b.append(' ').append('|');
        for (byte x : row) {
            int c = x & 0xFF;
            b.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
        }
        b.append('|');
        return b.toString();
    }
}
