package dev.flashbank.families;

import java.util.List;

import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FamilyProvider;
import dev.flashbank.core.flash.Stm32F7Family;

/** The installed device families, in lookup order. Adding a family = one line here plus its own bundle. */
public final class InstalledFamilies {

    private InstalledFamilies() {
    }

    public static List<FamilyProvider> all() {
        return List.of(
                new Stm32F7Family());
    }

    /** {@link #all()} as the lookup the CLI, launches and the IDE hand to the core (registry, drivers). */
    public static Families families() {
        return new Families(all());
    }
}
