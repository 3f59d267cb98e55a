package dev.flashbank.core.gdb;

import static dev.flashbank.core.device.cortexm.CortexM.DHCSR;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_C_DEBUGEN;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_C_HALT;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_S_HALT;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_LR;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_MSP;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_PC;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_PSP;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_SP;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_XPSR;
import static dev.flashbank.core.device.cortexm.CortexM.dhcsrWrite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.CoreControl;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.core.target.TargetTimeoutException;

/**
 * A {@link DebugTarget} behind a running gdbserver, spoken to with the GDB Remote Serial Protocol over TCP (GDB manual
 * appendix E): memory through {@code m}/{@code M}/{@code X}, the stop state through {@code ?}, halt by the interrupt
 * byte, resume by {@code c}, core registers by {@code p}/{@code P} numbered from the server's target description
 * ({@code qXfer:features:read}), resets and other server commands through {@code qRcmd} ("monitor").
 * <p>
 * All-stop mode rules: while a {@code c} is outstanding the server accepts nothing but the interrupt, so memory and
 * register access then fail with a {@link TargetException} asking for a halt. Access widths: RSP has none; servers
 * perform an aligned request of 1, 2 or 4 bytes as one access of that size and longer aligned blocks in words
 * (OpenOCD, pyOCD, QEMU), so requests are split at width-aligned boundaries. Flash writes are therefore not streamed:
 * {@link #supportsStreamingFlashWrites()} is false and the flash driver polls BSY between units.
 * <p>
 * Not thread-safe.
 */
public final class GdbRemoteTarget implements DebugTarget, MemoryAccess, CoreControl {

    /** qSupported default when a server announces no PacketSize (GDB's own default is 400 bytes). */
    static final int DEFAULT_PACKET_SIZE = 400;

    private final Socket socket;
    private final RspChannel rsp;
    private final String peer;
    private final GdbTargetOptions options;
    private final int packetSize;
    private final TargetDescription registers;
    private final String supported;
    private Boolean binaryWrites;
    /** A {@code c} is outstanding: only the interrupt may be sent. */
    private boolean continuing;
    /** The last reset let the core run outside the protocol's knowledge (monitor reset run). */
    private boolean runningAfterReset;
    private String lastStopReply;
    private boolean closed;

    private GdbRemoteTarget(Socket socket, RspChannel rsp, String peer, GdbTargetOptions options) throws TargetException {
        this.socket = socket;
        this.rsp = rsp;
        this.peer = peer;
        this.options = options;
        // Do not offer multiprocess+: without it every server accepts the plain "D" detach (QEMU wants "D;pid" otherwise)
        this.supported = rsp.request("qSupported:swbreak+;hwbreak+;xmlRegisters=arm");
        this.packetSize = feature("PacketSize").map(v -> Integer.parseInt(v, 16)).orElse(DEFAULT_PACKET_SIZE);
        this.registers = supported.contains("qXfer:features:read+") ? readDescription() : TargetDescription.legacyArm();
        this.lastStopReply = rsp.requestStop("?");
        this.continuing = false;
    }

    /** Connects to the gdbserver at {@code host}:{@code port} and performs the qSupported/? handshake. */
    public static GdbRemoteTarget connect(String host, int port, GdbTargetOptions options) throws TargetException {
        Objects.requireNonNull(options, "options");
        Socket s = new Socket();
        String peer = host + ":" + port;
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) options.timeout().toMillis());
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis()));
            return new GdbRemoteTarget(s, new RspChannel(s.getInputStream(), s.getOutputStream(), peer), peer, options);
        } catch (java.net.SocketTimeoutException e) {
            closeQuietly(s);
            throw new TargetTimeoutException("gdbserver " + peer + " did not accept the connection in time");
        } catch (IOException e) {
            closeQuietly(s);
            throw new ProbeDisconnectedException("cannot connect to gdbserver " + peer + ": " + e.getMessage(), e);
        } catch (TargetException | RuntimeException e) {
            closeQuietly(s);
            throw e;
        }
    }

    /** For tests: a target over an already connected channel (no socket). */
    static GdbRemoteTarget over(RspChannel channel, String peer, GdbTargetOptions options) throws TargetException {
        return new GdbRemoteTarget(null, channel, peer, options);
    }

    /** The server's qSupported reply. */
    public String supportedFeatures() {
        return supported;
    }

    public int packetSize() {
        return packetSize;
    }

    /** The reply to the last {@code ?} or the last stop (e.g. {@code S05} or {@code T05...}). */
    public String lastStopReply() {
        return lastStopReply;
    }

    private Optional<String> feature(String name) {
        for (String f : supported.split(";")) {
            if (f.startsWith(name + "=")) {
                return Optional.of(f.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    // ============================================================================================ target description

    private TargetDescription readDescription() throws TargetException {
        TargetDescription d = TargetDescription.parse(readXfer("target.xml"), 0);
        for (String inc : d.includes()) {
            d = d.merge(TargetDescription.parse(readXfer(inc), d.nextNumber()));
        }
        return d.registerNumbers().isEmpty() ? TargetDescription.legacyArm() : d;
    }

    /** qXfer:features:read in chunks: 'm' = more follows, 'l' = last chunk. */
    private String readXfer(String annex) throws TargetException {
        StringBuilder sb = new StringBuilder();
        int chunk = Math.max(64, packetSize - 16);
        while (true) {
            String r = rsp.request(String.format("qXfer:features:read:%s:%x,%x", annex, sb.length(), chunk));
            if (r.isEmpty() || r.startsWith("E")) {
                throw new GdbProtocolException(peer + " cannot read target description " + annex + ": '" + r + "'");
            }
            sb.append(r, 1, r.length());
            if (r.charAt(0) == 'l') {
                return sb.toString();
            }
            if (r.length() == 1) {
                return sb.toString();
            }
        }
    }

    // ============================================================================================ DebugTarget

    @Override
    public MemoryAccess memory() {
        return this;
    }

    @Override
    public CoreControl core() {
        return this;
    }

    /** RSP has no way to ask for the target voltage: unknown (never 0 V, which would read as an unpowered board). */
    @Override
    public int targetVoltageMillivolts() {
        return VOLTAGE_UNKNOWN;
    }

    @Override
    public String describe() {
        return "gdbserver " + peer;
    }

    @Override
    public boolean supportsStreamingFlashWrites() {
        return false;
    }

    // ============================================================================================ memory

    private void requireStopped(String what) throws TargetException {
        if (closed) {
            throw new ProbeDisconnectedException("gdbserver " + peer + " connection is closed");
        }
        pollStop();
        if (continuing) {
            throw new TargetException("cannot " + what + " through gdbserver " + peer
                    + " while the core runs under the debugger's 'continue': halt it first");
        }
    }

    @Override
    public void read(long address, byte[] buffer, int offset, int length, AccessWidth width) throws TargetException {
        requireStopped("read memory");
        int max = chunkLimit((packetSize - 8) / 2, width);
        int done = 0;
        while (done < length) {
            int n = Math.min(max, length - done);
            long a = address + done;
            String r = rsp.request(String.format("m%x,%x", a, n));
            if (r.startsWith("E") && r.length() == 3 || r.isEmpty()) {
                throw new BusFaultException(a, "gdbserver " + peer + " refused the read (" + (r.isEmpty() ? "not supported" : r) + ")");
            }
            byte[] data;
            try {
                data = HexFormat.of().parseHex(r);
            } catch (IllegalArgumentException e) {
                throw new GdbProtocolException(peer + " sent a malformed memory reply: " + r);
            }
            if (data.length == 0) {
                throw new BusFaultException(a, "gdbserver " + peer + " returned no data");
            }
            int got = Math.min(data.length, n); // a short reply means the rest is not readable
            System.arraycopy(data, 0, buffer, offset + done, got);
            done += got;
        }
    }

    @Override
    public void write(long address, byte[] data, int offset, int length, AccessWidth width) throws TargetException {
        requireStopped("write memory");
        if (binaryWrites == null) {
            String probe = rsp.request(String.format("X%x,0:", address));
            binaryWrites = "OK".equals(probe);
        }
        int max = chunkLimit(binaryWrites ? (packetSize - 32) / 2 : (packetSize - 32) / 2, width);
        int done = 0;
        while (done < length) {
            int n = Math.min(max, length - done);
            long a = address + done;
            String r;
            if (binaryWrites) {
                ByteArrayOutputStream p = new ByteArrayOutputStream();
                p.writeBytes(String.format("X%x,%x:", a, n).getBytes(StandardCharsets.ISO_8859_1));
                p.writeBytes(RspChannel.escapeBinary(data, offset + done, n));
                rsp.send(p.toByteArray());
                r = rsp.receiveReply();
            } else {
                r = rsp.request(String.format("M%x,%x:%s", a, n,
                        HexFormat.of().formatHex(data, offset + done, offset + done + n)));
            }
            if (!"OK".equals(r)) {
                throw new BusFaultException(a, "gdbserver " + peer + " refused the write (" + (r.isEmpty() ? "not supported" : r) + ")");
            }
            done += n;
        }
    }

    private static int chunkLimit(int byPacket, AccessWidth width) {
        int w = width.bytes();
        return Math.max(w, byPacket / w * w);
    }

    // ============================================================================================ core control

    @Override
    public void halt() throws TargetException {
        pollStop();
        if (continuing) {
            rsp.interrupt();
            awaitStop();
        } else if (runningAfterReset) {
            // the core runs after "monitor reset run" but the protocol is stopped (no 'c' outstanding), so the
            // interrupt would go unanswered: halt it the Cortex-M way, through DHCSR (ARMv7-M ARM C1.6.2)
            write32(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_HALT));
            runningAfterReset = false;
        }
    }

    @Override
    public void run() throws TargetException {
        requireStopped("resume");
        rsp.send("c");
        continuing = true;
        runningAfterReset = false;
    }

    @Override
    public boolean isHalted() throws TargetException {
        pollStop();
        if (continuing) {
            return false;
        }
        if (runningAfterReset) {
            return DHCSR_S_HALT.isSet(read32(DHCSR.address()));
        }
        return true;
    }

    @Override
    public void reset(ResetKind kind) throws TargetException {
        requireStopped("reset");
        monitor(options.resetRunCommand());
        runningAfterReset = true;
    }

    @Override
    public void resetAndHalt(ResetKind kind) throws TargetException {
        requireStopped("reset");
        monitor(options.resetHaltCommand());
        runningAfterReset = false;
        lastStopReply = rsp.requestStop("?");
    }

    @Override
    public int readCoreRegister(int regsel) throws TargetException {
        requireStopped("read a core register");
        int n = registerNumber(regsel);
        String r = rsp.request(String.format("p%x", n));
        if (r.isEmpty() || r.startsWith("E") && r.length() == 3 || r.length() < 8) {
            throw new GdbProtocolException(peer + " cannot read register " + n + ": '" + r + "'");
        }
        byte[] b = HexFormat.of().parseHex(r.substring(0, 8)); // target byte order: little-endian
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    @Override
    public void writeCoreRegister(int regsel, int value) throws TargetException {
        requireStopped("write a core register");
        int n = registerNumber(regsel);
        byte[] le = { (byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24) };
        String r = rsp.request(String.format("P%x=%s", n, HexFormat.of().formatHex(le)));
        if (!"OK".equals(r)) {
            throw new GdbProtocolException(peer + " cannot write register " + n + ": '" + r + "'");
        }
    }

    /** GDB register number of DCRSR register selector {@code regsel} (by name, see {@link TargetDescription}). */
    int registerNumber(int regsel) throws TargetException {
        String name;
        if (regsel >= 0 && regsel <= 12) {
            name = "r" + regsel;
        } else if (regsel == REGSEL_SP) {
            name = "sp";
        } else if (regsel == REGSEL_LR) {
            name = "lr";
        } else if (regsel == REGSEL_PC) {
            name = "pc";
        } else if (regsel == REGSEL_XPSR) {
            name = "xpsr";
        } else if (regsel == REGSEL_MSP) {
            name = "msp";
        } else if (regsel == REGSEL_PSP) {
            name = "psp";
        } else {
            throw new GdbProtocolException("core register selector " + regsel + " has no GDB register name here");
        }
        Optional<Integer> n = registers.number(name).or(() -> name.equals("xpsr") ? registers.number("cpsr")
                : Optional.empty());
        return n.orElseThrow(() -> new GdbProtocolException(peer + "'s target description has no register " + name));
    }

    /**
     * Runs a server command ({@code monitor <command>} in GDB) and returns its console output. An {@code E} reply
     * or an empty reply (command channel not supported) is a {@link GdbProtocolException}.
     */
    public String monitor(String command) throws TargetException {
        requireStopped("run a monitor command");
        rsp.send("qRcmd," + HexFormat.of().formatHex(command.getBytes(StandardCharsets.UTF_8)));
        StringBuilder console = new StringBuilder();
        while (true) {
            String r = rsp.receiveReply();
            if (r.equals("OK")) {
                return console.toString();
            }
            if (r.isEmpty()) {
                throw new GdbProtocolException(peer + " does not support monitor commands (qRcmd)");
            }
            if (r.startsWith("E") && r.length() == 3) {
                throw new GdbProtocolException(peer + " refused monitor command '" + command + "': " + r
                        + (console.length() > 0 ? " (" + console.toString().trim() + ")" : ""));
            }
            if (r.startsWith("O")) {
                console.append(hexText(r.substring(1)));
            } else {
                console.append(hexText(r)); // some servers answer with the output itself, without OK
                return console.toString();
            }
        }
    }

    private static String hexText(String hex) {
        try {
            return new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return hex;
        }
    }

    /** Consumes a stop reply that arrived while continuing. */
    private void pollStop() throws TargetException {
        while (continuing && rsp.hasInput()) {
            handleStopPacket(rsp.receiveString());
        }
    }

    private void awaitStop() throws TargetException {
        while (continuing) {
            handleStopPacket(rsp.receiveString());
        }
    }

    private void handleStopPacket(String p) throws TargetException {
        if (p.startsWith("S") || p.startsWith("T")) {
            continuing = false;
            lastStopReply = p;
        } else if (p.startsWith("W") || p.startsWith("X")) {
            continuing = false;
            lastStopReply = p;
            throw new ProbeDisconnectedException("gdbserver " + peer + " reports the target exited: " + p);
        } else if (!p.startsWith("O")) {
            throw new GdbProtocolException(peer + " sent '" + p + "' while the core was running");
        }
    }

    // ============================================================================================ close

    /** Detaches (the server lets the core run as it is) and closes the connection. */
    @Override
    public void close() throws TargetException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (continuing) {
                rsp.interrupt();
                awaitStop();
            }
            rsp.request("D");
        } catch (TargetException e) {
            // the connection is going away anyway
        } finally {
            if (socket != null) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    @Override
    public String toString() {
        return describe().toLowerCase(Locale.ROOT);
    }
}
