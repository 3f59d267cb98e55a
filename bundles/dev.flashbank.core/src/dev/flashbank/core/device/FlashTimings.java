package dev.flashbank.core.device;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Flash operation durations of a family's datasheet table, for the drivers' time budgets, the simulator's virtual clock
 * and the performance model. Every value is a named, overridable parameter (in microseconds); {@link #source()} says
 * which table the values come from, and reports must print it. The tables themselves live with their family
 * ({@link #of}).
 * <p>
 * Parameter names: {@code program.unit.<x8|x16|x32|x64>.<typ|max>}, {@code erase.sector.<size>K.<p>.<b>},
 * {@code erase.bank.perMiB.<p>.<b>}, {@code option.program.<b>}.
 */
public final class FlashTimings {

    /** Typical or maximum value of a datasheet row (also of a probe timing profile's ranges). */
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
     * A family's timing table: {@code micros} under the parameter names above (only the rows the family's datasheet
     * has; asking for another one is an {@link UnknownModelElementException}), {@code notes} the corrections and
     * caveats a report prints with {@code source}.
     */
    public static FlashTimings of(String source, Map<String, Long> micros, List<String> notes) {
        return new FlashTimings(source, micros, notes);
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

    /** Erase time of one sector of {@code sizeBytes}; only the sector sizes of the family's table exist. */
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
