package dev.flashbank.families;

import java.util.List;

import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FamilyProvider;
import dev.flashbank.core.flash.Stm32F7Family;
import dev.flashbank.sim.SimulatedFamilies;
import dev.flashbank.family.stm32h7.sim.Stm32H7SimulatedFamily;
import dev.flashbank.sim.SimulatedFamily;
import dev.flashbank.sim.Stm32F7SimulatedFamily;

/** The installed device families, in lookup order. Adding a family = one line here plus its own bundle. */
public final class InstalledFamilies {

    private InstalledFamilies() {
    }

    public static List<FamilyProvider> all() {
        return List.of(
                new Stm32F7Family(),
                new dev.flashbank.family.stm32h7.flash.Stm32H7Family());
    }

    /** {@link #all()} as the lookup the CLI, launches and the IDE hand to the core (registry, drivers). */
    public static Families families() {
        return new Families(all());
    }

    /** The simulated families, in lookup order (one line per family that simulates its parts). */
    public static SimulatedFamilies simulated() {
        return SimulatedFamilies.of(List.<SimulatedFamily>of(
                Stm32F7SimulatedFamily.INSTANCE,
                Stm32H7SimulatedFamily.INSTANCE));
    }
}
