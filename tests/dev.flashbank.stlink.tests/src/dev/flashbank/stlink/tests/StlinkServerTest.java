package dev.flashbank.stlink.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetTimeoutException;
import dev.flashbank.stlink.Bytes;
import dev.flashbank.stlink.Cdb;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.StlinkTransportException;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;
import dev.flashbank.stlink.tcp.StlinkServer;
import dev.flashbank.stlink.tcp.StlinkServerProtocol;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.DeviceInfo;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.Direction;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.Status;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.UsbCommandHeader;
import dev.flashbank.stlink.tcp.StlinkServerTransport;

/**
 * Two emulated probes (each over its own fake Cortex-M target) behind {@link StlinkServer} on a loopback port: the
 * client transport opens each by serial and runs a whole session through it; raw sockets send what a careless
 * client might, and the server answers without losing the stream.
 */
class StlinkServerTest {

    static final String SERIAL_A = "0670FF3632524B3043205426";
    static final String SERIAL_B = "066DFF3732584B3043162731";

    final FakeCortexTarget targetA = new FakeCortexTarget();
    final FakeCortexTarget targetB = new FakeCortexTarget();
    final StlinkEmulator probeA = new StlinkEmulator(EmulatorConfig.v21(37), targetA);
    final StlinkEmulator probeB = new StlinkEmulator(EmulatorConfig.v3(7), targetB);
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    StlinkServer server;

    void start() throws IOException {
        server = StlinkServer.start(List.of(
                new StlinkServer.ServedProbe(SERIAL_A, StlinkProduct.VENDOR_ID, StlinkProduct.V2_1.productId(), probeA,
                        targetA),
                new StlinkServer.ServedProbe(SERIAL_B, StlinkProduct.VENDOR_ID, StlinkProduct.V3S.productId(), probeB,
                        targetB)),
                StlinkServer.DEFAULT_VERSION, 0, log::add);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eachProbeIsOpenedBySerialAndRunsASession() throws Exception {
        start();
        targetA.ram[0x10] = 0x5A;
        targetB.ram[0x10] = (byte) 0xA5;
        try (StlinkServerTransport a = StlinkServerTransport.open("127.0.0.1", server.port(), SERIAL_A, 1000);
                StlinkServerTransport b = StlinkServerTransport.open("127.0.0.1", server.port(), "162731", 1000)) {
            assertThat(a.serverVersion()).isEqualTo(StlinkServer.DEFAULT_VERSION);
            assertThat(a.device()).isEqualTo(new DeviceInfo(1, SERIAL_A, 0x0483, 0x374B, false));
            assertThat(b.device().serial()).as("a unique part of the serial").isEqualTo(SERIAL_B);
            assertThat(a.describe()).isEqualTo("ST-Link " + SERIAL_A + " via stlink-server 127.0.0.1:" + server.port());

            StlinkSession sa = StlinkSession.open(a, StlinkSessionOptions.defaults().withClock(probeA.clock()));
            StlinkSession sb = StlinkSession.open(b, StlinkSessionOptions.defaults().withClock(probeB.clock()));
            assertThat(sa.version().hardware()).isEqualTo(2);
            assertThat(sb.version().hardware()).isEqualTo(3);
            sa.connect(StlinkSession.ConnectMode.NORMAL);
            sb.connect(StlinkSession.ConnectMode.NORMAL);
            assertThat(sa.readMemory(FakeCortexTarget.RAM, 32, AccessWidth.WORD)[0x10]).isEqualTo((byte) 0x5A);
            assertThat(sb.readMemory(FakeCortexTarget.RAM, 32, AccessWidth.WORD)[0x10]).isEqualTo((byte) 0xA5);
            byte[] data = new byte[3000]; // several memory commands with OUT data phases, and 8-bit tails
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 13 + 1);
            }
            sa.writeBytes(FakeCortexTarget.RAM + 1, data, 0, data.length);
            assertThat(java.util.Arrays.copyOfRange(targetA.ram, 1, 1 + data.length)).isEqualTo(data);
            byte[] back = new byte[data.length];
            sa.readBytes(FakeCortexTarget.RAM + 1, back, 0, back.length);
            assertThat(back).isEqualTo(data);
            assertThat(targetB.ram[1]).as("the other board is untouched").isZero();
            sa.close();
            sb.close();
        }
        assertThat(probeA.violations()).isEmpty();
        assertThat(probeB.violations()).isEmpty();
        assertThat(server.violations()).isEmpty();
        assertThat(server.usbCommands()).isGreaterThan(10);
    }

    @Test
    void twoClientsShareOneProbe() throws Exception {
        start();
        try (StlinkServerTransport first = StlinkServerTransport.open("127.0.0.1", server.port(), SERIAL_A, 1000);
                StlinkServerTransport second = StlinkServerTransport.open("127.0.0.1", server.port(), SERIAL_A, 1000)) {
            StlinkSession s1 = StlinkSession.open(first, StlinkSessionOptions.defaults().withClock(probeA.clock()));
            s1.connect(StlinkSession.ConnectMode.NORMAL);
            s1.writeMemory(FakeCortexTarget.RAM, new byte[] { 1, 2, 3, 4 }, 0, 4, AccessWidth.WORD);
            // the second client talks to the same probe in its debug mode, as a second IDE would through stlink-server
            byte[] in = second.exchange(Cdb.debug(StlinkCommands.DEBUG_READMEM_32BIT).u32(FakeCortexTarget.RAM)
                    .u16(4).bytes(), null, 4, 1000);
            assertThat(in).containsExactly(1, 2, 3, 4);
        }
        assertThat(server.violations()).isEmpty();
    }

    @Test
    void choosingAProbeNamesWhatTheServerLists() throws Exception {
        start();
        assertThatThrownBy(() -> StlinkServerTransport.open("127.0.0.1", server.port(), "", 1000))
                .isInstanceOf(StlinkTransportException.class).hasMessageContaining("lists 2 ST-Link probes")
                .hasMessageContaining(SERIAL_A).hasMessageContaining(SERIAL_B);
        assertThatThrownBy(() -> StlinkServerTransport.open("127.0.0.1", server.port(), "NOPE", 1000))
                .isInstanceOf(StlinkTransportException.class).hasMessageContaining("no ST-Link probe with serial 'NOPE'");
        assertThatThrownBy(() -> StlinkServerTransport.open("127.0.0.1", server.port(), "FF3", 1000))
                .hasMessageContaining("several ST-Link probes matching 'FF3'");
        int port = server.port();
        server.close();
        server = null;
        assertThatThrownBy(() -> StlinkServerTransport.open("127.0.0.1", port, SERIAL_A, 1000))
                .isInstanceOf(StlinkTransportException.class).hasMessageContaining("cannot connect to stlink-server");
    }

    @Test
    void aClosedServerIsADisconnectedProbe() throws Exception {
        start();
        StlinkServerTransport t = StlinkServerTransport.open("127.0.0.1", server.port(), SERIAL_A, 1000);
        server.close();
        server = null;
        assertThatThrownBy(() -> t.exchange(Cdb.of(StlinkCommands.GET_VERSION).bytes(), null,
                StlinkCommands.GET_VERSION_REPLY, 1000)).isInstanceOf(ProbeDisconnectedException.class);
        assertThatThrownBy(() -> t.exchange(Cdb.of(StlinkCommands.GET_VERSION).bytes(), null,
                StlinkCommands.GET_VERSION_REPLY, 1000)).isInstanceOf(ProbeDisconnectedException.class);
        t.close();
    }

    @Test
    void aServerThatStopsAnsweringIsReportedAfterTheAnswerTimeoutNotTheProbes() throws Exception {
        start();
        try (StlinkServerTransport t = StlinkServerTransport.open("127.0.0.1", server.port(), SERIAL_A, 300)) {
            // the server's thread waits for the probe, which this thread holds: the server hangs with the
            // connection open
            synchronized (targetA) {
                assertThatThrownBy(() -> t.exchange(Cdb.of(StlinkCommands.GET_VERSION).bytes(), null,
                        StlinkCommands.GET_VERSION_REPLY, 100)).isInstanceOf(TargetTimeoutException.class)
                        .hasMessageContaining("did not answer within 300 ms");
            }
            // the stream can no longer be trusted: the connection is given up
            assertThatThrownBy(() -> t.exchange(Cdb.of(StlinkCommands.GET_VERSION).bytes(), null,
                    StlinkCommands.GET_VERSION_REPLY, 100)).isInstanceOf(ProbeDisconnectedException.class);
        }
        assertThat(StlinkServerTransport.DEFAULT_ANSWER_TIMEOUT_MILLIS).as("the default outwaits the probe's own")
                .isGreaterThan(StlinkSessionOptions.DEFAULT_COMMAND_TIMEOUT_MILLIS);
    }

    @Test
    void aCommandBlockMovesDataOneWay() throws Exception {
        start();
        try (StlinkServerTransport t = StlinkServerTransport.open("127.0.0.1", server.port(), SERIAL_A, 1000)) {
            assertThatThrownBy(() -> t.exchange(new byte[16], new byte[4], 2, 1000))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void wrongRequestsAreAnsweredAndTheStreamStaysFramed() throws Exception {
        start();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();

            assertThat(call(out, in, StlinkServerProtocol.deviceCountRequest(), 4)).containsExactly(2, 0, 0, 0);
            // GET_NB_OF_DEV_CLIENTS: not served, a lone status
            assertThat(Bytes.le32(call(out, in, new byte[] { 0x07 }, 4), 0)).isEqualTo(Status.CMD_NOT_AVAILABLE.code());
            // a READ on a connection id never opened: the status and the bytes the client waits for
            byte[] reply = call(out, in, new UsbCommandHeader(99, Cdb.of(StlinkCommands.GET_VERSION).bytes(),
                    Direction.READ, 6).encode(), 10);
            assertThat(Bytes.le32(reply, 0)).isEqualTo(Status.BAD_PARAMETER.code());
            assertThat(Bytes.le32(call(out, in, StlinkServerProtocol.closeRequest(99), 4), 0))
                    .isEqualTo(Status.BAD_PARAMETER.code());
            byte[] info = call(out, in, StlinkServerProtocol.deviceInfoRequest(5), 45);
            assertThat(Bytes.le32(info, 0)).isEqualTo(Status.BAD_PARAMETER.code());
            assertThat(Bytes.le32(call(out, in, StlinkServerProtocol.openRequest(77), 8), 0))
                    .isEqualTo(Status.BAD_PARAMETER.code());

            // after all that the stream is still framed: open probe B and ask its version
            byte[] opened = call(out, in, StlinkServerProtocol.openRequest(2), 8);
            assertThat(Bytes.le32(opened, 0)).isEqualTo(Status.OK.code());
            byte[] version = call(out, in, new UsbCommandHeader(Bytes.le32(opened, 4),
                    Cdb.of(StlinkCommands.GET_VERSION).bytes(), Direction.READ, 6).encode(), 10);
            assertThat(Bytes.le32(version, 0)).isEqualTo(Status.OK.code());
            assertThat(version[4] >> 4).as("hardware version in GET_VERSION's first byte").isEqualTo(3);
            // trace reads are not served
            assertThat(Bytes.le32(call(out, in, new UsbCommandHeader(Bytes.le32(opened, 4), new byte[16],
                    Direction.READ_SWO, 8).encode(), 12), 0)).isEqualTo(Status.CMD_NOT_AVAILABLE.code());
        }
        assertThat(server.violations()).hasSize(5)
                .anyMatch(v -> v.contains("unknown command 0x07"))
                .anyMatch(v -> v.contains("SEND_USB_CMD on connection id 99"))
                .anyMatch(v -> v.contains("CLOSE_DEV of connection id 99"))
                .anyMatch(v -> v.contains("GET_DEV_INFO"))
                .anyMatch(v -> v.contains("OPEN_DEV of unknown device id 77"));
        assertThat(probeB.violations()).isEmpty();
    }

    @Test
    void aBrokenHeaderEndsTheConnection() throws Exception {
        start();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] h = new UsbCommandHeader(1, new byte[16], Direction.WRITE, 4).encode();
            Bytes.putLe32(h, 28, 1 << 20); // a megabyte that will never be framed
            byte[] reply = call(s.getOutputStream(), in, h, 4);
            assertThat(Bytes.le32(reply, 0)).isEqualTo(Status.BAD_PARAMETER.code());
            assertThat(in.read()).as("connection closed by the server").isEqualTo(-1);
        }
        assertThat(server.violations()).singleElement().asString().contains("data size 1048576");
    }

    private static byte[] call(OutputStream out, DataInputStream in, byte[] request, int replyLength)
            throws IOException {
        out.write(request);
        out.flush();
        byte[] r = new byte[replyLength];
        in.readFully(r);
        return r;
    }
}
