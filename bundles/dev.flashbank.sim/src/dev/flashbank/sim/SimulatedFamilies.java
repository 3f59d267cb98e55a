package dev.flashbank.sim;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

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
}
