package dev.flashbank.core.ops;

import java.util.ArrayList;
import java.util.List;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.target.TargetException;

/**
 * Verify: compares the flash (through the SWP_FB remap, like every access) with an image, reporting every contiguous
 * mismatching range: by the part's target-side checksum where it has one (no read-back where it matches), else by
 * reading back. Writes no flash; cancel is honoured between chunks of {@link #CHUNK} bytes. Where the checksum engine
 * needs a halted core ({@link dev.flashbank.core.family.FlashDriver#targetCrcNeedsHaltedCore()}) a running core is
 * halted for the comparison and runs again after, unless the run says not to halt.
 */
public final class VerifyOperation implements TargetOperation<VerifyReport> {

    /** Bytes read per unit of progress/cancellation. */
    public static final int CHUNK = 16 * 1024;

    private final OperationContext ctx;
    private final FirmwareImage image;
    private final boolean mayHalt;

    public VerifyOperation(OperationContext ctx, FirmwareImage image) {
        this(ctx, image, true);
    }

    /**
     * @param mayHalt the core may be halted for the target-side checksum (and runs again after); false keeps a running
     *        core running and reads back what the checksum engine cannot reach without halting
     */
    public VerifyOperation(OperationContext ctx, FirmwareImage image, boolean mayHalt) {
        this.ctx = ctx;
        this.image = image;
        this.mayHalt = mayHalt;
    }

    @Override
    public String name() {
        return "Verify";
    }

    @Override
    public OperationTarget target() {
        return ctx.target();
    }

    @Override
    public VerifyReport run(FlashProgress progress) throws OperationException, TargetException {
        FlashImage fi = FlashImage.of(name(), image, ctx.geometry());
        Preflight.requireReadable(name(), ctx);
        try (HaltForChecksum halt = HaltForChecksum.enter(ctx, mayHalt)) { // verify changes nothing the firmware sees
            VerifyReport r = compare(ctx, name(), fi, progress);
            return halt.halted() ? r.withCoreHalted() : r;
        }
    }

    /** Compares {@code fi} with the target (shared with Program's verify step). */
    static VerifyReport compare(OperationContext ctx, String op, FlashImage fi, FlashProgress progress)
            throws OperationException, TargetException {
        progress.begin("Verifying " + fi.size() + " bytes", fi.size());
        Collector c = new Collector();
        List<AddressRange> compared = new ArrayList<>();
        List<Piece> pieces = new ArrayList<>();
        for (FlashImage.Run r : fi.runs()) {
            compared.add(r.range());
            for (int off = 0; off < r.data().length; off += CRC_CHUNK) {
                pieces.add(new Piece(r.address() + off, r.data(), off, Math.min(CRC_CHUNK, r.data().length - off)));
            }
        }
        compareRanges(ctx, op, pieces, c, progress);
        c.close();
        return c.report(compared, fi.size());
    }

    /** {@code expected[off, off + length)}, which the flash at {@code address} should hold. */
    record Piece(long address, byte[] expected, int off, int length) {
    }

    /**
     * Compares every piece with the flash: first by target-side CRCs of all pieces in one batch
     * ({@link dev.flashbank.core.family.FlashDriver#targetCrcs}: one engine set-up), then piece by piece what the
     * batch did not show equal through {@link #compareRange} (the driver's own check, then reading back). Cancel is
     * honoured between pieces; {@code progress} counts bytes.
     */
    static void compareRanges(OperationContext ctx, String op, List<Piece> pieces, Collector c,
            FlashProgress progress) throws OperationException, TargetException {
        List<java.util.OptionalInt> crcs = pieces.isEmpty() ? List.of()
                : ctx.driver().targetCrcs(pieces.stream().map(p -> new AddressRange(p.address(), p.length())).toList());
        long total = pieces.stream().mapToLong(Piece::length).sum();
        long done = 0;
        for (int i = 0; i < pieces.size(); i++) {
            if (progress.isCanceled()) {
                throw new OperationCanceledException(op, done + " of " + total + " bytes compared; nothing was "
                        + "written");
            }
            Piece p = pieces.get(i);
            java.util.OptionalInt crc = crcs.get(i);
            if (crc.isPresent() && crc.getAsInt() == ctx.driver().expectedTargetCrc(p.expected(), p.off(), p.length())) {
                c.byTargetCrc += p.length();
            } else {
                compareRange(ctx, p.address(), p.expected(), p.off(), p.length(), c);
            }
            done += p.length();
            progress.worked(p.length());
        }
    }

    /**
     * Bytes checked per target-side checksum: a mismatch is then read back in ranges of this size only (issue 11:
     * 128 KiB, one F7 DMA transfer and one sector of the larger F7/H7 sectors; any family engine takes any length).
     */
    public static final int CRC_CHUNK = 128 * 1024;

    /**
     * Compares {@code expected[off, off + len)} with the flash at {@code address}: first by a CRC computed on the
     * target (no read-back when it matches), else by reading in {@link #CHUNK}s and collecting the differing bytes.
     */
    static void compareRange(OperationContext ctx, long address, byte[] expected, int off, int len, Collector c)
            throws TargetException {
        if (ctx.driver().matchesOnTarget(address, expected, off, len)) {
            c.byTargetCrc += len;
            return;
        }
        for (int o = 0; o < len; o += CHUNK) {
            int n = Math.min(CHUNK, len - o);
            byte[] actual = ctx.driver().readFlash(address + o, n);
            for (int i = 0; i < n; i++) {
                c.accept(address + o + i, expected[off + o + i], actual[i]);
            }
        }
    }

    /** Turns differing bytes into contiguous ranges. */
    static final class Collector {
        final List<VerifyReport.Mismatch> listed = new ArrayList<>();
        long bytes;
        int ranges;
        /** Bytes a target-side checksum showed equal (the rest was read back). */
        long byTargetCrc;
        private long start = -1;
        private long next = -1;
        private boolean subset = true;

        void accept(long address, byte expected, byte actual) {
            if (expected == actual) {
                return;
            }
            bytes++;
            boolean sub = (actual & ~expected & 0xFF) == 0;
            if (start >= 0 && address == next) {
                next++;
                subset &= sub;
                return;
            }
            close();
            start = address;
            next = address + 1;
            subset = sub;
        }

        void close() {
            if (start < 0) {
                return;
            }
            ranges++;
            if (listed.size() < VerifyReport.MAX_LISTED) {
                listed.add(new VerifyReport.Mismatch(new AddressRange(start, next - start), subset));
            }
            start = -1;
        }

        VerifyReport report(List<AddressRange> compared, long bytesCompared) {
            return new VerifyReport(compared, bytesCompared, listed, bytes, ranges, byTargetCrc, false);
        }
    }
}
