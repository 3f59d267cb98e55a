package dev.flashbank.sim;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.cpu.BusFault;
import dev.flashbank.sim.cpu.CpuBus;

/**
 * The core's master port on a family's board: the core's byte, halfword and word accesses as one read and one write
 * by {@link AccessWidth}, and a refused access of the board's decode as the {@link BusFault} the core takes. The
 * family's board supplies the two accesses (its fast paths before its decode) and, where flash wait states apply,
 * {@link #fetch16}.
 */
public abstract class BoardCorePort implements CpuBus {

    /** A read as the core makes it; a refused one throws the core's {@link BusFault} ({@link #readValue}). */
    protected abstract int read(int address, AccessWidth width);

    /** A write as the core makes it; a refused one throws the core's {@link BusFault} ({@link #checkWrite}). */
    protected abstract void write(int address, AccessWidth width, int value);

    /** The value of a decoded read, or the bus fault the core takes when the decode refused it. */
    protected static int readValue(int address, BusResult r) {
        if (r instanceof BusResult.Ok ok) {
            return (int) ok.value();
        }
        throw new BusFault(address, false, reason(r));
    }

    /** Nothing for a decoded write that was done; the bus fault the core takes when the decode refused it. */
    protected static void checkWrite(int address, BusResult r) {
        if (!r.isOk()) {
            throw new BusFault(address, true, reason(r));
        }
    }

    private static String reason(BusResult r) {
        return r instanceof BusResult.Fault f ? f.reason() : r.toString();
    }

    @Override
    public final int read8(int address) {
        return read(address, AccessWidth.BYTE);
    }

    @Override
    public final int read16(int address) {
        return read(address, AccessWidth.HALFWORD);
    }

    @Override
    public final int read32(int address) {
        return read(address, AccessWidth.WORD);
    }

    @Override
    public final void write8(int address, int value) {
        write(address, AccessWidth.BYTE, value);
    }

    @Override
    public final void write16(int address, int value) {
        write(address, AccessWidth.HALFWORD, value);
    }

    @Override
    public final void write32(int address, int value) {
        write(address, AccessWidth.WORD, value);
    }
}
