package dev.flashbank.integration.tests.jtag;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenOCD 0.12 over {@code remote_bitbang} JTAG with a stock target configuration ({@link Target}: the
 * {@code target/stm32f7x.cfg} or {@code target/stm32h7x.cfg} of OpenOCD's scripts), driven through its Tcl RPC port
 * (commands terminated by 0x1A) so that a test can run one step, look at the simulated board with Flashbank's core,
 * and run the next step in the same OpenOCD session.
 * <p>
 * Configuration follows build-notes "OpenOCD 0.12 over remote_bitbang JTAG": no work area (OpenOCD's debugger-side
 * flash path, word by word; its default RAM-loader path, executed by the board's core, is
 * {@link OpenOcdFlashLoaderTest}'s), {@code reset-start}/{@code reset-init} overridden (the stock handlers change the
 * adapter speed and program the RCC), no SRST/TRST delays.
 */
public final class OpenOcd implements AutoCloseable {

    static final String DEBIAN_PACKAGE = "openocd";

    /**
     * A stock target configuration: the script, the Tcl settings it reads (given before it), and the name of the
     * Cortex-M target it creates (whose reset handlers are overridden).
     */
    public record Target(String script, List<String> settings, String cpu) {
        /** STM32F7: one flash bank (its driver reads the bank mode from the part). */
        public static final Target STM32F7 = new Target("target/stm32f7x.cfg", List.of(), "stm32f7x.cpu");
        /** STM32H7 with both flash banks declared ({@code DUAL_BANK}: without it OpenOCD knows bank 1 only). */
        public static final Target STM32H7_DUAL_BANK = new Target("target/stm32h7x.cfg", List.of("set DUAL_BANK 1"),
                "stm32h7x.cpu0");
    }
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final ExternalTool tool;
    private final Socket tcl;
    private final int gdbPort;

    private OpenOcd(ExternalTool tool, Socket tcl, int gdbPort) {
        this.tool = tool;
        this.tcl = tcl;
        this.gdbPort = gdbPort;
    }

    /** Starts OpenOCD with {@code target/stm32f7x.cfg}, see {@link #start(int, boolean, Target)}. */
    public static OpenOcd start(int bitbangPort, boolean withGdb) throws Exception {
        return start(bitbangPort, withGdb, Target.STM32F7);
    }

    /**
     * Starts OpenOCD with {@code target} against the remote_bitbang server on {@code bitbangPort}; {@code withGdb}
     * opens a gdb port.
     */
    public static OpenOcd start(int bitbangPort, boolean withGdb, Target target) throws Exception {
        return start(List.of(
                "adapter driver remote_bitbang",
                "remote_bitbang host 127.0.0.1",
                "remote_bitbang port " + bitbangPort,
                "transport select jtag",
                "set WORKAREASIZE 0"), List.of(
                "adapter srst delay 0",
                "jtag_ntrst_delay 0",
                target.cpu() + " configure -event reset-start {}",
                target.cpu() + " configure -event reset-init {}"), withGdb, target);
    }

    /**
     * Starts OpenOCD with any adapter: {@code adapter} are the commands before the target script (adapter driver and
     * its settings), {@code afterTarget} those after it (event overrides); then the Tcl port, optionally the gdb port,
     * and {@code init}.
     */
    public static OpenOcd start(List<String> adapter, List<String> afterTarget, boolean withGdb, Target target)
            throws Exception {
        String exe = ExternalTool.require("openocd", DEBIAN_PACKAGE).toString();
        int tclPort = ExternalTool.freePort();
        int gdbPort = withGdb ? ExternalTool.freePort() : -1;
        List<String> cmd = new ArrayList<>(List.of(exe));
        for (String c : adapter) {
            cmd.addAll(List.of("-c", c));
        }
        for (String setting : target.settings()) {
            cmd.addAll(List.of("-c", setting));
        }
        cmd.addAll(List.of("-f", target.script()));
        for (String c : afterTarget) {
            cmd.addAll(List.of("-c", c));
        }
        cmd.addAll(List.of(
                "-c", "bindto 127.0.0.1",
                "-c", "telnet_port disabled",
                "-c", "tcl_port " + tclPort,
                "-c", withGdb ? "gdb_port " + gdbPort : "gdb_port disabled",
                "-c", "init"));
        ExternalTool tool = ExternalTool.start("openocd", cmd);
        try {
            tool.awaitLine(l -> l.contains("for tcl connections"), STARTUP, "the Tcl server");
            if (withGdb) {
                tool.awaitLine(l -> l.contains("for gdb connections"), STARTUP, "the gdb server");
            }
            Socket s = new Socket(InetAddress.getLoopbackAddress(), tclPort);
            s.setSoTimeout((int) Duration.ofMinutes(3).toMillis());
            return new OpenOcd(tool, s, gdbPort);
        } catch (Throwable t) {
            tool.close();
            throw t;
        }
    }

    public int gdbPort() {
        return gdbPort;
    }

    public String log() {
        return tool.output();
    }

    ExternalTool process() {
        return tool;
    }

    /** Result of one Tcl command: whether it succeeded, and what it printed (command output and log). */
    public record Result(boolean ok, String output) {
    }

    /** Runs {@code command} (Tcl, braces balanced) and returns its result without judging it. */
    public Result exec(String command) throws IOException {
        String wrapped = "set _fb_rc [catch {capture {" + command + "}} _fb_out]; return \"$_fb_rc $_fb_out\"";
        OutputStream out = tcl.getOutputStream();
        out.write(wrapped.getBytes(StandardCharsets.UTF_8));
        out.write(0x1A);
        out.flush();
        InputStream in = tcl.getInputStream();
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != 0x1A) {
            if (c < 0) {
                return fail("OpenOCD closed the Tcl connection during '" + command + "'; log:\n" + log());
            }
            reply.write(c);
        }
        String r = reply.toString(StandardCharsets.UTF_8);
        int space = r.indexOf(' ');
        return new Result(r.startsWith("0"), space < 0 ? "" : r.substring(space + 1));
    }

    /** Runs {@code command} and fails the test with OpenOCD's output and log when it does not succeed. */
    public String ok(String command) throws IOException {
        Result r = exec(command);
        if (!r.ok()) {
            return fail("OpenOCD command failed: " + command + "\n" + r.output() + "\nlog:\n" + log());
        }
        return r.output();
    }

    /** Asks OpenOCD to shut down, then makes sure the process is gone. */
    @Override
    public void close() throws Exception {
        try {
            OutputStream out = tcl.getOutputStream();
            out.write("shutdown".getBytes(StandardCharsets.UTF_8));
            out.write(0x1A);
            out.flush();
        } catch (IOException e) {
            // already gone
        } finally {
            tcl.close();
            tool.stop(Duration.ofSeconds(5));
        }
    }
}
