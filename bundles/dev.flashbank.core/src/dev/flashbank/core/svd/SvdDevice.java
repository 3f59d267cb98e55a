package dev.flashbank.core.svd;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A CMSIS-SVD device description: name, CPU name/revision and peripherals. */
public record SvdDevice(String name, String cpuName, String cpuRevision, List<SvdPeripheral> peripherals) {

    public SvdDevice {
        peripherals = List.copyOf(peripherals);
    }

    /** Peripheral by exact name. */
    public Optional<SvdPeripheral> peripheral(String peripheralName) {
        return peripherals.stream().filter(p -> p.name().equals(peripheralName)).findFirst();
    }

    /** Peripheral by name ignoring case (ST's F767 file names the flash interface "Flash"). */
    public Optional<SvdPeripheral> peripheralIgnoreCase(String peripheralName) {
        String n = peripheralName.toUpperCase(Locale.ROOT);
        return peripherals.stream().filter(p -> p.name().toUpperCase(Locale.ROOT).equals(n)).findFirst();
    }

    public Optional<SvdPeripheral> peripheralAt(long baseAddress) {
        return peripherals.stream().filter(p -> p.baseAddress() == baseAddress && p.derivedFrom() == null).findFirst();
    }
}
