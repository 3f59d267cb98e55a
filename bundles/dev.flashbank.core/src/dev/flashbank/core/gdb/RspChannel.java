package dev.flashbank.core.gdb;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.core.target.TargetTimeoutException;

/**
 * Packet framing of the GDB Remote Serial Protocol (GDB manual, appendix E "Overview"): {@code $payload#cc} with the
 * modulo-256 checksum as two hex digits, {@code +}/{@code -} acknowledgements (a NAK makes the sender retransmit),
 * binary escaping ({@code '}'} then the byte XOR 0x20) and run-length encoding in replies ({@code '*'} then a count
 * character, repeat = count - 29). The interrupt request is the single byte 0x03 outside any packet.
 * <p>
 * Errors are typed: a read timeout (the stream's own timeout, e.g. {@link java.net.Socket#setSoTimeout}) is a
 * {@link TargetTimeoutException}, a closed or failed stream a {@link ProbeDisconnectedException}, a peer that keeps
 * rejecting a packet or sends garbage a {@link GdbProtocolException}.
 * <p>
 * Unsolicited stop replies are tolerated as GDB tolerates them: QEMU's gdbstub stops the machine that the previous
 * client's detach left running when the next client connects and reports it with a stop reply ({@code T02...}) nobody
 * asked for, which arrives where that client expects the acknowledgement of, or the answer to, its first packet. A
 * stop reply where an acknowledgement is expected is acknowledged and skipped; {@link #request} skips stop replies
 * because no request sent through it is answered by one ({@link #requestStop} is for those that are).
 */
public final class RspChannel {

    /** A NAKed packet is sent again at most this many times before the peer is considered broken. */
    static final int MAX_RETRANSMITS = 3;
    static final int INTERRUPT = 0x03;

    private final InputStream in;
    private final OutputStream out;
    private final String peer;
    private int unsolicitedStopReplies;

    public RspChannel(InputStream in, OutputStream out, String peer) {
        this.in = in;
        this.out = out;
        this.peer = peer;
    }

    /** Sends {@code payload} (already escaped where binary) and waits for the peer's acknowledgement. */
    public void send(byte[] payload) throws TargetException {
        byte[] frame = frame(payload);
        for (int attempt = 0; attempt <= MAX_RETRANSMITS; attempt++) {
            try {
                out.write(frame);
                out.flush();
            } catch (IOException e) {
                throw disconnected("sending a packet", e);
            }
            int ack = readAck();
            if (ack == '+') {
                return;
            }
        }
        throw new GdbProtocolException(peer + " rejected a packet " + (MAX_RETRANSMITS + 1) + " times: "
                + printable(payload));
    }

    public void send(String payload) throws TargetException {
        send(payload.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends the interrupt byte (Ctrl-C); the stop reply arrives as an ordinary packet. */
    public void interrupt() throws TargetException {
        try {
            out.write(INTERRUPT);
            out.flush();
        } catch (IOException e) {
            throw disconnected("sending the interrupt", e);
        }
    }

    /**
     * Receives the next packet, acknowledges it ({@code -} and wait for the retransmission when the checksum is
     * wrong) and returns its payload with run-length encoding and escapes undone.
     */
    public byte[] receive() throws TargetException {
        while (true) {
            int c = readByte();
            if (c != '$') {
                continue; // stray acks or noise between packets
            }
            byte[] p = packetBody();
            if (p != null) {
                return p;
            }
        }
    }

    /** What a server reads from its debugger: a packet, or the interrupt request (Ctrl-C) sent outside any packet. */
    public record Request(byte[] payload, boolean interrupt) {

        /** The payload as text (ISO-8859-1: binary data stays byte for byte). */
        public String text() {
            return new String(payload, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * The server side of {@link #receive()}: the next packet (acknowledged, decoded), or the interrupt byte, which a
     * debugger sends while the target runs (GDB manual E.8 "Interrupts").
     */
    public Request receiveRequest() throws TargetException {
        while (true) {
            int c = readByte();
            if (c == INTERRUPT) {
                return new Request(new byte[0], true);
            }
            if (c != '$') {
                continue; // the debugger's acknowledgements between packets
            }
            byte[] p = packetBody();
            if (p != null) {
                return new Request(p, false);
            }
        }
    }

    /** After a '$': the payload, acknowledged; null (after a NAK) when the checksum was wrong. */
    private byte[] packetBody() throws TargetException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int sum = 0;
        int c;
        while ((c = readByte()) != '#') {
            raw.write(c);
            sum = (sum + c) & 0xFF;
        }
        int expected = (hexDigit(readByte()) << 4) | hexDigit(readByte());
        if (expected != sum) {
            writeAck('-');
            return null;
        }
        writeAck('+');
        return decode(raw.toByteArray());
    }

    public String receiveString() throws TargetException {
        return new String(receive(), StandardCharsets.ISO_8859_1);
    }

    /**
     * {@code send} then the answer, skipping stop replies: for requests that a stop reply never answers (everything
     * but {@code ?}, the resume packets and the interrupt), so a stop reply here is an unsolicited one.
     */
    public String request(String payload) throws TargetException {
        send(payload);
        return receiveReply();
    }

    /** {@code send} then {@code receive} for a request answered by a stop reply ({@code ?}). */
    public String requestStop(String payload) throws TargetException {
        send(payload);
        return receiveString();
    }

    /** The next packet that is not a stop reply: the answer to a request that a stop reply never answers. */
    public String receiveReply() throws TargetException {
        while (true) {
            String p = receiveString();
            if (!isStopReply(p)) {
                return p;
            }
            unsolicitedStopReplies++;
        }
    }

    /** How many unsolicited stop replies were skipped on this channel (diagnostics). */
    public int unsolicitedStopReplies() {
        return unsolicitedStopReplies;
    }

    /**
     * Whether {@code payload} is a stop reply with a signal (GDB manual E.3 "Stop Reply Packets"): {@code S}AA, or
     * {@code T}AA followed by nothing or {@code n:r;} pairs. No other reply has this form: memory and register replies
     * are hex digits, qXfer replies start with m/l, console output with O, qSupported with feature names.
     */
    public static boolean isStopReply(String payload) {
        if (payload.length() < 3 || !isHex(payload.charAt(1)) || !isHex(payload.charAt(2))) {
            return false;
        }
        char kind = payload.charAt(0);
        if (kind == 'S') {
            return payload.length() == 3;
        }
        return kind == 'T' && (payload.length() == 3 || payload.indexOf(':') > 3 && payload.endsWith(";"));
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** Whether bytes are waiting to be read (an asynchronous stop reply) without blocking. */
    public boolean hasInput() throws TargetException {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            throw disconnected("polling", e);
        }
    }

    static byte[] frame(byte[] payload) {
        int sum = 0;
        for (byte b : payload) {
            sum = (sum + (b & 0xFF)) & 0xFF;
        }
        byte[] f = new byte[payload.length + 4];
        f[0] = '$';
        System.arraycopy(payload, 0, f, 1, payload.length);
        f[payload.length + 1] = '#';
        f[payload.length + 2] = (byte) Character.forDigit(sum >> 4, 16);
        f[payload.length + 3] = (byte) Character.forDigit(sum & 0xF, 16);
        return f;
    }

    /** Escapes the bytes a binary payload ({@code X} packet) may not carry literally: $ # } and *. */
    public static byte[] escapeBinary(byte[] data, int offset, int length) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(length + 8);
        for (int i = offset; i < offset + length; i++) {
            int b = data[i] & 0xFF;
            if (b == '$' || b == '#' || b == '}' || b == '*') {
                o.write('}');
                o.write(b ^ 0x20);
            } else {
                o.write(b);
            }
        }
        return o.toByteArray();
    }

    /** Undoes run-length encoding and binary escapes of a received payload. */
    static byte[] decode(byte[] raw) throws GdbProtocolException {
        ByteArrayOutputStream o = new ByteArrayOutputStream(raw.length);
        int last = -1;
        for (int i = 0; i < raw.length; i++) {
            int c = raw[i] & 0xFF;
            if (c == '}' && i + 1 < raw.length) {
                last = (raw[++i] & 0xFF) ^ 0x20;
                o.write(last);
            } else if (c == '*' && i + 1 < raw.length && last >= 0) {
                int repeat = (raw[++i] & 0xFF) - 29;
                if (repeat < 0) {
                    throw new GdbProtocolException("bad run-length count in a reply");
                }
                for (int k = 0; k < repeat; k++) {
                    o.write(last);
                }
            } else {
                last = c;
                o.write(c);
            }
        }
        return o.toByteArray();
    }

    private int readAck() throws TargetException {
        while (true) {
            int c = readByte();
            if (c == '+' || c == '-') {
                return c;
            }
            if (c != '$') {
                throw new GdbProtocolException(peer + " sent '" + (char) c + "' where an acknowledgement was expected");
            }
            // a packet instead of the ack: a server that is going away says so with W (exited) / X (killed); an
            // unsolicited stop reply (QEMU after the previous client's detach) precedes the ack and is skipped
            byte[] p = packetBody();
            if (p != null && p.length > 0 && (p[0] == 'W' || p[0] == 'X')) {
                throw new ProbeDisconnectedException("gdbserver " + peer + " ended the session: " + printable(p));
            }
            if (p == null || !isStopReply(new String(p, StandardCharsets.ISO_8859_1))) {
                throw new GdbProtocolException(peer + " sent a packet where an acknowledgement was expected: "
                        + (p == null ? "(bad checksum)" : printable(p)));
            }
            unsolicitedStopReplies++;
        }
    }

    private void writeAck(int ack) throws TargetException {
        try {
            out.write(ack);
            out.flush();
        } catch (IOException e) {
            throw disconnected("acknowledging a packet", e);
        }
    }

    private int readByte() throws TargetException {
        try {
            int c = in.read();
            if (c < 0) {
                throw disconnected("reading", new EOFException("connection closed"));
            }
            return c;
        } catch (SocketTimeoutException e) {
            throw new TargetTimeoutException(peer + " did not answer in time");
        } catch (InterruptedIOException e) {
            throw new TargetTimeoutException(peer + ": waiting for an answer was interrupted");
        } catch (IOException e) {
            throw disconnected("reading", e);
        }
    }

    private static int hexDigit(int c) throws GdbProtocolException {
        int d = Character.digit(c, 16);
        if (d < 0) {
            throw new GdbProtocolException("bad checksum digit '" + (char) c + "'");
        }
        return d;
    }

    private ProbeDisconnectedException disconnected(String what, IOException e) {
        return new ProbeDisconnectedException("gdbserver " + peer + " connection lost while " + what + ": "
                + e.getMessage(), e);
    }

    static String printable(byte[] payload) {
        String s = new String(payload, 0, Math.min(payload.length, 40), StandardCharsets.ISO_8859_1);
        return s.replaceAll("[^\\x20-\\x7e]", ".") + (payload.length > 40 ? "..." : "");
    }
}
