package dev.flashbank.cli.bench;

import java.util.Arrays;
import java.util.List;

import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.Sector;

/**
 * The modelled flash floor: the least target time any tool can take to turn a bank's content {@code before} into
 * {@code after} on the family's timing table at one bound (the bench prints it as "modelled flash floor (typ)" and
 * its max-based counterpart - a floor of the MODEL, computed from the same table the simulator runs on, not a
 * measured silicon limit): the erase time of exactly the sectors that must be erased (a bit has to go 0 -> 1) plus
 * one t_prog per PSIZE unit that must be programmed — every non-erased unit of an erased sector, the changed units of
 * a sector that needs no erase. No USB, no SWD, no polling.
 *
 * @param eraseNanos   sum of the sector erase times
 * @param programUnits PSIZE units programmed
 * @param programNanos programUnits x t_prog
 * @param erasedSectors sectors erased
 * @param source       which timing table (FlashTimings source label)
 */
public record PhysicalLimit(long eraseNanos, long programUnits, long programNanos, List<Sector> erasedSectors,
        String source) {

    public PhysicalLimit {
        erasedSectors = List.copyOf(erasedSectors);
    }

    public long totalNanos() {
        return eraseNanos + programNanos;
    }

    public double seconds() {
        return totalNanos() / 1e9;
    }

    /**
     * @param sectors the bank's sectors (offsets relative to the bank)
     * @param before  the bank's content now
     * @param after   the content wanted (same length)
     */
    public static PhysicalLimit of(List<Sector> sectors, byte[] before, byte[] after, FlashTimings timings,
            Parallelism parallelism, FlashTimings.Bound bound) {
        if (before.length != after.length) {
            throw new IllegalArgumentException("before and after differ in length");
        }
        int unit = parallelism.bytes();
        long erase = 0;
        long units = 0;
        List<Sector> erased = new java.util.ArrayList<>();
        for (Sector s : sectors) {
            int from = (int) s.offset();
            int to = (int) Math.min(after.length, s.end());
            if (from >= to || Arrays.equals(before, from, to, after, from, to)) {
                continue;
            }
            boolean needsErase = false;
            for (int i = from; i < to && !needsErase; i++) {
                needsErase = (~before[i] & after[i] & 0xFF) != 0;
            }
            if (needsErase) {
                erase += timings.sectorEraseMicros(s.size(), parallelism, bound) * 1000L;
                erased.add(s);
            }
            for (int u = from; u < to; u += unit) {
                int end = Math.min(to, u + unit);
                boolean program = false;
                for (int i = u; i < end && !program; i++) {
                    program = needsErase ? after[i] != (byte) 0xFF : after[i] != before[i];
                }
                if (program) {
                    units++;
                }
            }
        }
        long prog = units * timings.programUnitMicros(parallelism, bound) * 1000L;
        return new PhysicalLimit(erase, units, prog, erased, timings.source());
    }
}
