package dev.flashbank.core.banks;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * What the user searches for: hex bytes ("DE AD BE EF", "deadbeef", "0xDE 0xAD") or quoted text ("\"1.2.3\"").
 *
 * @param bytes the bytes to find
 */
public record BytePattern(byte[] bytes) {

    public BytePattern {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty search pattern");
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Parses hex bytes or a quoted string; a bad pattern throws {@link IllegalArgumentException} with the reason. */
    public static BytePattern parse(String text) {
        String t = text.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            return new BytePattern(t.substring(1, t.length() - 1).getBytes(StandardCharsets.US_ASCII));
        }
        String hex = t.replaceAll("(?i)0x", "").replaceAll("[\\s,]", "");
        if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.matches("[0-9a-fA-F]+")) {
            throw new IllegalArgumentException("\"" + text + "\" is neither hex bytes (DE AD BE EF) nor \"quoted text\"");
        }
        return new BytePattern(HexFormat.of().parseHex(hex));
    }

    /** Index of the first occurrence in {@code haystack} at or after {@code from}, -1 when none. */
    public int findIn(byte[] haystack, int from) {
        outer:
        for (int i = Math.max(0, from); i + bytes.length <= haystack.length; i++) {
            for (int k = 0; k < bytes.length; k++) {
                if (haystack[i + k] != bytes[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
