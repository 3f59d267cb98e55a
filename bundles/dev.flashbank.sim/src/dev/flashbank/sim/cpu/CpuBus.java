package dev.flashbank.sim.cpu;

/**
 * The processor's view of the system: the board's bus as the core's master port (ARMv7-M ARM B3.1, the system
 * address map). Accesses that nothing answers throw {@link BusFault}; the core turns that into a BusFault exception
 * (or HardFault on ARMv6-M). Addresses are 32-bit values (an {@code int}, unsigned); values are zero-extended into
 * the low bits of the returned {@code int}. Widths are 1, 2 or 4 bytes, little-endian.
 * <p>
 * The private peripheral bus (0xE000_0000..0xE00F_FFFF: SCS, FPB, DWT, ITM) is decoded by the core itself, in front
 * of this bus; a board only sees accesses outside it.
 */
public interface CpuBus {

    int read8(int address);

    int read16(int address);

    int read32(int address);

    void write8(int address, int value);

    void write16(int address, int value);

    void write32(int address, int value);

    /** An instruction fetch of a halfword: the same memory, but a board may charge flash wait states for it. */
    default int fetch16(int address) {
        return read16(address);
    }

    /**
     * The windows of plain memory the core may access without this bus ({@link MemoryWindows}: the board opens them,
     * the core's {@link PrivatePeripheralBus} serves what lies inside); null when every access goes through the bus.
     */
    default MemoryWindows windows() {
        return null;
    }
}
