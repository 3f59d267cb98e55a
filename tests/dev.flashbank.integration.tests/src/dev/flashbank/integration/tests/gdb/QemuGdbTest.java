package dev.flashbank.integration.tests.gdb;

import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_PC;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_XPSR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.gdb.GdbRemoteTarget;
import dev.flashbank.core.gdb.GdbTargetOptions;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.integration.tests.jtag.ExternalTool;

/**
 * Issue 10 acceptance: Flashbank's GDB RSP transport against QEMU's gdbstub ({@code qemu-system-arm -M netduinoplus2
 * -S -gdb tcp:127.0.0.1:PORT}) running the committed sample image {@code qemu/counter.elf} (sources and build script
 * next to it): the reset handler counts up the word at 0x2000_0000 forever.
 */
class QemuGdbTest {

    static final long COUNTER = 0x2000_0000L;
    static final long RESET_HANDLER = 0x0800_0008L; // counter.S: right after the two vector words

    ExternalTool qemu;
    GdbRemoteTarget gdb;
    int port;

    @BeforeEach
    void start() throws Exception {
        String exe = ExternalTool.require("qemu-system-arm", "qemu-system-arm").toString();
        port = ExternalTool.freePort();
        qemu = ExternalTool.start("qemu", List.of(exe, "-M", "netduinoplus2", "-S", "-gdb", "tcp:127.0.0.1:" + port,
                "-nographic", "-monitor", "none", "-serial", "null", "-kernel", sampleImage().toString()));
        awaitPort(port, Duration.ofSeconds(20));
        gdb = GdbRemoteTarget.connect("127.0.0.1", port, GdbTargetOptions.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (gdb != null) {
                gdb.close();
            }
        } finally {
            if (qemu != null) {
                qemu.close();
            }
        }
    }

    @Test
    void handshakeAndStoppedAtTheResetVector() throws Exception {
        assertThat(gdb.supportedFeatures()).contains("PacketSize=").contains("qXfer:features:read+");
        assertThat(gdb.packetSize()).isGreaterThan(256);
        assertThat(gdb.lastStopReply()).matches("[ST]05.*");
        assertThat(gdb.core().isHalted()).isTrue();
        assertThat(gdb.core().readCoreRegister(REGSEL_PC)).isEqualTo((int) RESET_HANDLER);
        // xPSR is register 25 in QEMU's description (GDB's legacy ARM layout): the Thumb bit proves the mapping
        assertThat(gdb.core().readCoreRegister(REGSEL_XPSR) & (1 << 24)).isNotZero();
    }

    @Test
    void readsTheImageAndWritesMemory() throws Exception {
        byte[] elfVectors = { 0x00, 0x10, 0x00, 0x20, 0x09, 0x00, 0x00, 0x08 };
        assertThat(gdb.memory().read(0x0800_0000L, 8, AccessWidth.WORD)).isEqualTo(elfVectors);
        assertThat(gdb.memory().read32(0x0800_0004L)).isEqualTo((int) RESET_HANDLER | 1);

        // every byte value, including the ones RSP must escape in X packets ($ # } *), in a block larger than a packet
        byte[] data = new byte[6000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + i / 256);
        }
        gdb.memory().write(0x2000_0100L, data, 0, data.length, AccessWidth.WORD);
        assertThat(gdb.memory().read(0x2000_0100L, data.length, AccessWidth.WORD)).isEqualTo(data);
        gdb.memory().write16(0x2000_0102L, 0xBEEF);
        assertThat(gdb.memory().read16(0x2000_0102L)).isEqualTo(0xBEEF);
        gdb.memory().write8(0x2000_0105L, 0x5A);
        assertThat(gdb.memory().read8(0x2000_0105L)).isEqualTo(0x5A);
    }

    @Test
    void runsAndHalts() throws Exception {
        gdb.memory().write32(COUNTER, 0);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int counted = 0;
        while (counted == 0) {
            gdb.core().run();
            assertThat(gdb.core().isHalted()).isFalse();
            assertThatThrownBy(() -> gdb.memory().read32(COUNTER)).isInstanceOf(TargetException.class)
                    .hasMessageContaining("halt it first");
            gdb.core().halt();
            assertThat(gdb.core().isHalted()).isTrue();
            counted = gdb.memory().read32(COUNTER);
            if (System.nanoTime() > deadline) {
                fail("the counter never advanced while the core ran");
            }
        }
        int pc = gdb.core().readCoreRegister(REGSEL_PC);
        assertThat((long) pc).isBetween(RESET_HANDLER, RESET_HANDLER + 12);
        // stopped means stopped: the counter keeps its value
        assertThat(gdb.memory().read32(COUNTER)).isEqualTo(counted);
        // the debugger may move the core: PC back to the reset handler, r1 restarts the count
        gdb.core().writeCoreRegister(REGSEL_PC, (int) RESET_HANDLER);
        assertThat(gdb.core().readCoreRegister(REGSEL_PC)).isEqualTo((int) RESET_HANDLER);
    }

    /**
     * Issue 14 item 11: after a client detaches, QEMU lets the machine run and stops it again when the next client
     * connects, greeting that client with an unsolicited stop reply ({@code T02thread:01;}) before the
     * acknowledgement of its first packet; every connection after a detach must still succeed.
     */
    @Test
    void tenConnectionsInARowToOneServer() throws Exception {
        byte[] elfVectors = { 0x00, 0x10, 0x00, 0x20, 0x09, 0x00, 0x00, 0x08 };
        gdb.close();
        for (int i = 1; i <= 10; i++) {
            gdb = GdbRemoteTarget.connect("127.0.0.1", port, GdbTargetOptions.defaults());
            assertThat(gdb.supportedFeatures()).as("connection %d", i).contains("PacketSize=");
            assertThat(gdb.lastStopReply()).as("connection %d", i).matches("[ST]0[25].*");
            // identify the core (CPUID.PARTNO 0xC24 = Cortex-M4 of the netduinoplus2's STM32F405) and read the image
            assertThat(CortexM.CPUID_PARTNO.extract(gdb.memory().read32(CortexM.CPUID.address())))
                    .as("connection %d", i).isEqualTo(0xC24);
            assertThat(gdb.memory().read(0x0800_0000L, 8, AccessWidth.WORD)).as("connection %d", i)
                    .isEqualTo(elfVectors);
            gdb.close();
        }
        gdb = null;
    }

    @Test
    void aClosedServerIsADisconnectedProbe() throws Exception {
        qemu.close();
        assertThatThrownBy(() -> gdb.memory().read32(0x0800_0000L)).isInstanceOf(ProbeDisconnectedException.class);
    }

    /** counter.elf next to this class: from the test class path (Tycho) or the source tree (working directory). */
    static Path sampleImage() throws Exception {
        var url = QemuGdbTest.class.getResource("qemu/counter.elf");
        if (url != null && "file".equals(url.getProtocol())) {
            return Path.of(url.toURI());
        }
        String rel = "src/dev/flashbank/integration/tests/gdb/qemu/counter.elf";
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path p : List.of(dir.resolve(rel), dir.resolve("tests/dev.flashbank.integration.tests").resolve(rel))) {
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return fail("sample image " + rel + " not found from " + Path.of("").toAbsolutePath());
    }

    /** Waits until something accepts connections on 127.0.0.1:{@code port} (QEMU prints nothing when it listens). */
    static void awaitPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return; // QEMU's gdbstub takes one client; this probe is dropped and the stub listens again
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    fail("nothing listens on 127.0.0.1:" + port + " after " + timeout);
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // retry interval of a deadline-bound wait
            }
        }
    }
}
