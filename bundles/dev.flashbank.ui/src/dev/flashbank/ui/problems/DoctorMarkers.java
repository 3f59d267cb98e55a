package dev.flashbank.ui.problems;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.IWorkspaceRoot;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Platform;

import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.Finding;
import dev.flashbank.core.family.Severity;
import dev.flashbank.ui.model.FlashbankTarget;
import dev.flashbank.ui.model.SimulatedTarget;

/**
 * The doctor's findings as Problems markers (type {@link #TYPE}, a problem marker declared in plugin.xml), the way a
 * compiler's errors are: on the target's board file when it lies in the workspace, on the launch file for a launch
 * (a shared launch configuration is a workspace file), otherwise on the workspace root with the board or launch path
 * in the Location column. Each doctor run REPLACES the markers of its source (the target, or the launch) in one
 * workspace operation, so the Problems view shows what the last run found - never an accumulation of old runs. Only
 * WARNING and ERROR findings are problems; the INFO statements (part, bank mode, boot paths that work) describe the
 * target and stay in the report (Targets view details, console).
 */
public final class DoctorMarkers {

    /**
     * The marker type (dev.flashbank.ui's plugin.xml: extends org.eclipse.core.resources.problemmarker, persistent).
     * Spelled out rather than built from the plug-in's activator: this package takes nothing from the views and the
     * activator that use it (no package cycle).
     */
    public static final String TYPE = "dev.flashbank.ui.doctorProblem";

    /** Who made the marker: "target:&lt;id&gt;" or "launch:&lt;name&gt;"; a new run replaces markers of its source. */
    public static final String SOURCE = "flashbankSource";
    /** The target's id (Targets view) for a target's markers: what the quick fixes act on. */
    public static final String TARGET_ID = "flashbankTarget";
    /** The launch configuration's name for a launch's markers. */
    public static final String LAUNCH = "flashbankLaunch";
    /** The finding's {@link dev.flashbank.core.family.FindingCode} name. */
    public static final String CODE = "flashbankFinding";
    /** The finding's fix, as the doctor words it (the command, then the IDE place in parentheses). */
    public static final String FIX = "flashbankFix";
    /** What the fix costs ("erases all flash"), when the doctor says. */
    public static final String CONSEQUENCE = "flashbankConsequence";

    private DoctorMarkers() {
    }

    /**
     * {@link #replace(FlashbankTarget, DoctorReport)} for a doctor run that must not fail because the markers could
     * not be written (the report is still shown): that failure goes to the workspace log.
     */
    public static void publish(FlashbankTarget target, DoctorReport report) {
        try {
            replace(target, report);
        } catch (CoreException e) {
            Platform.getLog(DoctorMarkers.class).log(e.getStatus());
        }
    }

    /** Replaces {@code target}'s markers by the problems of {@code report} (its doctor run just now). */
    public static List<IMarker> replace(FlashbankTarget target, DoctorReport report) throws CoreException {
        Optional<Path> board = target instanceof SimulatedTarget s ? Optional.of(s.stateFile()) : Optional.empty();
        Map<String, Object> base = new HashMap<>();
        base.put(TARGET_ID, target.id());
        base.put(IMarker.LOCATION, board.map(Path::toString).orElse(target.displayName()));
        return replace("target:" + target.id(), board.flatMap(DoctorMarkers::workspaceFile), base, report);
    }

    /**
     * Replaces the markers of launch configuration {@code launchName} by the problems of {@code report} (the doctor's
     * examination of its failure).
     *
     * @param launchFile the shared launch configuration's workspace file, if it is one
     * @param location where the configuration is kept (shown in the Location column)
     */
    public static List<IMarker> replaceForLaunch(String launchName, Optional<IFile> launchFile, String location,
            DoctorReport report) throws CoreException {
        Map<String, Object> base = new HashMap<>();
        base.put(LAUNCH, launchName);
        base.put(IMarker.LOCATION, location);
        return replace("launch:" + launchName, launchFile.map(IResource.class::cast), base, report);
    }

    /** Removes the markers of launch configuration {@code launchName} (a launch of it succeeded). */
    public static void removeForLaunch(String launchName) throws CoreException {
        remove(ofLaunch(launchName));
    }

    /**
     * Removes {@code target}'s markers: the target is gone (a deleted board), so its problems are no one's to fix and
     * a new board that reuses the name must not inherit them.
     */
    public static void removeFor(FlashbankTarget target) throws CoreException {
        remove(of(target));
    }

    private static void remove(List<IMarker> old) throws CoreException {
        if (!old.isEmpty()) {
            ResourcesPlugin.getWorkspace().run(monitor -> {
                for (IMarker m : old) {
                    m.delete();
                }
            }, null, IWorkspace.AVOID_UPDATE, null);
        }
    }

    /** The markers of {@code target}'s last doctor run, wherever they are. */
    public static List<IMarker> of(FlashbankTarget target) throws CoreException {
        return ofSource("target:" + target.id());
    }

    /** The markers of launch configuration {@code launchName}'s last failure, wherever they are. */
    public static List<IMarker> ofLaunch(String launchName) throws CoreException {
        return ofSource("launch:" + launchName);
    }

    private static List<IMarker> ofSource(String source) throws CoreException {
        IWorkspaceRoot root = ResourcesPlugin.getWorkspace().getRoot();
        return Arrays.stream(root.findMarkers(TYPE, false, IResource.DEPTH_INFINITE))
                .filter(m -> source.equals(m.getAttribute(SOURCE, ""))).toList();
    }

    private static List<IMarker> replace(String source, Optional<IResource> on, Map<String, Object> base,
            DoctorReport report) throws CoreException {
        IWorkspace ws = ResourcesPlugin.getWorkspace();
        IResource resource = on.filter(IResource::isAccessible).orElse(ws.getRoot());
        List<IMarker> created = new java.util.ArrayList<>();
        // one operation: the Problems view sees the old markers go and the new ones come in one change; no scheduling
        // rule (markers need none), so it runs inside a job that holds only its target's rule
        ws.run(monitor -> {
            for (IMarker old : ofSource(source)) {
                old.delete();
            }
            for (Finding f : report.findings()) {
                if (f.severity() == Severity.INFO) {
                    continue;
                }
                Map<String, Object> a = new HashMap<>(base);
                a.put(SOURCE, source);
                a.put(IMarker.SEVERITY, f.severity() == Severity.ERROR ? IMarker.SEVERITY_ERROR
                        : IMarker.SEVERITY_WARNING);
                a.put(IMarker.MESSAGE, f.message());
                a.put(IMarker.SOURCE_ID, "Flashbank doctor");
                a.put(CODE, f.code().name());
                f.fix().ifPresent(x -> a.put(FIX, x));
                f.consequence().ifPresent(x -> a.put(CONSEQUENCE, x));
                created.add(resource.createMarker(TYPE, a));
            }
        }, null, IWorkspace.AVOID_UPDATE, null);
        return List.copyOf(created);
    }

    /** The workspace file at {@code file}'s location, if the workspace holds it. */
    static Optional<IResource> workspaceFile(Path file) {
        IFile[] files = ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(file.toAbsolutePath().toUri());
        return Arrays.stream(files).filter(IResource::isAccessible).map(IResource.class::cast).findFirst();
    }
}
