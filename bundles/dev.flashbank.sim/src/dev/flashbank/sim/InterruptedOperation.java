package dev.flashbank.sim;

import dev.flashbank.core.device.AddressRange;

/**
 * A flash operation that a power loss cut short, and the deterministic model of what it left behind. All ranges are
 * PHYSICAL (bank number + offset within the bank), because the damage is in the cells, not in an address window.
 *
 * <ul>
 * <li>{@link Kind#SECTOR_ERASE}, {@link Kind#BANK_ERASE}: erasing proceeds from the start of the range to its end in
 * rows of {@link #ERASE_PROGRESS_GRANULE} bytes; cells before
 * {@code start + floor(progress * size / granule) * granule} are erased (0xFF), the rest keep their old content. So
 * an erase interrupted at 0 % leaves the range untouched and one interrupted near the end leaves it almost erased -
 * a verify pass detects both.</li>
 * <li>{@link Kind#PROGRAM}: the unit is undefined: each bit that was being programmed (old 1, new 0) ends up 0 or 1
 * from a pseudo-random stream seeded by the board seed and the address; bits that were already 0 stay 0 and bits
 * that were to stay 1 stay 1 (interruption can only leave a bit half-way, it cannot set a programmed bit).</li>
 * <li>{@link Kind#OPTION_PROGRAM}: what the option area holds afterwards is the family's model (a controller that
 * erases its option area before programming it may leave it erased, with RDP reading level 1; one whose options stay
 * in force until the change completes keeps them); the family's board applies it and names its assumption. If the
 * option write was an RDP 1->0 regression, its mass erase ran first: {@code range} is the user flash being erased,
 * with the erase model above applied to it up to the point of the interruption.</li>
 * </ul>
 *
 * @param kind what was running
 * @param physicalBank physical bank of {@code range} (0 when the range spans the whole device, e.g. option mass erase)
 * @param range offsets within the bank (or the whole cell array for bank 0) the operation covered
 * @param progress fraction 0..1 of the operation's duration that had elapsed
 * @param atNanos virtual time of the power loss
 */
public record InterruptedOperation(Kind kind, int physicalBank, AddressRange range, double progress, long atNanos) {

    /** Granule in which an interrupted erase progresses (one 128-bit row). */
    public static final int ERASE_PROGRESS_GRANULE = 16;

    /** The kinds of flash operation a power loss can interrupt. */
    public enum Kind {
        SECTOR_ERASE, BANK_ERASE, PROGRAM, OPTION_PROGRAM
    }

    /** Number of bytes at the start of {@code range} that the interrupted erase had already erased. */
    public long erasedPrefix() {
        if (kind == Kind.PROGRAM) {
            return 0;
        }
        long g = ERASE_PROGRESS_GRANULE;
        return (long) Math.floor(progress * range.size() / g) * g;
    }
}
