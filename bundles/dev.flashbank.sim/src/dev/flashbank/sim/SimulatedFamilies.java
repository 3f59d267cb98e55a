package dev.flashbank.sim;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The simulated families a program has installed, and the one place that picks a family for a part or a state file.
 * The list comes from {@code dev.flashbank.families.InstalledFamilies#simulated()} (front ends) or
 * {@link #builtIn()} (the families this bundle carries itself: STM32F7). The first family that simulates a part wins.
 */
public final class SimulatedFamilies {

    private static final SimulatedFamilies BUILT_IN = new SimulatedFamilies(List.of(Stm32F7SimulatedFamily.INSTANCE));

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

    /** The families of this bundle alone (STM32F7): what callers get that do not name a list. */
    public static SimulatedFamilies builtIn() {
        return BUILT_IN;
    }

    public List<SimulatedFamily> all() {
        return families;
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
            // the first family (the built-in one) says best why an order code is not a simulated part (unknown name,
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
