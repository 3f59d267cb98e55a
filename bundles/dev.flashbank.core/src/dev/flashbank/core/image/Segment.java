package dev.flashbank.core.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import dev.flashbank.core.device.AddressRange;

/**
 * A contiguous run of image bytes at a load address (where the bytes are programmed, i.e. the ELF LMA / physical
 * address, never the run address of a RAM section). Immutable: the bytes are copied in and out.
 * <p>
 * Besides address and bytes, a segment remembers where each of its parts came from in the source file
 * ({@link Origin}: "line 12", "section .data (program header 1, file offset 0x2000)") so that a later check, such as
 * "this byte is outside flash", can point at the culprit. Origins are bookkeeping only: {@link #equals(Object)}
 * compares address and bytes, so images read from an ELF and from its objcopy'd HEX compare equal.
 */
public final class Segment {

    /** Where the bytes from {@code address} on (up to the next origin) came from. */
    public record Origin(long address, String description) {
        public Origin {
            Objects.requireNonNull(description, "description");
        }

        @Override
        public String toString() {
            return String.format("0x%08X: %s", address, description);
        }
    }

    private final long address;
    private final byte[] data;
    private final List<Origin> origins;

    /** A segment whose bytes all came from one place. */
    public Segment(long address, byte[] data, String origin) {
        this(address, data.clone(), List.of(new Origin(address, origin)), true);
    }

    /** Package use: {@code data} is taken over (not copied); origins sorted by address, the first at {@code address}. */
    Segment(long address, byte[] data, List<Origin> origins, boolean owned) {
        if (data.length == 0) {
            throw new IllegalArgumentException("empty segment");
        }
        new AddressRange(address, data.length); // validates 32-bit bounds
        if (origins.isEmpty() || origins.get(0).address() != address) {
            throw new IllegalArgumentException("first origin must start at the segment address");
        }
        this.address = address;
        this.data = owned ? data : data.clone();
        this.origins = List.copyOf(origins);
    }

    /** Load address of the first byte. */
    public long address() {
        return address;
    }

    public int size() {
        return data.length;
    }

    /** Exclusive end address. */
    public long end() {
        return address + data.length;
    }

    public AddressRange range() {
        return new AddressRange(address, data.length);
    }

    /** A copy of the bytes. */
    public byte[] data() {
        return data.clone();
    }

    public boolean contains(long a) {
        return a >= address && a < end();
    }

    /** The byte at absolute address {@code a}; the address must be inside the segment. */
    public byte byteAt(long a) {
        if (!contains(a)) {
            throw new IndexOutOfBoundsException(String.format("0x%08X not in %s", a, range()));
        }
        return data[(int) (a - address)];
    }

    /** Copies the bytes of this segment at {@code [from, from + length)} into {@code dst} at {@code dstPos}. */
    void copyTo(long from, byte[] dst, int dstPos, int length) {
        System.arraycopy(data, (int) (from - address), dst, dstPos, length);
    }

    public List<Origin> origins() {
        return origins;
    }

    /** Description of where the byte at {@code a} came from. */
    public String originOf(long a) {
        String d = origins.get(0).description();
        for (Origin o : origins) {
            if (o.address() > a) {
                break;
            }
            d = o.description();
        }
        return d;
    }

    /** The part of this segment inside {@code r}, or null if none. */
    Segment clip(AddressRange r) {
        long s = Math.max(address, r.start());
        long e = Math.min(end(), r.end());
        if (s >= e) {
            return null;
        }
        byte[] part = Arrays.copyOfRange(data, (int) (s - address), (int) (e - address));
        List<Origin> os = new ArrayList<>();
        os.add(new Origin(s, originOf(s)));
        for (Origin o : origins) {
            if (o.address() > s && o.address() < e) {
                os.add(o);
            }
        }
        return new Segment(s, part, os, true);
    }

    Segment shifted(long delta) {
        List<Origin> os = new ArrayList<>();
        for (Origin o : origins) {
            os.add(new Origin(o.address() + delta, o.description()));
        }
        return new Segment(address + delta, data, os, true);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Segment s && s.address == address && Arrays.equals(s.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(address) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return String.format("%s (%d bytes)", range(), data.length);
    }
}
