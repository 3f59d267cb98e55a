package dev.flashbank.families;

import java.util.List;

import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FamilyProvider;
import dev.flashbank.sim.SimulatedFamilies;
import dev.flashbank.sim.SimulatedFamily;

/**
 * The installed device families, in lookup order. Adding a family = its own bundle plus ONE line here (its provider
 * and its simulated boards), so that a family is named outside its bundle on one line only.
 */
public final class InstalledFamilies {

    /** One installed family: its provider (lines, driver) and its simulated boards. */
    private record Installed(FamilyProvider provider, SimulatedFamily simulated) {
    }

    private static final List<Installed> INSTALLED = List.of(
            new Installed(new dev.flashbank.family.stm32f7.flash.Stm32F7Family(), dev.flashbank.family.stm32f7.sim.Stm32F7SimulatedFamily.INSTANCE),
            new Installed(new dev.flashbank.family.stm32h7.flash.Stm32H7Family(), dev.flashbank.family.stm32h7.sim.Stm32H7SimulatedFamily.INSTANCE),
            new Installed(new dev.flashbank.family.pageflash.flash.PageFlashFamily(), dev.flashbank.family.pageflash.sim.PageFlashSimulatedFamily.INSTANCE));

    private InstalledFamilies() {
    }

    public static List<FamilyProvider> all() {
        return INSTALLED.stream().map(Installed::provider).toList();
    }

    /** {@link #all()} as the lookup the CLI, launches and the IDE hand to the core (registry, drivers). */
    public static Families families() {
        return new Families(all());
    }

    /** The simulated families, in lookup order. */
    public static SimulatedFamilies simulated() {
        return SimulatedFamilies.of(INSTALLED.stream().map(Installed::simulated).toList());
    }
}
