package dev.flashbank.launch.ui;

import java.util.Optional;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.Platform;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchesListener2;

import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.launch.FlashbankLaunch;
import dev.flashbank.launch.FlashbankLaunchLog;
import dev.flashbank.ui.problems.DoctorMarkers;

/**
 * The doctor's findings on a failed Flashbank launch as Problems markers of its launch configuration: on the
 * configuration's file when it is shared in the workspace, else on the workspace root with the configuration's file
 * as the location (see {@link DoctorMarkers}). A launch that fails again replaces them; one that succeeds removes them
 * (what blocked it is gone).
 */
final class LaunchProblems implements FlashbankLaunchLog.Listener, ILaunchesListener2 {

    @Override
    public void line(ILaunch launch, String line) {
        // the lines are the console's and the output file's (LaunchConsoleBridge)
    }

    @Override
    public void doctor(ILaunch launch, DoctorReport report) {
        publish(launch.getLaunchConfiguration(), report);
    }

    @Override
    public void launchesTerminated(ILaunch[] launches) {
        for (ILaunch l : launches) {
            String status = l.getAttribute(FlashbankLaunchLog.STATUS);
            if (l instanceof FlashbankLaunch && l.getLaunchConfiguration() != null && status != null
                    && status.startsWith("OK")) {
                try {
                    DoctorMarkers.removeForLaunch(l.getLaunchConfiguration().getName());
                } catch (CoreException e) {
                    Platform.getLog(LaunchProblems.class).log(e.getStatus());
                }
            }
        }
    }

    private static void publish(ILaunchConfiguration c, DoctorReport report) {
        if (c == null) {
            return;
        }
        IFile shared = c.getFile(); // a shared configuration is a workspace file; a local one lives in the metadata
        IPath location = shared != null ? shared.getLocation() : c.getLocation();
        try {
            DoctorMarkers.replaceForLaunch(c.getName(), Optional.ofNullable(shared), "launch configuration '"
                    + c.getName() + "'" + (location == null ? "" : " (" + location.toOSString() + ")"), report);
        } catch (CoreException e) {
            Platform.getLog(LaunchProblems.class).log(e.getStatus());
        }
    }

    @Override
    public void launchesRemoved(ILaunch[] launches) {
    }

    @Override
    public void launchesAdded(ILaunch[] launches) {
    }

    @Override
    public void launchesChanged(ILaunch[] launches) {
    }
}
