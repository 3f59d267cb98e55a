package dev.flashbank.core.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import dev.flashbank.core.device.AddressRange;

/**
 * A firmware image as it is to be placed in target memory: what bytes go to which load addresses, plus what the file
 * says about it (entry point, version string, GNU build-id). Immutable.
 * <p>
 * <b>Canonical form.</b> {@link #segments()} are sorted by address, never overlap, and are maximal: adjacent runs are
 * always merged ({@link #normalise(Collection)}). So two images with the same bytes at the same addresses have equal
 * segment lists whatever their file format or record/section boundaries were.
 * <p>
 * <b>Gaps.</b> An address not covered by a segment is <i>not part of the image</i>: it is neither programmed nor
 * verified. All formats are read that way: in particular the alignment padding between ELF output sections, which
 * sits inside a PT_LOAD segment's file bytes but which objcopy leaves out of HEX/S-record output, is a gap (see
 * {@link ElfReader}). Where a contiguous byte array is needed (BIN export, sector buffers), gaps read as
 * {@link #ERASED}, the value of erased STM32 flash.
 */
public final class FirmwareImage {

    /** Value of an erased flash byte; the default fill for gaps. */
    public static final byte ERASED = (byte) 0xFF;

    private final String source;
    private final ImageFormat format;
    private final List<Segment> segments;
    private final OptionalLong entryPoint;
    private final Optional<VersionInfo> version;
    private final Optional<String> buildId;

    private FirmwareImage(String source, ImageFormat format, List<Segment> segments, OptionalLong entryPoint,
            Optional<VersionInfo> version, Optional<String> buildId) {
        this.source = Objects.requireNonNull(source, "source");
        this.format = Objects.requireNonNull(format, "format");
        this.segments = List.copyOf(segments);
        this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint");
        this.version = Objects.requireNonNull(version, "version");
        this.buildId = Objects.requireNonNull(buildId, "buildId");
        entryPoint.ifPresent(e -> {
            if (e < 0 || e > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("entry point beyond 32 bits: " + e);
            }
        });
    }

    /**
     * An image from segments in any order; adjacent segments are merged.
     *
     * @throws IllegalArgumentException if segments overlap (readers report overlaps in the file as
     *             {@link ImageFormatException} before getting here)
     */
    public static FirmwareImage of(String source, ImageFormat format, Collection<Segment> segments,
            OptionalLong entryPoint) {
        return new FirmwareImage(source, format, normalise(segments), entryPoint, Optional.empty(), Optional.empty());
    }

    /**
     * An image of one contiguous run of bytes, e.g. memory read back from a target for a dump; format
     * {@link ImageFormat#BIN} (raw bytes), origin "{@code source}".
     */
    public static FirmwareImage ofBytes(String source, long address, byte[] data) {
        return of(source, ImageFormat.BIN, List.of(new Segment(address, data, source)), OptionalLong.empty());
    }

    /** The same image with version / build-id information attached. */
    public FirmwareImage withMetadata(Optional<VersionInfo> newVersion, Optional<String> newBuildId) {
        return new FirmwareImage(source, format, segments, entryPoint, newVersion, newBuildId);
    }

    /**
     * Sorts the segments and merges those that touch (one ends where the next begins).
     *
     * @throws IllegalArgumentException naming both segments and their origins if two overlap
     */
    public static List<Segment> normalise(Collection<Segment> segments) {
        List<Segment> sorted = new ArrayList<>(segments);
        sorted.sort(Comparator.comparingLong(Segment::address));
        List<Segment> out = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            Segment first = sorted.get(i);
            long end = first.end();
            int j = i + 1;
            while (j < sorted.size() && sorted.get(j).address() <= end) {
                Segment next = sorted.get(j);
                if (next.address() < end) {
                    Segment prev = sorted.get(j - 1);
                    throw new IllegalArgumentException(String.format("segments overlap at 0x%08X: %s (%s) and %s (%s)",
                            next.address(), prev.range(), prev.originOf(next.address()), next.range(),
                            next.originOf(next.address())));
                }
                end = next.end();
                j++;
            }
            if (j == i + 1) {
                out.add(first);
            } else {
                byte[] merged = new byte[(int) (end - first.address())];
                List<Segment.Origin> origins = new ArrayList<>();
                for (int k = i; k < j; k++) {
                    Segment s = sorted.get(k);
                    s.copyTo(s.address(), merged, (int) (s.address() - first.address()), s.size());
                    origins.addAll(s.origins());
                }
                out.add(new Segment(first.address(), merged, origins, true));
            }
            i = j;
        }
        return out;
    }

    /** The file the image was read from (as the user named it), or a description such as "read-back of bank 2". */
    public String source() {
        return source;
    }

    public ImageFormat format() {
        return format;
    }

    /** Sorted, non-overlapping, maximal runs of bytes (see the class comment). */
    public List<Segment> segments() {
        return segments;
    }

    /** The address ranges covered by data, in order. */
    public List<AddressRange> ranges() {
        return segments.stream().map(Segment::range).toList();
    }

    /**
     * Entry point as the file states it (ELF e_entry, HEX record 03/05, S-record S7/S8/S9); for Thumb code the low
     * bit is set. Empty when the file has none, including an explicit 0 (ELF: "no entry point"; objcopy writes S9/S7
     * with address 0 when the ELF had none).
     */
    public OptionalLong entryPoint() {
        return entryPoint;
    }

    public Optional<VersionInfo> version() {
        return version;
    }

    /** GNU build-id (NT_GNU_BUILD_ID note) as lower-case hex, when the ELF has one. */
    public Optional<String> buildId() {
        return buildId;
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /** Number of image bytes (gaps not counted). */
    public long totalSize() {
        long n = 0;
        for (Segment s : segments) {
            n += s.size();
        }
        return n;
    }

    /** From the lowest to the highest image address (gaps included); empty for an empty image. */
    public Optional<AddressRange> span() {
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        long start = segments.get(0).address();
        return Optional.of(new AddressRange(start, segments.get(segments.size() - 1).end() - start));
    }

    /** Whether any image byte lies in {@code r}. */
    public boolean overlaps(AddressRange r) {
        for (Segment s : segments) {
            if (s.range().overlaps(r)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the byte at {@code address} is part of the image. */
    public boolean contains(long address) {
        return segmentAt(address).isPresent();
    }

    /** The segment holding {@code address}, if any. */
    public Optional<Segment> segmentAt(long address) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Segment s = segments.get(mid);
            if (address < s.address()) {
                hi = mid - 1;
            } else if (address >= s.end()) {
                lo = mid + 1;
            } else {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The bytes covering {@code range}, gaps filled with {@link #ERASED}. */
    public byte[] bytes(AddressRange range) {
        return bytes(range, ERASED);
    }

    /** The bytes covering {@code range}, gaps filled with {@code fill}. */
    public byte[] bytes(AddressRange range, byte fill) {
        if (range.size() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("range too large for one array: " + range);
        }
        byte[] out = new byte[(int) range.size()];
        Arrays.fill(out, fill);
        for (Segment s : segments) {
            long from = Math.max(s.address(), range.start());
            long to = Math.min(s.end(), range.end());
            if (from < to) {
                s.copyTo(from, out, (int) (from - range.start()), (int) (to - from));
            }
        }
        return out;
    }

    /** The part of the image inside {@code range} (entry point and metadata kept). */
    public FirmwareImage clip(AddressRange range) {
        return clip(List.of(range));
    }

    /** The part of the image inside any of {@code ranges} (entry point and metadata kept). */
    public FirmwareImage clip(Collection<AddressRange> ranges) {
        List<AddressRange> merged = mergeRanges(ranges);
        List<Segment> parts = new ArrayList<>();
        for (Segment s : segments) {
            for (AddressRange r : merged) {
                Segment p = s.clip(r);
                if (p != null) {
                    parts.add(p);
                }
            }
        }
        return new FirmwareImage(source, format, normalise(parts), entryPoint, version, buildId);
    }

    /**
     * Checks that every image byte lies inside one of {@code flash} (ranges may touch, e.g. one per sector or bank).
     *
     * @return this image, for chaining
     * @throws ImageOutsideFlashException naming the lowest offending address and where it came from in the file
     */
    public FirmwareImage requireWithin(Collection<AddressRange> flash) throws ImageOutsideFlashException {
        List<AddressRange> allowed = mergeRanges(flash);
        for (Segment s : segments) {
            long a = s.address();
            while (a < s.end()) {
                AddressRange in = null;
                for (AddressRange r : allowed) {
                    if (r.contains(a)) {
                        in = r;
                        break;
                    }
                }
                if (in == null) {
                    throw new ImageOutsideFlashException(source, a, s.originOf(a), allowed);
                }
                a = in.end();
            }
        }
        return this;
    }

    /**
     * The image without runs of at least {@code minRun} bytes equal to {@code value}, e.g. erased (0xFF) areas of a
     * flash dump before exporting it as HEX. Only for presentation/export: in a firmware file a 0xFF byte is data,
     * and programming must not treat it as a gap.
     */
    public FirmwareImage withoutRuns(byte value, int minRun) {
        if (minRun < 1) {
            throw new IllegalArgumentException("minRun must be at least 1: " + minRun);
        }
        List<Segment> kept = new ArrayList<>();
        for (Segment s : segments) {
            byte[] d = s.data();
            int keepFrom = 0;
            int i = 0;
            while (i < d.length) {
                if (d[i] != value) {
                    i++;
                    continue;
                }
                int runStart = i;
                while (i < d.length && d[i] == value) {
                    i++;
                }
                if (i - runStart >= minRun) {
                    if (runStart > keepFrom) {
                        kept.add(s.clip(new AddressRange(s.address() + keepFrom, runStart - keepFrom)));
                    }
                    keepFrom = i;
                }
            }
            if (keepFrom < d.length) {
                kept.add(s.clip(new AddressRange(s.address() + keepFrom, d.length - keepFrom)));
            }
        }
        return new FirmwareImage(source, format, kept, entryPoint, version, buildId);
    }

    /**
     * The same bytes moved by {@code delta} (e.g. to program an image linked for 0x0800_0000 through the window at
     * 0x0810_0000 where the inactive bank is mapped). Entry point and metadata are unchanged: they describe where the
     * code runs, which moving the bytes does not change.
     */
    public FirmwareImage shifted(long delta) {
        List<Segment> moved = new ArrayList<>();
        for (Segment s : segments) {
            moved.add(s.shifted(delta));
        }
        return new FirmwareImage(source, format, moved, entryPoint, version, buildId);
    }

    /** Same bytes at the same addresses and the same entry point (source, format and metadata ignored). */
    public boolean sameContentAs(FirmwareImage other) {
        return segments.equals(other.segments) && entryPoint.equals(other.entryPoint);
    }

    /** Sorted ranges with touching/overlapping ones merged. */
    private static List<AddressRange> mergeRanges(Collection<AddressRange> ranges) {
        List<AddressRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(AddressRange::start));
        List<AddressRange> out = new ArrayList<>();
        for (AddressRange r : sorted) {
            if (!out.isEmpty() && r.start() <= out.get(out.size() - 1).end()) {
                AddressRange last = out.remove(out.size() - 1);
                out.add(new AddressRange(last.start(), Math.max(last.end(), r.end()) - last.start()));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(source).append(" (").append(format).append("): ").append(totalSize()).append(" bytes in ");
        sb.append(segments.size()).append(segments.size() == 1 ? " segment" : " segments");
        entryPoint.ifPresent(e -> sb.append(String.format(", entry 0x%08X", e)));
        version.ifPresent(v -> sb.append(", version \"").append(v.text()).append('"'));
        return sb.toString();
    }
}
