package dev.flashbank.stlink.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.flashbank.core.device.FlashTimings.Bound;

/**
 * A probe class's USB/SWD cost as named parameters, each with a typ..max range, for modelled time only (real probes
 * are measured, not modelled). {@link #at(Bound)} gives the {@link EmulatorTiming} the emulator charges to the
 * simulated board's virtual clock for EVERY command it answers - whoever sends it (Flashbank's own client in process,
 * OpenOCD through the stlink-server TCP server) - so any client's command stream is costed by one model.
 * <p>
 * The typical values are the USB frame arithmetic: full speed has 1 ms frames (a command's OUT and IN transfers meet
 * in about one frame, 64-byte packets, about 1 MB/s of bulk data), high speed 125 us microframes (512-byte packets,
 * 20 MB/s and more). The maximum ("slow") values are MODEL ASSUMPTIONS, not measurements: a round trip that misses
 * a (micro)frame costs two, bulk data at the rate a busy host controller leaves, the SWD clock the probe falls back to,
 * and idle cycles after each SWD transaction.
 *
 * @param name              profile name as reports print it
 * @param roundTrip         per command exchange (command block out, status or data in)
 * @param bulkBytesPerSecond data-phase throughput (for this parameter "max" is the SLOWER rate: the maximum cost)
 * @param swdKiloHertz      SWD clock the probe runs at with this profile (the host asks for it; "max" = the slower
 *                          clock); the emulator charges wire time at the clock the HOST actually set
 * @param swdCyclesPerAccess SWD clock cycles per 32-bit AP access: 8 request + 1 turnaround + 3 ack + 33 data
 *                          (+ turnaround on reads) + idle cycles
 */
public record ProbeTimingProfile(String name, Range roundTrip, Range bulkBytesPerSecond, Range swdKiloHertz,
        Range swdCyclesPerAccess) {

    /**
     * One parameter's range: the typical value and the value at maximum cost (for rates and clocks the lower one).
     *
     * @param unit printed with the values ("ns", "B/s", "kHz", "cycles")
     */
    public record Range(long typ, long max, String unit) {
        public Range {
            if (typ <= 0 || max <= 0) {
                throw new IllegalArgumentException("timing parameters must be positive");
            }
        }

        public long at(Bound b) {
            return b == Bound.TYPICAL ? typ : max;
        }

        @Override
        public String toString() {
            return typ + ".." + max + " " + unit;
        }
    }

    /** SWD cycles of one AP access at typical: 8 + 1 + 3 + 33 + 1 idle (see {@link #swdCyclesPerAccess}). */
    public static final int SWD_CYCLES_TYPICAL = 46;
    /** At maximum: a second turnaround (reads) and 8 idle cycles after the transaction (model assumption). */
    public static final int SWD_CYCLES_MAXIMUM = 54;

    /** ST-LINK/V2 and V2-1: full-speed USB, SWD up to 4 MHz (the V2 firmware's fastest divisor). */
    public static final ProbeTimingProfile ST_LINK_V2_FULL_SPEED = new ProbeTimingProfile(
            "ST-LINK/V2 full speed",
            new Range(1_000_000, 2_000_000, "ns"),
            new Range(1_000_000, 800_000, "B/s"),
            new Range(4_000, 1_800, "kHz"),
            new Range(SWD_CYCLES_TYPICAL, SWD_CYCLES_MAXIMUM, "cycles"));

    /** STLINK-V3: high-speed USB, SWD up to 24 MHz. */
    public static final ProbeTimingProfile STLINK_V3_HIGH_SPEED = new ProbeTimingProfile(
            "STLINK-V3 high speed",
            new Range(125_000, 250_000, "ns"),
            new Range(20_000_000, 10_000_000, "B/s"),
            new Range(24_000, 8_000, "kHz"),
            new Range(SWD_CYCLES_TYPICAL, SWD_CYCLES_MAXIMUM, "cycles"));

    /** Both profiles, full speed first. */
    public static List<ProbeTimingProfile> all() {
        return List.of(ST_LINK_V2_FULL_SPEED, STLINK_V3_HIGH_SPEED);
    }

    /** The transport cost the emulator charges with this profile at {@code bound}. */
    public EmulatorTiming at(Bound bound) {
        return new EmulatorTiming(Duration.ofNanos(roundTrip.at(bound)), bulkBytesPerSecond.at(bound),
                (int) swdCyclesPerAccess.at(bound));
    }

    /** The SWD clock a host using this profile asks for at {@code bound}. */
    public int swdKiloHertzAt(Bound bound) {
        return (int) swdKiloHertz.at(bound);
    }

    /** "ST-LINK/V2 full speed: round trip 1000000..2000000 ns, bulk ..., SWD ..., ... per AP access". */
    public String describe() {
        return String.format(Locale.ROOT, "%s: round trip %s, bulk %s, SWD clock %s, %s per AP access", name,
                roundTrip, bulkBytesPerSecond, swdKiloHertz, swdCyclesPerAccess);
    }
}
