package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.jtag.JtagTiming;
import dev.flashbank.sim.jtag.RemoteBitbangServer;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.GdbServerTarget;

/**
 * The Targets view adds a target by host:port of a running gdbserver and connects to it: here real OpenOCD 0.12
 * (installed by .ci/run) serving its gdb port in front of a simulated STM32F767ZI on remote_bitbang JTAG.
 */
class GdbServerTargetTest {

    private RemoteBitbangServer bitbang;
    private Process openocd;
    private final ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stopEverything() throws Exception {
        if (openocd != null) {
            openocd.destroy();
            openocd.waitFor();
        }
        if (bitbang != null) {
            bitbang.close();
        }
    }

    @Test
    void targetsViewConnectsThroughOpenOcdsGdbServer() throws Exception {
        assertThat(GdbServerTarget.validate("127.0.0.1:3333")).isNull();
        assertThat(GdbServerTarget.validate("3333")).contains("host:port");
        assertThat(GdbServerTarget.validate("localhost:99999")).contains("1-65535");

        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        bitbang = RemoteBitbangServer.start(board, 0, JtagTiming.REAL_TIME, s -> { });
        int gdbPort = freePort();
        Path openocdExe = List.of("/usr/bin/openocd", "/usr/local/bin/openocd").stream().map(Path::of)
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("openocd is not installed (Debian package 'openocd'; .ci/run installs it)"));
        openocd = new ProcessBuilder(openocdExe.toString(), "-c", "adapter driver remote_bitbang", "-c",
                "remote_bitbang host 127.0.0.1", "-c", "remote_bitbang port " + bitbang.port(), "-c",
                "transport select jtag", "-c", "set WORKAREASIZE 0", "-f", "target/stm32f7x.cfg", "-c",
                "bindto 127.0.0.1", "-c", "telnet_port disabled", "-c", "tcl_port disabled", "-c",
                "gdb_port " + gdbPort, "-c", "init").redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(openocd.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null;) {
                    output.add(l);
                }
            } catch (java.io.IOException e) {
                output.add("(output closed: " + e.getMessage() + ")");
            }
        }, "openocd output");
        reader.setDaemon(true);
        reader.start();
        Ui.pumpUntil("OpenOCD's gdb server", () -> output.stream().anyMatch(l -> l.contains("for gdb connections"))
                || !openocd.isAlive());
        assertThat(openocd.isAlive()).as(String.join("\n", output)).isTrue();

        Workbench wb = Workbench.open();
        GdbServerTarget t = wb.targets().addGdbServer("127.0.0.1:" + gdbPort);
        assertThat(wb.targets().manager().targets()).contains(t);
        wb.targets().select(t);
        TargetJob j = wb.targets().connect(t);
        Ui.join(j);
        assertThat(t.isConnected()).as("connected; problem: " + t.problem() + "\n" + String.join("\n", output)).isTrue();
        assertThat(t.connection().orElseThrow().identity().deviceId().devId()).isEqualTo(0x451);
        assertThat(t.partName()).contains("F767");
        Ui.pumpUntil("the list shows the connection", () -> t.busy() == null);
        wb.targets().select(t);
        Ui.drain();
        Screenshots.save(wb.window().getShell(), "targets-view-gdb-server");
        // a gdbserver cannot measure the supply (issue 14 item 11): "unknown" and x8, never "0.00 V"
        Ui.join(wb.targets().doctor(t));
        assertThat(wb.targets().detailsText()).contains("supply voltage unknown").contains("x8")
                .doesNotContain("0.00 V");
        Ui.join(wb.targets().disconnect(t));
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
