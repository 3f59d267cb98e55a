package dev.flashbank.stlink.tcp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import dev.flashbank.stlink.Bytes;
import dev.flashbank.stlink.StlinkCommands;

/**
 * The stlink-server TCP protocol (ST's "ST-LINK server", the shared-probe service STM32CubeIDE uses), defined once for
 * Flashbank's server ({@link StlinkServer}) and its client ({@link StlinkServerTransport}). Every layout here is the
 * one OpenOCD 0.12 speaks in {@code src/jtag/drivers/stlink_usb.c}: the {@code STLINK_TCP_CMD_*} commands and
 * {@code STLINK_TCP_SS_*} statuses, {@code stlink_tcp_open} (server version, refresh, device count, device info,
 * open), {@code stlink_tcp_close} (close) and {@code stlink_tcp_xfer_noerrcheck} (the 32-byte SEND_USB_CMD header).
 * <p>
 * Requests have a fixed length per command (the protocol has no length field); every number is little endian; every
 * reply except GET_SERVER_VERSION and GET_NB_DEV starts with a 32-bit status word ({@link Status#OK} = 1).
 */
public final class StlinkServerProtocol {

    private StlinkServerProtocol() {
    }

    // ---- commands, byte 0 of every request (OpenOCD STLINK_TCP_CMD_*)
    public static final int CMD_REFRESH_DEVICE_LIST = 0x00;
    public static final int CMD_GET_NB_DEV = 0x01;
    public static final int CMD_GET_DEV_INFO = 0x02;
    public static final int CMD_OPEN_DEV = 0x03;
    public static final int CMD_CLOSE_DEV = 0x04;
    public static final int CMD_SEND_USB_CMD = 0x05;
    public static final int CMD_GET_SERVER_VERSION = 0x06;
    /** Named by OpenOCD but never sent by it, so its layout is not known here: the server answers it as unknown. */
    public static final int CMD_GET_NB_OF_DEV_CLIENTS = 0x07;

    /** The client API version OpenOCD 0.12 announces in GET_SERVER_VERSION (OPENOCD_STLINK_TCP_API_VERSION). */
    public static final int CLIENT_API_VERSION = 1;

    // ---- request and reply sizes (OpenOCD stlink_tcp_open / stlink_tcp_close / stlink_tcp_xfer_noerrcheck)
    public static final int STATUS_SIZE = 4;
    public static final int USB_CMD_HEADER_SIZE = 32;
    public static final int SERIAL_SIZE = 32;
    /** TDeviceInfo2 as OpenOCD asks for it: device id, 32-byte serial, VID, PID, "used" byte. */
    public static final int DEVICE_INFO_SIZE = 41;
    public static final int SERVER_VERSION_REPLY = 16;
    public static final int VERSION_REQUEST = 4;
    public static final int REFRESH_REQUEST = 2;
    public static final int NB_DEV_REQUEST = 1;
    public static final int NB_DEV_REPLY = 4;
    public static final int DEVICE_INFO_REQUEST = 8;
    public static final int OPEN_REQUEST = 8;
    public static final int OPEN_REPLY = 8;
    public static final int CLOSE_REQUEST = 8;

    /**
     * Largest data phase either side accepts in one SEND_USB_CMD. OpenOCD's buffers are 10240 bytes
     * (STLINK_TCP_SEND_BUFFER_SIZE / STLINK_TCP_RECV_BUFFER_SIZE) including the header or status; the biggest ST-Link
     * command data phase is a 6144-byte memory transfer. Flashbank parameter: anything larger is a broken stream.
     */
    public static final int MAX_DATA = 10240;

    /**
     * Below this server API, OpenOCD limits memory transfers to 1 KiB ("in stlink-server API v1 sending more than
     * 1428 bytes will cause stlink-server to crash in windows", stlink_tcp_open).
     */
    public static final int API_WITH_LARGE_TRANSFERS = 2;
    /** Largest memory transfer OpenOCD sends to a server of API v1 (its max_mem_packet there). */
    public static final int API_V1_MAX_TRANSFER = 1024;

    /** SEND_USB_CMD direction byte (OpenOCD STLINK_TCP_REQUEST_*). */
    public enum Direction {
        /** Host to probe: {@code size} data bytes follow the header. */
        WRITE(0),
        /** Probe to host: the reply carries {@code size} bytes after the status. */
        READ(1),
        /** SWO trace read (the command block is all zeros). */
        READ_SWO(3);

        private final int code;

        Direction(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        private static final Direction[] ALL = values();

        /** A loop, not a stream: every SEND_USB_CMD header is decoded with it. */
        public static Optional<Direction> of(int code) {
            for (Direction d : ALL) {
                if (d.code == code) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }
    }

    /** The 32-bit status word of a reply (OpenOCD STLINK_TCP_SS_*). */
    public enum Status {
        OK(0x00000001),
        MEMORY_PROBLEM(0x00001000),
        TIMEOUT(0x00001001),
        BAD_PARAMETER(0x00001002),
        OPEN_ERR(0x00001003),
        TRUNCATED_DATA(0x00001052),
        CMD_NOT_AVAILABLE(0x00001053),
        TCP_ERROR(0x00002001),
        TCP_CANT_CONNECT(0x00002002),
        TCP_CLOSE_ERROR(0x00002003),
        /** The probe is busy with another client's command: OpenOCD retries (ERROR_WAIT). */
        TCP_BUSY(0x00002004),
        WIN32_ERROR(0x00010000);

        private final int code;

        Status(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** "TCP_BUSY (0x00002004)", or "0x0000BEEF" for a code the protocol does not name. */
        public static String describe(int code) {
            return Arrays.stream(values()).filter(s -> s.code == code).findFirst()
                    .map(s -> s.name() + String.format(" (0x%08X)", code)).orElse(String.format("0x%08X", code));
        }
    }

    /** What GET_SERVER_VERSION answers: the server's API level and its version (printed by OpenOCD). */
    public record ServerVersion(int api, int major, int minor, int build) {

        public byte[] encode() {
            byte[] r = new byte[SERVER_VERSION_REPLY];
            Bytes.putLe32(r, 0, api);
            Bytes.putLe32(r, 4, major);
            Bytes.putLe32(r, 8, minor);
            Bytes.putLe32(r, 12, build);
            return r;
        }

        public static ServerVersion decode(byte[] reply) {
            requireLength(reply, SERVER_VERSION_REPLY, "GET_SERVER_VERSION reply");
            return new ServerVersion(Bytes.le32(reply, 0), Bytes.le32(reply, 4), Bytes.le32(reply, 8),
                    Bytes.le32(reply, 12));
        }

        @Override
        public String toString() {
            return "API v" + api + ", version " + major + "." + minor + "." + build;
        }
    }

    /**
     * One probe as GET_DEV_INFO describes it.
     *
     * @param deviceId  the server's handle for the probe, given back in OPEN_DEV
     * @param serial    at most {@link #SERIAL_SIZE} ASCII characters (NUL-padded on the wire)
     * @param used      the server's "already used" flag: OpenOCD refuses such a probe ("the selected device is already
     *                  used")
     */
    public record DeviceInfo(int deviceId, String serial, int vendorId, int productId, boolean used) {
        public DeviceInfo {
            if (serial.getBytes(StandardCharsets.US_ASCII).length > SERIAL_SIZE) {
                throw new IllegalArgumentException("serial longer than " + SERIAL_SIZE + " bytes: " + serial);
            }
        }

        /** The whole reply: status OK, then TDeviceInfo2. */
        public byte[] encodeReply() {
            byte[] r = new byte[STATUS_SIZE + DEVICE_INFO_SIZE];
            Bytes.putLe32(r, 0, Status.OK.code());
            Bytes.putLe32(r, 4, deviceId);
            byte[] s = serial.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(s, 0, r, 8, s.length);
            Bytes.putLe16(r, 8 + SERIAL_SIZE, vendorId);
            Bytes.putLe16(r, 10 + SERIAL_SIZE, productId);
            r[12 + SERIAL_SIZE] = (byte) (used ? 1 : 0);
            return r;
        }

        /** From a whole reply whose status the caller checked. */
        public static DeviceInfo decodeReply(byte[] reply) {
            requireLength(reply, STATUS_SIZE + DEVICE_INFO_SIZE, "GET_DEV_INFO reply");
            int end = 8;
            while (end < 8 + SERIAL_SIZE && reply[end] != 0) {
                end++;
            }
            return new DeviceInfo(Bytes.le32(reply, 4), new String(reply, 8, end - 8, StandardCharsets.US_ASCII),
                    Bytes.le16(reply, 8 + SERIAL_SIZE), Bytes.le16(reply, 10 + SERIAL_SIZE),
                    reply[12 + SERIAL_SIZE] != 0);
        }
    }

    /**
     * The 32-byte header of SEND_USB_CMD: command 0x05, three zero bytes, the connection id from OPEN_DEV, the 16-byte
     * ST-Link command block, the direction, three zero bytes, the data size (OpenOCD stlink_tcp_xfer_noerrcheck).
     * A WRITE is followed by {@code size} data bytes; a READ is answered with the status and {@code size} bytes.
     */
    public record UsbCommandHeader(int connectId, byte[] cdb, Direction direction, int size) {
        public UsbCommandHeader {
            if (cdb.length != StlinkCommands.CDB_SIZE) {
                throw new IllegalArgumentException("an ST-Link command block has 16 bytes, not " + cdb.length);
            }
            if (size < 0) {
                throw new IllegalArgumentException("negative data size " + size);
            }
            cdb = cdb.clone();
        }

        @Override
        public byte[] cdb() {
            return cdb.clone();
        }

        public byte[] encode() {
            byte[] h = new byte[USB_CMD_HEADER_SIZE];
            h[0] = CMD_SEND_USB_CMD;
            Bytes.putLe32(h, 4, connectId);
            System.arraycopy(cdb, 0, h, 8, StlinkCommands.CDB_SIZE);
            h[24] = (byte) direction.code();
            Bytes.putLe32(h, 28, size);
            return h;
        }

        /**
         * Decodes a header; a problem (unknown direction, non-zero reserved bytes) is returned as text beside the
         * header so the server can both answer and record it.
         */
        public static Decoded decode(byte[] h) {
            requireLength(h, USB_CMD_HEADER_SIZE, "SEND_USB_CMD header");
            String problem = null;
            if ((h[1] | h[2] | h[3] | h[25] | h[26] | h[27]) != 0) {
                problem = "reserved bytes of the SEND_USB_CMD header are not zero: " + Bytes.hex(h);
            }
            Optional<Direction> d = Direction.of(h[24] & 0xFF);
            if (d.isEmpty()) {
                problem = "unknown SEND_USB_CMD direction " + (h[24] & 0xFF);
            }
            int size = Bytes.le32(h, 28);
            if (size < 0 || size > MAX_DATA) {
                problem = "SEND_USB_CMD data size " + Integer.toUnsignedString(size) + " (at most " + MAX_DATA + ")";
                size = -1;
            }
            UsbCommandHeader header = d.isPresent() && size >= 0
                    ? new UsbCommandHeader(Bytes.le32(h, 4), Arrays.copyOfRange(h, 8, 24), d.get(), size)
                    : null;
            return new Decoded(header, problem);
        }

        /** A decoded header ({@code null} when unusable) and what is wrong with it ({@code null} when nothing). */
        public record Decoded(UsbCommandHeader header, String problem) {
        }
    }

    // ---- the short requests (OpenOCD stlink_tcp_open, stlink_tcp_close)

    /** GET_SERVER_VERSION with the client's API version. */
    public static byte[] serverVersionRequest() {
        return new byte[] { CMD_GET_SERVER_VERSION, CLIENT_API_VERSION, 0, 0 };
    }

    /** REFRESH_DEVICE_LIST; byte 1 = 0: "don't clear the list, just refresh it". */
    public static byte[] refreshRequest() {
        return new byte[] { CMD_REFRESH_DEVICE_LIST, 0 };
    }

    public static byte[] deviceCountRequest() {
        return new byte[] { CMD_GET_NB_DEV };
    }

    /** GET_DEV_INFO of the probe at {@code index} (0-based, below the count), asking for TDeviceInfo2. */
    public static byte[] deviceInfoRequest(int index) {
        byte[] r = new byte[DEVICE_INFO_REQUEST];
        r[0] = CMD_GET_DEV_INFO;
        r[1] = (byte) index;
        Bytes.putLe32(r, 4, DEVICE_INFO_SIZE);
        return r;
    }

    public static byte[] openRequest(int deviceId) {
        return idRequest(CMD_OPEN_DEV, deviceId);
    }

    public static byte[] closeRequest(int connectId) {
        return idRequest(CMD_CLOSE_DEV, connectId);
    }

    private static byte[] idRequest(int command, int id) {
        byte[] r = new byte[OPEN_REQUEST];
        r[0] = (byte) command;
        Bytes.putLe32(r, 4, id);
        return r;
    }

    /** Bytes a request of {@code command} has, header included (SEND_USB_CMD: without its data); -1 if unknown. */
    public static int requestLength(int command) {
        return switch (command) {
            case CMD_REFRESH_DEVICE_LIST -> REFRESH_REQUEST;
            case CMD_GET_NB_DEV -> NB_DEV_REQUEST;
            case CMD_GET_DEV_INFO -> DEVICE_INFO_REQUEST;
            case CMD_OPEN_DEV -> OPEN_REQUEST;
            case CMD_CLOSE_DEV -> CLOSE_REQUEST;
            case CMD_SEND_USB_CMD -> USB_CMD_HEADER_SIZE;
            case CMD_GET_SERVER_VERSION -> VERSION_REQUEST;
            default -> -1;
        };
    }

    /** A reply of just a status word. */
    public static byte[] status(Status s) {
        return word(s.code());
    }

    /** A 32-bit little-endian word: a status, a device count. */
    public static byte[] word(int value) {
        byte[] r = new byte[4];
        Bytes.putLe32(r, 0, value);
        return r;
    }

    /** A status followed by a 32-bit value (OPEN_DEV: the connection id). */
    public static byte[] statusAndWord(Status s, int value) {
        byte[] r = new byte[OPEN_REPLY];
        Bytes.putLe32(r, 0, s.code());
        Bytes.putLe32(r, 4, value);
        return r;
    }

    /** The status word at the start of a reply. */
    public static int statusOf(byte[] reply) {
        requireLength(reply, STATUS_SIZE, "reply");
        return Bytes.le32(reply, 0);
    }

    private static void requireLength(byte[] b, int min, String what) {
        if (b == null || b.length < min) {
            throw new IllegalArgumentException(what + " has " + (b == null ? 0 : b.length) + " bytes, needs " + min);
        }
    }
}
