package dev.flashbank.core.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Gathers the data pieces a reader finds (one per HEX/S-record data record, ELF section or BIN file), then checks
 * them for overlaps and merges them into canonical segments. Shared by all readers so that overlap and emptiness are
 * judged, and reported, the same way for every format.
 */
final class SegmentCollector {

    private record Piece(long address, byte[] data, String origin, ImageLocation where, int order) {
        long end() {
            return address + data.length;
        }
    }

    private final String file;
    private final List<Piece> pieces = new ArrayList<>();

    SegmentCollector(String file) {
        this.file = file;
    }

    /** Adds {@code data} (taken over, not copied) loaded at {@code address}; empty pieces are ignored. */
    void add(long address, byte[] data, String origin, ImageLocation where) throws ImageFormatException {
        if (data.length == 0) {
            return;
        }
        if (address < 0 || address + data.length > 0x1_0000_0000L) {
            throw new ImageFormatException(file, where, String.format(
                    "data at 0x%X + %d bytes goes beyond the 32-bit address space", address, data.length));
        }
        pieces.add(new Piece(address, data, origin, where, pieces.size()));
    }

    boolean isEmpty() {
        return pieces.isEmpty();
    }

    /**
     * The canonical segments.
     *
     * @param emptyWhere where to point an "empty image" error
     * @throws ImageFormatException for overlapping pieces (naming both, reported at the one later in the file) or no
     *             data at all
     */
    List<Segment> build(ImageLocation emptyWhere, String emptyReason) throws ImageFormatException {
        if (pieces.isEmpty()) {
            throw new ImageFormatException(file, emptyWhere, "empty image: " + emptyReason);
        }
        List<Piece> sorted = new ArrayList<>(pieces);
        sorted.sort(Comparator.comparingLong(Piece::address).thenComparingInt(Piece::order));
        List<Segment> out = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            Piece first = sorted.get(i);
            Piece furthest = first; // the piece reaching furthest so far (overlap partner)
            long end = first.end();
            int j = i + 1;
            while (j < sorted.size() && sorted.get(j).address() <= end) {
                Piece next = sorted.get(j);
                if (next.address() < end) {
                    Piece earlier = furthest.order() < next.order() ? furthest : next;
                    Piece later = earlier == next ? furthest : next;
                    long from = Math.max(earlier.address(), later.address());
                    long to = Math.min(earlier.end(), later.end());
                    throw new ImageFormatException(file, later.where(), String.format(
                            "overlapping data: %s writes 0x%08X-0x%08X, of which 0x%08X-0x%08X was already written by %s",
                            later.origin(), later.address(), later.end() - 1, from, to - 1, earlier.origin()));
                }
                end = next.end();
                furthest = next;
                j++;
            }
            byte[] merged = new byte[(int) (end - first.address())];
            List<Segment.Origin> origins = new ArrayList<>();
            for (int k = i; k < j; k++) {
                Piece p = sorted.get(k);
                System.arraycopy(p.data(), 0, merged, (int) (p.address() - first.address()), p.data().length);
                origins.add(new Segment.Origin(p.address(), p.origin()));
            }
            out.add(new Segment(first.address(), merged, origins, true));
            i = j;
        }
        return out;
    }
}
