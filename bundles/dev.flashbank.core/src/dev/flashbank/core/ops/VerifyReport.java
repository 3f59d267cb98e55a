package dev.flashbank.core.ops;

import java.util.List;
import java.util.Map;

import dev.flashbank.core.device.AddressRange;

/**
 * Read-back comparison of an image with the target.
 *
 * @param compared the address ranges compared (as given by the image)
 * @param bytesCompared total bytes compared
 * @param mismatches contiguous ranges of differing bytes, lowest first, at most {@link #MAX_LISTED}
 * @param mismatchingBytes total number of differing bytes (also those beyond the listed ranges)
 * @param totalMismatchRanges how many ranges differ in all
 */
public record VerifyReport(List<AddressRange> compared, long bytesCompared, List<Mismatch> mismatches,
        long mismatchingBytes, int totalMismatchRanges) implements OperationResult {

    /** Ranges listed at most (a wrong image can differ everywhere). */
    public static final int MAX_LISTED = 256;

    /**
     * One contiguous range of differing bytes.
     *
     * @param range the addresses
     * @param notErasedHint every differing byte reads as a bit subset of the expected byte: the cells were programmed
     *        without being erased (flash bits only go 1 -> 0, and no error flag says so)
     */
    public record Mismatch(AddressRange range, boolean notErasedHint) {
    }

    public VerifyReport {
        compared = List.copyOf(compared);
        mismatches = List.copyOf(mismatches);
    }

    public boolean ok() {
        return mismatchingBytes == 0;
    }

    @Override
    public String summary() {
        if (ok()) {
            return String.format("verify OK: %d bytes in %d range(s) match", bytesCompared, compared.size());
        }
        StringBuilder b = new StringBuilder(String.format("verify FAILED: %d of %d bytes differ in %d range(s)",
                mismatchingBytes, bytesCompared, totalMismatchRanges));
        mismatches.stream().limit(8).forEach(m -> b.append("; ").append(m.range())
                .append(m.notErasedHint() ? " (not erased before programming)" : ""));
        if (totalMismatchRanges > 8) {
            b.append("; ...");
        }
        return b.toString();
    }

    @Override
    public Map<String, Object> data() {
        return Data.of("ok", ok(), "bytesCompared", bytesCompared, "mismatchingBytes", mismatchingBytes,
                "mismatchRanges", totalMismatchRanges,
                "mismatches", mismatches.stream().map(m -> Data.of("start", Data.hex(m.range().start()), "size",
                        m.range().size(), "notErased", m.notErasedHint())).toList());
    }
}
