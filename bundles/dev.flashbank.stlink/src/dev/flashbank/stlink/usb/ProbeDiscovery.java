package dev.flashbank.stlink.usb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.flashbank.core.target.TargetException;
import dev.flashbank.stlink.StlinkDebugTarget;
import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.StlinkTransport;

/**
 * Finds ST-Links on USB, tells apart the reasons one cannot be used, selects one by (partial) serial and opens its
 * transport. Works on any {@link UsbDeviceEnumerator}; {@link #system()} uses libusb.
 */
public final class ProbeDiscovery implements AutoCloseable {

    /** Supplies an enumerator or says why USB is unavailable. */
    @FunctionalInterface
    public interface EnumeratorFactory {
        UsbDeviceEnumerator create() throws UsbIoException;
    }

    private final EnumeratorFactory factory;
    private UsbDeviceEnumerator enumerator;
    private String unavailable;

    public ProbeDiscovery(EnumeratorFactory factory) {
        this.factory = factory;
    }

    /** Discovery on the machine's USB through libusb (usb4java). */
    public static ProbeDiscovery system() {
        return new ProbeDiscovery(LibUsbEnumerator::new);
    }

    private synchronized UsbDeviceEnumerator enumerator() {
        if (enumerator == null && unavailable == null) {
            try {
                enumerator = factory.create();
            } catch (UsbIoException e) {
                unavailable = e.getMessage();
            }
        }
        return enumerator;
    }

    /** Every ST-Link on USB with its state. Never throws: USB problems are in {@link DiscoveryReport#usbProblem()}. */
    public DiscoveryReport discover() {
        UsbDeviceEnumerator e = enumerator();
        if (e == null) {
            return new DiscoveryReport(List.of(), unavailable);
        }
        List<UsbDeviceEntry> entries;
        try {
            entries = e.list(StlinkProduct.VENDOR_ID, StlinkProduct.DEBUG_INTERFACE);
        } catch (UsbIoException ex) {
            return new DiscoveryReport(List.of(), ex.getMessage());
        }
        List<DiscoveredProbe> probes = new ArrayList<>();
        for (UsbDeviceEntry entry : entries) {
            Optional<StlinkProduct> product = StlinkProduct.fromIds(entry.vendorId(), entry.productId());
            if (product.isEmpty()) {
                continue; // another STMicroelectronics device (DFU bootloader of an MCU, VCP-only board ...)
            }
            probes.add(new DiscoveredProbe(product.get(), entry.serial(), entry.location(),
                    stateOf(product.get(), entry), entry.detail(), entry));
        }
        return new DiscoveryReport(probes, null);
    }

    private static ProbeState stateOf(StlinkProduct product, UsbDeviceEntry entry) {
        if (product.role() == StlinkProduct.Role.USB_LOADER) {
            return ProbeState.USB_LOADER_MODE;
        }
        if (product.role() == StlinkProduct.Role.UNSUPPORTED_V1) {
            return ProbeState.UNSUPPORTED;
        }
        return switch (entry.access()) {
            case OK -> ProbeState.READY;
            case NO_PERMISSION -> ProbeState.NO_PERMISSION;
            case BUSY -> ProbeState.CLAIMED_BY_OTHER;
            case UNKNOWN -> ProbeState.ERROR;
        };
    }

    /**
     * Picks the probe whose serial equals {@code serialQuery}, else the only one containing it (case-insensitive;
     * raw 12-character clone serials are accepted too). With a null/blank query there must be exactly one ST-Link.
     * Unusable probes are selected too, so the exception can say what is wrong with the one the user meant.
     */
    public DiscoveredProbe select(String serialQuery) throws ProbeAccessException {
        DiscoveryReport report = discover();
        if (report.usbProblem() != null) {
            throw new ProbeAccessException(ProbeAccessException.Problem.USB_UNAVAILABLE, report.userMessage());
        }
        List<DiscoveredProbe> all = report.probes();
        if (all.isEmpty()) {
            throw new ProbeAccessException(ProbeAccessException.Problem.NO_PROBE, report.userMessage());
        }
        List<DiscoveredProbe> candidates;
        if (serialQuery == null || serialQuery.isBlank()) {
            candidates = all;
        } else {
            candidates = all.stream().filter(p -> StlinkSerial.matchesExactly(p.serial(), serialQuery)).toList();
            if (candidates.isEmpty()) {
                candidates = all.stream().filter(p -> StlinkSerial.matches(p.serial(), serialQuery)).toList();
            }
            if (candidates.isEmpty()) {
                throw new ProbeAccessException(ProbeAccessException.Problem.NOT_FOUND,
                        "no ST-Link with a serial matching '" + serialQuery + "'; connected: " + list(all));
            }
        }
        if (candidates.size() > 1) {
            throw new ProbeAccessException(ProbeAccessException.Problem.AMBIGUOUS,
                    candidates.size() + " ST-Links match" + (serialQuery == null || serialQuery.isBlank() ? ""
                            : " '" + serialQuery + "'") + "; choose one by serial: " + list(candidates));
        }
        return candidates.get(0);
    }

    private static String list(List<DiscoveredProbe> probes) {
        return probes.stream().map(DiscoveredProbe::describe).collect(Collectors.joining("; "));
    }

    /** Claims the probe's debug interface and returns its transport; unusable states become a typed problem. */
    public StlinkTransport open(DiscoveredProbe probe) throws TargetException {
        ProbeAccessException.Problem problem = switch (probe.state()) {
            case READY -> null;
            case NO_PERMISSION -> ProbeAccessException.Problem.NO_PERMISSION;
            case CLAIMED_BY_OTHER -> ProbeAccessException.Problem.CLAIMED_BY_OTHER;
            case USB_LOADER_MODE -> ProbeAccessException.Problem.USB_LOADER_MODE;
            case UNSUPPORTED -> ProbeAccessException.Problem.UNSUPPORTED;
            case ERROR -> ProbeAccessException.Problem.OPEN_FAILED;
        };
        if (problem != null) {
            throw new ProbeAccessException(problem, probe.advice());
        }
        UsbDeviceEnumerator e = enumerator();
        if (e == null) {
            throw new ProbeAccessException(ProbeAccessException.Problem.USB_UNAVAILABLE, unavailable);
        }
        try {
            return new UsbStlinkTransport(e.open(probe.entry(), StlinkProduct.DEBUG_INTERFACE), probe.product(),
                    probe.serial());
        } catch (UsbIoException ex) {
            // the state may have changed since discovery (another program grabbed it, udev rules changed ...)
            ProbeState now = switch (ex.error()) {
                case ACCESS -> ProbeState.NO_PERMISSION;
                case BUSY -> ProbeState.CLAIMED_BY_OTHER;
                default -> ProbeState.ERROR;
            };
            DiscoveredProbe again = new DiscoveredProbe(probe.product(), probe.serial(), probe.location(), now,
                    ex.getMessage(), probe.entry());
            ProbeAccessException.Problem p = switch (now) {
                case NO_PERMISSION -> ProbeAccessException.Problem.NO_PERMISSION;
                case CLAIMED_BY_OTHER -> ProbeAccessException.Problem.CLAIMED_BY_OTHER;
                default -> ProbeAccessException.Problem.OPEN_FAILED;
            };
            throw new ProbeAccessException(p, again.advice());
        }
    }

    /**
     * Select, open, read the firmware version and attach in one go: the usual way to get a {@link StlinkDebugTarget}.
     * On any failure everything opened so far is released again.
     */
    public StlinkDebugTarget attach(String serialQuery, StlinkSessionOptions options, StlinkSession.ConnectMode mode)
            throws TargetException {
        StlinkTransport transport = open(select(serialQuery));
        StlinkSession session = StlinkSession.open(transport, options); // closes the transport itself on failure
        try {
            return StlinkDebugTarget.attach(session, mode);
        } catch (TargetException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The enumerator in use (for {@link ProbeWatcher}), or empty when USB is unavailable. */
    Optional<UsbDeviceEnumerator> usb() {
        return Optional.ofNullable(enumerator());
    }

    @Override
    public synchronized void close() {
        if (enumerator != null) {
            enumerator.close();
            enumerator = null;
        }
    }
}
