package dev.flashbank.stlink.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.StlinkTransport;
import dev.flashbank.stlink.usb.DiscoveredProbe;
import dev.flashbank.stlink.usb.DiscoveryReport;
import dev.flashbank.stlink.usb.ProbeAccessException;
import dev.flashbank.stlink.usb.ProbeAccessException.Problem;
import dev.flashbank.stlink.usb.ProbeDiscovery;
import dev.flashbank.stlink.usb.ProbeState;
import dev.flashbank.stlink.usb.ProbeWatcher;
import dev.flashbank.stlink.usb.UdevRules;
import dev.flashbank.stlink.usb.UsbDeviceEntry.Access;
import dev.flashbank.stlink.usb.UsbError;
import dev.flashbank.stlink.usb.UsbIoException;

class DiscoveryTest {

    private static final String S1 = "066DFF575251717867191634";
    private static final String S2 = "0670FF3632524B3043205426";

    private final FakeUsb usb = new FakeUsb();
    private final ProbeDiscovery discovery = new ProbeDiscovery(() -> usb);

    @Test
    void noProbeIsAnEmptyReportWithAdvice() {
        DiscoveryReport r = discovery.discover();
        assertThat(r.probes()).isEmpty();
        assertThat(r.usbProblem()).isNull();
        assertThat(r.userMessage()).contains("No ST-Link found").contains("lsusb -d 0483:")
                .contains(UdevRules.FILE_NAME).contains("charge-only");
        assertThatThrownBy(() -> discovery.select(null)).isInstanceOfSatisfying(ProbeAccessException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.NO_PROBE));
    }

    @Test
    void everyStateIsToldApart() {
        usb.devices.add(FakeUsb.entry(0x374B, "1-1", S1, Access.OK));
        usb.devices.add(FakeUsb.entry(0x3748, "1-2", S2, Access.NO_PERMISSION));
        usb.devices.add(FakeUsb.entry(0x374E, "1-3", "003A00213137510B33333639", Access.BUSY));
        usb.devices.add(FakeUsb.entry(0x374D, "1-4", "LOADER", Access.OK));
        usb.devices.add(FakeUsb.entry(0x3744, "1-5", "OLDV1", Access.OK));
        usb.devices.add(FakeUsb.entry(0xDF11, "1-6", "MCU-DFU", Access.OK)); // an STM32 in ROM DFU: not a probe
        DiscoveryReport r = discovery.discover();
        assertThat(r.probes()).extracting(DiscoveredProbe::state).containsExactly(ProbeState.READY,
                ProbeState.NO_PERMISSION, ProbeState.CLAIMED_BY_OTHER, ProbeState.USB_LOADER_MODE,
                ProbeState.UNSUPPORTED);
        assertThat(r.ready()).extracting(DiscoveredProbe::product).containsExactly(StlinkProduct.V2_1);
        String msg = r.userMessage();
        assertThat(msg).contains("ready: ST-LINK/V2-1 " + S1);
        assertThat(r.probes().get(1).advice()).contains("no permission").contains(UdevRules.FILE_NAME)
                .contains("udevadm control --reload-rules");
        assertThat(r.probes().get(2).advice()).contains("in use by another program");
        assertThat(r.probes().get(3).advice()).contains("firmware-upgrade").contains("replug");
    }

    @Test
    void selectionByFullOrPartialSerial() throws Exception {
        usb.devices.add(FakeUsb.entry(0x374B, "1-1", S1, Access.OK));
        usb.devices.add(FakeUsb.entry(0x3748, "1-2", S2, Access.OK));
        assertThat(discovery.select(S2).location()).isEqualTo("1-2");
        assertThat(discovery.select("066dff").location()).isEqualTo("1-1"); // partial, case-insensitive
        assertThat(discovery.select("1634").location()).isEqualTo("1-1");
        assertThatThrownBy(() -> discovery.select("FEED")).isInstanceOfSatisfying(ProbeAccessException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND));
        assertThatThrownBy(() -> discovery.select("06")).isInstanceOfSatisfying(ProbeAccessException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.AMBIGUOUS)).hasMessageContaining(S1)
                .hasMessageContaining(S2);
        assertThatThrownBy(() -> discovery.select(null)).isInstanceOfSatisfying(ProbeAccessException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.AMBIGUOUS));
    }

    @Test
    void exactSerialWinsOverAPartialMatchOfAnother() throws Exception {
        usb.devices.add(FakeUsb.entry(0x3748, "1-1", "ABC", Access.OK));
        usb.devices.add(FakeUsb.entry(0x3748, "1-2", "ABCD", Access.OK));
        assertThat(discovery.select("abc").location()).isEqualTo("1-1");
    }

    @Test
    void rawCloneSerialTypedByTheUserIsFixedUpBeforeMatching() throws Exception {
        usb.devices.add(FakeUsb.entry(0x3748, "1-1", "483F7006657855552520216 7".replace(" ", ""), Access.OK));
        // OpenOCD users pass hla_serial "\x48\x3F\x70\x06\x65\x78\x55\x55\x25\x20\x21\x67"
        String raw = new String(new char[] { 0x48, 0x3F, 0x70, 0x06, 0x65, 0x78, 0x55, 0x55, 0x25, 0x20, 0x21, 0x67 });
        assertThat(discovery.select(raw).location()).isEqualTo("1-1");
    }

    @Test
    void openingGivesTheTransportOrTheTypedProblem() throws Exception {
        usb.devices.add(FakeUsb.entry(0x3748, "1-1", S1, Access.OK));
        usb.devices.add(FakeUsb.entry(0x3748, "1-2", S2, Access.NO_PERMISSION));
        try (StlinkTransport t = discovery.open(discovery.select(S1))) {
            assertThat(t.describe()).isEqualTo("ST-LINK/V2 " + S1);
        }
        assertThat(usb.channels.get(0).closed).isTrue();
        assertThatThrownBy(() -> discovery.open(discovery.select(S2))).isInstanceOfSatisfying(
                ProbeAccessException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NO_PERMISSION))
                .hasMessageContaining(UdevRules.FILE_NAME);
        // someone grabs the probe between discovery and open
        usb.openFailure = UsbError.BUSY;
        assertThatThrownBy(() -> discovery.open(discovery.select(S1))).isInstanceOfSatisfying(
                ProbeAccessException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CLAIMED_BY_OTHER));
    }

    @Test
    void usbUnavailableIsAReportNotAnException() {
        ProbeDiscovery broken = new ProbeDiscovery(() -> {
            throw new UsbIoException(UsbError.NOT_SUPPORTED, "no libusb for this platform");
        });
        DiscoveryReport r = broken.discover();
        assertThat(r.probes()).isEmpty();
        assertThat(r.userMessage()).contains("no libusb for this platform");
        assertThatThrownBy(() -> broken.select(null)).isInstanceOfSatisfying(ProbeAccessException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.USB_UNAVAILABLE));
    }

    @Test
    void watcherReportsArrivalsDeparturesAndStateChanges() {
        ProbeWatcher w = new ProbeWatcher(discovery, Duration.ofMillis(50));
        assertThat(w.refresh().isEmpty()).isTrue();
        usb.devices.add(FakeUsb.entry(0x3748, "1-1", S1, Access.NO_PERMISSION));
        ProbeWatcher.Change c = w.refresh();
        assertThat(c.arrived()).extracting(DiscoveredProbe::state).containsExactly(ProbeState.NO_PERMISSION);
        usb.devices.set(0, FakeUsb.entry(0x3748, "1-1", S1, Access.OK)); // udev rules installed, replugged
        c = w.refresh();
        assertThat(c.left()).extracting(DiscoveredProbe::state).containsExactly(ProbeState.NO_PERMISSION);
        assertThat(c.arrived()).extracting(DiscoveredProbe::state).containsExactly(ProbeState.READY);
        usb.devices.clear();
        assertThat(w.refresh().left()).hasSize(1);
    }

    @Test
    void watcherUsesHotplugEventsWhenAvailable() throws Exception {
        usb.hotplug = true;
        List<ProbeWatcher.Change> changes = new ArrayList<>();
        try (ProbeWatcher w = new ProbeWatcher(discovery, Duration.ofSeconds(1))) {
            w.start(changes::add);
            assertThat(w.usesHotplug()).isTrue();
            usb.devices.add(FakeUsb.entry(0x374B, "1-1", S1, Access.OK));
            usb.hotplugListener.run(); // libusb would call this from its event thread
            assertThat(changes).singleElement().satisfies(c -> assertThat(c.arrived()).hasSize(1));
        }
        assertThat(usb.hotplugListener).isNull();
    }

    @Test
    void watcherPollsWithoutHotplug() throws Exception {
        usb.devices.add(FakeUsb.entry(0x374B, "1-1", S1, Access.OK));
        CountDownLatch seen = new CountDownLatch(1);
        try (ProbeWatcher w = new ProbeWatcher(discovery, Duration.ofMillis(20))) {
            w.start(c -> seen.countDown());
            assertThat(w.usesHotplug()).isFalse();
            assertThat(seen.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void udevRulesListEveryProductOnce() {
        String rules = UdevRules.content();
        for (StlinkProduct p : StlinkProduct.values()) {
            assertThat(rules).containsOnlyOnce(String.format("ATTRS{idProduct}==\"%04x\"", p.productId()));
        }
        assertThat(rules).contains("TAG+=\"uaccess\"").contains("GROUP=\"plugdev\"")
                .contains("ATTRS{idVendor}==\"0483\"");
    }
}
