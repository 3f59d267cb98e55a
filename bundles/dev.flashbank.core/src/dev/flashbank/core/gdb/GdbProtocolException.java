package dev.flashbank.core.gdb;

import dev.flashbank.core.target.TargetException;

/** The gdbserver broke the Remote Serial Protocol, or refused a request it must support (an {@code E} reply). */
public class GdbProtocolException extends TargetException {
    private static final long serialVersionUID = 1L;

    public GdbProtocolException(String message) {
        super(message);
    }
}
