package dev.flashbank.stlink;

import dev.flashbank.core.target.TargetException;

/** A USB or framing failure that is neither a disconnect nor a timeout (pipe stall, overflow, short reply...). */
public class StlinkTransportException extends TargetException {
    private static final long serialVersionUID = 1L;

    public StlinkTransportException(String message) {
        super(message);
    }

    public StlinkTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
