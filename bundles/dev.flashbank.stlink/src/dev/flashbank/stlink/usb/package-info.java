/**
 * ST-Links on USB through usb4java/libusb: enumeration behind {@link dev.flashbank.stlink.usb.UsbDeviceEnumerator}
 * (libusb: {@link dev.flashbank.stlink.usb.LibUsbEnumerator}; tests use a fake), discovery and selection with the
 * distinct reasons a probe cannot be used ({@link dev.flashbank.stlink.usb.ProbeDiscovery},
 * {@link dev.flashbank.stlink.usb.ProbeState}), hot-plug or polling ({@link dev.flashbank.stlink.usb.ProbeWatcher}),
 * the bulk-endpoint transport ({@link dev.flashbank.stlink.usb.UsbStlinkTransport}), serial-number fix-up and the Linux
 * udev rules.
 */
package dev.flashbank.stlink.usb;
