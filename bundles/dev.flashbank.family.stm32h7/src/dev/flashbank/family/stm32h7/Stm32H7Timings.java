package dev.flashbank.family.stm32h7;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.FlashTimings.Bound;
import dev.flashbank.core.device.Parallelism;

/**
 * Flash operation durations of the STM32H74x/H75x (datasheet DS12110, "Flash memory programming/erase" table), per
 * PSIZE parallelism, typical and maximum, in microseconds.
 * <p>
 * Only the x32 128 KiB sector erase (1.1 / 2.2 s) and the x8 maximum (about 4 s) were read in a primary source; the
 * other cells are recalled datasheet values and stay UNCONFIRMED, which {@link #SOURCE} says. Whether the bank/mass
 * erase row is per bank or for the whole 2 MiB is unknown: it is used per bank (1 MiB). The option change has no
 * datasheet figure: about 300 ms is what production code observed. Sector erase of the 8 KiB H7A/B sectors is not in
 * the table (RM0455 / DS13195 not read): it is scaled from the 128 KiB row by size, with a floor of one program time.
 */
public final class Stm32H7Timings {

    /** Label printed with every timing report. */
    public static final String SOURCE = "STM32H7 DS12110 flash table (x32 sector erase and x8 max CONFIRMED, other"
            + " cells UNCONFIRMED)";

    /** 128 KiB sector erase, ms: {x8, x16, x32, x64} x {typ, max}. */
    private static final long[][] SECTOR_ERASE_128K_MS = { { 2000, 4000 }, { 1800, 3600 }, { 1100, 2200 },
            { 1000, 2000 } };
    /** One flash word program, us. */
    private static final long[][] WORD_PROGRAM_US = { { 290, 580 }, { 180, 360 }, { 130, 260 }, { 100, 200 } };
    /** Bank erase (1 MiB), s. */
    private static final long[][] BANK_ERASE_S = { { 13, 26 }, { 8, 16 }, { 6, 12 }, { 5, 10 } };
    /** Option change (OPTSTART until OPT_BUSY = 0), typical and maximum, ms. */
    private static final long[] OPTION_CHANGE_MS = { 300, 1000 };

    private Stm32H7Timings() {
    }

    private static int column(Parallelism p) {
        return p.ordinal(); // X8, X16, X32, X64
    }

    /** One flash word (32 bytes; 16 on H7A/B) programmed with parallelism {@code p}. */
    public static long wordProgramMicros(Parallelism p, Bound b) {
        return WORD_PROGRAM_US[column(p)][b.ordinal()];
    }

    /** Erase of one sector of {@code sectorSize} bytes. */
    public static long sectorEraseMicros(int sectorSize, Parallelism p, Bound b) {
        long full = SECTOR_ERASE_128K_MS[column(p)][b.ordinal()] * 1000;
        return Math.max(wordProgramMicros(p, b), full * sectorSize / (128 * 1024));
    }

    /** Erase of one bank of {@code bankSize} bytes (BER), scaled from the 1 MiB row. */
    public static long bankEraseMicros(long bankSize, Parallelism p, Bound b) {
        return BANK_ERASE_S[column(p)][b.ordinal()] * 1_000_000L * bankSize / (1024 * 1024);
    }

    /** Option change (OPTSTART until OPT_BUSY = 0) without an RDP regression's mass erase. */
    public static long optionChangeMicros(Bound b) {
        return OPTION_CHANGE_MS[b.ordinal()] * 1000;
    }

    /** Every value of the table under the {@link FlashTimings} parameter names (sector erase: the 128 KiB row). */
    public static Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Parallelism p : Parallelism.values()) {
            for (Bound b : Bound.values()) {
                m.put(FlashTimings.programUnitKey(p, b), wordProgramMicros(p, b));
                m.put(FlashTimings.sectorEraseKey(128, p, b), sectorEraseMicros(128 * 1024, p, b));
                m.put(FlashTimings.bankEraseKey(p, b), bankEraseMicros(1024 * 1024, p, b));
            }
        }
        for (Bound b : Bound.values()) {
            m.put(FlashTimings.optionProgramKey(b), optionChangeMicros(b));
        }
        return m;
    }

    /**
     * The table as core {@link FlashTimings} (only the rows above: sector erase under the 128 KiB row), with its
     * source label and notes.
     */
    public static FlashTimings flashTimings() {
        return FlashTimings.of(SOURCE, asMap(), notes());
    }

    /** The notes a timing report prints with {@link #SOURCE}. */
    public static List<String> notes() {
        return List.of("bank erase row used per 1 MiB bank (whether DS12110 means per bank or 2 MiB is unknown)",
                "option change: ~300 ms observed, 1 s assumed maximum (no datasheet figure)",
                "8 KiB H7A/B sector erase scaled from the 128 KiB row (DS13195 not read)");
    }
}
