package dev.flashbank.stlink.tests;

import java.util.ArrayList;
import java.util.List;

import dev.flashbank.stlink.usb.UsbBulkChannel;
import dev.flashbank.stlink.usb.UsbDeviceEntry;
import dev.flashbank.stlink.usb.UsbDeviceEnumerator;
import dev.flashbank.stlink.usb.UsbError;
import dev.flashbank.stlink.usb.UsbIoException;

/** Scripted USB bus for discovery tests: a device list, an optional open() failure, and hot-plug on demand. */
final class FakeUsb implements UsbDeviceEnumerator {
    final List<UsbDeviceEntry> devices = new ArrayList<>();
    UsbError openFailure;
    boolean hotplug;
    Runnable hotplugListener;
    int opened;
    boolean closed;
    final List<FakeChannel> channels = new ArrayList<>();
    /** When set, open() returns this factory's channel instead of a scripted one. */
    java.util.function.Function<UsbDeviceEntry, UsbBulkChannel> channelFactory;

    static UsbDeviceEntry entry(int pid, String location, String serial, UsbDeviceEntry.Access access) {
        return new UsbDeviceEntry(0x0483, pid, location, serial, access, access == UsbDeviceEntry.Access.OK ? ""
                : "libusb: " + access);
    }

    @Override
    public List<UsbDeviceEntry> list(int vendorId, int interfaceNumber) {
        return devices.stream().filter(d -> d.vendorId() == vendorId).toList();
    }

    @Override
    public UsbBulkChannel open(UsbDeviceEntry entry, int interfaceNumber) throws UsbIoException {
        if (openFailure != null) {
            throw new UsbIoException(openFailure, "libusb_open " + entry.location());
        }
        opened++;
        if (channelFactory != null) {
            return channelFactory.apply(entry);
        }
        FakeChannel c = new FakeChannel();
        channels.add(c);
        return c;
    }

    @Override
    public boolean supportsHotplug() {
        return hotplug;
    }

    @Override
    public AutoCloseable watch(Runnable onChange) {
        hotplugListener = onChange;
        return () -> hotplugListener = null;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Bulk channel that records writes and serves scripted reads (in packets) and failures. */
    static final class FakeChannel implements UsbBulkChannel {
        final List<String> writes = new ArrayList<>();
        final List<byte[]> reads = new ArrayList<>();
        int packetSize = 64;
        UsbError failOnWrite;
        int failAfterWrites = -1;
        UsbError failOnRead;
        boolean closed;

        @Override
        public void write(int endpoint, byte[] data, int timeoutMillis) throws UsbIoException {
            if (failOnWrite != null && failAfterWrites == 0) {
                throw new UsbIoException(failOnWrite, "bulk OUT");
            }
            failAfterWrites--;
            writes.add(String.format("%02X:%d", endpoint, data.length));
        }

        @Override
        public int read(int endpoint, byte[] buffer, int timeoutMillis) throws UsbIoException {
            if (failOnRead != null) {
                throw new UsbIoException(failOnRead, "bulk IN");
            }
            if (reads.isEmpty()) {
                return 0;
            }
            byte[] next = reads.get(0);
            int n = Math.min(Math.min(packetSize, buffer.length), next.length);
            System.arraycopy(next, 0, buffer, 0, n);
            if (n == next.length) {
                reads.remove(0);
            } else {
                reads.set(0, java.util.Arrays.copyOfRange(next, n, next.length));
            }
            writes.add(String.format("%02X:IN%d", endpoint, n));
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
