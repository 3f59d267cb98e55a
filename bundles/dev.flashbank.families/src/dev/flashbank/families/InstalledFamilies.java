package dev.flashbank.families;

import java.util.List;

import dev.flashbank.core.family.FamilyProvider;

/** The installed device families, in lookup order. Adding a family = one line here plus its own bundle. */
public final class InstalledFamilies {

    private InstalledFamilies() {
    }

    public static List<FamilyProvider> all() {
        return List.of();
    }
}
