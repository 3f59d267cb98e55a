package dev.flashbank.core.ops;

import java.util.List;
import java.util.Map;

import dev.flashbank.core.device.AddressRange;

/**
 * Comparison of an image with the target: by the part's target-side checksum where it could be used, else by reading
 * back (the report says which).
 *
 * @param compared the address ranges compared (as given by the image)
 * @param bytesCompared total bytes compared
 * @param mismatches contiguous ranges of differing bytes, lowest first, at most {@link #MAX_LISTED}
 * @param mismatchingBytes total number of differing bytes (also those beyond the listed ranges)
 * @param totalMismatchRanges how many ranges differ in all
 * @param bytesByTargetCrc bytes a target-side checksum showed equal; the others were read back
 * @param coreHalted the core was halted for the checksum and let run again after
 */
public record VerifyReport(List<AddressRange> compared, long bytesCompared, List<Mismatch> mismatches,
        long mismatchingBytes, int totalMismatchRanges, long bytesByTargetCrc, boolean coreHalted)
        implements OperationResult {

    /** A comparison made by reading every byte back. */
    public VerifyReport(List<AddressRange> compared, long bytesCompared, List<Mismatch> mismatches,
            long mismatchingBytes, int totalMismatchRanges) {
        this(compared, bytesCompared, mismatches, mismatchingBytes, totalMismatchRanges, 0, false);
    }

    /** How the bytes were compared, as users read it: "target CRC", "read back" or both with their shares. */
    public String method() {
        long readBack = bytesCompared - bytesByTargetCrc;
        String how = bytesByTargetCrc == 0 ? "read back"
                : readBack == 0 ? "target CRC"
                        : String.format("target CRC for %d bytes, %d read back", bytesByTargetCrc, readBack);
        return coreHalted ? how + "; the core was halted for it and runs again" : how;
    }

    /** This report, noting that the core was halted for the target-side checksum. */
    VerifyReport withCoreHalted() {
        return new VerifyReport(compared, bytesCompared, mismatches, mismatchingBytes, totalMismatchRanges,
                bytesByTargetCrc, true);
    }

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
            return String.format("verify OK: %d bytes in %d range(s) match (%s)", bytesCompared, compared.size(),
                    method());
        }
        StringBuilder b = new StringBuilder(String.format("verify FAILED: %d of %d bytes differ in %d range(s) (%s)",
                mismatchingBytes, bytesCompared, totalMismatchRanges, method()));
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
                "mismatchRanges", totalMismatchRanges, "method", bytesByTargetCrc == 0 ? "read-back"
                        : bytesByTargetCrc == bytesCompared ? "target-crc" : "mixed",
                "bytesByTargetCrc", bytesByTargetCrc, "coreHalted", coreHalted,
                "mismatches", mismatches.stream().map(m -> Data.of("start", Data.hex(m.range().start()), "size",
                        m.range().size(), "notErased", m.notErasedHint())).toList());
    }
}
