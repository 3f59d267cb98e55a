package dev.flashbank.core.target;

/**
 * Probe-independent access to the target's memory bus, as a debugger sees it (the layer pyOCD and probe-rs call
 * "memory interface"). Every transport (simulator, ST-Link, GDB remote) implements it; nothing above it knows which.
 * <p>
 * Block transfers use accesses of the given width; {@code address} and {@code length} must be multiples of the
 * width. Implementations split transfers to their own limits. A failure throws a typed {@link TargetException}
 * ({@link BusFaultException} with the faulting address, {@link ReadProtectionException},
 * {@link TargetTimeoutException}, {@link ProbeDisconnectedException}).
 */
public interface MemoryAccess {

    void read(long address, byte[] buffer, int offset, int length, AccessWidth width) throws TargetException;

    void write(long address, byte[] data, int offset, int length, AccessWidth width) throws TargetException;

    default byte[] read(long address, int length, AccessWidth width) throws TargetException {
        byte[] b = new byte[length];
        read(address, b, 0, length, width);
        return b;
    }

    default int read32(long address) throws TargetException {
        byte[] b = read(address, 4, AccessWidth.WORD);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    default int read16(long address) throws TargetException {
        byte[] b = read(address, 2, AccessWidth.HALFWORD);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
    }

    default int read8(long address) throws TargetException {
        return read(address, 1, AccessWidth.BYTE)[0] & 0xFF;
    }

    default void write32(long address, int value) throws TargetException {
        write(address, new byte[] { (byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24) },
                0, 4, AccessWidth.WORD);
    }

    default void write16(long address, int value) throws TargetException {
        write(address, new byte[] { (byte) value, (byte) (value >>> 8) }, 0, 2, AccessWidth.HALFWORD);
    }

    default void write8(long address, int value) throws TargetException {
        write(address, new byte[] { (byte) value }, 0, 1, AccessWidth.BYTE);
    }
}
