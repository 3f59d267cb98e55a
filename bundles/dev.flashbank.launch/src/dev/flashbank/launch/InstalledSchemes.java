package dev.flashbank.launch;

import java.util.List;

import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.families.InstalledFamilies;

/**
 * The A/B switching schemes the launch tabs offer: those of every installed family (a launch is validated against its
 * part's own schemes when it is checked and when it runs).
 */
public final class InstalledSchemes {

    private InstalledSchemes() {
    }

    /** Every installed family's schemes, each once (F7 BOOT_ADD, REMAP; H7 SWAP_BANK). */
    public static List<SwitchScheme> all() {
        return InstalledFamilies.families().switchSchemes();
    }
}
