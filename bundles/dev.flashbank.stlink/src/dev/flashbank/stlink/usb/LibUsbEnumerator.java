package dev.flashbank.stlink.usb;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.usb4java.BufferUtils;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceHandle;
import org.usb4java.DeviceList;
import org.usb4java.HotplugCallback;
import org.usb4java.HotplugCallbackHandle;
import org.usb4java.LibUsb;

/**
 * {@link UsbDeviceEnumerator} on libusb through usb4java, with its own libusb context (so it never disturbs other
 * libusb users in the same JVM). Permission problems are detected where they happen (libusb_open →
 * LIBUSB_ERROR_ACCESS) and, on Linux, the serial number is then read from sysfs, which needs no permission.
 */
public final class LibUsbEnumerator implements UsbDeviceEnumerator {

    /** Longest USB string descriptor (bLength is one byte). */
    private static final int MAX_DESCRIPTOR = 255;
    /** How long one libusb event-handling call may block in the hot-plug thread (µs); bounds close() latency. */
    private static final long EVENT_POLL_MICROS = 100_000;
    /** Linux sysfs folder of USB devices (serial readable without device permissions). */
    private static final Path SYSFS_USB = Path.of("/sys/bus/usb/devices");

    private final Context context = new Context();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Initialises a libusb context; fails with a readable message when the native library cannot be loaded. */
    public LibUsbEnumerator() throws UsbIoException {
        int r;
        try {
            r = LibUsb.init(context);
        } catch (LinkageError | RuntimeException e) {
            throw new UsbIoException(UsbError.NOT_SUPPORTED,
                    "the libusb native library could not be loaded for " + System.getProperty("os.name") + "/"
                            + System.getProperty("os.arch") + ": " + e.getMessage());
        }
        if (r != LibUsb.SUCCESS) {
            throw new UsbIoException(map(r), "libusb_init failed: " + LibUsb.errorName(r));
        }
    }

    /** libusb_error → {@link UsbError} (the only place that knows libusb's numbers). */
    static UsbError map(int code) {
        if (code == LibUsb.ERROR_IO) {
            return UsbError.IO;
        } else if (code == LibUsb.ERROR_INVALID_PARAM) {
            return UsbError.INVALID_PARAM;
        } else if (code == LibUsb.ERROR_ACCESS) {
            return UsbError.ACCESS;
        } else if (code == LibUsb.ERROR_NO_DEVICE) {
            return UsbError.NO_DEVICE;
        } else if (code == LibUsb.ERROR_NOT_FOUND) {
            return UsbError.NOT_FOUND;
        } else if (code == LibUsb.ERROR_BUSY) {
            return UsbError.BUSY;
        } else if (code == LibUsb.ERROR_TIMEOUT) {
            return UsbError.TIMEOUT;
        } else if (code == LibUsb.ERROR_OVERFLOW) {
            return UsbError.OVERFLOW;
        } else if (code == LibUsb.ERROR_PIPE) {
            return UsbError.PIPE;
        } else if (code == LibUsb.ERROR_INTERRUPTED) {
            return UsbError.INTERRUPTED;
        } else if (code == LibUsb.ERROR_NO_MEM) {
            return UsbError.NO_MEM;
        } else if (code == LibUsb.ERROR_NOT_SUPPORTED) {
            return UsbError.NOT_SUPPORTED;
        }
        return UsbError.OTHER;
    }

    static UsbIoException error(int code, String what) {
        return new UsbIoException(map(code), what + ": " + LibUsb.errorName(code));
    }

    @Override
    public synchronized List<UsbDeviceEntry> list(int vendorId, int interfaceNumber) throws UsbIoException {
        ensureOpen();
        DeviceList devices = new DeviceList();
        int n = LibUsb.getDeviceList(context, devices);
        if (n < 0) {
            throw error(n, "libusb_get_device_list");
        }
        List<UsbDeviceEntry> out = new ArrayList<>();
        try {
            for (Device d : devices) {
                DeviceDescriptor dd = new DeviceDescriptor();
                if (LibUsb.getDeviceDescriptor(d, dd) != LibUsb.SUCCESS || (dd.idVendor() & 0xFFFF) != vendorId) {
                    continue;
                }
                out.add(inspect(d, dd, interfaceNumber));
            }
        } finally {
            LibUsb.freeDeviceList(devices, true);
        }
        return out;
    }

    private UsbDeviceEntry inspect(Device d, DeviceDescriptor dd, int iface) {
        int vid = dd.idVendor() & 0xFFFF;
        int pid = dd.idProduct() & 0xFFFF;
        String location = location(d);
        DeviceHandle h = new DeviceHandle();
        int r = LibUsb.open(d, h);
        if (r != LibUsb.SUCCESS) {
            UsbDeviceEntry.Access access = r == LibUsb.ERROR_ACCESS ? UsbDeviceEntry.Access.NO_PERMISSION
                    : UsbDeviceEntry.Access.UNKNOWN;
            return new UsbDeviceEntry(vid, pid, location, sysfsSerial(location), access,
                    "libusb_open: " + LibUsb.errorName(r));
        }
        try {
            String serial = readSerial(h, dd.iSerialNumber());
            if (serial == null) {
                serial = sysfsSerial(location);
            }
            int c = LibUsb.claimInterface(h, iface);
            if (c == LibUsb.SUCCESS) {
                LibUsb.releaseInterface(h, iface);
                return new UsbDeviceEntry(vid, pid, location, serial, UsbDeviceEntry.Access.OK, "");
            }
            UsbDeviceEntry.Access access = c == LibUsb.ERROR_BUSY ? UsbDeviceEntry.Access.BUSY
                    : c == LibUsb.ERROR_ACCESS ? UsbDeviceEntry.Access.NO_PERMISSION : UsbDeviceEntry.Access.UNKNOWN;
            return new UsbDeviceEntry(vid, pid, location, serial, access,
                    "libusb_claim_interface: " + LibUsb.errorName(c));
        } finally {
            LibUsb.close(h);
        }
    }

    /** Raw serial descriptor in the first language (as OpenOCD reads it), fixed up by {@link StlinkSerial}. */
    private static String readSerial(DeviceHandle h, byte index) {
        if (index == 0) {
            return null;
        }
        ByteBuffer langs = BufferUtils.allocateByteBuffer(MAX_DESCRIPTOR);
        int r = LibUsb.getStringDescriptor(h, (byte) 0, (short) 0, langs);
        if (r < 4) {
            return null;
        }
        short langId = (short) ((langs.get(2) & 0xFF) | (langs.get(3) & 0xFF) << 8);
        ByteBuffer buf = BufferUtils.allocateByteBuffer(MAX_DESCRIPTOR);
        r = LibUsb.getStringDescriptor(h, index, langId, buf);
        if (r < 2) {
            return null;
        }
        byte[] raw = new byte[r];
        buf.get(raw, 0, r);
        return StlinkSerial.fromDescriptor(raw);
    }

    private static String sysfsSerial(String location) {
        try {
            Path p = SYSFS_USB.resolve(location).resolve("serial");
            return Files.isReadable(p) ? StlinkSerial.fromText(Files.readString(p)) : null;
        } catch (Exception e) {
            return null; // not Linux, or the device left meanwhile: the serial stays unknown
        }
    }

    /** "bus-port.port.port", as sysfs names the device. */
    private String location(Device d) {
        ByteBuffer path = BufferUtils.allocateByteBuffer(8);
        int n = LibUsb.getPortNumbers(d, path);
        StringBuilder sb = new StringBuilder().append(LibUsb.getBusNumber(d));
        if (n > 0) {
            sb.append('-');
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append('.');
                }
                sb.append(path.get(i) & 0xFF);
            }
        } else {
            sb.append(":").append(LibUsb.getDeviceAddress(d));
        }
        return sb.toString();
    }

    @Override
    public synchronized UsbBulkChannel open(UsbDeviceEntry entry, int interfaceNumber) throws UsbIoException {
        ensureOpen();
        DeviceList devices = new DeviceList();
        int n = LibUsb.getDeviceList(context, devices);
        if (n < 0) {
            throw error(n, "libusb_get_device_list");
        }
        try {
            for (Device d : devices) {
                DeviceDescriptor dd = new DeviceDescriptor();
                if (LibUsb.getDeviceDescriptor(d, dd) != LibUsb.SUCCESS || (dd.idVendor() & 0xFFFF) != entry.vendorId()
                        || (dd.idProduct() & 0xFFFF) != entry.productId() || !location(d).equals(entry.location())) {
                    continue;
                }
                DeviceHandle h = new DeviceHandle();
                int r = LibUsb.open(d, h);
                if (r != LibUsb.SUCCESS) {
                    throw error(r, "libusb_open " + entry.location());
                }
                r = LibUsb.claimInterface(h, interfaceNumber);
                if (r != LibUsb.SUCCESS) {
                    LibUsb.close(h);
                    throw error(r, "libusb_claim_interface " + entry.location());
                }
                return new LibUsbBulkChannel(h, interfaceNumber);
            }
        } finally {
            LibUsb.freeDeviceList(devices, true);
        }
        throw new UsbIoException(UsbError.NO_DEVICE, "device at " + entry.location() + " is gone");
    }

    @Override
    public boolean supportsHotplug() {
        return LibUsb.hasCapability(LibUsb.CAP_HAS_HOTPLUG);
    }

    @Override
    public AutoCloseable watch(Runnable onChange) throws UsbIoException {
        ensureOpen();
        HotplugCallbackHandle handle = new HotplugCallbackHandle();
        HotplugCallback callback = (ctx, device, event, userData) -> {
            onChange.run();
            return 0; // stay registered
        };
        int r = LibUsb.hotplugRegisterCallback(context,
                LibUsb.HOTPLUG_EVENT_DEVICE_ARRIVED | LibUsb.HOTPLUG_EVENT_DEVICE_LEFT, LibUsb.HOTPLUG_NO_FLAGS,
                LibUsb.HOTPLUG_MATCH_ANY, LibUsb.HOTPLUG_MATCH_ANY, LibUsb.HOTPLUG_MATCH_ANY, callback, null, handle);
        if (r != LibUsb.SUCCESS) {
            throw error(r, "libusb_hotplug_register_callback");
        }
        AtomicBoolean running = new AtomicBoolean(true);
        Thread events = new Thread(() -> {
            while (running.get()) {
                LibUsb.handleEventsTimeout(context, EVENT_POLL_MICROS);
            }
        }, "flashbank-usb-hotplug");
        events.setDaemon(true);
        events.start();
        return () -> {
            if (running.getAndSet(false)) {
                LibUsb.hotplugDeregisterCallback(context, handle);
                LibUsb.interruptEventHandler(context);
                events.join(EVENT_POLL_MICROS / 1000 * 10);
            }
        };
    }

    private void ensureOpen() throws UsbIoException {
        if (closed.get()) {
            throw new UsbIoException(UsbError.OTHER, "USB enumerator closed");
        }
    }

    @Override
    public void close() {
        if (!closed.getAndSet(true)) {
            LibUsb.exit(context);
        }
    }
}
