package dev.flashbank.ui.problems.fixes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolution2;
import org.eclipse.ui.IMarkerResolutionGenerator2;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.statushandlers.StatusManager;

import dev.flashbank.ui.FlashbankUiPlugin;
import dev.flashbank.ui.model.FlashbankTarget;
import dev.flashbank.ui.problems.DoctorMarkers;
import dev.flashbank.ui.views.TargetsView;

/**
 * Quick fixes of the doctor's Problems markers (org.eclipse.ui.ide.markerResolution): the IDE action each finding's
 * fix names - the doctor words every fix as the command, then the IDE place in parentheses ("(IDE: Option Bytes
 * editor, untick write protection)"), so the place is read from the fix itself and no second table of which finding
 * goes where is kept here. A target's markers also offer to run the doctor again (the markers are replaced by what it
 * finds then: the refresh after a fix made outside the IDE); a launch's markers offer its launch configuration.
 * <p>
 * A package of its own, above the views it opens: {@link DoctorMarkers}, which the Targets view calls, stays free of
 * the views (no package cycle).
 */
public final class DoctorQuickFixes implements IMarkerResolutionGenerator2 {

    /** The IDE places the doctor's fixes name, each with the action that takes the user there. */
    enum Place {
        OPTION_BYTES("Option Bytes editor"), FLASH_BANKS("Flash Banks view"), TARGETS("Targets view");

        final String words;

        Place(String words) {
            this.words = words;
        }

        /** The places {@code fix} names ("IDE: <place>"), in the order the fix names them. */
        static List<Place> namedIn(String fix) {
            List<Place> out = new ArrayList<>();
            int at = 0;
            while ((at = fix.indexOf("IDE: ", at)) >= 0) {
                at += 5;
                for (Place p : values()) {
                    if (fix.startsWith(p.words, at) && !out.contains(p)) {
                        out.add(p);
                    }
                }
            }
            return out;
        }
    }

    @Override
    public boolean hasResolutions(IMarker marker) {
        return getResolutions(marker).length > 0;
    }

    @Override
    public IMarkerResolution[] getResolutions(IMarker marker) {
        List<IMarkerResolution> fixes = new ArrayList<>();
        String fix = marker.getAttribute(DoctorMarkers.FIX, "");
        String consequence = marker.getAttribute(DoctorMarkers.CONSEQUENCE, "");
        String why = fix.isEmpty() ? "" : "The doctor's fix: " + fix + (consequence.isEmpty() ? ""
                : "\nConsequence: " + consequence);
        Optional<FlashbankTarget> target = target(marker.getAttribute(DoctorMarkers.TARGET_ID, ""));
        if (target.isPresent()) {
            FlashbankTarget t = target.get();
            for (Place p : Place.namedIn(fix)) {
                fixes.add(switch (p) {
                    case OPTION_BYTES -> new Fix("Open the Option Bytes editor for " + t.displayName(), why,
                            page -> openOptionBytes(page, t));
                    case FLASH_BANKS -> new Fix("Show " + t.displayName() + " in the Flash Banks view", why,
                            page -> showFollowingTargets(page, t, FLASH_BANKS_VIEW));
                    case TARGETS -> new Fix("Connect " + t.displayName() + " again (Targets view)", why,
                            page -> targetsView(page, t).connect(t));
                });
            }
            fixes.add(new Fix("Run the doctor on " + t.displayName() + " again", "Examines the target again and "
                    + "replaces its problems by what the doctor finds now (after a fix made anywhere: the IDE, a "
                    + "launch or the command line).", page -> targetsView(page, t).doctor(t)));
        }
        String launch = marker.getAttribute(DoctorMarkers.LAUNCH, "");
        if (!launch.isEmpty()) {
            launchConfiguration(launch).ifPresent(c -> fixes.add(new Fix("Open the launch configuration '" + launch
                    + "'", why, page -> DebugUITools.openLaunchConfigurationDialogOnGroup(page.getWorkbenchWindow()
                            .getShell(), new StructuredSelection(c), IDebugUIConstants.ID_RUN_LAUNCH_GROUP))));
        }
        return fixes.toArray(IMarkerResolution[]::new);
    }

    private static final String OPTION_BYTES_VIEW = "dev.flashbank.ui.views.optionbytes";
    private static final String FLASH_BANKS_VIEW = "dev.flashbank.ui.views.banks";
    /** The Option Bytes editor's class, looked up by name: the editor opens on {@code OptionBytesEditorInput}. */
    private static final String OPTION_BYTES_EDITOR_CLASS = "dev.flashbank.ui.options.OptionBytesEditor";

    /** A quick fix that runs an action in the active workbench page. */
    private record Fix(String label, String description, PageAction action) implements IMarkerResolution2 {
        @Override
        public String getLabel() {
            return label;
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public Image getImage() {
            return null;
        }

        @Override
        public void run(IMarker marker) {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow() == null ? null
                    : PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            if (page == null) {
                return;
            }
            try {
                action.run(page);
            } catch (PartInitException e) {
                StatusManager.getManager().handle(e.getStatus(), StatusManager.SHOW);
            }
        }
    }

    @FunctionalInterface
    private interface PageAction {
        void run(IWorkbenchPage page) throws PartInitException;
    }

    private static Optional<FlashbankTarget> target(String id) {
        return id.isEmpty() ? Optional.empty()
                : FlashbankUiPlugin.getDefault().targets().targets().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    private static Optional<ILaunchConfiguration> launchConfiguration(String name) {
        try {
            for (ILaunchConfiguration c : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations()) {
                if (c.getName().equals(name)) {
                    return Optional.of(c);
                }
            }
        } catch (org.eclipse.core.runtime.CoreException e) {
            // no configurations readable: no quick fix to offer
        }
        return Optional.empty();
    }

    /** The Targets view, showing {@code t} selected (the other Flashbank views follow its selection). */
    private static TargetsView targetsView(IWorkbenchPage page, FlashbankTarget t) throws PartInitException {
        TargetsView v = (TargetsView) page.showView(TargetsView.ID);
        v.select(t);
        return v;
    }

    private static void showFollowingTargets(IWorkbenchPage page, FlashbankTarget t, String viewId)
            throws PartInitException {
        targetsView(page, t);
        page.showView(viewId);
    }

    /** The target's Option Bytes editor; where the option bytes are a view that follows the Targets view, that view. */
    private static void openOptionBytes(IWorkbenchPage page, FlashbankTarget t) throws PartInitException {
        for (IConfigurationElement e : Platform.getExtensionRegistry().getConfigurationElementsFor("org.eclipse.ui.editors")) {
            if (OPTION_BYTES_EDITOR_CLASS.equals(e.getAttribute("class"))) {
                page.openEditor(new dev.flashbank.ui.options.OptionBytesEditorInput(t), e.getAttribute("id"));
                return;
            }
        }
        showFollowingTargets(page, t, OPTION_BYTES_VIEW);
    }
}
