package dev.flashbank.sim.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The core's direct view of plain memory (issue 19: the interpreter's hot path): two windows of the address space in
 * which an access is nothing but the bytes of a backing array, so that {@link PrivatePeripheralBus} serves fetches,
 * loads and stores there without calling the board's {@link CpuBus}:
 * <ul>
 * <li>the <b>code</b> window, opened by an instruction fetch: fetches and data reads (literal pools); a fetch that
 * opens a new fetch line ({@link #fetchLines}) in it waits the window's wait cycles ({@link #takeStallCycles()}: the
 * flash wait states of FLASH_ACR.LATENCY, 0 in RAM);</li>
 * <li>the <b>data</b> window, opened by a load or store: reads, and writes where it is {@link #openData writable}
 * (RAM; flash is programmed through the board's controller, never through a window).</li>
 * </ul>
 * The board's port ({@code sim.BoardCorePort}) decodes an address once into a window and opens it; every fetch, read
 * and write outside the open windows goes to the board as before. The board forgets the windows ({@link #forget()})
 * whenever what an address reads for the core could change other than by the window's own bytes (a mapping, a
 * protection, the flash busy, the wait states); the bytes themselves are the live arrays, so programming and erasing
 * show at once. Windows lie in [0, 0x8000_0000) (every STM32 memory does): an {@code int} address compares signed.
 * <p>
 * The fetch line (the flash line the last fetch opened, wherever it was) is kept here for both paths, the window's
 * and the board's: it decides which fetches wait. Each window keeps the one it replaced last ({@link #recallCode},
 * {@link #recallData}), which the board's port takes back before it decodes anew.
 */
public final class MemoryWindows {

    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] NONE = new byte[0];
    /** No fetch line open: no line address equals it (fetches are halfword aligned: bit 0 of a line is 0). */
    private static final int NO_LINE = -1;

    // the code window: [codeLo, codeHi) at index address + codeShift of code
    int codeLo = Integer.MAX_VALUE;
    int codeHi;
    byte[] code = NONE;
    int codeShift;
    int codeWaits;
    // the data window: [dataLo, dataHi) at index address + dataShift of data
    int dataLo = Integer.MAX_VALUE;
    int dataHi;
    byte[] data = NONE;
    int dataShift;
    /** The data window may be written (RAM). */
    boolean dataWritable;
    // the windows each replaced last, valid as long as they are (code that calls into another flash block and
    // returns, data in two RAMs: the board decodes each once, not at every change)
    private int prevCodeLo = Integer.MAX_VALUE;
    private int prevCodeHi;
    private byte[] prevCode = NONE;
    private int prevCodeShift;
    private int prevCodeWaits;
    private int prevDataLo = Integer.MAX_VALUE;
    private int prevDataHi;
    private byte[] prevData = NONE;
    private int prevDataShift;
    private boolean prevDataWritable;

    private int lineMask = -2;
    int fetchLine = NO_LINE;
    /**
     * Cycles fetches waited since the core last took them: the core adds them to the instruction that waited
     * ({@code CortexMCore}), so they are core clock cycles like the instruction's own - SysTick and CYCCNT count them
     * and the slice's cycle budget includes them.
     */
    int stallCycles;

    /**
     * The fetch line size in bytes (a power of two): how many bytes one flash read returns to the instruction fetch.
     */
    public void fetchLines(int bytes) {
        if (bytes < 1 || Integer.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("fetch line of " + bytes + " bytes");
        }
        lineMask = -bytes;
        fetchLine = NO_LINE;
    }

    /**
     * Forgets both windows and the ones they replaced (the fetch line stays: a fetch from the line open now does not
     * wait again).
     */
    public void forget() {
        codeLo = Integer.MAX_VALUE;
        codeHi = 0;
        code = NONE;
        dataLo = Integer.MAX_VALUE;
        dataHi = 0;
        data = NONE;
        dataWritable = false;
        prevCodeLo = Integer.MAX_VALUE;
        prevCodeHi = 0;
        prevCode = NONE;
        prevDataLo = Integer.MAX_VALUE;
        prevDataHi = 0;
        prevData = NONE;
        prevDataWritable = false;
    }

    /**
     * Makes the code window the one it replaced last when that holds the halfword at {@code a} (the two change
     * places); false, and nothing changed, when it does not.
     */
    public boolean recallCode(int a) {
        if (a < prevCodeLo || a > prevCodeHi - 2) {
            return false;
        }
        int lo = codeLo, hi = codeHi, shift = codeShift, waits = codeWaits;
        byte[] b = code;
        codeLo = prevCodeLo;
        codeHi = prevCodeHi;
        code = prevCode;
        codeShift = prevCodeShift;
        codeWaits = prevCodeWaits;
        prevCodeLo = lo;
        prevCodeHi = hi;
        prevCode = b;
        prevCodeShift = shift;
        prevCodeWaits = waits;
        return true;
    }

    /** {@link #recallCode} for the data window and the {@code n} bytes at {@code a}. */
    public boolean recallData(int a, int n) {
        if (a < prevDataLo || a > prevDataHi - n) {
            return false;
        }
        int lo = dataLo, hi = dataHi, shift = dataShift;
        boolean writable = dataWritable;
        byte[] b = data;
        dataLo = prevDataLo;
        dataHi = prevDataHi;
        data = prevData;
        dataShift = prevDataShift;
        dataWritable = prevDataWritable;
        prevDataLo = lo;
        prevDataHi = hi;
        prevData = b;
        prevDataShift = shift;
        prevDataWritable = writable;
        return true;
    }

    /** Forgets the windows and the fetch line (a reset: the next fetch opens a line). */
    public void reset() {
        forget();
        fetchLine = NO_LINE;
    }

    /**
     * Opens the code window: bus addresses [{@code start}, {@code start + size}) are {@code bytes} from {@code offset}
     * on; a fetch that opens a new line there waits {@code waits} cycles. False (nothing opened) when the range is
     * outside [0, 0x8000_0000) or the array.
     */
    public boolean openCode(long start, long size, byte[] bytes, int offset, int waits) {
        if (!fits(start, size, bytes, offset)) {
            return false;
        }
        prevCodeLo = codeLo;
        prevCodeHi = codeHi;
        prevCode = code;
        prevCodeShift = codeShift;
        prevCodeWaits = codeWaits;
        codeLo = (int) start;
        codeHi = (int) (start + size);
        code = bytes;
        codeShift = offset - (int) start;
        codeWaits = waits;
        return true;
    }

    /** Opens the data window (see {@link #openCode}); {@code writable}: stores go to the array too (RAM). */
    public boolean openData(long start, long size, byte[] bytes, int offset, boolean writable) {
        if (!fits(start, size, bytes, offset)) {
            return false;
        }
        prevDataLo = dataLo;
        prevDataHi = dataHi;
        prevData = data;
        prevDataShift = dataShift;
        prevDataWritable = dataWritable;
        dataLo = (int) start;
        dataHi = (int) (start + size);
        data = bytes;
        dataShift = offset - (int) start;
        dataWritable = writable;
        return true;
    }

    private static boolean fits(long start, long size, byte[] bytes, int offset) {
        return start >= 0 && size >= 4 && start + size < 0x8000_0000L && offset >= 0
                && offset + size <= bytes.length;
    }

    /** Cycles fetches waited since the last call (the core takes them after each instruction). */
    public int takeStallCycles() {
        int c = stallCycles;
        stallCycles = 0;
        return c;
    }

    /** Adds cycles a fetch outside the windows waited (the board's own path: {@link #newFetchLine}). */
    public void stall(int cycles) {
        stallCycles += cycles;
    }

    /** True when {@code address} opens a new fetch line, which it becomes (every fetch, window or not, calls this). */
    public boolean newFetchLine(int address) {
        int line = address & lineMask;
        if (line == fetchLine) {
            return false;
        }
        fetchLine = line;
        return true;
    }

    // ================================================================ the core's side (PrivatePeripheralBus)

    /** The halfword at {@code a} is in the code window. */
    public boolean fetchable(int a) {
        return a >= codeLo && a <= codeHi - 2;
    }

    /** A fetch from the code window ({@link #fetchable}). */
    public int fetch16(int a) {
        int line = a & lineMask;
        if (line != fetchLine) {
            fetchLine = line;
            stallCycles += codeWaits;
        }
        return (short) LE16.get(code, a + codeShift) & 0xFFFF;
    }

    /**
     * The {@code n} bytes (1, 2, 4) at {@code a} as the windows hold them, or -1 when neither window holds them all
     * (values are zero-extended: a 4-byte value is returned as a long).
     */
    public long read(int a, int n) {
        if (a >= dataLo && a <= dataHi - n) {
            return get(data, a + dataShift, n);
        }
        if (a >= codeLo && a <= codeHi - n) {
            return get(code, a + codeShift, n);
        }
        return -1;
    }

    private static long get(byte[] b, int i, int n) {
        switch (n) {
        case 1:
            return b[i] & 0xFF;
        case 2:
            return (short) LE16.get(b, i) & 0xFFFF;
        default:
            return (int) LE32.get(b, i) & 0xFFFF_FFFFL;
        }
    }

    /** Writes {@code n} bytes (1, 2, 4) at {@code a} into the data window when it holds them and is writable. */
    public boolean write(int a, int n, int value) {
        if (a < dataLo || a > dataHi - n || !dataWritable) {
            return false;
        }
        int i = a + dataShift;
        switch (n) {
        case 1:
            data[i] = (byte) value;
            break;
        case 2:
            LE16.set(data, i, (short) value);
            break;
        default:
            LE32.set(data, i, value);
            break;
        }
        return true;
    }
}
