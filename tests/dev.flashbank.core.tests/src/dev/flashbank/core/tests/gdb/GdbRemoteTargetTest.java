package dev.flashbank.core.tests.gdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.gdb.GdbProtocolException;
import dev.flashbank.core.gdb.GdbRemoteTarget;
import dev.flashbank.core.gdb.GdbTargetOptions;
import dev.flashbank.core.gdb.RspChannel;
import dev.flashbank.core.gdb.TargetDescription;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.core.target.TargetTimeoutException;

/** RSP framing and the transport's request/reply rules against a scripted gdbserver peer over a real socket. */
class GdbRemoteTargetTest {

    FakeGdbServer server;
    GdbRemoteTarget gdb;

    @BeforeEach
    void connect() throws Exception {
        server = new FakeGdbServer();
        gdb = GdbRemoteTarget.connect("127.0.0.1", server.port(),
                GdbTargetOptions.defaults().withTimeout(Duration.ofSeconds(2)));
    }

    @AfterEach
    void close() throws Exception {
        try {
            gdb.close();
        } finally {
            server.close();
        }
    }

    @Test
    void handshakeReadsPacketSizeAndTheTargetDescriptionInChunks() throws Exception {
        assertThat(gdb.packetSize()).isEqualTo(0x100);
        assertThat(gdb.lastStopReply()).isEqualTo("S05");
        // the description is longer than one 0x100-byte chunk: it was read with offsets until 'l'
        assertThat(server.received).filteredOn(p -> p.startsWith("qXfer")).hasSizeGreaterThan(1);
        server.regs[16] = 0x0100_0000; // xPSR follows pc=15 in the description: number 16
        assertThat(gdb.core().readCoreRegister(CortexM.REGSEL_XPSR)).isEqualTo(0x0100_0000);
        gdb.core().writeCoreRegister(CortexM.REGSEL_PC, 0x0800_0123);
        assertThat(server.regs[15]).isEqualTo(0x0800_0123);
        assertThatThrownBy(() -> gdb.core().readCoreRegister(CortexM.REGSEL_MSP))
                .isInstanceOf(GdbProtocolException.class).hasMessageContaining("msp");
    }

    @Test
    void memoryIsSplitIntoPacketsAndBinaryWritesEscapeSpecialBytes() throws Exception {
        byte[] data = new byte[700];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) "$#}*abc".charAt(i % 7);
        }
        gdb.memory().write(FakeGdbServer.RAM + 4, data, 0, data.length, AccessWidth.WORD);
        assertThat(gdb.memory().read(FakeGdbServer.RAM + 4, data.length, AccessWidth.WORD)).isEqualTo(data);
        assertThat(server.received).filteredOn(p -> p.startsWith("m")).hasSizeGreaterThan(5); // 0x100-byte packets
        assertThat(server.received).filteredOn(p -> p.startsWith("X") && p.length() > 8)
                .allSatisfy(p -> assertThat(p.indexOf('$')).isEqualTo(-1));
    }

    @Test
    void hexWritesWhenTheServerHasNoBinaryWrites() throws Exception {
        server.binaryWrites = false;
        try (GdbRemoteTarget other = reconnect()) {
            other.memory().write32(FakeGdbServer.RAM, 0x1234_5678);
            assertThat(other.memory().read32(FakeGdbServer.RAM)).isEqualTo(0x1234_5678);
            assertThat(server.received).anyMatch(p -> p.startsWith("M20000000,4:78563412"));
        }
    }

    private GdbRemoteTarget reconnect() throws Exception {
        gdb.close();
        server.close();
        server = new FakeGdbServer();
        server.binaryWrites = false;
        gdb = GdbRemoteTarget.connect("127.0.0.1", server.port(), GdbTargetOptions.defaults());
        return gdb;
    }

    @Test
    void nakedPacketsAreResentAndCorruptRepliesAreRequested() throws Exception {
        server.ram[0] = 0x42;
        server.nakNext = true;
        assertThat(gdb.memory().read8(FakeGdbServer.RAM)).isEqualTo(0x42);
        server.corruptNextReply = true;
        assertThat(gdb.memory().read8(FakeGdbServer.RAM)).isEqualTo(0x42);
    }

    @Test
    void runLengthEncodedRepliesAreExpanded() throws Exception {
        java.util.Arrays.fill(server.ram, 0, 64, (byte) 0);
        server.ram[40] = 0x7F;
        server.runLengthEncode = true;
        byte[] r = gdb.memory().read(FakeGdbServer.RAM, 64, AccessWidth.WORD);
        assertThat(r[40]).isEqualTo((byte) 0x7F);
        assertThat(r).hasSize(64).containsOnly((byte) 0, (byte) 0x7F);
    }

    @Test
    void errorRepliesAreTypedBusFaults() {
        assertThatThrownBy(() -> gdb.memory().read32(0x6000_0000L)).isInstanceOf(BusFaultException.class)
                .hasMessageContaining("0x60000000").hasMessageContaining("E01");
    }

    @Test
    void monitorCollectsConsoleOutputAndRefusalsAreTyped() throws Exception {
        assertThat(gdb.monitor("reset halt")).isEqualTo("did reset halt\n");
        assertThatThrownBy(() -> gdb.monitor("bad")).isInstanceOf(GdbProtocolException.class).hasMessageContaining("E02");
    }

    @Test
    void continueThenInterruptHalts() throws Exception {
        gdb.core().run();
        assertThat(gdb.core().isHalted()).isFalse();
        assertThatThrownBy(() -> gdb.memory().read32(FakeGdbServer.RAM)).isInstanceOf(TargetException.class)
                .hasMessageContaining("halt it first");
        gdb.core().halt();
        assertThat(gdb.core().isHalted()).isTrue();
        assertThat(gdb.lastStopReply()).isEqualTo("T02");
    }

    @Test
    void aSilentServerTimesOut() {
        server.silentOn = "m";
        assertThatThrownBy(() -> gdb.memory().read32(FakeGdbServer.RAM)).isInstanceOf(TargetTimeoutException.class);
    }

    @Test
    void aClosedConnectionIsADisconnectedProbe() throws Exception {
        server.closeOn = "m";
        assertThatThrownBy(() -> gdb.memory().read32(FakeGdbServer.RAM))
                .isInstanceOf(ProbeDisconnectedException.class);
    }

    @Test
    void nothingListeningIsADisconnectedProbe() throws Exception {
        int port = server.port();
        server.close();
        assertThatThrownBy(() -> GdbRemoteTarget.connect("127.0.0.1", port, GdbTargetOptions.defaults()))
                .isInstanceOf(ProbeDisconnectedException.class);
    }

    @Test
    void everyConnectionAfterADetachSkipsTheUnsolicitedStopReplyThatGreetsIt() throws Exception {
        server.strayStopAfterDetach = true;
        server.ram[0] = 0x5A;
        gdb.close(); // detaches: the next client is greeted with T02 before the ack of its first packet, as by QEMU
        for (int i = 0; i < 10; i++) {
            gdb = GdbRemoteTarget.connect("127.0.0.1", server.port(),
                    GdbTargetOptions.defaults().withTimeout(Duration.ofSeconds(2)));
            assertThat(gdb.packetSize()).isEqualTo(0x100);
            assertThat(gdb.lastStopReply()).isEqualTo("S05"); // the answer to '?', not the stray T02
            assertThat(gdb.memory().read8(FakeGdbServer.RAM)).isEqualTo(0x5A);
            gdb.close();
        }
        assertThat(server.straysSent).hasValue(10);
    }

    @Test
    void aStopReplyBetweenTheAcknowledgementAndTheAnswerIsNotTakenForTheAnswer() throws Exception {
        gdb.close();
        server.close();
        server = new FakeGdbServer();
        server.strayStopBefore = "qSupported";
        gdb = GdbRemoteTarget.connect("127.0.0.1", server.port(),
                GdbTargetOptions.defaults().withTimeout(Duration.ofSeconds(2)));
        assertThat(gdb.supportedFeatures()).startsWith("PacketSize=100");
        server.strayStopBefore = "m";
        server.ram[0] = 0x11;
        assertThat(gdb.memory().read8(FakeGdbServer.RAM)).isEqualTo(0x11);
        server.strayStopBefore = "qRcmd";
        assertThat(gdb.monitor("reset halt")).isEqualTo("did reset halt\n");
        assertThat(server.straysSent).hasValue(3);
    }

    @Test
    void theSupplyVoltageIsUnknownNotZero() throws Exception {
        assertThat(gdb.targetVoltageMillivolts()).isEqualTo(dev.flashbank.core.target.DebugTarget.VOLTAGE_UNKNOWN);
    }

    @Test
    void stopRepliesAreRecognisedByTheirFormOnly() {
        assertThat(RspChannel.isStopReply("S05")).isTrue();
        assertThat(RspChannel.isStopReply("T02thread:01;")).isTrue();
        assertThat(RspChannel.isStopReply("T05")).isTrue();
        assertThat(RspChannel.isStopReply("T05swbreak:;")).isTrue();
        assertThat(RspChannel.isStopReply("OK")).isFalse();
        assertThat(RspChannel.isStopReply("E01")).isFalse();
        assertThat(RspChannel.isStopReply("S0512")).isFalse();
        assertThat(RspChannel.isStopReply("Sxx")).isFalse();
        assertThat(RspChannel.isStopReply("PacketSize=1000;qXfer:features:read+")).isFalse();
        assertThat(RspChannel.isStopReply("l<target/>")).isFalse();
        assertThat(RspChannel.isStopReply("00100020")).isFalse();
        assertThat(RspChannel.isStopReply("W00")).isFalse(); // exited: a disconnection, never skipped
    }

    @Test
    void targetDescriptionsNumberByNameWithIncludesAndRegnum() {
        TargetDescription d = TargetDescription.parse("<target><xi:include href='arm-m-profile.xml'/></target>", 0);
        assertThat(d.includes()).containsExactly("arm-m-profile.xml");
        TargetDescription m = TargetDescription.parse("<feature><reg name='r0' bitsize='32'/>"
                + "<reg name='pc' bitsize='32' regnum='15'/><reg name='xpsr' bitsize='32' regnum='25'/></feature>", 0);
        assertThat(m.number("R0")).contains(0);
        assertThat(m.number("xPSR")).contains(25);
        assertThat(TargetDescription.legacyArm().number("xpsr")).contains(25);
    }
}
