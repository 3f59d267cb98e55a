package dev.flashbank.family.stm32f7.flash;

/**
 * How the F7 driver waits for an operation that runs for hundreds of milliseconds to seconds (sector, bank and mass
 * erase, option-byte programming), as it would on silicon: the datasheet gives a typical and a maximum time and no
 * minimum, and one part's erase time is not known in advance. So the driver first waits a share of the TYPICAL time
 * (no status poll can usefully end sooner on a typical part; a faster part loses at most the rest of that share),
 * then reads FLASH_SR every fixed share of the typical time until BSY clears or the operation's budget (from the
 * table's maximum, {@link dev.flashbank.core.flash.FlashTimeouts}) runs out. The overshoot past the real end is at
 * most one interval plus one status read, wherever in typ..max the part ends.
 *
 * @param firstWaitShare  share of the typical time waited before the first poll (0.75: a part up to 25 % faster than
 *                        typical still costs only its own time plus that difference)
 * @param intervalShare   share of the typical time between polls (at most that share of typical plus one status
 *                        read of overshoot; the reads happen while the flash is busy anyway)
 * @param minIntervalNanos lower bound of the interval (a short operation is not polled faster than the probe answers)
 */
public record EraseWait(double firstWaitShare, double intervalShare, long minIntervalNanos) {

    /**
     * The driver's policy for bank and mass erases and option programming: polls every 2 % of typical, about 50 status
     * reads per typical duration (50 ms of USB round trips on a full-speed probe).
     */
    public static final EraseWait DEFAULT = new EraseWait(0.75, 0.02, 1_000_000);

    /**
     * For sector erases, the unit of an update: polls every 0.5 % of typical, about 50 status reads between the first
     * wait and the typical end. Issue 18: at 2 % a 128 KiB sector's erase ended on average 10 ms before the driver
     * noticed, a tenth of what a one-sector update on a full-speed probe spent above the modelled flash floor.
     */
    public static final EraseWait SECTOR = new EraseWait(0.75, 0.005, 1_000_000);

    public EraseWait {
        if (!(firstWaitShare >= 0 && firstWaitShare < 1) || !(intervalShare > 0 && intervalShare <= 1)
                || minIntervalNanos <= 0) {
            throw new IllegalArgumentException("first wait must be below the typical time, the interval positive");
        }
    }

    /** Nanoseconds waited before the first FLASH_SR poll of an operation whose typical time is {@code typMicros}. */
    public long firstWaitNanos(long typMicros) {
        return Math.round(firstWaitShare * typMicros * 1000.0);
    }

    /** Nanoseconds between the polls after the first wait. */
    public long intervalNanos(long typMicros) {
        return Math.max(minIntervalNanos, Math.round(intervalShare * typMicros * 1000.0));
    }
}
