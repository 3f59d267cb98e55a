package dev.flashbank.core.target;

/** The bus answered an access with an error (unmapped address, stalled/erroring peripheral, ...). */
public class BusFaultException extends TargetException {
    private static final long serialVersionUID = 1L;
    private final long address;

    public BusFaultException(long address, String reason) {
        super(String.format("bus fault at 0x%08X: %s", address, reason));
        this.address = address;
    }

    /** The faulting address as reported by the transport (ST-Link GETLASTRWSTATUS2, AP TAR, simulator). */
    public long address() {
        return address;
    }
}
