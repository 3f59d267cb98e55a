package dev.flashbank.core.device;

import dev.flashbank.core.target.TargetException;

/** The connected part is not in the device registry (unknown DEV_ID) or reports a flash size the model lacks. */
public class UnknownDeviceException extends TargetException {
    private static final long serialVersionUID = 1L;
    private final int devId;

    public UnknownDeviceException(int devId, String message) {
        super(message);
        this.devId = devId;
    }

    /** The DEV_ID read from the part (or -1 when it could not be read). */
    public int devId() {
        return devId;
    }
}
