package dev.flashbank.launch;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.PartNumber;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.SimulatedFamilies;

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
        SimulatedFamilies simulated = InstalledFamilies.simulated();
        Set<String> parts = new LinkedHashSet<>();
        simulated.defaultPart().ifPresent(parts::add);
        for (DeviceDescriptor line : InstalledFamilies.families().registry().descriptors()) {
            for (String series : line.partNames()) {
                line.flashSizesKiB().stream().filter(kib -> line.offers(series, kib)).max(Integer::compare)
                        .flatMap(InstalledParts::flashCode).map(code -> series + 'Z' + code)
                        .filter(part -> simulated.forPart(part).isPresent()).ifPresent(parts::add);
            }
        }
        return List.copyOf(parts);
    }

    private static java.util.Optional<Character> flashCode(int kib) {
        return PartNumber.FLASH_CODES.entrySet().stream().filter(e -> e.getValue() == kib).map(Map.Entry::getKey)
                .findFirst();
    }
}
