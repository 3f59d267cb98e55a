package dev.flashbank.sim;

import java.time.Duration;

/**
 * What {@link BenchBoard#runFirmware} did: why the run ended, where the core is, how much virtual time passed and
 * the console text written meanwhile.
 *
 * @param stop why the run ended
 * @param pc the address of the next instruction the core executes (REGSEL 15)
 * @param elapsed virtual time the run took
 * @param console what the firmware wrote to the board's console during the run
 */
public record FirmwareRun(Stop stop, int pc, Duration elapsed, String console) {

    /** Why a run ended. */
    public enum Stop {
        /** The core reached the requested address (the instruction there has not executed). */
        REACHED,
        /** The requested virtual duration passed with the core still running. */
        TIME_ELAPSED,
        /** The core halted in debug state (a debugger's halt, BKPT with halting debug, a vector catch). */
        HALTED,
        /** The core locked up (a fault it cannot handle, or an unusable vector table at reset). */
        LOCKED_UP,
        /** The core is held in reset (NRST low). */
        IN_RESET,
        /** The board has no power (or lost it during the run). */
        NO_POWER
    }

    /** One line for the CLI: why and where. */
    public String summary() {
        String why = switch (stop) {
            case REACHED -> "reached the stop address";
            case TIME_ELAPSED -> "the time ran out with the core running";
            case HALTED -> "the core halted";
            case LOCKED_UP -> "the core locked up";
            case IN_RESET -> "the core is held in reset (NRST low)";
            case NO_POWER -> "the board has no power";
        };
        return String.format("%s after %s of virtual time, PC = 0x%08X", why, format(elapsed), pc);
    }

    /** A virtual duration in the unit that reads best (ns, us, ms, s). */
    public static String format(Duration d) {
        long ns = d.toNanos();
        if (ns < 10_000) {
            return ns + " ns";
        }
        if (ns < 1_000_000) {
            return String.format(java.util.Locale.ROOT, "%.1f us", ns / 1e3);
        }
        if (ns < 1_000_000_000L) {
            return String.format(java.util.Locale.ROOT, "%.3f ms", ns / 1e6);
        }
        return String.format(java.util.Locale.ROOT, "%.3f s", ns / 1e9);
    }
}
