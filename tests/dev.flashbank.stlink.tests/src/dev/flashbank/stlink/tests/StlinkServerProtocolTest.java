package dev.flashbank.stlink.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.connect.StlinkServerAddress;
import dev.flashbank.stlink.Bytes;
import dev.flashbank.stlink.Cdb;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.tcp.StlinkServerProtocol;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.DeviceInfo;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.Direction;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.ServerVersion;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.Status;
import dev.flashbank.stlink.tcp.StlinkServerProtocol.UsbCommandHeader;

/**
 * The stlink-server framing byte for byte as OpenOCD 0.12's {@code stlink_usb.c} builds and reads it
 * ({@code stlink_tcp_open}, {@code stlink_tcp_close}, {@code stlink_tcp_xfer_noerrcheck}).
 */
class StlinkServerProtocolTest {

    @Test
    void sendUsbCommandHeaderIsThe32ByteLayoutOpenOcdSends() {
        byte[] cdb = Cdb.debug(StlinkCommands.DEBUG_READMEM_32BIT).bytes();
        cdb[2] = 0x10; // address 0x20000010, little endian
        cdb[5] = 0x20;
        byte[] h = new UsbCommandHeader(0x01020304, cdb, Direction.READ, 0x400).encode();
        assertThat(h).hasSize(32);
        assertThat(h[0]).isEqualTo((byte) 0x05);
        assertThat(new byte[] { h[1], h[2], h[3] }).containsOnly(0);
        assertThat(Bytes.le32(h, 4)).isEqualTo(0x01020304);
        assertThat(java.util.Arrays.copyOfRange(h, 8, 24)).isEqualTo(cdb);
        assertThat(h[24]).isEqualTo((byte) 1);
        assertThat(new byte[] { h[25], h[26], h[27] }).containsOnly(0);
        assertThat(Bytes.le32(h, 28)).isEqualTo(0x400);

        UsbCommandHeader.Decoded d = UsbCommandHeader.decode(h);
        assertThat(d.problem()).isNull();
        assertThat(d.header().connectId()).isEqualTo(0x01020304);
        assertThat(d.header().cdb()).isEqualTo(cdb);
        assertThat(d.header().direction()).isEqualTo(Direction.READ);
        assertThat(d.header().size()).isEqualTo(0x400);
        assertThat(new UsbCommandHeader(7, cdb, Direction.WRITE, 0).encode()[24]).isZero();
        assertThat(new UsbCommandHeader(7, new byte[16], Direction.READ_SWO, 8).encode()[24]).isEqualTo((byte) 3);
    }

    @Test
    void headerProblemsAreNamed() {
        byte[] h = new UsbCommandHeader(1, new byte[16], Direction.READ, 2).encode();
        h[25] = 1;
        assertThat(UsbCommandHeader.decode(h).problem()).contains("reserved bytes");
        assertThat(UsbCommandHeader.decode(h).header()).as("still usable").isNotNull();

        byte[] dir = new UsbCommandHeader(1, new byte[16], Direction.READ, 2).encode();
        dir[24] = 2;
        assertThat(UsbCommandHeader.decode(dir).header()).isNull();
        assertThat(UsbCommandHeader.decode(dir).problem()).contains("direction 2");

        byte[] big = new UsbCommandHeader(1, new byte[16], Direction.WRITE, 2).encode();
        Bytes.putLe32(big, 28, StlinkServerProtocol.MAX_DATA + 1);
        assertThat(UsbCommandHeader.decode(big).header()).isNull();
        assertThat(UsbCommandHeader.decode(big).problem()).contains("data size 10241");

        assertThatThrownBy(() -> new UsbCommandHeader(1, new byte[10], Direction.READ, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shortRequestsAreTheBytesOfStlinkTcpOpenAndClose() {
        assertThat(StlinkServerProtocol.serverVersionRequest()).containsExactly(0x06, 0x01, 0x00, 0x00);
        assertThat(StlinkServerProtocol.refreshRequest()).containsExactly(0x00, 0x00);
        assertThat(StlinkServerProtocol.deviceCountRequest()).containsExactly(0x01);
        // index 2, TDeviceInfo2 size 41
        assertThat(StlinkServerProtocol.deviceInfoRequest(2)).containsExactly(0x02, 0x02, 0, 0, 41, 0, 0, 0);
        assertThat(StlinkServerProtocol.openRequest(0x11223344)).containsExactly(0x03, 0, 0, 0, 0x44, 0x33, 0x22, 0x11);
        assertThat(StlinkServerProtocol.closeRequest(5)).containsExactly(0x04, 0, 0, 0, 5, 0, 0, 0);
        for (byte[] r : new byte[][] { StlinkServerProtocol.serverVersionRequest(), StlinkServerProtocol.refreshRequest(),
                StlinkServerProtocol.deviceCountRequest(), StlinkServerProtocol.deviceInfoRequest(0),
                StlinkServerProtocol.openRequest(1), StlinkServerProtocol.closeRequest(1) }) {
            assertThat(StlinkServerProtocol.requestLength(r[0] & 0xFF)).as("length of command %d", r[0]).isEqualTo(r.length);
        }
        assertThat(StlinkServerProtocol.requestLength(StlinkServerProtocol.CMD_SEND_USB_CMD)).isEqualTo(32);
        assertThat(StlinkServerProtocol.requestLength(StlinkServerProtocol.CMD_GET_NB_OF_DEV_CLIENTS)).isEqualTo(-1);
    }

    @Test
    void deviceInfoReplyHasSerialAt8VidPidAt40And42UsedAt44() {
        byte[] r = new DeviceInfo(3, "066DFF3732584B3043162731", 0x0483, 0x374B, false).encodeReply();
        assertThat(r).hasSize(45);
        assertThat(Bytes.le32(r, 0)).isEqualTo(Status.OK.code());
        assertThat(Bytes.le32(r, 4)).isEqualTo(3);
        assertThat(new String(r, 8, 24, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("066DFF3732584B3043162731");
        assertThat(java.util.Arrays.copyOfRange(r, 32, 40)).as("NUL padding of the 32-byte serial").containsOnly(0);
        assertThat(Bytes.le16(r, 40)).isEqualTo(0x0483);
        assertThat(Bytes.le16(r, 42)).isEqualTo(0x374B);
        assertThat(r[44]).isZero();
        DeviceInfo back = DeviceInfo.decodeReply(new DeviceInfo(9, "ABC", 0x0483, 0x3748, true).encodeReply());
        assertThat(back).isEqualTo(new DeviceInfo(9, "ABC", 0x0483, 0x3748, true));
        assertThatThrownBy(() -> new DeviceInfo(1, "X".repeat(33), 0x0483, 0x3748, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverVersionIsFourLittleEndianWordsWithoutStatus() {
        byte[] v = new ServerVersion(2, 1, 2, 3).encode();
        assertThat(v).containsExactly(2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0);
        assertThat(ServerVersion.decode(v)).isEqualTo(new ServerVersion(2, 1, 2, 3));
        assertThat(ServerVersion.decode(v).toString()).isEqualTo("API v2, version 1.2.3");
    }

    @Test
    void statusesCarryOpenOcdsCodes() {
        assertThat(StlinkServerProtocol.status(Status.OK)).containsExactly(1, 0, 0, 0);
        assertThat(Status.TCP_BUSY.code()).isEqualTo(0x2004);
        assertThat(Status.CMD_NOT_AVAILABLE.code()).isEqualTo(0x1053);
        assertThat(Status.describe(0x1002)).isEqualTo("BAD_PARAMETER (0x00001002)");
        assertThat(Status.describe(0xBEEF)).isEqualTo("0x0000BEEF");
        assertThat(StlinkServerProtocol.statusAndWord(Status.OK, 42)).containsExactly(1, 0, 0, 0, 42, 0, 0, 0);
    }

    @Test
    void serverAddressIsTcpHostPortAndAnOptionalSerial() {
        StlinkServerAddress a = StlinkServerAddress.parse(" tcp:127.0.0.1:7184/066DFF37 ");
        assertThat(a).isEqualTo(new StlinkServerAddress("127.0.0.1", 7184, "066DFF37"));
        assertThat(a.text()).isEqualTo("tcp:127.0.0.1:7184/066DFF37");
        assertThat(StlinkServerAddress.parse("TCP:probes.lab:9000").serial()).isEmpty();
        assertThat(StlinkServerAddress.isServerForm("066DFF37")).isFalse();
        assertThatThrownBy(() -> StlinkServerAddress.parse("tcp:localhost")).hasMessageContaining("port is missing");
        assertThatThrownBy(() -> StlinkServerAddress.parse("tcp:localhost:x")).hasMessageContaining("port is a number");
        assertThatThrownBy(() -> StlinkServerAddress.parse("tcp:localhost:70000")).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> StlinkServerAddress.parse("tcp::7184")).hasMessageContaining("host");
    }
}
