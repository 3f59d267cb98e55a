package dev.flashbank.sim.cpu;

/**
 * Thrown by a {@link CpuBus} when nothing answers an access (or the slave returns an error response): the core takes
 * a precise BusFault for it (ARMv7-M ARM B3.2.15 CFSR.BFSR: PRECISERR with BFAR = the address, IBUSERR for a fetch).
 * Without a stack trace: it is control flow of the simulated core, not a Java error.
 */
public final class BusFault extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int address;
    private final boolean write;

    public BusFault(int address, boolean write, String reason) {
        super(reason, null, false, false);
        this.address = address;
        this.write = write;
    }

    public int address() {
        return address;
    }

    public boolean isWrite() {
        return write;
    }
}
