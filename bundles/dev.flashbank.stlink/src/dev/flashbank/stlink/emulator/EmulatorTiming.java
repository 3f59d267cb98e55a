package dev.flashbank.stlink.emulator;

import java.time.Duration;

/**
 * Modelled transport cost of the emulated probe, charged to the backend's clock (an ESTIMATE from USB frame
 * timing: modelled time only, real probes are measured). Every value is a named, overridable parameter; the named
 * probe classes with their typ..max ranges are {@link ProbeTimingProfile}, which makes these.
 *
 * @param roundTrip          per command exchange: full speed ≈ 1 ms (1 ms frames), high speed ≈ 0.125 ms
 * @param bulkBytesPerSecond data-phase throughput: full speed ≈ 1 MB/s, high speed ≈ 20 MB/s
 * @param swdCyclesPerAccess SWD clocks per 32-bit AP access: 8 request + 1 turnaround + 3 ack + 33 data + idle ≈ 46
 */
public record EmulatorTiming(Duration roundTrip, long bulkBytesPerSecond, int swdCyclesPerAccess) {

    /** {@link ProbeTimingProfile#ST_LINK_V2_FULL_SPEED} at typical cost. */
    public static final EmulatorTiming FULL_SPEED = ProbeTimingProfile.ST_LINK_V2_FULL_SPEED
            .at(dev.flashbank.core.device.FlashTimings.Bound.TYPICAL);
    /** {@link ProbeTimingProfile#STLINK_V3_HIGH_SPEED} at typical cost. */
    public static final EmulatorTiming HIGH_SPEED = ProbeTimingProfile.STLINK_V3_HIGH_SPEED
            .at(dev.flashbank.core.device.FlashTimings.Bound.TYPICAL);

    /** SWD wire time of one 32-bit AP access at {@code swdKiloHertz} (zero when the clock is unknown). */
    public Duration swdAccess(int swdKiloHertz) {
        return swdKiloHertz > 0 ? Duration.ofNanos((long) swdCyclesPerAccess * 1_000_000L / swdKiloHertz)
                : Duration.ZERO;
    }

    /** Time of one exchange moving {@code bytes} over USB and doing {@code accesses} SWD accesses at {@code khz}. */
    public Duration cost(int bytes, int accesses, int swdKiloHertz) {
        long nanos = roundTrip.toNanos() + bytes * 1_000_000_000L / bulkBytesPerSecond;
        if (swdKiloHertz > 0) {
            nanos += (long) accesses * swdCyclesPerAccess * 1_000_000L / swdKiloHertz;
        }
        return Duration.ofNanos(nanos);
    }
}
