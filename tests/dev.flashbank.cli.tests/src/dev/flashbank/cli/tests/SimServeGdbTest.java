package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.gdb.GdbRemoteTarget;
import dev.flashbank.core.gdb.GdbTargetOptions;

/**
 * {@code flashbank sim serve --gdb-port} as a user runs it: two board files, a GDB server each on its own port with
 * the gdb-multiarch command line printed; Flashbank's GDB client writes RAM on one board and the other board does not
 * see it; stopping the server saves and releases both.
 */
class SimServeGdbTest {

    @TempDir
    Path tmp;

    @Test
    void everyBoardHasItsOwnGdbPort() throws Exception {
        CliProcess cli = CliProcess.in(tmp);
        Path a = tmp.resolve("a.fbboard");
        Path b = tmp.resolve("b.fbboard");
        for (Path f : List.of(a, b)) {
            var c = cli.run("board", "create", "--file", f.toString());
            assertThat(c.exitCode()).as(c.err()).isZero();
        }
        List<String> cmd = new ArrayList<>(cli.command());
        cmd.addAll(List.of("sim", "serve", "--gdb-port", "0", "--board", a.toString(), "--board", b.toString()));
        Process server = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder printed = new StringBuilder();
        BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String rest;
        try {
            for (String line = r.readLine(); line != null && !line.equals("Ctrl-C to stop"); line = r.readLine()) {
                printed.append(line).append('\n');
            }
            Matcher m = Pattern.compile("\\((.+)\\) to GDB on 127\\.0\\.0\\.1:(\\d+)\n  gdb-multiarch app\\.elf -ex"
                    + " 'target extended-remote :(\\d+)'").matcher(printed);
            List<Integer> ports = new ArrayList<>();
            List<String> files = new ArrayList<>();
            while (m.find()) {
                files.add(m.group(1));
                ports.add(Integer.parseInt(m.group(2)));
                assertThat(m.group(3)).isEqualTo(m.group(2));
            }
            assertThat(files).as(printed.toString()).containsExactly(a.toString(), b.toString());
            assertThat(ports.get(0)).isNotEqualTo(ports.get(1));

            long ram = 0x2000_0200L;
            try (GdbRemoteTarget ga = GdbRemoteTarget.connect("127.0.0.1", ports.get(0), GdbTargetOptions.defaults());
                    GdbRemoteTarget gb = GdbRemoteTarget.connect("127.0.0.1", ports.get(1), GdbTargetOptions.defaults())) {
                assertThat(ga.supportedFeatures()).contains("qXfer:memory-map:read+");
                int before = gb.memory().read32(ram);
                ga.memory().write32(ram, ~before);
                assertThat(ga.memory().read32(ram)).isEqualTo(~before);
                assertThat(gb.memory().read32(ram)).isEqualTo(before);
            }
        } finally {
            server.toHandle().destroy();
            rest = new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(rest).contains("board " + a + " saved (if it changed) and released")
                .contains("board " + b + " saved (if it changed) and released");
    }

    @Test
    void consecutivePortsMustFit() throws Exception {
        CliProcess cli = CliProcess.in(tmp);
        Path a = tmp.resolve("a.fbboard");
        Path b = tmp.resolve("b.fbboard");
        for (Path f : List.of(a, b)) {
            assertThat(cli.run("board", "create", "--file", f.toString()).exitCode()).isZero();
        }
        var tooHigh = cli.run("sim", "serve", "--gdb-port", "65535", "--board", a.toString(), "--board", b.toString());
        assertThat(tooHigh.exitCode()).isEqualTo(2);
        assertThat(tooHigh.err()).contains("--gdb-port 65535 leaves no port for board 2");
    }
}
