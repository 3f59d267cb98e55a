package dev.flashbank.family.pageflash;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.FlashTimings.Bound;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.family.pageflash.PageFlashLine.Series;

/**
 * Flash operation durations of the page-flash lines ("Flash memory characteristics" tables of DS12288 (G474), DS10198
 * (L476), DS12023 (L4R5) and DS13560 (G0B1)), typical and maximum, in microseconds, under the {@link FlashTimings}
 * names. The program unit is always one 64-bit double word (the {@code x64} column); a page erase is keyed by the
 * line's page sizes; the bank (mass) erase row is per bank and given per MiB of that bank.
 * <p>
 * None of these tables was read: the page-erase maxima (24.47 ms L4/G4, 40 ms G0) and the G0 double-word time
 * (85/125 us, read for G030) are quoted second-hand, the rest are recalled values. Every value is UNCONFIRMED, which
 * {@link #source} says, and stays overridable ({@link FlashTimings#with}). The option change (OPTSTRT until BSY = 0)
 * erases and reprograms the option page: it is taken as one page erase plus 16 double words.
 */
public final class PageFlashTimings {

    /** Key of the fast-programming row time (a row of {@link PageFlashLine#fastRowDoubleWords()} double words). */
    public static String fastRowKey(Bound b) {
        return "program.row." + b.key();
    }

    /** Program one double word, us {typ, max}. */
    private static long[] doubleWord(Series s) {
        return s == Series.G0 ? new long[] { 85, 125 } : new long[] { 82, 91 };
    }

    /** Erase one page, us {typ, max}. */
    private static long[] pageErase(Series s) {
        return s == Series.G0 ? new long[] { 22_000, 40_000 } : new long[] { 22_000, 24_470 };
    }

    /** Erase one bank (MER1 or MER2), us {typ, max}: about one page erase (the whole bank at once). */
    private static long[] bankErase(Series s) {
        return s == Series.G0 ? new long[] { 22_000, 40_000 } : new long[] { 22_100, 25_000 };
    }

    /** Fast programming of one row, us {typ, max}. */
    private static long[] fastRow(PageFlashLine line) {
        long perRow = line.fastRowDoubleWords() / 32;
        return new long[] { 2_600 * perRow, 2_900 * perRow };
    }

    private PageFlashTimings() {
    }

    /** Label printed with every timing report of {@code line}. */
    public static String source(PageFlashLine line) {
        String ds = switch (line.series()) {
            case G4 -> "DS12288";
            case L4 -> "DS10198";
            case L4_PLUS -> "DS12023";
            case G0 -> "DS13560";
        };
        return line.series().seriesName() + " " + ds + " flash table (not read: page-erase maximum quoted second-hand,"
                + " other cells recalled - all UNCONFIRMED)";
    }

    /** The table of {@code line} as core {@link FlashTimings}. */
    public static FlashTimings of(PageFlashLine line) {
        Series s = line.series();
        Map<String, Long> m = new LinkedHashMap<>();
        long bankBytes = (long) line.maxFlashSizeKiB() * 1024 / (line.dualBankCapable() ? 2 : 1);
        for (Bound b : Bound.values()) {
            int i = b.ordinal();
            m.put(FlashTimings.programUnitKey(Parallelism.X64, b), doubleWord(s)[i]);
            for (int page : new TreeSet<>(List.of(line.dualBankPageSize(), line.singleBankPageSize()))) {
                m.put(FlashTimings.sectorEraseKey(page / 1024, Parallelism.X64, b), pageErase(s)[i]);
            }
            m.put(FlashTimings.bankEraseKey(Parallelism.X64, b), bankErase(s)[i] * 1024 * 1024 / bankBytes);
            m.put(FlashTimings.optionProgramKey(b), pageErase(s)[i] + 16 * doubleWord(s)[i]);
            m.put(fastRowKey(b), fastRow(line)[i]);
        }
        return FlashTimings.of(source(line), m, List.of(
                "program unit: one 64-bit double word (x64 column; the controller has no PSIZE)",
                "bank erase: one MER1/MER2 erases a whole bank in about one page-erase time; stored per MiB of the "
                        + "largest bank (" + bankBytes / 1024 + " KiB)",
                "option change: one page erase plus 16 double words (no datasheet figure)",
                "fast row: " + line.fastRowDoubleWords() + " double words, key " + fastRowKey(Bound.TYPICAL)));
    }
}
