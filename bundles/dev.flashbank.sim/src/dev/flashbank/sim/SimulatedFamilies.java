package dev.flashbank.sim;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.PartNumber;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FamilyProvider;
import dev.flashbank.core.family.OptionImage;

/**
 * The simulated families a program has installed, and the one place that picks a family for a part or a state file.
 * The list comes from {@code dev.flashbank.families.InstalledFamilies#simulated()} (front ends; tests name the
 * families they need). The first family that simulates a part wins; the first family that offers a default board
 * supplies it.
 */
public final class SimulatedFamilies {

    private final List<SimulatedFamily> families;

    private SimulatedFamilies(List<SimulatedFamily> families) {
        if (families.isEmpty()) {
            throw new IllegalArgumentException("no simulated family");
        }
        this.families = List.copyOf(families);
    }

    public static SimulatedFamilies of(List<? extends SimulatedFamily> families) {
        return new SimulatedFamilies(List.copyOf(families));
    }

    public List<SimulatedFamily> all() {
        return families;
    }

    /** The family that supplies the default board: the first that offers one. */
    public Optional<SimulatedFamily> defaultFamily() {
        return families.stream().filter(f -> f.defaultPart().isPresent()).findFirst();
    }

    /** The part of the default board ({@link SimulatedFamily#defaultPart()} of {@link #defaultFamily()}). */
    public Optional<String> defaultPart() {
        return defaultFamily().flatMap(SimulatedFamily::defaultPart);
    }

    /** The default board ({@link SimulatedFamily#createDefault}) of {@link #defaultFamily()}. */
    public BenchBoard createDefault(BoardOptions options) throws BoardConfigurationException {
        Optional<SimulatedFamily> f = defaultFamily();
        if (f.isEmpty()) {
            throw new BoardConfigurationException("no installed simulated family (" + ids() + ") offers a default board"
                    + " - name a part", false);
        }
        return f.get().createDefault(options);
    }

    /** The sample firmware of the default board's family, if it ships one. */
    public Optional<SampleFirmware> samples() {
        return defaultFamily().flatMap(SimulatedFamily::samples);
    }

    public Optional<SimulatedFamily> byId(String id) {
        return families.stream().filter(f -> f.id().equalsIgnoreCase(id)).findFirst();
    }

    /** The family that simulates {@code partName}, if one is installed. */
    public Optional<SimulatedFamily> forPart(String partName) {
        String n = partName == null ? "" : partName.trim().toUpperCase(Locale.ROOT);
        return families.stream().filter(f -> f.simulates(n)).findFirst();
    }

    /** A factory-fresh board of {@code partName} from the family that simulates it. */
    public BenchBoard create(String partName, BoardOptions options) throws BoardConfigurationException {
        Optional<SimulatedFamily> f = forPart(partName);
        if (f.isEmpty()) {
            // the first family (the default one) says best why an order code is not a simulated part (unknown name,
            // known line it does not model); its message stays the one users have always seen
            families.get(0).create(partName, options);
            throw new BoardConfigurationException("cannot simulate \"" + partName + "\": no installed family ("
                    + ids() + ") simulates it", false);
        }
        return f.get().create(partName, options);
    }

    /**
     * The board of a state file: the family the file records ({@link BoardSnapshot#family()}), or - files written
     * before families were recorded - the family that simulates its part.
     */
    public BenchBoard restore(BoardSnapshot state, BoardOptions options) throws BoardConfigurationException {
        Optional<SimulatedFamily> f = state.family().isEmpty() ? forPart(state.partName()) : byId(state.family());
        if (f.isEmpty()) {
            throw new BoardConfigurationException("cannot load a simulated " + state.partName() + (state.family().isEmpty()
                    ? "" : " of family '" + state.family() + "'") + ": no installed family (" + ids()
                    + ") simulates it", false);
        }
        return f.get().restore(state, options);
    }

    private String ids() {
        return families.stream().map(SimulatedFamily::id).collect(Collectors.joining(", "));
    }

    /**
     * The order codes offered for a new simulated board (launch Target tab, the IDE's New simulated board dialog): the
     * default board's part first, then per line of {@code families} and part name the variant with the most flash in
     * the 144-pin package letter ('Z') that a simulated family builds, in the families' order.
     */
    public List<String> offeredParts(Families families) {
        java.util.Set<String> parts = new java.util.LinkedHashSet<>();
        defaultPart().ifPresent(parts::add);
        for (DeviceDescriptor line : families.registry().descriptors()) {
            for (String series : line.partNames()) {
                line.flashSizesKiB().stream().filter(kib -> line.offers(series, kib)).max(Integer::compare)
                        .flatMap(SimulatedFamilies::flashCode).map(code -> series + 'Z' + code)
                        .filter(part -> forPart(part).isPresent()).ifPresent(parts::add);
            }
        }
        return List.copyOf(parts);
    }

    private static Optional<Character> flashCode(int kib) {
        return PartNumber.FLASH_CODES.entrySet().stream().filter(e -> e.getValue() == kib)
                .map(java.util.Map.Entry::getKey).findFirst();
    }

    /**
     * The factory options of {@code part} in dual-bank mode, empty when the factory options already are (a part that
     * always has two banks: the board is created as it leaves the factory); a part whose line has no dual-bank mode is
     * refused naming its family's lines that have one.
     *
     * @throws IllegalArgumentException the part's line has no dual-bank mode
     */
    public static Optional<OptionImage> dualBankOptions(Families families, String part) throws UnknownDeviceException {
        IdentifiedDevice device = families.registry().byPartNumber(part);
        FamilyProvider family = families.provider(device.descriptor());
        if (!device.descriptor().dualBankCapable()) {
            List<String> lines = family.descriptors().stream().filter(DeviceDescriptor::dualBankCapable)
                    .map(DeviceDescriptor::line).toList();
            throw new IllegalArgumentException(part + " has no dual-bank mode ("
                    + (lines.isEmpty() ? "no " + family.name() + " line has one"
                            : "of the " + family.name() + " lines only " + String.join(", ", lines) + " have one")
                    + ")");
        }
        OptionImage factory = family.factoryOptions(device.descriptor(), device.flashSizeKiB());
        OptionImage dual = factory.withBankMode(BankMode.DUAL);
        return dual.equals(factory) ? Optional.empty() : Optional.of(dual);
    }

    /**
     * The bank modes {@code part} offers at its flash size and the one its factory options select (F76x: single at the
     * factory, dual by nDBANK; a part whose factory mode is dual and that can also run single bank, such as a 512 KiB
     * G474 with DBANK = 1 from the factory, gets both), so a dialog can offer exactly the choice the part has.
     */
    public record BankModes(java.util.Set<BankMode> offered, BankMode factory) {
        public BankModes {
            offered = java.util.Set.copyOf(offered);
        }

        public boolean choice() {
            return offered.size() > 1;
        }
    }

    public static BankModes bankModes(Families families, String part) throws UnknownDeviceException {
        IdentifiedDevice device = families.registry().byPartNumber(part);
        FamilyProvider family = families.provider(device.descriptor());
        OptionImage factory = family.factoryOptions(device.descriptor(), device.flashSizeKiB());
        return new BankModes(device.descriptor().bankModes(device.flashSizeKiB()), factory.bankMode());
    }

    /** The factory options of {@code part} in {@code mode}; empty when the factory options already select it. */
    public static Optional<OptionImage> bankModeOptions(Families families, String part, BankMode mode)
            throws UnknownDeviceException {
        IdentifiedDevice device = families.registry().byPartNumber(part);
        OptionImage factory = families.provider(device.descriptor()).factoryOptions(device.descriptor(),
                device.flashSizeKiB());
        OptionImage chosen = factory.withBankMode(mode);
        return chosen.equals(factory) ? Optional.empty() : Optional.of(chosen);
    }
}
