package dev.flashbank.ui;

import java.util.ArrayList;
import java.util.List;

import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;

/**
 * How many consecutive sectors one drawn box of a bank row stands for, so that the row stays readable: the F7/H7
 * sectors (4-12 a bank) each get a box; the 128-256 pages a bank of the page-flash parts (2 KiB pages) would be boxes
 * a few pixels wide, so they are drawn in groups of a power of two pages (4, 8, 16...), as few pages a group as the
 * width allows. Used by the Option Bytes editor's sector map and the Flash Banks view's bank strip alike.
 */
public final class SectorGroups {

    private SectorGroups() {
    }

    /**
     * The pages a box stands for: 1 when {@code count} boxes of at least {@code minBox} pixels fit into {@code width},
     * else the smallest power of two that makes them fit (at most {@code count}).
     */
    public static int size(int count, int width, int minBox) {
        int size = 1;
        while (size < count && ceilDiv(count, size) * minBox > width) {
            size *= 2;
        }
        return size;
    }

    /** {@code sectors} (one bank, in address order) cut into runs of {@code size}; the last may be shorter. */
    public static List<List<Sector>> of(List<Sector> sectors, int size) {
        List<List<Sector>> groups = new ArrayList<>();
        for (int i = 0; i < sectors.size(); i += size) {
            groups.add(List.copyOf(sectors.subList(i, Math.min(sectors.size(), i + size))));
        }
        return groups;
    }

    /** "37" for one sector, "32-39" for a group: its first and last number as the reference manual counts them. */
    public static String label(List<Sector> group) {
        int first = group.get(0).number();
        int last = group.get(group.size() - 1).number();
        return first == last ? String.valueOf(first) : first + "-" + last;
    }

    /**
     * A bank with more erase units than this is drawn in taller rows, grouped when they do not fit (64-256 pages of
     * 2-8 KiB a bank); a few large sectors (at most 12 a bank) get a box each. A drawing decision only: what the units
     * are called is {@link #unitWord}.
     */
    public static final int MOST_SECTORS = 24;

    /** True when a bank of {@code g} has more erase units than {@link #MOST_SECTORS} (drawn as rows of groups). */
    public static boolean hasPages(FlashGeometry g) {
        return g.banks().stream().anyMatch(b -> b.sectors().size() > MOST_SECTORS);
    }

    /**
     * "page" or "sector": what the part's reference manual calls the erase unit, for labels and screen readers - the
     * family's fact ({@link FlashGeometry#eraseUnit()}), not a guess from the count.
     */
    public static String unitWord(FlashGeometry g) {
        return g.eraseUnit().singular();
    }

    /**
     * "pages 4-7 and 120 of bank 1 and 40-79 of bank 2": runs of consecutive numbers per bank (with 128-256 pages a
     * bank a list of single numbers is not readable); "sector"/"sectors" on parts with sectors.
     */
    public static String runs(List<Sector> sectors, FlashGeometry g) {
        List<String> parts = new ArrayList<>();
        int count = 0;
        for (dev.flashbank.core.device.Bank b : g.banks()) {
            List<Integer> n = sectors.stream().filter(s -> s.bank() == b.number()).map(Sector::number).sorted()
                    .distinct().toList();
            count += n.size();
            List<String> runs = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                int start = n.get(i);
                while (i + 1 < n.size() && n.get(i + 1) == n.get(i) + 1) {
                    i++;
                }
                runs.add(start == n.get(i) ? String.valueOf(start) : start + "-" + n.get(i));
            }
            if (!runs.isEmpty()) {
                parts.add(join(runs) + (g.bankCount() == 2 ? " of bank " + b.number() : ""));
            }
        }
        return parts.isEmpty() ? "no " + unitWord(g) : g.eraseUnit().word(count) + " " + join(parts);
    }

    private static String join(List<String> l) {
        return l.size() == 1 ? l.get(0) : String.join(", ", l.subList(0, l.size() - 1)) + " and " + l.get(l.size() - 1);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
