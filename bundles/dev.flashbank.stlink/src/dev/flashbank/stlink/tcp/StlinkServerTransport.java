package dev.flashbank.stlink.tcp;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.core.target.TargetTimeoutException;
import dev.flashbank.stlink.Bytes;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.StlinkTransport;
import dev.flashbank.stlink.StlinkTransportException;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.DeviceInfo;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.Direction;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.ServerVersion;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.Status;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.UsbCommandHeader;
import dev.flashbank.stlink.usb.StlinkSerial;

/**
 * Flashbank's ST-Link transport through an stlink-server ({@link StlinkServerProtocol}): the probe is shared with
 * whoever else the server serves (STM32CubeIDE's debugger, OpenOCD with {@code st-link backend tcp}). Opening does what
 * OpenOCD's {@code stlink_tcp_open} does - server version, refresh, device list, choose by serial, OPEN_DEV - and each
 * exchange is one SEND_USB_CMD. A command block moves data one way only over this protocol (a WRITE with its data or
 * a READ of the reply), as every ST-Link command does.
 */
public final class StlinkServerTransport implements StlinkTransport {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String host;
    private final int port;
    private final ServerVersion version;
    private final DeviceInfo device;
    private final int connectId;
    private final int answerTimeoutMillis;
    private boolean closed;
    private boolean gone;

    private StlinkServerTransport(Socket socket, String host, int port, ServerVersion version, DeviceInfo device,
            int connectId, int answerTimeoutMillis) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
        this.host = host;
        this.port = port;
        this.version = version;
        this.device = device;
        this.connectId = connectId;
        this.answerTimeoutMillis = answerTimeoutMillis;
    }

    /**
     * How long Flashbank waits for the server's answer to one request, by default. The server itself bounds each USB
     * phase with the probe (ST's stlink-server answers a TIMEOUT status when the probe does not answer), and OpenOCD
     * 0.12's tcp backend ({@code stlink_tcp_send_cmd}) waits for the first bytes of an answer in a blocking
     * {@code recv} without limit. Flashbank still bounds the wait, so that a server that hangs with the connection
     * open is reported rather than waited on forever; a server that is gone closes the connection and is reported at
     * once ({@link ProbeDisconnectedException}). The bound is long against the probe's own timeouts on purpose: the
     * server's host may be loaded, and a simulated board behind {@code flashbank sim serve} computes inside an access
     * (the board time its running core catches up before it): at a load of 25 on 2 cores one such answer took longer
     * than the probe's 1000 ms this wait used to be. Flashbank's choice.
     */
    public static final int DEFAULT_ANSWER_TIMEOUT_MILLIS = 10_000;

    /**
     * Connects to the stlink-server at {@code host}:{@code port} and opens the probe whose serial is {@code serial}
     * (exactly, else the only one containing it; blank: the only probe the server lists).
     *
     * @param answerTimeoutMillis how long to wait for the connection and for each answer of the server
     *                            ({@link #DEFAULT_ANSWER_TIMEOUT_MILLIS}); an exchange whose per-phase timeout is
     *                            longer waits that long
     * @throws StlinkTransportException no server there, no such probe, or the probe is in exclusive use
     */
    public static StlinkServerTransport open(String host, int port, String serial, int answerTimeoutMillis)
            throws TargetException {
        if (answerTimeoutMillis <= 0) {
            throw new IllegalArgumentException("answerTimeoutMillis must be positive: " + answerTimeoutMillis);
        }
        String where = "stlink-server " + host + ":" + port;
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), answerTimeoutMillis);
            s.setSoTimeout(answerTimeoutMillis);
        } catch (IOException e) {
            close(s);
            throw new StlinkTransportException("cannot connect to " + where + " (" + e.getMessage()
                    + "): is stlink-server (or 'flashbank sim serve --stlink-port " + port + "') running there?", e);
        }
        try {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            ServerVersion version = ServerVersion
                    .decode(call(out, in, StlinkServerProtocol.serverVersionRequest(), StlinkServerProtocol.SERVER_VERSION_REPLY));
            ok(call(out, in, StlinkServerProtocol.refreshRequest(), StlinkServerProtocol.STATUS_SIZE), where, "refresh");
            int count = Bytes.le32(call(out, in, StlinkServerProtocol.deviceCountRequest(),
                    StlinkServerProtocol.NB_DEV_REPLY), 0);
            List<DeviceInfo> devices = new ArrayList<>();
            for (int i = 0; i < Math.min(count, 255); i++) {
                byte[] r = call(out, in, StlinkServerProtocol.deviceInfoRequest(i),
                        StlinkServerProtocol.STATUS_SIZE + StlinkServerProtocol.DEVICE_INFO_SIZE);
                ok(r, where, "device info");
                DeviceInfo d = DeviceInfo.decodeReply(r);
                if (d.vendorId() == StlinkProduct.VENDOR_ID) {
                    devices.add(d);
                }
            }
            DeviceInfo chosen = choose(devices, serial, where);
            if (chosen.used()) {
                throw new StlinkTransportException(where + ": probe " + chosen.serial()
                        + " is in exclusive use by another program");
            }
            byte[] opened = call(out, in, StlinkServerProtocol.openRequest(chosen.deviceId()),
                    StlinkServerProtocol.OPEN_REPLY);
            ok(opened, where, "open of probe " + chosen.serial());
            return new StlinkServerTransport(s, host, port, version, chosen, Bytes.le32(opened, 4), answerTimeoutMillis);
        } catch (SocketTimeoutException e) {
            close(s);
            throw new TargetTimeoutException(where + " did not answer within " + answerTimeoutMillis + " ms");
        } catch (IOException e) {
            close(s);
            throw new StlinkTransportException(where + ": " + e.getMessage(), e);
        } catch (TargetException | RuntimeException e) {
            close(s);
            throw e;
        }
    }

    private static DeviceInfo choose(List<DeviceInfo> devices, String serial, String where)
            throws StlinkTransportException {
        String listed = devices.isEmpty() ? "none"
                : devices.stream().map(DeviceInfo::serial).collect(Collectors.joining(", "));
        if (serial == null || serial.isBlank()) {
            if (devices.size() == 1) {
                return devices.get(0);
            }
            throw new StlinkTransportException(where + (devices.isEmpty() ? " lists no ST-Link probe"
                    : " lists " + devices.size() + " ST-Link probes: choose one by serial (tcp:" + where.substring(
                            where.indexOf(' ') + 1) + "/<serial>): " + listed));
        }
        for (DeviceInfo d : devices) {
            if (StlinkSerial.matchesExactly(d.serial(), serial)) {
                return d;
            }
        }
        List<DeviceInfo> partial = devices.stream().filter(d -> StlinkSerial.matches(d.serial(), serial)).toList();
        if (partial.size() == 1) {
            return partial.get(0);
        }
        throw new StlinkTransportException(where + (partial.isEmpty() ? " has no ST-Link probe with serial '"
                : " has several ST-Link probes matching '") + serial + "' (it lists: " + listed + ")");
    }

    private static byte[] call(OutputStream out, DataInputStream in, byte[] request, int replyLength)
            throws IOException {
        out.write(request);
        out.flush();
        byte[] r = new byte[replyLength];
        in.readFully(r);
        return r;
    }

    private static void ok(byte[] reply, String where, String what) throws StlinkTransportException {
        int s = StlinkServerProtocol.statusOf(reply);
        if (s != Status.OK.code()) {
            throw new StlinkTransportException(where + " refused the " + what + ": " + Status.describe(s));
        }
    }

    /**
     * Retries of a command the server answers with TCP_BUSY (another client holds the probe): the command did not
     * run, so it is sent again after 1, 2, 4 ... ms. OpenOCD retries too (stlink_tcp_send_cmd: TCP_BUSY is
     * ERROR_WAIT); the count and back-off are Flashbank's, the session's WAIT policy (OpenOCD stlink_usb.c: 8, 1 ms).
     */
    static final int BUSY_RETRIES = 8;

    private static void pause(int attempt) throws StlinkTransportException {
        try {
            Thread.sleep(1L << (attempt - 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StlinkTransportException("interrupted while the stlink-server's probe was busy", e);
        }
    }

    /** What the server reported about itself. */
    public ServerVersion serverVersion() {
        return version;
    }

    /** The probe as the server listed it. */
    public DeviceInfo device() {
        return device;
    }

    @Override
    public synchronized byte[] exchange(byte[] cdb, byte[] dataOut, int inLength, int timeoutMillis)
            throws TargetException {
        if (gone || closed) {
            throw new ProbeDisconnectedException(describe() + (gone ? ": the server closed the connection"
                    : ": transport closed"));
        }
        if (cdb.length != StlinkCommands.CDB_SIZE) {
            throw new IllegalArgumentException("command block must be 16 bytes");
        }
        boolean write = dataOut != null && dataOut.length > 0;
        if (write && inLength > 0) {
            throw new IllegalArgumentException("stlink-server moves data one way per command: " + Bytes.hex(cdb));
        }
        UsbCommandHeader h = new UsbCommandHeader(connectId, cdb, write ? Direction.WRITE : Direction.READ,
                write ? dataOut.length : inLength);
        // the server applies the probe's per-phase timeout itself and answers TIMEOUT: wait at least that long
        int waitMillis = Math.max(timeoutMillis, answerTimeoutMillis);
        try {
            socket.setSoTimeout(waitMillis);
            int s;
            byte[] reply = new byte[inLength];
            int busy = 0;
            do {
                if (busy > 0) {
                    pause(busy);
                }
                out.write(h.encode());
                if (write) {
                    out.write(dataOut);
                }
                out.flush();
                byte[] status = new byte[StlinkServerProtocol.STATUS_SIZE];
                in.readFully(status);
                in.readFully(reply);
                s = StlinkServerProtocol.statusOf(status);
            } while (s == Status.TCP_BUSY.code() && busy++ < BUSY_RETRIES);
            if (s == Status.TCP_BUSY.code()) {
                throw new StlinkTransportException(describe() + ": the probe stayed busy with another client of the"
                        + " server (" + BUSY_RETRIES + " retries)");
            }
            if (s == Status.TIMEOUT.code()) {
                throw new TargetTimeoutException(describe() + ": the server's probe did not answer "
                        + Bytes.hex(cdb));
            }
            if (s == Status.OPEN_ERR.code()) {
                throw new ProbeDisconnectedException(describe() + ": the server lost the probe (" + Status.describe(s)
                        + ")");
            }
            if (s != Status.OK.code()) {
                throw new StlinkTransportException(describe() + ": the server answered " + Status.describe(s)
                        + " to " + Bytes.hex(cdb));
            }
            return reply;
        } catch (SocketTimeoutException e) {
            // the rest of the reply may still come: the stream can no longer be trusted
            gone = true;
            close();
            throw new TargetTimeoutException(describe() + " did not answer within " + waitMillis + " ms");
        } catch (EOFException e) {
            gone = true;
            close();
            throw new ProbeDisconnectedException(describe() + ": the server closed the connection", e);
        } catch (IOException e) {
            gone = true;
            close();
            throw new ProbeDisconnectedException(describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "ST-Link " + device.serial() + " via stlink-server " + host + ":" + port;
    }

    /** Closes the probe connection (CLOSE_DEV) when the stream is still sound, then the socket; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!gone) {
            try {
                call(out, in, StlinkServerProtocol.closeRequest(connectId), StlinkServerProtocol.STATUS_SIZE);
            } catch (IOException e) {
                // the server went away: nothing left to close there
            }
        }
        close(socket);
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
