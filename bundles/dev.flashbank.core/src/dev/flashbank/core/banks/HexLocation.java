package dev.flashbank.core.banks;

import java.util.Map;
import java.util.Optional;

/**
 * "Go to" in a hex view of flash: what the user typed - an address, an offset into what is shown (when below its
 * base), or a symbol of the last ELF file opened (exact, then ignoring case) - as an offset of the shown range.
 *
 * @param offset the offset from {@code base}; empty when the text names no place in the range
 * @param message where it went, or why not (for the status line)
 */
public record HexLocation(Optional<Long> offset, String message) {

    /**
     * @param example an address to show in the message when the text is none (the view's hint)
     * @param shown what is shown, for the message ("Physical bank 2")
     */
    public static HexLocation resolve(String text, Map<String, Long> symbols, long base, long size, String shown,
            String example) {
        String t = text.strip();
        Long a = symbols.get(t);
        if (a == null) {
            a = symbols.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(t)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
        if (a == null) {
            try {
                a = Long.decode(t.replace("_", ""));
            } catch (NumberFormatException e) {
                return new HexLocation(Optional.empty(), "\"" + text + "\" is not an address (e.g. " + example
                        + "), an offset (0x100)" + (symbols.isEmpty()
                                ? " or a symbol (open an ELF file with Compare with file\u2026 first)."
                                : " or a symbol of the last ELF file."));
            }
        }
        long offset = a >= base && a < base + size ? a - base : a;
        if (offset < 0 || offset >= size) {
            return new HexLocation(Optional.empty(), String.format("0x%08X is not in %s (0x%08X-0x%08X).", a, shown,
                    base, base + size - 1));
        }
        return new HexLocation(Optional.of(offset), String.format("At 0x%08X.", base + offset));
    }
}
