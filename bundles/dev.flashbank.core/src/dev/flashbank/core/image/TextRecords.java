package dev.flashbank.core.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Line splitting and hex decoding shared by the Intel HEX and S-record readers, so both report a bad character or
 * an odd digit count in the same words, with line and column.
 */
final class TextRecords {

    /** One line of the file, without its line terminator and trailing blanks. Numbers are 1-based. */
    record Line(int number, String text) {
    }

    private TextRecords() {
    }

    /**
     * Splits into lines at LF, CR LF or a lone CR; trailing spaces and tabs are dropped. Bytes are decoded as
     * ISO-8859-1 so that every byte stays one character and a stray non-ASCII byte can be reported as such.
     */
    static List<Line> lines(byte[] content) {
        String all = new String(content, StandardCharsets.ISO_8859_1);
        List<Line> out = new ArrayList<>();
        int start = 0;
        int number = 1;
        while (start < all.length()) {
            int stop = start;
            while (stop < all.length() && all.charAt(stop) != '\n' && all.charAt(stop) != '\r') {
                stop++;
            }
            int e = stop;
            while (e > start && (all.charAt(e - 1) == ' ' || all.charAt(e - 1) == '\t')) {
                e--;
            }
            out.add(new Line(number++, all.substring(start, e)));
            if (stop + 1 < all.length() && all.charAt(stop) == '\r' && all.charAt(stop + 1) == '\n') {
                stop++;
            }
            start = stop + 1;
        }
        return out;
    }

    /**
     * Decodes the hex digit pairs of {@code line} from column {@code from} (0-based) to its end.
     *
     * @throws ImageFormatException for a non-hex character (with its 1-based column) or an odd number of digits
     */
    static byte[] hexBytes(String file, Line line, int from) throws ImageFormatException {
        String t = line.text();
        for (int i = from; i < t.length(); i++) {
            if (!isHexDigit(t.charAt(i))) {
                throw error(file, line, "non-hex character " + describe(t.charAt(i)) + " at column " + (i + 1));
            }
        }
        int digits = t.length() - from;
        if (digits % 2 != 0) {
            throw error(file, line, "odd number of hex digits (" + digits + ") after the record start: truncated line?");
        }
        byte[] out = new byte[digits / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(t, from + 2 * i, from + 2 * i + 2, 16);
        }
        return out;
    }

    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    /** Appends {@code value} (0-255) as two upper-case hex digits; the writers' hot path (no String.format). */
    static void appendHexByte(StringBuilder sb, int value) {
        sb.append(HEX_DIGITS[(value >>> 4) & 0xF]).append(HEX_DIGITS[value & 0xF]);
    }

    static boolean isHexDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** Big-endian unsigned value of {@code n} bytes at {@code pos}. */
    static long bigEndian(byte[] b, int pos, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (b[pos + i] & 0xFF);
        }
        return v;
    }

    static String describe(char c) {
        if (c >= 0x21 && c <= 0x7E) {
            return "'" + c + "'";
        }
        return String.format("0x%02X", (int) c);
    }

    static ImageFormatException error(String file, Line line, String reason) {
        return new ImageFormatException(file, ImageLocation.line(line.number()), reason);
    }
}
