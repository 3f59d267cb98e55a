package dev.flashbank.core.flash;

import java.time.Duration;
import java.util.Locale;

import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.FlashTimings.Bound;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.Sector;

/**
 * Operation-scaled time budgets: the MAXIMUM of the model's {@link FlashTimings} for exactly this operation (sector
 * size, bytes, parallelism) times a safety factor, plus a fixed transport slack. A 2 MiB x8 mass erase gets
 * 2 x 32 s/MiB x 2 = 128 s, a 16 KiB x32 sector erase 1 s: a fixed 10 s or 33 s (OpenOCD src/flash/nor/stm32f2x.c) is
 * too short for the first and hides hangs in the second.
 */
public final class FlashTimeouts {

    /**
     * Default safety factor on the table maxima. The table is the F4 datasheet's (F7 values UNCONFIRMED, DS11532 table
     * not read); one row already had to be corrected by 2x, so the budget allows the same margin again.
     */
    public static final double DEFAULT_SAFETY_FACTOR = 2.0;
    /**
     * Default fixed slack for transport latency (USB round trips while polling: 1 ms frames on a full-speed probe,
     * ESTIMATE).
     */
    public static final Duration DEFAULT_SLACK = Duration.ofMillis(250);

    private final FlashTimings timings;
    private final double safetyFactor;
    private final long slackNanos;

    public FlashTimeouts(FlashTimings timings, double safetyFactor, Duration slack) {
        if (safetyFactor < 1.0) {
            throw new IllegalArgumentException("safety factor below 1 would make budgets shorter than the maxima");
        }
        this.timings = timings;
        this.safetyFactor = safetyFactor;
        this.slackNanos = slack.toNanos();
    }

    public FlashTimings timings() {
        return timings;
    }

    public double safetyFactor() {
        return safetyFactor;
    }

    private OperationTimeout scaled(long maxMicros, String what) {
        long nanos = (long) Math.ceil(maxMicros * 1000.0 * safetyFactor) + slackNanos;
        return new OperationTimeout(nanos, String.format(Locale.ROOT, "%s: %s max x %.1f safety + %s slack [%s]", what,
                human(maxMicros * 1000), safetyFactor, human(slackNanos), timings.source()));
    }

    /** Erase of one sector at a parallelism. */
    public OperationTimeout sectorErase(Sector sector, Parallelism par) {
        return scaled(timings.sectorEraseMicros(sector.size(), par, Bound.MAXIMUM),
                String.format("%d KiB sector erase at %s", sector.sizeKiB(), par));
    }

    /** Bank or mass erase of {@code bytes} of flash at a parallelism. */
    public OperationTimeout bankErase(long bytes, Parallelism par) {
        return scaled(timings.bankEraseMicros(bytes, par, Bound.MAXIMUM),
                String.format("%s bank/mass erase at %s", size(bytes), par));
    }

    /** Programming {@code units} PSIZE units back to back (streaming) or one unit (word-wise). */
    public OperationTimeout program(long units, Parallelism par) {
        return scaled(units * timings.programUnitMicros(par, Bound.MAXIMUM),
                String.format("programming %d unit(s) at %s", units, par));
    }

    /**
     * Option programming (OPTSTRT); with an RDP 1 -> 0 regression the flash interface mass-erases all
     * {@code flashBytes} first (RM0410, read protection) — budgeted at x8, the slowest parallelism, because the PSIZE
     * the regression erase uses is not documented.
     */
    public OperationTimeout optionProgram(boolean rdpRegression, long flashBytes) {
        long max = timings.optionProgramMicros(Bound.MAXIMUM);
        String what = "option programming";
        if (rdpRegression) {
            max += timings.bankEraseMicros(flashBytes, Parallelism.X8, Bound.MAXIMUM);
            what += " incl. RDP 1->0 mass erase of " + size(flashBytes) + " at x8";
        }
        return scaled(max, what);
    }

    /** Waiting for an unknown operation already in progress: the longest thing the flash can do (mass erase x8). */
    public OperationTimeout unknownOperation(long flashBytes) {
        return scaled(Math.max(timings.bankEraseMicros(flashBytes, Parallelism.X8, Bound.MAXIMUM),
                timings.optionProgramMicros(Bound.MAXIMUM)), "an operation already in progress (worst case)");
    }

    /** "2 MiB", "16 KiB", "12 B": a size in a timeout or error message. */
    public static String size(long bytes) {
        return bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
                : bytes >= 1024 ? bytes / 1024 + " KiB" : bytes + " B";
    }

    /** "1.25 s", "3.5 ms", "12.0 us": a duration in a timeout or error message. */
    public static String human(long nanos) {
        if (nanos >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
        }
        if (nanos >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
    }
}
