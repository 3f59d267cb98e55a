package dev.flashbank.stlink.usb;

/** A failed USB operation below the ST-Link transport; the transport turns it into a typed target exception. */
public class UsbIoException extends Exception {
    private static final long serialVersionUID = 1L;
    private final UsbError error;

    public UsbIoException(UsbError error, String message) {
        super(message + " (" + error + ")");
        this.error = error;
    }

    public UsbError error() {
        return error;
    }
}
