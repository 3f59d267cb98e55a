package dev.flashbank.stlink.usb;

import java.util.List;

/**
 * USB enumeration and opening, abstracted from libusb so discovery is testable with a fake. The libusb implementation
 * is {@link LibUsbEnumerator}.
 */
public interface UsbDeviceEnumerator extends AutoCloseable {

    /**
     * Every USB device with vendor id {@code vendorId}. For each, implementations try to open it, read its serial and
     * claim {@code interfaceNumber} (releasing it again) so that permission and busy problems show up here.
     */
    List<UsbDeviceEntry> list(int vendorId, int interfaceNumber) throws UsbIoException;

    /** Opens the device at {@code entry.location()} and claims {@code interfaceNumber}. */
    UsbBulkChannel open(UsbDeviceEntry entry, int interfaceNumber) throws UsbIoException;

    /** True when the platform delivers hot-plug events (libusb CAP_HAS_HOTPLUG). */
    boolean supportsHotplug();

    /**
     * Calls {@code onChange} (from a background thread) whenever a device arrives or leaves; closing the result stops
     * the events and joins the thread. Only when {@link #supportsHotplug()}.
     */
    AutoCloseable watch(Runnable onChange) throws UsbIoException;

    @Override
    void close();
}
