package dev.flashbank.core.banks;

import java.util.List;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.image.BankDiff;

/**
 * Where two bank contents differ: ranges of OFFSETS within the bank (the same offsets in both, since a dual-bank
 * part's banks are the same size), their number and the number of differing bytes. Offsets rather than
 * addresses because the address of a physical bank changes with the bank swap (SWP_FB, SWAP_BANK); {@link #at(long)}
 * renders them at the address where one of the banks is mapped now.
 *
 * @param left what the left side is ("physical bank 1")
 * @param right what the right side is ("physical bank 2", "app.hex")
 * @param ranges differing ranges, offsets from the bank start, ascending, not merged
 * @param differingBytes total bytes that differ
 * @param size bytes compared
 */
public record BankComparison(String left, String right, List<AddressRange> ranges, long differingBytes, long size) {

    public BankComparison {
        ranges = List.copyOf(ranges);
    }

    /** Compares two contents of equal length (uses the core's vectorised {@link BankDiff}). */
    public static BankComparison of(String left, byte[] a, String right, byte[] b) {
        List<AddressRange> r = BankDiff.ranges(0, a, b, 0);
        long n = r.stream().mapToLong(AddressRange::size).sum();
        return new BankComparison(left, right, r, n, a.length);
    }

    public boolean identical() {
        return ranges.isEmpty();
    }

    /** The ranges shifted to {@code base} (e.g. where the left bank is mapped in AXIM now). */
    public List<AddressRange> at(long base) {
        return ranges.stream().map(r -> r.shift(base)).toList();
    }

    /**
     * One row of the comparison as the bank browser lists it: the bank offset, the length, and where the range is
     * visible on each side now ({@code leftBase} / {@code rightBase}: where the left bank and the right bank or file
     * have their offset 0).
     */
    public record Row(String offset, String bytes, String leftAt, String rightAt) {
        public List<String> cells() {
            return List.of(offset, bytes, leftAt, rightAt);
        }
    }

    /** The differing ranges as rows, the left side at {@code leftBase}, the right at {@code rightBase}. */
    public List<Row> rows(long leftBase, long rightBase) {
        return ranges.stream().map(r -> new Row(String.format("+0x%06X", r.start()), Long.toString(r.size()),
                String.format("0x%08X", leftBase + r.start()), String.format("0x%08X", rightBase + r.start())))
                .toList();
    }

    public String summary() {
        if (identical()) {
            return String.format("%s and %s are identical (%d KiB compared)", left, right, size / 1024);
        }
        return String.format("%s vs %s: %d range%s differ, %d byte%s of %d KiB", left, right, ranges.size(),
                ranges.size() == 1 ? "" : "s", differingBytes, differingBytes == 1 ? "" : "s", size / 1024);
    }
}
