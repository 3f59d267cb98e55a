package dev.flashbank.integration.tests.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import dev.flashbank.core.gdb.RspChannel;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.integration.tests.jtag.ExternalTool;

/**
 * One QEMU run of a corpus program, frozen at reset ({@code -S}) with its gdbstub on a free port, driven through
 * core's RSP framing ({@link RspChannel}): single steps ({@code s}), the general registers ({@code g}), memory
 * ({@code m}), a breakpoint ({@code Z0}) and continue. Optionally with the per-instruction register log
 * ({@code -singlestep -d cpu[,fpu],nochain -D log}) that {@link QemuCpuLog} reads.
 */
final class QemuMachine implements AutoCloseable {

    private final ExternalTool qemu;
    private final Socket socket;
    private final RspChannel rsp;

    private QemuMachine(ExternalTool qemu, Socket socket) throws IOException {
        this.qemu = qemu;
        this.socket = socket;
        this.rsp = new RspChannel(socket.getInputStream(), socket.getOutputStream(), "qemu");
    }

    /** Starts QEMU on {@code machine} with {@code elf}; with a non-null {@code log} it writes the register log. */
    static QemuMachine start(String machine, Path elf, Path log, boolean logFp) throws Exception {
        String exe = ExternalTool.require("qemu-system-arm", "qemu-system-arm").toString();
        int port = ExternalTool.freePort();
        List<String> cmd = new ArrayList<>(List.of(exe, "-M", machine, "-S", "-gdb", "tcp:127.0.0.1:" + port,
                "-nographic", "-monitor", "none", "-serial", "null", "-kernel", elf.toString()));
        if (log != null) {
            cmd.addAll(List.of("-singlestep", "-d", logFp ? "cpu,fpu,nochain" : "cpu,nochain", "-D", log.toString()));
        }
        ExternalTool qemu = ExternalTool.start("qemu", cmd);
        Socket s = connect(port, Duration.ofSeconds(20), qemu);
        QemuMachine m = new QemuMachine(qemu, s);
        m.rsp.request("qSupported");
        // step with interrupts enabled: QEMU's default (SSTEP_NOIRQ) would never take a pended PendSV while stepping
        String r = m.rsp.request("Qqemu.sstep=1");
        if (!"OK".equals(r)) {
            fail("QEMU refused Qqemu.sstep=1: " + r);
        }
        return m;
    }

    private static Socket connect(int port, Duration timeout, ExternalTool qemu) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                s.setSoTimeout(120_000);
                return s;
            } catch (IOException e) {
                s.close();
                if (System.nanoTime() > deadline || !qemu.isAlive()) {
                    return fail("QEMU's gdbstub does not listen on " + port + ": " + qemu.output());
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // retry interval of a deadline-bound wait
            }
        }
    }

    /** R0-R15 and xPSR from a {@code g} reply in GDB's legacy ARM layout (r0-r15, f0-f7, fps, xpsr). */
    int[] registers() throws TargetException {
        String g = rsp.request("g");
        if (g.length() < 16 * 8 + 8 * 24 + 2 * 8) {
            fail("short g reply from QEMU: " + g);
        }
        int[] v = new int[17];
        for (int i = 0; i < 16; i++) {
            v[i] = le32(g, i * 8);
        }
        v[16] = le32(g, 16 * 8 + 8 * 24 + 8);
        return v;
    }

    private static int le32(String hex, int at) {
        return Integer.reverseBytes(Integer.parseUnsignedInt(hex, at, at + 8, 16));
    }

    void step() throws TargetException {
        String stop = rsp.requestStop("s");
        if (!stop.startsWith("T05") && !stop.startsWith("S05")) {
            fail("QEMU's single step stopped with " + stop);
        }
    }

    /** Runs to {@code address} (a breakpoint there) and waits up to a minute for the stop. */
    void runTo(int address) throws TargetException {
        String r = rsp.request(String.format("Z0,%x,2", address));
        if (!"OK".equals(r)) {
            fail("QEMU refused a breakpoint at " + Integer.toHexString(address) + ": " + r);
        }
        String stop = rsp.requestStop("c");
        if (!stop.startsWith("T05") && !stop.startsWith("S05")) {
            fail("QEMU stopped with " + stop + " instead of the breakpoint at " + Integer.toHexString(address));
        }
    }

    byte[] read(int address, int length) throws TargetException {
        byte[] out = new byte[length];
        for (int done = 0; done < length;) {
            int n = Math.min(0x400, length - done);
            String r = rsp.request(String.format("m%x,%x", address + done, n));
            if (r.length() != 2 * n) {
                fail("QEMU cannot read memory at " + Integer.toHexString(address + done) + ": " + r);
            }
            System.arraycopy(HexFormat.of().parseHex(r), 0, out, done, n);
            done += n;
        }
        return out;
    }

    /** Ends QEMU (gdb's {@code k}), which flushes and closes its log, and waits for it to exit. */
    @Override
    public void close() throws Exception {
        try {
            rsp.send("k");
        } catch (TargetException e) {
            // QEMU may close the connection before acknowledging
        }
        qemu.stop(Duration.ofSeconds(10));
        socket.close();
    }
}
