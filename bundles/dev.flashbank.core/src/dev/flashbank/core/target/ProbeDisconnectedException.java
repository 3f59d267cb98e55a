package dev.flashbank.core.target;

/** The probe or target went away (USB unplugged, socket closed, simulated power loss). Never a hang. */
public class ProbeDisconnectedException extends TargetException {
    private static final long serialVersionUID = 1L;

    public ProbeDisconnectedException(String message) {
        super(message);
    }

    public ProbeDisconnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
