package dev.flashbank.stlink.usb;

/**
 * One USB device as the enumerator saw it, before any ST-Link protocol is spoken.
 *
 * @param vendorId  idVendor
 * @param productId idProduct
 * @param location  bus and port path, "1-2.3" (what sysfs and udev call the device)
 * @param serial    serial number string as read (descriptor or sysfs), already fixed up for the clone-serial bug
 *                  (see {@link StlinkSerial}); null when it could not be read
 * @param access    whether we could open and claim the debug interface
 * @param detail    libusb's words when access is not {@link Access#OK}
 */
public record UsbDeviceEntry(int vendorId, int productId, String location, String serial, Access access, String detail) {

    /** Result of trying to open the device and claim its debug interface during enumeration. */
    public enum Access {
        /** Opened and the interface could be claimed (and was released again). */
        OK,
        /** libusb_open failed with LIBUSB_ERROR_ACCESS: no permission (Linux: udev rules missing). */
        NO_PERMISSION,
        /** The interface is claimed by another program (LIBUSB_ERROR_BUSY). */
        BUSY,
        /** Not tried (not an ST-Link) or another error; see detail. */
        UNKNOWN
    }
}
