package dev.flashbank.launch.tests;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.debug.core.IStatusHandler;

/** Answers the launch-group start/done notifications without a workbench (see fragment.xml). */
public final class HeadlessGroupLaunchHandler implements IStatusHandler {

    @Override
    public Object handleStatus(IStatus status, Object source) {
        return null;
    }
}
