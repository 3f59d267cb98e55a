package dev.flashbank.core.flash;

import java.util.OptionalLong;

/**
 * Outcome of comparing flash content with expected data, read through one address window.
 *
 * @param address first address compared
 * @param length number of bytes compared
 * @param mismatchCount number of differing bytes
 * @param firstMismatchAddress address of the first differing byte, -1 when none
 * @param expected expected byte at the first mismatch (0 when none)
 * @param actual byte read at the first mismatch (0 when none)
 * @param notErasedHint true when every differing byte reads as a bit subset of the expected byte
 *        ({@code actual & ~expected == 0}): the signature of programming over non-erased cells, which hold old AND
 *        new without any error flag (RM0090: bits only go 1 -> 0; no F7 flag for it)
 */
public record VerifyResult(long address, int length, int mismatchCount, long firstMismatchAddress, int expected,
        int actual, boolean notErasedHint) {

    /**
     * Compares {@code actual} (read at {@code address}) with {@code expected}, byte by byte over the expected length.
     */
    public static VerifyResult compare(long address, byte[] expected, byte[] actual) {
        int count = 0;
        long first = -1;
        int exp = 0;
        int act = 0;
        boolean subset = true;
        for (int i = 0; i < expected.length; i++) {
            if (actual[i] != expected[i]) {
                if (count == 0) {
                    first = address + i;
                    exp = expected[i] & 0xFF;
                    act = actual[i] & 0xFF;
                }
                count++;
                subset &= (actual[i] & ~expected[i] & 0xFF) == 0;
            }
        }
        return new VerifyResult(address, expected.length, count, first, exp, act, count > 0 && subset);
    }

    public boolean ok() {
        return mismatchCount == 0;
    }

    public OptionalLong firstMismatch() {
        return mismatchCount == 0 ? OptionalLong.empty() : OptionalLong.of(firstMismatchAddress);
    }

    /** One sentence for logs and messages. */
    public String describe() {
        if (ok()) {
            return String.format("verify OK: %d bytes at 0x%08X match", length, address);
        }
        return String.format("verify FAILED: %d of %d bytes at 0x%08X differ; first at 0x%08X: expected 0x%02X, read "
                + "0x%02X%s", mismatchCount, length, address, firstMismatchAddress, expected, actual,
                notErasedHint ? " (every differing byte has only bits cleared that the data wants set: the cells were "
                        + "not erased before programming, the flash ANDs new data into old without raising an error)"
                        : "");
    }
}
