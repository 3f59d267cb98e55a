package dev.flashbank.stlink.tests;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.emulator.StlinkEmulator;
import dev.flashbank.stlink.usb.UsbBulkChannel;
import dev.flashbank.stlink.usb.UsbError;
import dev.flashbank.stlink.usb.UsbIoException;

/**
 * The emulator behind USB bulk endpoints, as the probe's firmware sits behind its endpoints: it collects the 16-byte
 * command block and any OUT data phase, then queues the reply, which IN reads drain packet by packet.
 */
final class EmulatorBulkChannel implements UsbBulkChannel {
    private final StlinkEmulator emulator;
    private final int outEndpoint;
    private final int inEndpoint;
    private final int packetSize;
    private byte[] pendingCdb;
    private final ByteArrayOutputStream pendingOut = new ByteArrayOutputStream();
    private final Deque<Byte> in = new ArrayDeque<>();
    final List<String> endpointLog = new ArrayList<>();
    boolean closed;

    EmulatorBulkChannel(StlinkEmulator emulator, int outEndpoint, int inEndpoint, int packetSize) {
        this.emulator = emulator;
        this.outEndpoint = outEndpoint;
        this.inEndpoint = inEndpoint;
        this.packetSize = packetSize;
    }

    @Override
    public void write(int endpoint, byte[] data, int timeoutMillis) throws UsbIoException {
        endpointLog.add(String.format("OUT %02X %d", endpoint, data.length));
        if (endpoint != outEndpoint) {
            throw new UsbIoException(UsbError.PIPE, "no such OUT endpoint");
        }
        if (pendingCdb == null) {
            if (data.length != StlinkCommands.CDB_SIZE) {
                throw new UsbIoException(UsbError.IO, "expected a command block");
            }
            pendingCdb = data.clone();
        } else {
            pendingOut.writeBytes(data);
        }
        if (pendingOut.size() >= StlinkEmulator.dataOutLength(pendingCdb)) {
            try {
                for (byte b : emulator.respond(pendingCdb, pendingOut.toByteArray())) {
                    in.add(b);
                }
            } catch (ProbeDisconnectedException e) {
                throw new UsbIoException(UsbError.NO_DEVICE, e.getMessage());
            } catch (TargetException e) {
                throw new UsbIoException(UsbError.IO, e.getMessage());
            } finally {
                pendingCdb = null;
                pendingOut.reset();
            }
        }
    }

    @Override
    public int read(int endpoint, byte[] buffer, int timeoutMillis) throws UsbIoException {
        if (endpoint != inEndpoint) {
            throw new UsbIoException(UsbError.PIPE, "no such IN endpoint");
        }
        if (emulator.isUnplugged()) {
            throw new UsbIoException(UsbError.NO_DEVICE, "gone");
        }
        if (in.isEmpty()) {
            throw new UsbIoException(UsbError.TIMEOUT, "nothing to read");
        }
        int n = Math.min(Math.min(buffer.length, packetSize), in.size());
        for (int i = 0; i < n; i++) {
            buffer[i] = in.poll();
        }
        endpointLog.add(String.format("IN %02X %d", endpoint, n));
        return n;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return Arrays.toString(endpointLog.toArray());
    }
}
