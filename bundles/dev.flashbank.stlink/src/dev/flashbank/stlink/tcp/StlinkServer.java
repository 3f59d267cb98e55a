package dev.flashbank.stlink.tcp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.flashbank.core.net.LoopbackServer;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.core.target.TargetTimeoutException;
import dev.flashbank.stlink.Bytes;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.StlinkTransport;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.DeviceInfo;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.Direction;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.ServerVersion;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.Status;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.UsbCommandHeader;

/**
 * An stlink-server on a loopback TCP port ({@link StlinkServerProtocol}): any number of {@link StlinkTransport}s -
 * emulated probes in front of simulated boards, or real ones - listed as probes with their serials, each shared by
 * every client that opens it, one command at a time (as stlink-server shares one probe between STM32CubeIDE and
 * OpenOCD). A thread per client; the connection ids a client got from OPEN_DEV are its own.
 * <p>
 * Where the protocol as OpenOCD 0.12 speaks it says nothing, these are Flashbank's choices: an unknown command byte
 * (including GET_NB_OF_DEV_CLIENTS, whose layout no open client shows) is answered with a lone
 * {@link Status#CMD_NOT_AVAILABLE} and whatever the client already sent is discarded; a reply to a READ always carries
 * the {@code size} bytes the client waits for (zeros after an error status), so a failed command never desynchronises
 * the stream; a probe failure maps to {@link Status#TIMEOUT} (timeout) or {@link Status#OPEN_ERR} (probe gone) or
 * {@link Status#TCP_ERROR} (anything else); SWO trace reads are not served ({@link Status#CMD_NOT_AVAILABLE}).
 * Requests no correct client sends (non-zero reserved bytes, an unknown connection id, an index beyond the list)
 * are answered with {@link Status#BAD_PARAMETER} and recorded in {@link #violations()}.
 */
public final class StlinkServer extends LoopbackServer {

    /**
     * The version this server reports. API 2: clients may send transfers larger than 1 KiB (OpenOCD limits API v1
     * servers to 1 KiB) and OpenOCD does not use the RW_MISC batches it reserves for API v3 servers.
     */
    public static final ServerVersion DEFAULT_VERSION = new ServerVersion(2, 0, 1, 0);

    /**
     * One probe the server lists.
     *
     * @param lock what every exchange with the transport synchronises on (a simulated board: the board, whose every
     *             access is synchronised on itself)
     */
    public record ServedProbe(String serial, int vendorId, int productId, StlinkTransport transport, Object lock) {
        public ServedProbe {
            Objects.requireNonNull(serial, "serial");
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(lock, "lock");
        }
    }

    private final List<ServedProbe> probes;
    private final ServerVersion version;
    private final List<String> violations = new ArrayList<>();
    private final AtomicInteger nextConnectId = new AtomicInteger(1);
    private final AtomicLong usbCommands = new AtomicLong();

    private StlinkServer(List<ServedProbe> probes, ServerVersion version, int port, Consumer<String> log)
            throws IOException {
        super("stlink-server", port, Clients.CONCURRENT, log);
        this.probes = List.copyOf(probes);
        this.version = version;
    }

    /**
     * Serves {@code probes} on 127.0.0.1:{@code port} (0 = a free port, see {@link #port()}).
     *
     * @param log receives a line per client connect/disconnect and per refused request
     */
    public static StlinkServer start(List<ServedProbe> probes, ServerVersion version, int port, Consumer<String> log)
            throws IOException {
        if (probes.size() > 255) {
            // GET_DEV_INFO carries the index in one byte (OpenOCD: "cannot handle more than 255 ST-LINK")
            throw new IllegalArgumentException("at most 255 probes");
        }
        StlinkServer r = new StlinkServer(probes, version, port, log);
        r.startAccepting();
        return r;
    }

    public List<ServedProbe> probes() {
        return probes;
    }

    /** Requests no correct client sends (see the class comment). */
    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    /** SEND_USB_CMD requests served so far (all clients). */
    public long usbCommands() {
        return usbCommands.get();
    }

    private void violation(String text) {
        synchronized (violations) {
            violations.add(text);
        }
        log.accept("stlink-server: refused: " + text);
    }

    @Override
    protected void serve(Socket connection) throws IOException {
        new Client().serve(connection);
    }

    /** One client connection and the probes it opened. */
    private final class Client {
        final Map<Integer, ServedProbe> opened = new HashMap<>();

        void serve(Socket socket) throws IOException {
            log.accept("stlink-server: client connected from " + socket.getRemoteSocketAddress());
            try {
                serve(socket.getInputStream(), new BufferedOutputStream(socket.getOutputStream()));
            } finally {
                log.accept("stlink-server: client disconnected" + (opened.isEmpty() ? ""
                        : " without closing " + opened.size() + " probe connection(s)"));
            }
        }

        private void serve(InputStream raw, OutputStream out) throws IOException {
            // buffered: a SEND_USB_CMD (header, then the data of a write) arrives in one segment and is read with one
            // system call instead of three - OpenOCD's no-work-area flash writes send hundreds of thousands of them
            DataInputStream in = new DataInputStream(new BufferedInputStream(raw));
            while (true) {
                int command = in.read();
                if (command < 0) {
                    return;
                }
                int length = StlinkServerProtocol.requestLength(command);
                if (length < 0) {
                    violation(String.format("unknown command 0x%02X", command));
                    in.skipNBytes(in.available()); // no length field: what came with it cannot be framed
                    reply(out, StlinkServerProtocol.status(Status.CMD_NOT_AVAILABLE));
                    continue;
                }
                byte[] request = new byte[length];
                request[0] = (byte) command;
                in.readFully(request, 1, length - 1);
                if (command == StlinkServerProtocol.CMD_SEND_USB_CMD) {
                    if (!usbCommand(request, in, out)) {
                        return;
                    }
                } else {
                    reply(out, answer(request));
                }
            }
        }

        private byte[] answer(byte[] r) {
            switch (r[0]) {
                case StlinkServerProtocol.CMD_GET_SERVER_VERSION:
                    return version.encode();
                case StlinkServerProtocol.CMD_REFRESH_DEVICE_LIST:
                    return StlinkServerProtocol.status(Status.OK); // the served probes never change
                case StlinkServerProtocol.CMD_GET_NB_DEV:
                    return StlinkServerProtocol.word(probes.size());
                case StlinkServerProtocol.CMD_GET_DEV_INFO: {
                    int index = r[1] & 0xFF;
                    if (index >= probes.size() || Bytes.le32(r, 4) != StlinkServerProtocol.DEVICE_INFO_SIZE) {
                        violation("GET_DEV_INFO " + Bytes.hex(r) + " with " + probes.size() + " probe(s)");
                        byte[] bad = new byte[StlinkServerProtocol.STATUS_SIZE + StlinkServerProtocol.DEVICE_INFO_SIZE];
                        System.arraycopy(StlinkServerProtocol.status(Status.BAD_PARAMETER), 0, bad, 0, 4);
                        return bad;
                    }
                    ServedProbe p = probes.get(index);
                    return new DeviceInfo(deviceId(index), p.serial(), p.vendorId(), p.productId(), false)
                            .encodeReply();
                }
                case StlinkServerProtocol.CMD_OPEN_DEV: {
                    int index = Bytes.le32(r, 4) - deviceId(0);
                    if (index < 0 || index >= probes.size()) {
                        violation("OPEN_DEV of unknown device id " + Bytes.le32(r, 4));
                        return StlinkServerProtocol.statusAndWord(Status.BAD_PARAMETER, 0);
                    }
                    int id = nextConnectId.getAndIncrement();
                    opened.put(id, probes.get(index));
                    return StlinkServerProtocol.statusAndWord(Status.OK, id);
                }
                default: { // CMD_CLOSE_DEV
                    int id = Bytes.le32(r, 4);
                    if (opened.remove(id) == null) {
                        violation("CLOSE_DEV of connection id " + id + ", which this client has not open");
                        return StlinkServerProtocol.status(Status.BAD_PARAMETER);
                    }
                    return StlinkServerProtocol.status(Status.OK);
                }
            }
        }

        /** Serves one SEND_USB_CMD; false when the stream can no longer be framed (the connection is dropped). */
        private boolean usbCommand(byte[] headerBytes, DataInputStream in, OutputStream out) throws IOException {
            UsbCommandHeader.Decoded d = UsbCommandHeader.decode(headerBytes);
            UsbCommandHeader h = d.header();
            if (h == null) {
                violation(d.problem());
                reply(out, StlinkServerProtocol.status(Status.BAD_PARAMETER));
                return false;
            }
            byte[] data = null;
            if (h.direction() == Direction.WRITE) {
                data = new byte[h.size()];
                in.readFully(data);
            }
            int inLength = h.direction() == Direction.WRITE ? 0 : h.size();
            if (d.problem() != null) {
                violation(d.problem());
                reply(out, withData(Status.BAD_PARAMETER, new byte[inLength]));
                return true;
            }
            ServedProbe p = opened.get(h.connectId());
            if (p == null) {
                violation("SEND_USB_CMD on connection id " + h.connectId() + ", which this client has not open");
                reply(out, withData(Status.BAD_PARAMETER, new byte[inLength]));
                return true;
            }
            if (h.direction() == Direction.READ_SWO) {
                reply(out, withData(Status.CMD_NOT_AVAILABLE, new byte[inLength]));
                return true;
            }
            usbCommands.incrementAndGet();
            Status status = Status.OK;
            byte[] in2 = new byte[inLength];
            try {
                synchronized (p.lock()) {
                    in2 = p.transport().exchange(h.cdb(), data, inLength,
                            StlinkSessionOptions.DEFAULT_COMMAND_TIMEOUT_MILLIS);
                }
            } catch (TargetTimeoutException e) {
                status = Status.TIMEOUT;
            } catch (ProbeDisconnectedException e) {
                status = Status.OPEN_ERR;
            } catch (TargetException | RuntimeException e) {
                status = Status.TCP_ERROR;
            }
            if (status != Status.OK) {
                log.accept("stlink-server: probe " + p.serial() + ": " + Bytes.hex(h.cdb()) + " -> " + status);
            }
            reply(out, withData(status, in2.length == inLength ? in2 : new byte[inLength]));
            return true;
        }

        private void reply(OutputStream out, byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }
    }

    /** Device ids start at 1 (0 is OpenOCD's "none"). */
    private static int deviceId(int index) {
        return index + 1;
    }

    private static byte[] withData(Status s, byte[] data) {
        byte[] r = new byte[StlinkServerProtocol.STATUS_SIZE + data.length];
        Bytes.putLe32(r, 0, s.code());
        System.arraycopy(data, 0, r, StlinkServerProtocol.STATUS_SIZE, data.length);
        return r;
    }
}
