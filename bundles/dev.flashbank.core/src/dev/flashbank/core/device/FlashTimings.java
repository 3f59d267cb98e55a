package dev.flashbank.core.device;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Flash operation durations for the simulator's virtual clock and the performance model. Every value is a named,
 * overridable parameter (in microseconds); {@link #source()} says which table the values come from, and reports
 * must print it.
 * <p>
 * Parameter names: {@code program.unit.<x8|x16|x32|x64>.<typ|max>}, {@code erase.sector.<16K|32K|64K|128K|256K>.<p>.<b>},
 * {@code erase.bank.perMiB.<p>.<b>}, {@code option.program.<b>}.
 */
public final class FlashTimings {

    /** Typical or maximum value of a datasheet row. */
    public enum Bound {
        TYPICAL("typ"), MAXIMUM("max");

        private final String key;

        Bound(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** Label of the default table (stm32-facts §8). */
    public static final String SOURCE_SECTION8_DEFAULTS = "§8 defaults (F4 datasheet values; F7 UNCONFIRMED)";

    /** Sector sizes (KiB) that have an erase-time row. */
    public static final List<Integer> SECTOR_SIZES_KIB = List.of(16, 32, 64, 128, 256);

    private final String source;
    private final Map<String, Long> micros;
    private final List<String> notes;

    private FlashTimings(String source, Map<String, Long> micros, List<String> notes) {
        this.source = source;
        this.micros = Collections.unmodifiableMap(new LinkedHashMap<>(micros));
        this.notes = List.copyOf(notes);
    }

    private static String p(Parallelism p) {
        return p.name().toLowerCase(Locale.ROOT);
    }

    public static String programUnitKey(Parallelism par, Bound b) {
        return "program.unit." + p(par) + "." + b.key();
    }

    public static String sectorEraseKey(int sizeKiB, Parallelism par, Bound b) {
        return "erase.sector." + sizeKiB + "K." + p(par) + "." + b.key();
    }

    public static String bankEraseKey(Parallelism par, Bound b) {
        return "erase.bank.perMiB." + p(par) + "." + b.key();
    }

    public static String optionProgramKey(Bound b) {
        return "option.program." + b.key();
    }

    /**
     * The stm32-facts §8 table (STM32F4 datasheet values; 32 KiB and 256 KiB rows scaled) with the §10 correction:
     * the 256 KiB x8 maximum is 4 s (Zephyr F7 driver: "maximum erase time of 4s for a 256K sector"), not the
     * scaled 8 s. The table has no x64 column: x64 uses the x32 values (noted). Option programming = erasing
     * one 16 KiB sector (§8); the mass erase on an RDP 1->0 regression is added by the caller.
     */
    public static FlashTimings f7Defaults() {
        Map<String, Long> m = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (Parallelism par : Parallelism.values()) {
            m.put(programUnitKey(par, Bound.TYPICAL), 16L);
            m.put(programUnitKey(par, Bound.MAXIMUM), 100L);
        }
        // rows: size KiB -> {x8 typ, x8 max, x16 typ, x16 max, x32 typ, x32 max} in ms (§8)
        long[][] erase = {
                { 16, 400, 800, 300, 600, 250, 500 },
                { 32, 500, 1000, 400, 800, 300, 600 },
                { 64, 1200, 2400, 700, 1400, 550, 1100 },
                { 128, 2000, 4000, 1300, 2600, 1000, 2000 },
                { 256, 4000, 4000, 2600, 5200, 2000, 4000 }, // x8 max: §10 correction 8 s -> 4 s
        };
        for (long[] row : erase) {
            int kib = (int) row[0];
            putColumns(m, kib, Parallelism.X8, row[1], row[2]);
            putColumns(m, kib, Parallelism.X16, row[3], row[4]);
            putColumns(m, kib, Parallelism.X32, row[5], row[6]);
            putColumns(m, kib, Parallelism.X64, row[5], row[6]);
        }
        long[][] bank = { { 16, 32 }, { 11, 22 }, { 8, 16 }, { 8, 16 } }; // seconds per MiB, x8 x16 x32 (x64=x32)
        for (Parallelism par : Parallelism.values()) {
            m.put(bankEraseKey(par, Bound.TYPICAL), bank[par.ordinal()][0] * 1_000_000L);
            m.put(bankEraseKey(par, Bound.MAXIMUM), bank[par.ordinal()][1] * 1_000_000L);
        }
        m.put(optionProgramKey(Bound.TYPICAL), m.get(sectorEraseKey(16, Parallelism.X32, Bound.TYPICAL)));
        m.put(optionProgramKey(Bound.MAXIMUM), m.get(sectorEraseKey(16, Parallelism.X32, Bound.MAXIMUM)));
        notes.add("§10 correction: erase.sector.256K.x8.max = 4 s (scaled §8 value 8 s was about twice too high)");
        notes.add("no x64 column in §8: x64 values are the x32 values");
        notes.add("option.program = erase of one 16 KiB sector (x32); RDP 1->0 regression adds a mass erase");
        return new FlashTimings(SOURCE_SECTION8_DEFAULTS, m, notes);
    }

    private static void putColumns(Map<String, Long> m, int kib, Parallelism par, long typMs, long maxMs) {
        m.put(sectorEraseKey(kib, par, Bound.TYPICAL), typMs * 1000);
        m.put(sectorEraseKey(kib, par, Bound.MAXIMUM), maxMs * 1000);
    }

    /** Where the values come from; reports must print it. */
    public String source() {
        return source;
    }

    /** Corrections and caveats applied on top of the source table. */
    public List<String> notes() {
        return notes;
    }

    public Set<String> parameterNames() {
        return micros.keySet();
    }

    public Map<String, Long> asMap() {
        return micros;
    }

    public long micros(String parameter) {
        Long v = micros.get(parameter);
        if (v == null) {
            throw new UnknownModelElementException("no timing parameter " + parameter);
        }
        return v;
    }

    /** A copy with one parameter overridden; the source label records the override. */
    public FlashTimings with(String parameter, long valueMicros) {
        micros(parameter);
        if (valueMicros < 0) {
            throw new IllegalArgumentException("negative duration for " + parameter);
        }
        Map<String, Long> m = new LinkedHashMap<>(micros);
        m.put(parameter, valueMicros);
        List<String> n = new ArrayList<>(notes);
        n.add("overridden: " + parameter + " = " + valueMicros + " us");
        return new FlashTimings(source.endsWith(" + overrides") ? source : source + " + overrides", m, n);
    }

    /** A copy labelled with another source (e.g. after transcribing the datasheet table). */
    public FlashTimings withSource(String newSource) {
        return new FlashTimings(newSource, micros, notes);
    }

    public long programUnitMicros(Parallelism par, Bound b) {
        return micros(programUnitKey(par, b));
    }

    /** Erase time of one sector of {@code sizeBytes}; only the sector sizes in {@link #SECTOR_SIZES_KIB} exist. */
    public long sectorEraseMicros(int sizeBytes, Parallelism par, Bound b) {
        return micros(sectorEraseKey(sizeBytes / 1024, par, b));
    }

    /** Bank / mass erase time for {@code bytes} of flash (scaled per MiB). */
    public long bankEraseMicros(long bytes, Parallelism par, Bound b) {
        return micros(bankEraseKey(par, b)) * bytes / (1024 * 1024);
    }

    public long optionProgramMicros(Bound b) {
        return micros(optionProgramKey(b));
    }

    @Override
    public String toString() {
        return "FlashTimings[" + source + "]";
    }
}
