package dev.flashbank.core.launch;

import static dev.flashbank.core.launch.LaunchAttributes.*;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.flashbank.core.registry.TargetDefinition;
import dev.flashbank.core.registry.TargetRegistry;

/**
 * A launch configuration's target chosen by its name in the target registry ({@link LaunchAttributes#TARGET_NAME}):
 * the attributes a registry target stands for (what the Target tab stores beside the name when it saves), and the
 * resolution at launch time, so the launch opens what the registry defines now.
 */
public final class RegistryTarget {

    private RegistryTarget() {
    }

    /** The target attributes of {@code t} (kind, board file and part, probe serial or "any", gdbserver address). */
    public static Map<String, Object> attributesOf(TargetDefinition t) {
        Map<String, Object> a = new HashMap<>();
        a.put(TARGET_NAME, t.name());
        if (t instanceof TargetDefinition.SimulatedBoard b) {
            a.put(TARGET_KIND, LaunchSpec.TargetKind.SIMULATED.name());
            a.put(SIM_STATE_FILE, b.boardFile().toString());
            a.put(SIM_PART, b.part().orElse(""));
        } else if (t instanceof TargetDefinition.StlinkProbe p) {
            a.put(TARGET_KIND, LaunchSpec.TargetKind.STLINK.name());
            a.put(PROBE_SERIAL, p.serial().orElse(""));
            a.put(PROBE_ANY, p.serial().isEmpty());
        } else if (t instanceof TargetDefinition.GdbServer g) {
            a.put(TARGET_KIND, LaunchSpec.TargetKind.GDB.name());
            a.put(GDB_ADDRESS, g.host() + ":" + g.port());
        }
        return a;
    }

    /** The registry name a configuration chose, or null (a configuration from before the registry, or by address). */
    public static String nameOf(Map<String, ?> attributes) {
        Object v = attributes.get(TARGET_NAME);
        return v == null || v.toString().isBlank() ? null : v.toString().strip();
    }

    /**
     * The configuration's attributes with its registry target resolved: unchanged without a name; else the target
     * attributes replaced by what {@code registry} defines under that name now.
     *
     * @param registryFile where {@code registry} was read (named in the refusal)
     * @throws LaunchSpecException the name is not in the registry (renamed or removed in the Targets view): the
     *             launch is refused rather than run on the target the configuration remembered
     */
    public static Map<String, Object> resolve(Map<String, ?> attributes, TargetRegistry registry, Path registryFile)
            throws LaunchSpecException {
        String name = nameOf(attributes);
        Map<String, Object> a = new HashMap<>(attributes);
        if (name == null) {
            return a;
        }
        TargetDefinition t = registry.find(name).orElseThrow(() -> new LaunchSpecException("The target '" + name
                + "' is not in the target registry " + registryFile + " (renamed or removed in the Targets view?): "
                + "choose a target on the Target tab" + (registry.targets().isEmpty() ? "."
                        : "; it defines: " + String.join(", ", registry.names()) + ".")));
        for (String k : new String[] { TARGET_KIND, SIM_STATE_FILE, SIM_PART, PROBE_SERIAL, PROBE_ANY, GDB_ADDRESS }) {
            a.remove(k);
        }
        a.putAll(attributesOf(t));
        return a;
    }
}
