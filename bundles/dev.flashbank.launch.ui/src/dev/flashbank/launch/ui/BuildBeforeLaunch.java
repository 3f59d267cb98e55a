package dev.flashbank.launch.ui;

import static dev.flashbank.core.launch.LaunchAttributes.*;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchListener;

import dev.flashbank.launch.FlashbankLaunch;
import dev.flashbank.ui.console.FlashbankConsole;

/**
 * "Build the project before launching" (Image tab). The headless delegate must not depend on the workspace
 * (ARCHITECTURE.md: launch needs only core.runtime/debug.core), so the IDE does it here: the launch manager adds a
 * launch BEFORE it calls the delegate (LaunchConfiguration.launch: addLaunch, checks, delegate.launch), and notifies
 * listeners synchronously, so an incremental build of the named project finishes before the image is read.
 */
final class BuildBeforeLaunch implements ILaunchListener {

    @Override
    public void launchAdded(ILaunch launch) {
        ILaunchConfiguration c = launch.getLaunchConfiguration();
        if (!(launch instanceof FlashbankLaunch) || c == null) {
            return;
        }
        try {
            String name = c.getAttribute(PROJECT, "");
            if (!c.getAttribute(BUILD_BEFORE_LAUNCH, false) || name.isBlank()) {
                return;
            }
            IProject p = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
            if (!p.isOpen()) {
                FlashbankConsole.get().log("[" + c.getName() + "] project " + name + " is not open; not built");
                return;
            }
            FlashbankConsole.get().log("[" + c.getName() + "] building " + name + " before the launch");
            p.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, new NullProgressMonitor());
        } catch (CoreException e) {
            // the launch goes on and reports a missing or stale image in its own words
            FlashbankConsole.get().log("[" + c.getName() + "] build failed: " + e.getStatus().getMessage());
        }
    }

    @Override
    public void launchRemoved(ILaunch launch) {
        // nothing to do
    }

    @Override
    public void launchChanged(ILaunch launch) {
        // nothing to do
    }
}
