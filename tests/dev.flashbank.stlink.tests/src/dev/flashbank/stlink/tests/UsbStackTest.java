package dev.flashbank.stlink.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.stlink.StlinkDebugTarget;
import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.StlinkSession.ConnectMode;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;
import dev.flashbank.stlink.usb.ProbeDiscovery;
import dev.flashbank.stlink.usb.UsbDeviceEntry.Access;

/** Discovery → USB framing → emulated firmware → target: the whole stack except libusb itself. */
class UsbStackTest {

    private record Bench(FakeUsb usb, ProbeDiscovery discovery, StlinkEmulator emulator, FakeCortexTarget target,
            List<EmulatorBulkChannel> channels) {
    }

    private static Bench bench(EmulatorConfig config, String serial) {
        FakeUsb usb = new FakeUsb();
        FakeCortexTarget target = new FakeCortexTarget();
        StlinkEmulator emulator = new StlinkEmulator(config, target);
        List<EmulatorBulkChannel> channels = new ArrayList<>();
        StlinkProduct p = config.product();
        usb.devices.add(FakeUsb.entry(p.productId(), "3-1.4", serial, Access.OK));
        usb.channelFactory = e -> {
            EmulatorBulkChannel c = new EmulatorBulkChannel(emulator, p.bulkOutEndpoint(), p.bulkInEndpoint(),
                    p.generation().highSpeed() ? 512 : 64);
            channels.add(c);
            return c;
        };
        return new Bench(usb, new ProbeDiscovery(() -> usb), emulator, target, channels);
    }

    @Test
    void v2EndToEndOverUsbFraming() throws Exception {
        Bench b = bench(EmulatorConfig.v2(37), "066DFF575251717867191634");
        byte[] data = new byte[3000];
        new Random(9).nextBytes(data);
        try (StlinkDebugTarget t = b.discovery().attach("7191634",
                StlinkSessionOptions.defaults().withClock(b.emulator().clock()), ConnectMode.NORMAL)) {
            assertThat(t.dpIdcode()).isEqualTo(FakeCortexTarget.IDCODE);
            t.writeBytes(0x2000_0003L, data, 0, data.length);
            byte[] back = new byte[data.length];
            t.readBytes(0x2000_0003L, back, 0, back.length);
            assertThat(back).isEqualTo(data);
            assertThat(t.describe()).contains("ST-LINK/V2 066DFF575251717867191634 V2J37S7");
        }
        EmulatorBulkChannel ch = b.channels().get(0);
        assertThat(ch.closed).isTrue();
        assertThat(ch.endpointLog).allMatch(s -> s.startsWith("OUT 02") || s.startsWith("IN 81"));
        assertThat(ch.endpointLog).contains("IN 81 64"); // full-speed packets
        assertThat(b.emulator().violations()).isEmpty();
    }

    @Test
    void v3UsesItsEndpointsAndHighSpeedPackets() throws Exception {
        Bench b = bench(EmulatorConfig.v3(7), "002F003D3431511737393330");
        try (StlinkDebugTarget t = b.discovery().attach(null,
                StlinkSessionOptions.defaults().withClock(b.emulator().clock()), ConnectMode.NORMAL)) {
            t.memory().read(0x2000_0000L, 4096, AccessWidth.WORD);
        }
        EmulatorBulkChannel ch = b.channels().get(0);
        assertThat(ch.endpointLog).allMatch(s -> s.startsWith("OUT 01") || s.startsWith("IN 81"));
        assertThat(ch.endpointLog).contains("IN 81 512");
        assertThat(b.emulator().violations()).isEmpty();
    }

    @Test
    void unplugMidWriteOverUsbIsTypedAndReleasesTheHandle() throws Exception {
        Bench b = bench(EmulatorConfig.v21(37), "0670FF3632524B3043205426");
        StlinkDebugTarget t = b.discovery().attach(null,
                StlinkSessionOptions.defaults().withClock(b.emulator().clock()), ConnectMode.NORMAL);
        b.emulator().unplugAfter(3);
        assertThatThrownBy(() -> t.memory().write(0x2000_0000L, new byte[16384], 0, 16384, AccessWidth.WORD))
                .isInstanceOf(ProbeDisconnectedException.class).hasMessageContaining("unplugged");
        assertThat(b.channels().get(0).closed).isTrue();
        t.close();
    }
}
