package dev.flashbank.sim;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.SystemBus;
import dev.flashbank.sim.cpu.BusFault;
import dev.flashbank.sim.cpu.CpuBus;
import dev.flashbank.sim.cpu.MemoryWindows;

/**
 * The core's master port on a family's board: the core's byte, halfword and word accesses as one read and one write
 * by {@link AccessWidth} through the board's decode ({@link PoweredBoard#decodeRead}, {@link PoweredBoard#decodeWrite})
 * as the core's own ({@link PoweredBoard#cpuAccess}), and a refused access as the {@link BusFault} the core takes.
 * <p>
 * Plain memory without the decode (issue 19): an access outside the board's {@link MemoryWindows} asks once which
 * plain memory holds it (none while NRST holds the part in reset; the board's RAM; else the family's
 * {@link #flashWindow}: flash that is idle, unprotected and mapped as the core sees it now) and opens that as the
 * code window (a fetch) or the data window (a load or store); the core then serves every access inside from the
 * backing array ({@code sim.cpu.PrivatePeripheralBus}), and the window each replaced last is taken back without a
 * decode. What a window holds must be exactly what the decode would answer: the family
 * forgets the windows ({@link MemoryWindows#forget()}) whenever that could change other than by the bytes themselves
 * - a write outside the windows does here, the start of each slice of execution does ({@link PoweredBoard}), and the
 * family's resets and its own mapping changes do. Fetches wait the family's {@link #fetchWaits} whenever they open a
 * new fetch line, inside a window or not.
 */
public abstract class BoardCorePort implements CpuBus {

    private final PoweredBoard board;
    private final MemoryWindows windows;
    /** The window {@link #window} found: see {@link #windowAt}. */
    private long foundStart;
    private long foundSize;
    private byte[] foundBytes;
    private int foundOffset;
    private boolean foundWritable;

    /** The port of {@code board}'s core: it opens windows in the board's {@link PoweredBoard#coreWindows}. */
    protected BoardCorePort(PoweredBoard board) {
        this.board = board;
        this.windows = board.coreWindows;
    }

    @Override
    public final MemoryWindows windows() {
        return windows;
    }

    /** A read as the core makes it, through the decode; a refused one throws the core's {@link BusFault}. */
    protected final int read(int address, AccessWidth width) {
        PoweredBoard b = board;
        b.cpuAccess = true;
        try {
            BusResult r = b.decodeRead(address & 0xFFFF_FFFFL, width);
            return readValue(address, r);
        } finally {
            b.cpuAccess = false;
        }
    }

    /** A write as the core makes it, through the decode; a refused one throws the core's {@link BusFault}. */
    protected final void write(int address, AccessWidth width, int value) {
        PoweredBoard b = board;
        b.cpuAccess = true;
        try {
            BusResult r = b.decodeWrite(address & 0xFFFF_FFFFL, width, value & 0xFFFF_FFFFL);
            checkWrite(address, r);
        } finally {
            b.cpuAccess = false;
        }
    }

    /** An instruction fetch of a halfword through the decode (a family whose fetches read differently says so). */
    protected int fetchRead(int address) {
        return read(address, AccessWidth.HALFWORD);
    }

    /** Cycles a fetch at {@code address} waits when it opens a new fetch line (flash wait states; 0 elsewhere). */
    protected abstract int fetchWaits(int address);

    /**
     * The plain memory that holds {@code address} for the core now, if any ({@link #windowAt} says which): none while
     * NRST holds the part in reset, the board's RAM, else the family's {@link #flashWindow}; false when the decode must
     * answer every access there (registers, protected or busy flash, nothing mapped). A window is only plain memory:
     * every access inside it, of any width, reads its bytes, and writes it only where it is {@code writable}.
     */
    private boolean window(int address) {
        long a = address & 0xFFFF_FFFFL;
        if (board.nrst) {
            return false;
        }
        if (ramWindow(board.system, a)) {
            return true;
        }
        return flashWindow(a);
    }

    /**
     * The family's flash window at bus address {@code address} (not RAM; NRST released), if the core may see it as
     * plain memory now: the family calls {@link #windowAt} and answers true; false for registers, nothing mapped, or
     * flash that is busy, protected or otherwise not only its cells.
     */
    protected abstract boolean flashWindow(long address);

    /** {@link #window}'s answer: bus addresses [start, start + size) are {@code bytes} from {@code offset} on. */
    protected final void windowAt(long start, long size, byte[] bytes, int offset, boolean writable) {
        foundStart = start;
        foundSize = size;
        foundBytes = bytes;
        foundOffset = offset;
        foundWritable = writable;
    }

    /** {@link #window} for the RAM of {@code system} that holds {@code address}: false when none does. */
    private boolean ramWindow(SystemBus system, long address) {
        int i = system.ramIndex(address);
        if (i < 0) {
            return false;
        }
        windowAt(system.ramStart(i), system.ramBytes(i).length, system.ramBytes(i), 0, true);
        return true;
    }

    private boolean openCode(int address) {
        foundBytes = null;
        boolean open = window(address)
                && windows.openCode(foundStart, foundSize, foundBytes, foundOffset, fetchWaits(address));
        foundBytes = null;
        return open;
    }

    private boolean openData(int address) {
        foundBytes = null;
        boolean open = window(address)
                && windows.openData(foundStart, foundSize, foundBytes, foundOffset, foundWritable);
        foundBytes = null;
        return open;
    }

    /** The value of a decoded read, or the bus fault the core takes when the decode refused it. */
    private static int readValue(int address, BusResult r) {
        if (r instanceof BusResult.Ok ok) {
            return (int) ok.value();
        }
        throw new BusFault(address, false, reason(r));
    }

    /** Nothing for a decoded write that was done; the bus fault the core takes when the decode refused it. */
    private static void checkWrite(int address, BusResult r) {
        if (!r.isOk()) {
            throw new BusFault(address, true, reason(r));
        }
    }

    private static String reason(BusResult r) {
        return r instanceof BusResult.Fault f ? f.reason() : r.toString();
    }

    // ================================================================ accesses outside the windows

    @Override
    public final int fetch16(int address) {
        MemoryWindows w = windows;
        if ((w.recallCode(address) || openCode(address)) && w.fetchable(address)) {
            return w.fetch16(address);
        }
        if (w.newFetchLine(address)) {
            w.stall(fetchWaits(address));
        }
        return fetchRead(address);
    }

    @Override
    public final int read8(int address) {
        return (int) readOutside(address, AccessWidth.BYTE);
    }

    @Override
    public final int read16(int address) {
        return (int) readOutside(address, AccessWidth.HALFWORD);
    }

    @Override
    public final int read32(int address) {
        return (int) readOutside(address, AccessWidth.WORD);
    }

    private long readOutside(int address, AccessWidth width) {
        if (windows.recallData(address, width.bytes()) || openData(address)) {
            long v = windows.read(address, width.bytes());
            if (v >= 0) {
                return v;
            }
        }
        return read(address, width);
    }

    @Override
    public final void write8(int address, int value) {
        writeOutside(address, AccessWidth.BYTE, value);
    }

    @Override
    public final void write16(int address, int value) {
        writeOutside(address, AccessWidth.HALFWORD, value);
    }

    @Override
    public final void write32(int address, int value) {
        writeOutside(address, AccessWidth.WORD, value);
    }

    private void writeOutside(int address, AccessWidth width, int value) {
        if ((windows.recallData(address, width.bytes()) || openData(address))
                && windows.write(address, width.bytes(), value)) {
            return;
        }
        windows.forget(); // a register or flash write may change the mapping, the protection or the wait states
        write(address, width, value);
    }
}
