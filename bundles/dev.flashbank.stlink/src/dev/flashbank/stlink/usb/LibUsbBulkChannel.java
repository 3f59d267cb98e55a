package dev.flashbank.stlink.usb;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;

import org.usb4java.BufferUtils;
import org.usb4java.DeviceHandle;
import org.usb4java.LibUsb;

/** A claimed interface over libusb synchronous bulk transfers (every call bounded by its timeout). */
final class LibUsbBulkChannel implements UsbBulkChannel {

    private final DeviceHandle handle;
    private final int interfaceNumber;
    private boolean closed;

    LibUsbBulkChannel(DeviceHandle handle, int interfaceNumber) {
        this.handle = handle;
        this.interfaceNumber = interfaceNumber;
    }

    @Override
    public synchronized void write(int endpoint, byte[] data, int timeoutMillis) throws UsbIoException {
        check();
        ByteBuffer buf = BufferUtils.allocateByteBuffer(data.length);
        buf.put(data);
        buf.rewind();
        IntBuffer transferred = BufferUtils.allocateIntBuffer();
        int r = LibUsb.bulkTransfer(handle, (byte) endpoint, buf, transferred, timeoutMillis);
        if (r != LibUsb.SUCCESS) {
            throw LibUsbEnumerator.error(r, String.format("bulk OUT 0x%02X", endpoint));
        }
        if (transferred.get(0) != data.length) {
            throw new UsbIoException(UsbError.IO, String.format("bulk OUT 0x%02X wrote %d of %d bytes", endpoint,
                    transferred.get(0), data.length));
        }
    }

    @Override
    public synchronized int read(int endpoint, byte[] buffer, int timeoutMillis) throws UsbIoException {
        check();
        ByteBuffer buf = BufferUtils.allocateByteBuffer(buffer.length);
        IntBuffer transferred = BufferUtils.allocateIntBuffer();
        int r = LibUsb.bulkTransfer(handle, (byte) endpoint, buf, transferred, timeoutMillis);
        if (r != LibUsb.SUCCESS) {
            throw LibUsbEnumerator.error(r, String.format("bulk IN 0x%02X", endpoint));
        }
        int n = transferred.get(0);
        buf.get(buffer, 0, n);
        return n;
    }

    private void check() throws UsbIoException {
        if (closed) {
            throw new UsbIoException(UsbError.NO_DEVICE, "USB channel closed");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibUsb.releaseInterface(handle, interfaceNumber); // fails harmlessly when the device is gone
            LibUsb.close(handle);
        }
    }
}
