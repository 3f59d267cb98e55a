package dev.flashbank.core.tests.gdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted gdbserver peer on 127.0.0.1 for the RSP transport unit tests: 64 KiB of RAM at 0x2000_0000, a target
 * description with OpenOCD's numbering, qRcmd with console output, and faults on request (NAK the next packet,
 * corrupt the next reply's checksum, run-length encode replies, stay silent, drop the connection). It serves one client
 * after the other and, like QEMU's gdbstub, can greet a client that connects after a detach with an unsolicited stop
 * reply, or slip one in between the acknowledgement of a packet and its answer.
 */
final class FakeGdbServer implements AutoCloseable {

    static final long RAM = 0x2000_0000L;
    static final String TARGET_XML = "<?xml version=\"1.0\"?><target><feature name=\"org.gnu.gdb.arm.m-profile\">"
            + "<reg name=\"r0\" bitsize=\"32\"/><reg name=\"r1\" bitsize=\"32\"/><reg name=\"r2\" bitsize=\"32\"/>"
            + "<reg name=\"r3\" bitsize=\"32\"/><reg name=\"r4\" bitsize=\"32\"/><reg name=\"r5\" bitsize=\"32\"/>"
            + "<reg name=\"pc\" bitsize=\"32\" regnum=\"15\"/><reg name=\"xPSR\" bitsize=\"32\"/></feature></target>";

    final byte[] ram = new byte[0x10000];
    final int[] regs = new int[32];
    final List<String> received = new CopyOnWriteArrayList<>();
    volatile boolean nakNext;
    volatile boolean corruptNextReply;
    volatile boolean runLengthEncode;
    volatile String silentOn = "\u0000";
    volatile String closeOn = "\u0000";
    volatile boolean binaryWrites = true;
    /** QEMU: the machine a detach left running is stopped when the next client connects, which is told "T02". */
    volatile boolean strayStopAfterDetach;
    /** The answer to the next packet starting with this is preceded by an unsolicited stop reply. */
    volatile String strayStopBefore = "\u0000";
    static final String STRAY_STOP = "T02thread:01;";
    final AtomicInteger straysSent = new AtomicInteger();
    private boolean detached;

    private final ServerSocket server;
    private final Thread thread;
    private volatile Socket client;
    private boolean running;

    FakeGdbServer() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "fake gdbserver");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                serve(s);
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serve(Socket s) throws IOException {
        client = s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        if (strayStopAfterDetach && detached) {
            // sent at once, without waiting for the ack (which the loop below skips like any '+')
            out.write(frame(STRAY_STOP));
            out.flush();
            straysSent.incrementAndGet();
        }
        detached = false;
        int c;
        while ((c = in.read()) >= 0) {
            if (c == 0x03) {
                if (running) {
                    running = false;
                    reply(in, out, "T02");
                }
                continue;
            }
            if (c != '$') {
                continue;
            }
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            while ((c = in.read()) != '#') {
                raw.write(c);
            }
            in.read();
            in.read();
            byte[] body = raw.toByteArray();
            if (nakNext) {
                nakNext = false;
                out.write('-');
                continue; // the client sends it again
            }
            out.write('+');
            String p = new String(body, StandardCharsets.ISO_8859_1);
            received.add(p);
            if (p.startsWith(closeOn)) {
                return;
            }
            if (p.startsWith(silentOn)) {
                continue;
            }
            if (p.startsWith(strayStopBefore)) {
                strayStopBefore = "\u0000";
                reply(in, out, STRAY_STOP);
                straysSent.incrementAndGet();
            }
            String r = handle(p, body);
            if (r != null) {
                reply(in, out, r);
            }
            if (p.equals("D")) {
                detached = true;
                return;
            }
        }
    }

    private static byte[] frame(String payload) {
        int sum = 0;
        for (byte b : payload.getBytes(StandardCharsets.ISO_8859_1)) {
            sum = (sum + (b & 0xFF)) & 0xFF;
        }
        return ("$" + payload + "#" + String.format("%02x", sum)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private String handle(String p, byte[] body) {
        HexFormat hex = HexFormat.of();
        if (p.startsWith("qSupported")) {
            return "PacketSize=100;qXfer:features:read+";
        }
        if (p.startsWith("qXfer:features:read:target.xml:")) {
            String[] off = p.substring(p.lastIndexOf(':') + 1).split(",");
            int o = Integer.parseInt(off[0], 16), n = Integer.parseInt(off[1], 16);
            int end = Math.min(TARGET_XML.length(), o + n);
            return (end == TARGET_XML.length() ? "l" : "m") + TARGET_XML.substring(o, end);
        }
        if (p.equals("?")) {
            return "S05";
        }
        if (p.startsWith("m")) {
            String[] a = p.substring(1).split(",");
            long addr = Long.parseLong(a[0], 16);
            int n = Integer.parseInt(a[1], 16);
            if (addr < RAM || addr + n > RAM + ram.length) {
                return "E01";
            }
            return hex.formatHex(ram, (int) (addr - RAM), (int) (addr - RAM) + n);
        }
        if (p.startsWith("X")) {
            if (!binaryWrites) {
                return "";
            }
            int colon = p.indexOf(':');
            String[] a = p.substring(1, colon).split(",");
            long addr = Long.parseLong(a[0], 16);
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            for (int i = colon + 1; i < body.length; i++) {
                int b = body[i] & 0xFF;
                data.write(b == '}' ? (body[++i] & 0xFF) ^ 0x20 : b);
            }
            byte[] d = data.toByteArray();
            System.arraycopy(d, 0, ram, (int) (addr - RAM), d.length);
            return "OK";
        }
        if (p.startsWith("M")) {
            int colon = p.indexOf(':');
            long addr = Long.parseLong(p.substring(1, p.indexOf(',')), 16);
            byte[] d = hex.parseHex(p.substring(colon + 1));
            System.arraycopy(d, 0, ram, (int) (addr - RAM), d.length);
            return "OK";
        }
        if (p.startsWith("p")) {
            int n = Integer.parseInt(p.substring(1), 16);
            int v = regs[n];
            return hex.formatHex(new byte[] { (byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24) });
        }
        if (p.startsWith("P")) {
            int n = Integer.parseInt(p.substring(1, p.indexOf('=')), 16);
            byte[] b = hex.parseHex(p.substring(p.indexOf('=') + 1));
            regs[n] = (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
            return "OK";
        }
        if (p.startsWith("qRcmd,")) {
            String cmd = new String(hex.parseHex(p.substring(6)), StandardCharsets.UTF_8);
            if (cmd.equals("bad")) {
                return "E02";
            }
            return "O" + hex.formatHex(("did " + cmd + "\n").getBytes(StandardCharsets.UTF_8)) + "\u0001OK";
        }
        if (p.equals("c")) {
            running = true;
            return null;
        }
        if (p.equals("D")) {
            return "OK";
        }
        return "";
    }

    /** Sends a reply ("\u0001" separates several packets), resending it on a NAK. */
    private void reply(InputStream in, OutputStream out, String replies) throws IOException {
        for (String r : replies.split("\u0001")) {
            String payload = runLengthEncode ? rle(r) : r;
            while (true) {
                byte[] f = frame(payload);
                if (corruptNextReply) {
                    corruptNextReply = false;
                    f[f.length - 1] = (byte) (f[f.length - 1] == '0' ? '1' : '0');
                }
                out.write(f);
                out.flush();
                int ack = in.read();
                if (ack != '-') {
                    break;
                }
            }
        }
    }

    /** GDB run-length encoding: a run of n > 3 equal characters becomes c '*' (n - 1 + 29). */
    static String rle(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length();) {
            char c = s.charAt(i);
            int n = 1;
            while (i + n < s.length() && s.charAt(i + n) == c && n < 90) {
                n++;
            }
            int repeat = n - 1;
            char count = (char) (repeat + 29);
            if (repeat >= 3 && count != '#' && count != '$' && count != '+' && count != '-') {
                b.append(c).append('*').append(count);
            } else {
                b.append(String.valueOf(c).repeat(n));
            }
            i += n;
        }
        return b.toString();
    }

    void dropConnection() throws IOException {
        Socket c = client;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        dropConnection();
        thread.join(5_000);
    }
}
