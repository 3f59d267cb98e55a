package dev.flashbank.family.stm32f7.flash;

import java.util.Locale;
import java.util.OptionalInt;

import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashOperation;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.family.stm32f7.VoltageRange;

/**
 * The program/erase parallelism (FLASH_CR.PSIZE) used on a target, and why. The supply voltage decides which
 * parallelism is in specification (RM0410 §3.3, table "Program/erase parallelism": x8 from 1.8 V, x16 from 2.1 V,
 * x32 from 2.7 V, x64 with an external VPP; {@link VoltageRange}). A probe that measures the supply (ST-Link, the
 * simulator) gives {@link Source#MEASURED}; a gdbserver cannot tell (the remote protocol has no voltage query), so
 * there the parallelism is the user's explicit choice ({@link Source#EXPLICIT}) or x8, the only one valid over the
 * whole supply range ({@link Source#SAFE_DEFAULT}) — slower, never out of specification.
 *
 * @param supplyMillivolts the measured supply; empty when the transport cannot measure it
 */
public record ParallelismChoice(Parallelism parallelism, Source source, OptionalInt supplyMillivolts) {

    /** Where the parallelism came from. */
    public enum Source {
        /** From the measured supply voltage. */
        MEASURED,
        /** Chosen by the user ({@code --psize}). */
        EXPLICIT,
        /** Supply unknown and nothing chosen: x8, valid at any supply. */
        SAFE_DEFAULT;

        /** Lower-case name for JSON: "measured", "explicit", "safe-default". */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The parallelism valid at every supply voltage the part accepts (1.8-3.6 V). */
    public static final Parallelism SAFE = Parallelism.X8;

    /**
     * Chooses for a supply of {@code millivolts} ({@link DebugTarget#VOLTAGE_UNKNOWN} when not measurable). An explicit
     * choice wider than a measured supply allows is refused before anything is written: it would program out of
     * specification.
     */
    public static ParallelismChoice choose(int millivolts, FlashDriverSettings settings) throws FlashRequestException {
        OptionalInt supply = millivolts < 0 ? OptionalInt.empty() : OptionalInt.of(millivolts);
        if (settings.parallelismOverride().isPresent()) {
            Parallelism p = settings.parallelismOverride().get();
            if (supply.isPresent()) {
                // x64 asked for explicitly: the user says the board supplies VPP (it cannot be measured either)
                Parallelism allowed = VoltageRange.forSupply(millivolts, settings.externalVpp() || p == Parallelism.X64)
                        .parallelism();
                if (p.bytes() > allowed.bytes()) {
                    throw new FlashRequestException(FlashOperation.PROGRAM, null, null, String.format(
                            "parallelism %s was chosen, but the measured supply of %.2f V allows at most %s (RM0410 "
                                    + "§3.3, table \"Program/erase parallelism\"): programming at %s would be out of "
                                    + "specification. Nothing was written",
                            label(p), millivolts / 1000.0, label(allowed), label(p)),
                            "use --psize " + label(allowed) + " or narrower, or leave --psize out");
                }
            }
            return new ParallelismChoice(p, Source.EXPLICIT, supply);
        }
        if (supply.isEmpty()) {
            return new ParallelismChoice(SAFE, Source.SAFE_DEFAULT, supply);
        }
        return new ParallelismChoice(VoltageRange.forSupply(millivolts, settings.externalVpp()).parallelism(),
                Source.MEASURED, supply);
    }

    /** {@link Parallelism#label()}. */
    public static String label(Parallelism p) {
        return p.label();
    }

    /** {@link Parallelism#parse}: a {@code --psize} value. */
    public static Parallelism parse(String text) {
        return Parallelism.parse(text);
    }

    /** "3.30 V" or "unknown". */
    public String supplyText() {
        return supplyMillivolts.isPresent() ? String.format("%.2f V", supplyMillivolts.getAsInt() / 1000.0) : "unknown";
    }

    /** One sentence: the supply, the parallelism and why. */
    public String text() {
        String par = String.format("programming/erase parallelism %s (PSIZE = %s)", label(parallelism),
                Integer.toBinaryString(4 | parallelism.psize()).substring(1));
        return switch (source) {
        case MEASURED -> "supply " + supplyText() + ": " + par
                + (parallelism.bytes() < Parallelism.X32.bytes() ? " (below 2.7 V programming and erasing take longer)" : "");
        case EXPLICIT -> "supply " + supplyText() + "; " + par + " as chosen with --psize";
        case SAFE_DEFAULT -> "supply voltage unknown (this connection cannot measure it): " + par
                + ", valid at any supply; --psize x16/x32 programs faster when the board's supply allows it";
        };
    }
}
