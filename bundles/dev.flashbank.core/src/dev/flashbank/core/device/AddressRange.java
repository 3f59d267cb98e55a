package dev.flashbank.core.device;

/** A half-open range of target addresses {@code [start, start + size)}. */
public record AddressRange(long start, long size) {

    public AddressRange {
        if (start < 0 || size < 0 || start + size > 0x1_0000_0000L) {
            throw new IllegalArgumentException(String.format("bad range 0x%X + 0x%X", start, size));
        }
    }

    /** The range from {@code first} to {@code lastInclusive}, as the reference manual writes ranges. */
    public static AddressRange inclusive(long first, long lastInclusive) {
        return new AddressRange(first, lastInclusive - first + 1);
    }

    /** Exclusive end. */
    public long end() {
        return start + size;
    }

    /** Last address inside the range (for display as 0x0800_0000-0x080F_FFFF). */
    public long last() {
        return start + size - 1;
    }

    public boolean contains(long address) {
        return address >= start && address < end();
    }

    public boolean contains(AddressRange other) {
        return other.start >= start && other.end() <= end();
    }

    public boolean overlaps(AddressRange other) {
        return other.start < end() && start < other.end();
    }

    public AddressRange shift(long delta) {
        return new AddressRange(start + delta, size);
    }

    @Override
    public String toString() {
        return String.format("0x%08X-0x%08X", start, last());
    }
}
