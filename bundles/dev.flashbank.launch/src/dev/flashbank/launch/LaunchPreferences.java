package dev.flashbank.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ProjectScope;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.IScopeContext;
import org.eclipse.core.runtime.preferences.InstanceScope;

import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.core.io.FlashbankSettings;
import dev.flashbank.core.launch.LaunchAttributes;
import dev.flashbank.core.launch.LaunchSpec;
import dev.flashbank.core.launch.LaunchSpecException;

/**
 * The Flashbank preferences as a launch reads them, without any UI: the project's settings (Project &gt; Properties
 * &gt; Flashbank, for the project a launch names on its Image tab) before the workspace's (Window &gt; Preferences
 * &gt; Flashbank), before the defaults of {@link FlashbankSettings}. The IDE's views read the same workspace values,
 * so a view's backup and a launch's land in one folder.
 */
public final class LaunchPreferences {

    private LaunchPreferences() {
    }

    /** Where option-byte backups go for a launch of {@code project} (null or empty = no project): never null. */
    public static Path backupFolder(String project) {
        return FlashbankSettings.backupFolder(get(FlashbankSettings.BACKUP_FOLDER, project));
    }

    /** The preferred switching scheme id for {@code project}'s bank updates; empty = the part's default. */
    public static String defaultScheme(String project) {
        return get(FlashbankSettings.DEFAULT_SCHEME, project).strip();
    }

    /** SWD clock of new launch configurations, kHz (0 = the probe's default); an out-of-range value reads as 0. */
    public static int swdKHz() {
        int khz = Platform.getPreferencesService().getInt(FlashbankSettings.NODE, FlashbankSettings.SWD_KHZ, 0,
                contexts(null));
        return FlashbankSettings.swdProblem(khz).isPresent() ? 0 : khz;
    }

    /**
     * {@code spec} with the preferred scheme when its configuration names none and the part has that scheme; else
     * {@code spec} unchanged (the part's own default), said on {@code log} when a preference was set but does not fit.
     */
    static LaunchSpec withPreferredScheme(LaunchSpec spec, String type, Map<String, Object> attributes,
            Consumer<String> log) {
        String project = String.valueOf(attributes.getOrDefault(LaunchAttributes.PROJECT, ""));
        String preferred = defaultScheme(project);
        if (!spec.scheme().isEmpty() || preferred.isEmpty() || LaunchAttributes.TYPE_OPTION_BYTES.equals(type)) {
            return spec;
        }
        Optional<List<SwitchScheme>> partSchemes = partSchemes(spec);
        if (partSchemes.isPresent() && SwitchScheme.find(partSchemes.get(), preferred).isEmpty()) {
            log.accept("The preferred switching scheme " + preferred + " (Flashbank preferences) is not a scheme of "
                    + spec.target().part() + " (" + SwitchScheme.ids(partSchemes.get())
                    + "); the part's default scheme is used.");
            return spec;
        }
        Map<String, Object> with = new java.util.HashMap<>(attributes);
        with.put(LaunchAttributes.SCHEME, preferred);
        try {
            LaunchSpec s = LaunchSpec.from(type, with, FlashbankLaunchDelegate.ECLIPSE_VARIABLES,
                    FlashbankLaunchDelegate.FAMILIES);
            log.accept("Switching scheme " + preferred + " (the default scheme of the Flashbank preferences)");
            return s;
        } catch (LaunchSpecException e) {
            log.accept("The preferred switching scheme " + preferred + " does not fit this launch ("
                    + String.join(" ", e.problems()) + "); the part's default scheme is used.");
            return spec;
        }
    }

    /**
     * The schemes of the launch's part when it is known before connecting (a simulated part); empty for a probe or
     * gdbserver, whose part is identified when connected (a scheme it lacks is then refused before anything is written).
     */
    private static Optional<List<SwitchScheme>> partSchemes(LaunchSpec spec) {
        String part = spec.target() == null ? null : spec.target().part();
        if (part == null || part.isBlank()) {
            return Optional.empty();
        }
        try {
            IdentifiedDevice d = FlashbankLaunchDelegate.FAMILIES.registry().byPartNumber(part);
            return Optional.of(d.descriptor().switchSchemes(d.flashSizeKiB()));
        } catch (UnknownDeviceException e) {
            return Optional.empty();
        }
    }

    private static String get(String key, String project) {
        return Platform.getPreferencesService().getString(FlashbankSettings.NODE, key, "", contexts(project));
    }

    /** The project's scope first (when it names an open project), then the workspace's. */
    private static IScopeContext[] contexts(String project) {
        if (project != null && !project.isBlank()) {
            IProject p = ResourcesPlugin.getWorkspace().getRoot().getProject(project.strip());
            if (p.isAccessible()) {
                return new IScopeContext[] { new ProjectScope(p), InstanceScope.INSTANCE };
            }
        }
        return new IScopeContext[] { InstanceScope.INSTANCE };
    }
}
