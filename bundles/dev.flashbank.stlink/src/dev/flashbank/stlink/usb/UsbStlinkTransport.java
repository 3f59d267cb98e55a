package dev.flashbank.stlink.usb;

import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.core.target.TargetTimeoutException;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.StlinkTransport;
import dev.flashbank.stlink.StlinkTransportException;

/**
 * V2+ framing over USB bulk endpoints (OpenOCD src/jtag/drivers/stlink_usb.c): CDB to the product's OUT endpoint, data
 * phase, then the IN phase from 0x81. Every transfer has a timeout, so nothing hangs; LIBUSB_ERROR_NO_DEVICE
 * (unplugged) becomes {@link ProbeDisconnectedException} and closes the channel at once, so no handle outlives the
 * probe.
 */
public final class UsbStlinkTransport implements StlinkTransport {

    private final UsbBulkChannel channel;
    private final StlinkProduct product;
    private final String serial;
    private boolean closed;
    private boolean gone;

    public UsbStlinkTransport(UsbBulkChannel channel, StlinkProduct product, String serial) {
        if (product.bulkOutEndpoint() < 0 || product.bulkInEndpoint() < 0) {
            throw new IllegalArgumentException(product.displayName() + " has no debug endpoints");
        }
        this.channel = channel;
        this.product = product;
        this.serial = serial;
    }

    public StlinkProduct product() {
        return product;
    }

    public String serial() {
        return serial;
    }

    @Override
    public synchronized byte[] exchange(byte[] cdb, byte[] dataOut, int inLength, int timeoutMillis)
            throws TargetException {
        if (gone) {
            throw new ProbeDisconnectedException(describe() + " was unplugged");
        }
        if (closed) {
            throw new ProbeDisconnectedException(describe() + ": transport closed");
        }
        if (cdb.length != StlinkCommands.CDB_SIZE) {
            throw new IllegalArgumentException("command block must be 16 bytes");
        }
        String phase = "command";
        try {
            channel.write(product.bulkOutEndpoint(), cdb, timeoutMillis);
            if (dataOut != null && dataOut.length > 0) {
                phase = "data out";
                channel.write(product.bulkOutEndpoint(), dataOut, timeoutMillis);
            }
            byte[] in = new byte[inLength];
            int got = 0;
            phase = "reply";
            while (got < inLength) {
                byte[] part = new byte[inLength - got];
                int n = channel.read(product.bulkInEndpoint(), part, timeoutMillis);
                if (n <= 0) {
                    break;
                }
                System.arraycopy(part, 0, in, got, n);
                got += n;
            }
            if (got != inLength) {
                throw new StlinkTransportException(String.format("%s: short %s, %d of %d bytes", describe(), phase, got,
                        inLength));
            }
            return in;
        } catch (UsbIoException e) {
            throw map(e, phase, timeoutMillis);
        }
    }

    private TargetException map(UsbIoException e, String phase, int timeoutMillis) {
        switch (e.error()) {
            case NO_DEVICE:
                gone = true;
                close();
                return new ProbeDisconnectedException(describe() + " was unplugged during the " + phase + " phase", e);
            case TIMEOUT:
                return new TargetTimeoutException(String.format("%s did not complete the %s phase within %d ms",
                        describe(), phase, timeoutMillis));
            default:
                return new StlinkTransportException(describe() + ": USB " + phase + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return product.displayName() + (serial == null ? "" : " " + serial);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }
}
