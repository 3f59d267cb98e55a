package dev.flashbank.launch;

import java.util.List;

import dev.flashbank.families.InstalledFamilies;

/**
 * The order codes the launch tabs offer for a simulated board: those of the installed families, so that a new family
 * shows up without an edit in the launch UI (any other order code a family simulates may still be typed).
 */
public final class InstalledParts {

    private InstalledParts() {
    }

    /** The part of the installed families' default simulated board (what a new launch configuration starts with). */
    public static String defaultPart() {
        return simulated().get(0);
    }

    /**
     * The default board's part first, then per installed line and part name the variant with the most flash in the
     * 144-pin package letter ('Z') that a simulated family builds, in the families' order.
     */
    public static List<String> simulated() {
        return InstalledFamilies.simulated().offeredParts(InstalledFamilies.families()); // the IDE's list too
    }
}
