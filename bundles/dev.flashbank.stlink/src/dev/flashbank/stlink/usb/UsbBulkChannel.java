package dev.flashbank.stlink.usb;

/** The claimed debug interface of one USB device: synchronous bulk transfers with a timeout, nothing else. */
public interface UsbBulkChannel extends AutoCloseable {

    /** Writes all of {@code data} to the OUT endpoint or fails; never blocks longer than {@code timeoutMillis}. */
    void write(int endpoint, byte[] data, int timeoutMillis) throws UsbIoException;

    /** Reads up to {@code buffer.length} bytes from the IN endpoint; returns the count (a short packet ends it). */
    int read(int endpoint, byte[] buffer, int timeoutMillis) throws UsbIoException;

    /** Releases the interface and the device handle; idempotent, never throws. */
    @Override
    void close();
}
