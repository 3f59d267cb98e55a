package dev.flashbank.core.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.flashbank.core.device.AddressRange;

/**
 * Where two memory contents differ, as address ranges - the host half of "skip identical sectors" and of the bank
 * comparison (which sectors of the inactive bank an update changes). Uses {@link Arrays#mismatch}, which the JIT
 * vectorises: two 1 MiB banks compare in well under a millisecond when they are equal.
 */
public final class BankDiff {

    private BankDiff() {
    }

    /**
     * Ranges of [base, base + a.length) where {@code a} and {@code b} differ; differences closer than {@code mergeGap}
     * bytes are merged into one range (0 = exact ranges).
     */
    public static List<AddressRange> ranges(long base, byte[] a, byte[] b, int mergeGap) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("contents differ in length: " + a.length + " vs " + b.length);
        }
        List<AddressRange> out = new ArrayList<>();
        int n = a.length;
        int i = 0;
        long openStart = -1;
        long openEnd = -1;
        while (i < n) {
            int m = Arrays.mismatch(a, i, n, b, i, n);
            if (m < 0) {
                break;
            }
            int start = i + m;
            int end = start + 1;
            while (end < n && a[end] != b[end]) {
                end++;
            }
            if (openStart >= 0 && start - openEnd <= mergeGap) {
                openEnd = end;
            } else {
                if (openStart >= 0) {
                    out.add(new AddressRange(base + openStart, openEnd - openStart));
                }
                openStart = start;
                openEnd = end;
            }
            i = end;
        }
        if (openStart >= 0) {
            out.add(new AddressRange(base + openStart, openEnd - openStart));
        }
        return out;
    }

    /** Number of differing bytes. */
    public static long count(byte[] a, byte[] b) {
        long c = 0;
        for (AddressRange r : ranges(0, a, b, 0)) {
            c += r.size();
        }
        return c;
    }
}
