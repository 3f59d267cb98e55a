package dev.flashbank.stlink.usb;

import java.util.List;
import java.util.stream.Collectors;

import dev.flashbank.stlink.StlinkProduct;

/**
 * Result of one discovery pass: every ST-Link seen (usable or not) and a message for the user. Never an exception:
 * "no probe" and "USB unavailable" are results too.
 *
 * @param probes          every ST-Link seen
 * @param usbProblem      why USB could not be enumerated at all (libusb missing ...), or null
 */
public record DiscoveryReport(List<DiscoveredProbe> probes, String usbProblem) {

    public DiscoveryReport {
        probes = List.copyOf(probes);
    }

    public List<DiscoveredProbe> ready() {
        return probes.stream().filter(p -> p.state() == ProbeState.READY).toList();
    }

    /** What to tell the user: the probes found, and for each unusable one what to do; or what to check if none. */
    public String userMessage() {
        if (usbProblem != null) {
            return "USB devices cannot be listed: " + usbProblem + ". Flashbank needs libusb 1.0 (shipped through "
                    + "usb4java's natives for Linux, Windows and macOS on x86-64; other platforms are not supported).";
        }
        if (probes.isEmpty()) {
            return "No ST-Link found (looked for USB vendor " + String.format("0x%04X", StlinkProduct.VENDOR_ID)
                    + ", all ST-Link product ids). Check: the USB cable carries data (not a charge-only cable); the "
                    + "board is powered and its ST-Link LED is on; on Nucleo/Discovery boards the ST-Link jumpers are "
                    + "fitted; on Windows the ST-Link driver (STSW-LINK009) is installed; on Linux 'lsusb -d 0483:' "
                    + "lists the probe. " + UdevRules.installHint();
        }
        return probes.stream()
                .map(p -> p.state() == ProbeState.READY ? "ready: " + p.describe() : "not usable: " + p.advice())
                .collect(Collectors.joining("\n"));
    }
}
