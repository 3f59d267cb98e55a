package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flashbank sim serve --stlink-port} as a user runs it: two board files served as two emulated ST-Links on the
 * stlink-server protocol, each by its board's serial, while both files stay locked; a second {@code flashbank} process
 * reaches each board through {@code --probe tcp:127.0.0.1:<port>/<serial>}; stopping the server saves and releases
 * the boards. Also the target syntax: {@code --probe tcp:} and the registry's {@code stlink:tcp:} checked before any
 * connection.
 */
class SimServeStlinkTest {

    @TempDir
    Path tmp;

    CliProcess cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = CliProcess.in(tmp);
    }

    @Test
    void twoBoardsAreTwoProbesByTheirSerialsWhileTheirFilesStayLocked() throws Exception {
        Path a = tmp.resolve("a.fbboard");
        Path b = tmp.resolve("b.fbboard");
        for (Path f : List.of(a, b)) {
            var c = cli.run("board", "create", "--dual-bank", "--file", f.toString());
            assertThat(c.exitCode()).as(c.err()).isZero();
        }
        String serialA = serial(a), serialB = serial(b);
        assertThat(serialA).isNotEqualTo(serialB);

        List<String> cmd = new ArrayList<>(cli.command());
        cmd.addAll(List.of("sim", "serve", "--stlink-port", "0", "--time-scale", "100", "--board", a.toString(),
                "--board", b.toString()));
        Process server = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder printed = new StringBuilder();
        BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String rest;
        try {
            for (String line = r.readLine(); line != null && !line.equals("Ctrl-C to stop"); line = r.readLine()) {
                printed.append(line).append('\n');
            }
            Matcher m = Pattern.compile("stlink-server protocol at 127\\.0\\.0\\.1:(\\d+)").matcher(printed);
            assertThat(m.find()).as(printed.toString()).isTrue();
            int port = Integer.parseInt(m.group(1));
            // the command lines a user copies: OpenOCD's hla over the TCP backend, and Flashbank's own client
            assertThat(printed).contains("hla_stlink_backend tcp " + port).contains("adapter serial " + serialA)
                    .contains("hla_vid_pid 0x0483 0x374b")
                    .contains("-f interface/stlink-dap.cfg -c 'st-link backend tcp " + port + "'")
                    .contains("transport select dapdirect_swd").contains("-f target/stm32f7x.cfg")
                    .contains("flashbank info --probe tcp:127.0.0.1:" + port + "/" + serialB);

            // each board through its probe
            var infoB = cli.run("info", "--json", "--probe", "tcp:127.0.0.1:" + port + "/" + serialB);
            assertThat(infoB.exitCode()).as(infoB.err()).isZero();
            assertThat(infoB.out()).contains("\"bankMode\": \"DUAL\"").contains(serialB);
            // without a serial the server lists two: the user is told which
            var any = cli.run("info", "--probe", "tcp:127.0.0.1:" + port);
            assertThat(any.exitCode()).isEqualTo(5);
            assertThat(any.err()).contains("lists 2 ST-Link probes").contains(serialA).contains(serialB);
            // the board file itself is held by the server: one writer per board
            var direct = cli.run("info", "--no-wait", "--target", "sim:@" + a);
            assertThat(direct.exitCode()).as(direct.err()).isEqualTo(5);
            assertThat(direct.err()).contains("flashbank sim serve");
        } finally {
            // SIGTERM (Ctrl-C alike): the shutdown hook stops the server and saves the boards. Through the process
            // handle, which leaves the output stream open (Process.destroy closes it) for what the hook prints
            server.toHandle().destroy();
            rest = new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(rest).contains("board " + a + " saved (if it changed) and released")
                .contains("board " + b + " saved (if it changed) and released");
        var after = cli.run("info", "--no-wait", "--target", "sim:@" + a);
        assertThat(after.exitCode()).as("released: " + after.err()).isZero();
    }

    @Test
    void serveRefusesWhatItCannotServe() throws Exception {
        Path a = tmp.resolve("a.fbboard");
        assertThat(cli.run("board", "create", "--file", a.toString()).exitCode()).isZero();
        var twice = cli.run("sim", "serve", "--stlink-port", "0", "--board", a.toString(), "--board", a.toString());
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("the same --board is given twice");
        Path copy = Files.copy(a, tmp.resolve("copy.fbboard"));
        var sameSerial = cli.run("sim", "serve", "--stlink-port", "0", "--board", a.toString(), "--board",
                copy.toString());
        assertThat(sameSerial.exitCode()).isEqualTo(2);
        assertThat(sameSerial.err()).contains("have the same probe serial");
        var jtagTwo = cli.run("sim", "serve", "--jtag-port", "0", "--board", a.toString(), "--board", copy.toString());
        assertThat(jtagTwo.exitCode()).isEqualTo(2);
        assertThat(jtagTwo.err()).contains("remote_bitbang JTAG serves one board");
        // board time slower than real time would outlast the debuggers' erase budgets: refused, and the help says so
        var slow = cli.run("sim", "serve", "--stlink-port", "0", "--time-scale", "0.5", "--board", a.toString());
        assertThat(slow.exitCode()).isEqualTo(2);
        assertThat(slow.err()).contains("--time-scale 0.5 is below 1 (real time): debuggers wait for a flash erase by"
                + " the wall clock").doesNotContain("may not fall behind");
        var help = cli.run("sim", "serve", "--help");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("Below 1 is refused: debuggers wait for a flash erase")
                .contains("board time falls behind the scaled wall clock");
    }

    @Test
    void aServerAddressIsCheckedBeforeConnecting() throws Exception {
        var noPort = cli.run("info", "--probe", "tcp:127.0.0.1");
        assertThat(noPort.exitCode()).isEqualTo(2);
        assertThat(noPort.err()).contains("'tcp:127.0.0.1' is not an stlink-server address")
                .contains("tcp:<host>:<port>[/<serial>]");
        // nothing listens on port 1: the probe is unreachable (exit 5), the server named
        var closed = cli.run("info", "--probe", "tcp:127.0.0.1:1/ABC");
        assertThat(closed.exitCode()).isEqualTo(5);
        assertThat(closed.err()).contains("stlink-server 127.0.0.1:1");

        Path registry = tmp.resolve("targets.fbtargets");
        Files.writeString(registry, "shared = stlink:tcp:127.0.0.1:1/ABC\nbad = stlink:tcp:localhost\n");
        var shared = cli.run("info", "--target-registry", registry.toString(), "--target", "shared");
        assertThat(shared.exitCode()).as(shared.err()).isEqualTo(2); // the registry has a bad line: named, file:line
        assertThat(shared.err()).contains(registry + ":2").contains("not an stlink-server address");
        Files.writeString(registry, "shared = stlink:tcp:127.0.0.1:1/ABC\n");
        var ok = cli.run("info", "--target-registry", registry.toString(), "--target", "shared");
        assertThat(ok.exitCode()).isEqualTo(5);
        assertThat(ok.err()).contains("cannot connect to stlink-server 127.0.0.1:1");
    }

    /** The probe serial of a board file, as {@code board show --json} prints it. */
    private String serial(Path board) throws Exception {
        var show = cli.run("board", "show", "--json", "--target", "sim:@" + board);
        assertThat(show.exitCode()).as(show.err()).isZero();
        Matcher m = Pattern.compile("\"serial\": \"([A-Z0-9]+)\"").matcher(show.out());
        assertThat(m.find()).as(show.out()).isTrue();
        return m.group(1);
    }
}
