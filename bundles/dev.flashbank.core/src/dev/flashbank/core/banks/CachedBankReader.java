package dev.flashbank.core.banks;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.target.TargetException;

/**
 * Lazy reader of the physical banks that caches whole sectors: a read loads only the sectors it touches, once, so
 * scrolling a hex view over 2 MiB costs one target read per sector actually shown. Sector, not page, granularity
 * because erase works per sector - after a Flashbank write exactly the written sectors, or everything, are
 * {@link #invalidate() invalidated}. Thread-safe: jobs load, the UI thread {@link #peek peeks}.
 */
public final class CachedBankReader {

    private final FlashGeometry geometry;
    private final BankSource source;
    private final Map<Sector, byte[]> cache = new HashMap<>();
    private long sectorLoads;

    public CachedBankReader(FlashGeometry geometry, BankSource source) {
        this.geometry = geometry;
        this.source = source;
    }

    public FlashGeometry geometry() {
        return geometry;
    }

    /** Reads {@code length} bytes of physical bank {@code bank} at {@code offset}, loading missing sectors. */
    public byte[] read(int bank, long offset, int length) throws TargetException {
        Bank b = checkRange(bank, offset, length);
        byte[] out = new byte[length];
        long pos = offset;
        while (pos < offset + length) {
            Sector s = b.sectorAtOffset(pos);
            byte[] content = load(s);
            int from = (int) (pos - s.offset());
            int n = (int) Math.min(s.end(), offset + length) - (int) pos;
            System.arraycopy(content, from, out, (int) (pos - offset), n);
            pos += n;
        }
        return out;
    }

    /** The whole physical bank. */
    public byte[] readBank(int bank) throws TargetException {
        return read(bank, 0, (int) geometry.bank(bank).size());
    }

    /** The bytes if every sector they touch is cached already; never reads the target (for painting). */
    public synchronized Optional<byte[]> peek(int bank, long offset, int length) {
        Bank b = checkRange(bank, offset, length);
        byte[] out = new byte[length];
        long pos = offset;
        while (pos < offset + length) {
            Sector s = b.sectorAtOffset(pos);
            byte[] content = cache.get(s);
            if (content == null) {
                return Optional.empty();
            }
            int n = (int) Math.min(s.end(), offset + length) - (int) pos;
            System.arraycopy(content, (int) (pos - s.offset()), out, (int) (pos - offset), n);
            pos += n;
        }
        return Optional.of(out);
    }

    /**
     * Bytes at a CPU/debug address in either window under {@code swpFb}, across the slot boundary; the address
     * mapping is the device model's ({@link FlashGeometry#physicalBankAt}).
     */
    public byte[] readWindow(long address, int length, boolean swpFb) throws TargetException {
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            BankOffset bo = geometry.physicalBankAt(address + done, swpFb).orElseThrow(
                    () -> new IllegalArgumentException(String.format("0x%08X is not in flash", address)));
            long bankSize = geometry.bank(bo.bank()).size();
            int n = (int) Math.min(length - done, bankSize - bo.offset());
            System.arraycopy(read(bo.bank(), bo.offset(), n), 0, out, done, n);
            done += n;
        }
        return out;
    }

    /**
     * As {@link #readWindow} from the cache only: empty when a sector behind the range is not read yet (a view's
     * paint code never waits for the target).
     */
    public Optional<byte[]> peekWindow(long address, int length, boolean swpFb) {
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            BankOffset bo = geometry.physicalBankAt(address + done, swpFb).orElseThrow(
                    () -> new IllegalArgumentException(String.format("0x%08X is not in flash", address)));
            int n = (int) Math.min(length - done, geometry.bank(bo.bank()).size() - bo.offset());
            Optional<byte[]> part = peek(bo.bank(), bo.offset(), n);
            if (part.isEmpty()) {
                return Optional.empty();
            }
            System.arraycopy(part.get(), 0, out, done, n);
            done += n;
        }
        return Optional.of(out);
    }

    /** Erased / programmed when the sector is cached, else {@link SectorState#UNKNOWN}. */
    public synchronized SectorState state(Sector s) {
        byte[] c = cache.get(s);
        return c == null ? SectorState.UNKNOWN : erased(c) ? SectorState.ERASED : SectorState.PROGRAMMED;
    }

    /** Loads the sector if needed and says whether it is erased. */
    public SectorState scan(Sector s) throws TargetException {
        return erased(load(s)) ? SectorState.ERASED : SectorState.PROGRAMMED;
    }

    public synchronized boolean isCached(Sector s) {
        return cache.containsKey(s);
    }

    /** Drops everything (after any write by Flashbank, a reset, a bank-mode change). */
    public synchronized void invalidate() {
        cache.clear();
    }

    public synchronized void invalidate(Sector s) {
        cache.remove(s);
    }

    /** How many sector reads went to the target (tests and the benchmark). */
    public synchronized long sectorLoads() {
        return sectorLoads;
    }

    private byte[] load(Sector s) throws TargetException {
        synchronized (this) {
            byte[] c = cache.get(s);
            if (c != null) {
                return c;
            }
        }
        // the target read runs outside the lock so the UI thread can keep peeking
        byte[] content = source.read(s.bank(), s.offset(), s.size());
        synchronized (this) {
            cache.put(s, content);
            sectorLoads++;
        }
        return content;
    }

    private Bank checkRange(int bank, long offset, int length) {
        Bank b = geometry.bank(bank);
        if (offset < 0 || length < 0 || offset + length > b.size()) {
            throw new IllegalArgumentException(String.format("0x%X + 0x%X is outside bank %d (0x%X bytes)", offset,
                    length, bank, b.size()));
        }
        return b;
    }

    static boolean erased(byte[] c) {
        for (byte x : c) {
            if (x != FirmwareImage.ERASED) {
                return false;
            }
        }
        return true;
    }
}
