package dev.flashbank.stlink.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetTimeoutException;
import dev.flashbank.stlink.Cdb;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.StlinkTransportException;
import dev.flashbank.stlink.usb.DiscoveryReport;
import dev.flashbank.stlink.usb.ProbeDiscovery;
import dev.flashbank.stlink.usb.ProbeWatcher;
import dev.flashbank.stlink.usb.StlinkSerial;
import dev.flashbank.stlink.usb.UsbError;
import dev.flashbank.stlink.usb.UsbStlinkTransport;

class UsbLayerTest {

    @Test
    void framingUsesTheProductsEndpoints() throws Exception {
        FakeUsb.FakeChannel ch = new FakeUsb.FakeChannel();
        ch.reads.add(new byte[100]);
        UsbStlinkTransport v2 = new UsbStlinkTransport(ch, StlinkProduct.V2, "X");
        byte[] in = v2.exchange(Cdb.debug(StlinkCommands.DEBUG_READMEM_32BIT).u32(0x2000_0000L).u16(100).bytes(), null,
                100, 1000);
        assertThat(in).hasSize(100);
        // CDB to OUT 0x02, then the reply collected from IN 0x81 in 64-byte full-speed packets
        assertThat(ch.writes).containsExactly("02:16", "81:IN64", "81:IN36");

        FakeUsb.FakeChannel ch21 = new FakeUsb.FakeChannel();
        UsbStlinkTransport v21 = new UsbStlinkTransport(ch21, StlinkProduct.V2_1, "Y");
        v21.exchange(Cdb.debug(StlinkCommands.DEBUG_WRITEMEM_8BIT).u32(0x2000_0000L).u16(8).bytes(), new byte[8], 0,
                1000);
        assertThat(ch21.writes).containsExactly("01:16", "01:8");
    }

    @Test
    void unplugBecomesProbeDisconnectedAndClosesTheHandle() throws Exception {
        FakeUsb.FakeChannel ch = new FakeUsb.FakeChannel();
        ch.failOnWrite = UsbError.NO_DEVICE;
        ch.failAfterWrites = 1; // the CDB goes out, the data phase hits the unplug
        UsbStlinkTransport t = new UsbStlinkTransport(ch, StlinkProduct.V3E, "Z");
        assertThatThrownBy(() -> t.exchange(Cdb.debug(StlinkCommands.DEBUG_WRITEMEM_32BIT).u32(0x2000_0000L).u16(4096)
                .bytes(), new byte[4096], 0, 1000)).isInstanceOf(ProbeDisconnectedException.class)
                        .hasMessageContaining("data out");
        assertThat(ch.closed).isTrue();
        assertThatThrownBy(() -> t.exchange(Cdb.of(StlinkCommands.GET_VERSION).bytes(), null, 6, 1000))
                .isInstanceOf(ProbeDisconnectedException.class);
    }

    @Test
    void timeoutsAndOtherUsbErrorsAreTyped() {
        FakeUsb.FakeChannel ch = new FakeUsb.FakeChannel();
        ch.failOnRead = UsbError.TIMEOUT;
        UsbStlinkTransport t = new UsbStlinkTransport(ch, StlinkProduct.V2, "X");
        assertThatThrownBy(() -> t.exchange(Cdb.of(StlinkCommands.GET_VERSION).bytes(), null, 6, 250))
                .isInstanceOf(TargetTimeoutException.class).hasMessageContaining("250 ms");
        ch.failOnRead = UsbError.PIPE;
        assertThatThrownBy(() -> t.exchange(Cdb.of(StlinkCommands.GET_VERSION).bytes(), null, 6, 250))
                .isInstanceOf(StlinkTransportException.class);
        ch.failOnRead = null; // no data at all: a short reply
        assertThatThrownBy(() -> t.exchange(Cdb.of(StlinkCommands.GET_VERSION).bytes(), null, 6, 250))
                .isInstanceOf(StlinkTransportException.class).hasMessageContaining("0 of 6");
    }

    @Test
    void cloneSerialDescriptorIsPrintedAsHex() {
        // buggy descriptor: bLength 26, raw bytes in the low byte of each UTF-16 unit (OpenOCD's example "57FF72...")
        byte[] raw = { 0x57, (byte) 0xFF, 0x72, 0x06, 0x72, 0x65, 0x57, 0x57, 0x42, 0x13, 0x20, 0x67 };
        byte[] desc = new byte[26];
        desc[0] = 26;
        desc[1] = 3;
        for (int i = 0; i < 12; i++) {
            desc[2 + 2 * i] = raw[i];
        }
        assertThat(StlinkSerial.fromDescriptor(desc)).isEqualTo("57FF72067265575742132067");
        // a correct descriptor carries the 24 hex digits as text
        byte[] text = "57FF72067265575742132067".getBytes(StandardCharsets.UTF_16LE);
        byte[] good = new byte[2 + text.length];
        good[0] = (byte) good.length;
        good[1] = 3;
        System.arraycopy(text, 0, good, 2, text.length);
        assertThat(StlinkSerial.fromDescriptor(good)).isEqualTo("57FF72067265575742132067");
        // the same buggy serial as sysfs decodes it
        StringBuilder sysfs = new StringBuilder();
        for (byte b : raw) {
            sysfs.append((char) (b & 0xFF));
        }
        assertThat(StlinkSerial.fromText(sysfs + "\n")).isEqualTo("57FF72067265575742132067");
        assertThat(StlinkSerial.fromText("ABCDEF123456")).isEqualTo("ABCDEF123456"); // plain 12-char text stays
    }

    @Test
    void realLibusbWithoutProbesGivesAnEmptyListAndAdvice() {
        try (ProbeDiscovery d = ProbeDiscovery.system()) {
            DiscoveryReport r = d.discover();
            assertThat(r.probes()).isEmpty();
            assertThat(r.usbProblem()).isNull();
            assertThat(r.userMessage()).contains("No ST-Link found").contains("udev");
        }
    }

    @Test
    void realHotplugWatcherStopsItsThreadOnClose() {
        try (ProbeDiscovery d = ProbeDiscovery.system()) {
            java.util.List<ProbeWatcher.Change> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
            ProbeWatcher w = new ProbeWatcher(d, java.time.Duration.ofMillis(200));
            w.start(changes::add);
            w.close();
            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(t -> t.getName().startsWith("flashbank-") && t.isAlive());
            assertThat(changes).isEmpty(); // nothing plugged in meanwhile
        }
    }
}
