package dev.flashbank.launch;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.MultiStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.variables.VariablesPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.model.ILaunchConfigurationDelegate2;

import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.flash.FlashCanceledException;
import dev.flashbank.core.launch.LaunchResult;
import dev.flashbank.core.launch.LaunchRunner;
import dev.flashbank.core.launch.LaunchSpec;
import dev.flashbank.core.launch.LaunchSpecException;
import dev.flashbank.core.launch.LaunchVariables;
import dev.flashbank.core.launch.RegistryTarget;
import dev.flashbank.core.registry.TargetRegistry;
import dev.flashbank.core.registry.TargetRegistryException;
import dev.flashbank.core.ops.OperationCanceledException;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.families.InstalledFamilies;

/**
 * The delegate of the three Flashbank launch types ("Flashbank Bank Update", "Flashbank Swap Banks", "Flashbank
 * Option Bytes"): validates the configuration into a {@link LaunchSpec} (same checks and words as the launch dialog
 * and {@code flashbank launch}), opens the target, runs {@link LaunchRunner} with the launch's progress monitor, and
 * ends with a clear status - on failure a {@link CoreException} whose status names the cause, the fixes and the
 * doctor's findings (the Debug UI shows it in its launch error dialog; a launch group stops there).
 * <p>
 * The work runs inside {@link #launch}: Run/Debug already calls it in a background job, and a launch group starts its
 * next child only after this returns, so "update, then debug" is ordered without waiting on processes.
 */
public final class FlashbankLaunchDelegate implements ILaunchConfigurationDelegate2 {

    /** Status codes of the failure statuses. */
    public static final int CODE_INVALID = 100;
    public static final int CODE_REFUSED = 101;
    public static final int CODE_FAILED = 102;
    public static final int CODE_CANCELED = 103;

    /**
     * The installed families: a launch's part, option profile and failure report are looked up among them, in the
     * delegate and on the launch tabs alike.
     */
    public static final Families FAMILIES = InstalledFamilies.families();

    /** {@code $FLASHBANK_HOME} (or the system property flashbank.home), else ~/.flashbank - as the CLI. */
    public static Path flashbankHome() {
        return dev.flashbank.core.io.FlashbankHome.root();
    }

    /**
     * The workspace's folder of option-byte backups (Window &gt; Preferences &gt; Flashbank; default {@code <flashbank
     * home>/backups}, where the CLI puts them too): the folder the IDE's views back up into as well.
     */
    public static Path defaultBackupDir() {
        return LaunchPreferences.backupFolder(null);
    }

    /** Eclipse's string variables (${workspace_loc:...}, ${project_loc}, ${env_var:...}) expanded. */
    public static final LaunchVariables ECLIPSE_VARIABLES = text -> {
        try {
            return Path.of(VariablesPlugin.getDefault().getStringVariableManager().performStringSubstitution(text));
        } catch (CoreException e) {
            throw new LaunchSpecException("'" + text + "': " + e.getStatus().getMessage(), e);
        }
    };

    @Override
    public ILaunch getLaunch(ILaunchConfiguration configuration, String mode) {
        return new FlashbankLaunch(configuration, mode);
    }

    @Override
    public boolean buildForLaunch(ILaunchConfiguration configuration, String mode, IProgressMonitor monitor) {
        return false; // "build before launch" is the IDE's job (launch.ui builds the named project first)
    }

    @Override
    public boolean finalLaunchCheck(ILaunchConfiguration configuration, String mode, IProgressMonitor monitor) {
        return true;
    }

    @Override
    public boolean preLaunchCheck(ILaunchConfiguration configuration, String mode, IProgressMonitor monitor) {
        return true;
    }

    @Override
    public void launch(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor)
            throws CoreException {
        Consumer<String> log = line -> FlashbankLaunchLog.line(launch, line);
        try {
            run(configuration, launch, monitor, log);
        } finally {
            if (launch instanceof FlashbankLaunch f) {
                f.finished();
            }
        }
    }

    private static void run(ILaunchConfiguration configuration, ILaunch launch, IProgressMonitor monitor,
            Consumer<String> log) throws CoreException {
        String type = configuration.getType().getIdentifier();
        log.accept("Flashbank launch '" + configuration.getName() + "' (" + configuration.getType().getName() + ")");
        LaunchSpec spec;
        try {
            // a target picked from the registry is what the Targets view defines under that name now
            spec = LaunchSpec.from(type, registryResolved(configuration.getAttributes(), log), ECLIPSE_VARIABLES, FAMILIES);
        } catch (LaunchSpecException e) {
            // a stored confirmation makes the configuration refused (not merely invalid): CODE_REFUSED
            throw fail(launch, log, "REFUSED", e.storedConfirmation() ? CODE_REFUSED : CODE_INVALID, "The launch configuration '" + configuration.getName()
                    + "' cannot run", new LaunchRunner.Failure(String.join(" ", e.problems()), java.util.List.of(),
                            Optional.empty()), e);
        }
        spec = LaunchPreferences.withPreferredScheme(spec, type, configuration.getAttributes(), log);
        // no folder on the tab: the launch's project's backup folder, else the workspace's (where the views back up)
        Path backups = LaunchPreferences.backupFolder(configuration.getAttribute(
                dev.flashbank.core.launch.LaunchAttributes.PROJECT, ""));
        LaunchRunner runner = new LaunchRunner(spec, FAMILIES, backups, log)
                .confirmingWith(OptionConfirmationRequest.prompter(spec.backupDir().orElse(backups)));
        LaunchTarget target = null;
        try {
            log.accept("Connecting to " + spec.target().describe());
            target = LaunchTarget.open(spec.target(), log);
            // option writes journal the board where the CLI's `flashbank recover` looks, and announce their window
            OperationContext ctx = target.context().withOptionWriteGuard(dev.flashbank.core.ops.BoardJournal.guardOf(
                    dev.flashbank.core.io.FlashbankHome.journals(), target.target(), target.boardPart(), log));
            String part = target.boardPart() != null ? target.boardPart()
                    : new IdentifiedDevice(ctx.driver().descriptor(), ctx.driver().flashSizeKiB()).name();
            LaunchResult r = runner.run(ctx, part, new MonitorProgress(monitor, configuration.getName()));
            String first = r.summary().lines().findFirst().orElse("done");
            launch.setAttribute(FlashbankLaunchLog.STATUS, "OK: " + first);
            log.accept("Flashbank launch finished: OK");
        } catch (OperationCanceledException | FlashCanceledException e) {
            String done = e.getMessage();
            launch.setAttribute(FlashbankLaunchLog.STATUS, "CANCELED: " + done);
            log.accept("Canceled: " + done);
            throw new CoreException(new Status(IStatus.CANCEL, LaunchPlugin.PLUGIN_ID, CODE_CANCELED,
                    "Flashbank launch canceled: " + done, e));
        } catch (Exception e) {
            boolean refused = e instanceof OperationRefusedException || e instanceof LaunchSpecException;
            LaunchRunner.Failure f = LaunchRunner.Failure.of(e,
                    target == null ? Optional.empty() : Optional.of(target.target()), FAMILIES);
            throw fail(launch, log, refused ? "REFUSED" : "FAILED", refused ? CODE_REFUSED : CODE_FAILED,
                    "Flashbank launch '" + configuration.getName() + "' " + (refused ? "refused" : "failed"), f, e);
        } finally {
            if (target != null) {
                try {
                    target.close();
                } catch (LaunchSpecException e) {
                    log.accept(e.getMessage());
                    LaunchPlugin.log(e);
                }
            }
        }
    }

    /**
     * The workspace's target registry: the file the Targets view keeps ({@link TargetRegistry#inWorkspace}); null
     * when the workbench runs without a workspace.
     */
    public static Path targetRegistryFile() {
        org.eclipse.osgi.service.datalocation.Location ws = org.eclipse.core.runtime.Platform.getInstanceLocation();
        if (ws == null || ws.getURL() == null) {
            return null;
        }
        try {
            return TargetRegistry.inWorkspace(Path.of(org.eclipse.core.runtime.FileLocator.toFileURL(ws.getURL()).getPath()));
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The configuration's attributes with a registry name resolved ({@link RegistryTarget#resolve}). */
    static java.util.Map<String, Object> registryResolved(java.util.Map<String, Object> attributes,
            Consumer<String> log) throws LaunchSpecException {
        String name = RegistryTarget.nameOf(attributes);
        if (name == null) {
            return attributes; // a configuration from before the registry: its board file or probe, as saved
        }
        Path file = targetRegistryFile();
        if (file == null) {
            throw new LaunchSpecException("The target '" + name + "' is a name in the workspace's target registry, "
                    + "but this workbench has no workspace: choose a board file or probe on the Target tab.");
        }
        try {
            java.util.Map<String, Object> resolved = RegistryTarget.resolve(attributes, TargetRegistry.read(file), file);
            log.accept("Target '" + name + "' from the target registry " + file);
            return resolved;
        } catch (TargetRegistryException e) {
            throw new LaunchSpecException("The target registry cannot be read: " + e.getMessage(), e);
        }
    }

    private static CoreException fail(ILaunch launch, Consumer<String> log, String kind, int code, String title,
            LaunchRunner.Failure f, Throwable cause) {
        launch.setAttribute(FlashbankLaunchLog.STATUS, kind + ": " + f.message().lines().findFirst().orElse(""));
        f.render().lines().forEach(log);
        f.report().ifPresent(r -> FlashbankLaunchLog.doctor(launch, r)); // the IDE: Problems markers on the launch
        MultiStatus ms = new MultiStatus(LaunchPlugin.PLUGIN_ID, code, title + ": " + f.message(), cause);
        f.fixes().forEach(x -> ms.add(new Status(IStatus.INFO, LaunchPlugin.PLUGIN_ID, "Fix: " + x)));
        f.doctor().ifPresent(d -> d.lines().forEach(
                l -> ms.add(new Status(IStatus.INFO, LaunchPlugin.PLUGIN_ID, "Doctor: " + l))));
        return new CoreException(ms);
    }
}
