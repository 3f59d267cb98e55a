package dev.flashbank.core.device;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The known device lines, looked up by DEV_ID and flash size. */
public final class DeviceRegistry {

    private final List<DeviceDescriptor> descriptors;

    public DeviceRegistry(List<? extends DeviceDescriptor> descriptors) {
        this.descriptors = List.copyOf(descriptors);
        Set<Integer> seen = new LinkedHashSet<>();
        for (DeviceDescriptor d : this.descriptors) {
            if (!seen.add(d.devId())) {
                throw new IllegalArgumentException(String.format("DEV_ID 0x%03X registered twice", d.devId()));
            }
        }
    }

    public List<DeviceDescriptor> descriptors() {
        return descriptors;
    }

    /** Distinct DBGMCU_IDCODE addresses to probe when the family is not yet known. */
    public List<Long> idcodeAddresses() {
        return new ArrayList<>(descriptors.stream().map(DeviceDescriptor::idcodeAddress)
                .collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /**
     * The DBGMCU_IDCODE addresses to probe on a core with this CPUID.PARTNO: first those of the lines built around
     * that core, then the others. Reading another line's address first is not harmless: it may bus-fault (a
     * Cortex-M0+ has nothing at 0xE004_2000) or read an unrelated register.
     */
    public List<Long> idcodeAddresses(int cpuPartNo) {
        LinkedHashSet<Long> ordered = descriptors.stream().filter(d -> d.cpuPartNo() == cpuPartNo)
                .map(DeviceDescriptor::idcodeAddress).collect(Collectors.toCollection(LinkedHashSet::new));
        ordered.addAll(idcodeAddresses());
        return new ArrayList<>(ordered);
    }

    public Optional<DeviceDescriptor> byDevId(int devId) {
        return descriptors.stream().filter(d -> d.devId() == devId).findFirst();
    }

    /** The descriptor for a DEV_ID, or {@link UnknownDeviceException} naming the DEV_ID and the known ones. */
    public DeviceDescriptor require(int devId) throws UnknownDeviceException {
        return byDevId(devId).orElseThrow(() -> new UnknownDeviceException(devId, String.format(
                "unknown device: DBGMCU_IDCODE.DEV_ID = 0x%03X; Flashbank knows %s", devId,
                descriptors.stream().map(d -> String.format("0x%03X (%s)", d.devId(), d.line()))
                        .collect(Collectors.joining(", ")))));
    }

    /**
     * The variant named by an order code (series, package letter, flash-size code): the descriptor whose part names contain the
     * series, checked against the flash size encoded in the code.
     */
    public IdentifiedDevice byPartNumber(String orderCode) throws UnknownDeviceException {
        PartNumber pn = PartNumber.parse(orderCode).orElseThrow(() -> new UnknownDeviceException(-1,
                "\"" + orderCode + "\" is not an STM32 order code (expected STM32, the series, the package letter "
                + "and the flash-size code, as printed on the chip)"));
        DeviceDescriptor d = descriptors.stream().filter(x -> x.partNames().contains(pn.series())).findFirst()
                .orElseThrow(() -> new UnknownDeviceException(-1, "no device model for " + pn.series()));
        if (!d.offers(pn.series(), pn.flashSizeKiB())) {
            throw new UnknownDeviceException(d.devId(), String.format("%s does not exist with %d KiB of flash (%s)",
                    pn.series(), pn.flashSizeKiB(), orderCode));
        }
        return identify(d.devId(), pn.flashSizeKiB());
    }

    /**
     * Descriptor for {@code devId} checked against the value of the flash-size register. A size the line does not
     * come in is refused: it means a misread register or an unmodelled variant, and guessing a geometry would put
     * sector boundaries in the wrong place.
     */
    public IdentifiedDevice identify(int devId, int flashSizeKiB) throws UnknownDeviceException {
        DeviceDescriptor d = require(devId);
        if (!d.flashSizesKiB().contains(flashSizeKiB)) {
            throw new UnknownDeviceException(devId, String.format(
                    "%s (DEV_ID 0x%03X) reports a flash size of %d KiB, but the model knows only %s KiB",
                    d.line(), devId, flashSizeKiB, d.flashSizesKiB()));
        }
        return new IdentifiedDevice(d, flashSizeKiB);
    }
}
