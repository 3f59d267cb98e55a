package dev.flashbank.launch.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import dev.flashbank.launch.ui.LaunchUi;

/** Runs in the real workbench: the launch UI bundle resolves against the platform's debug UI. */
class LaunchUiBundleTest {

    @Test
    void launchUiBundleResolvesInTheWorkbench() {
        Bundle bundle = Platform.getBundle(LaunchUi.PLUGIN_ID);
        assertThat(bundle).isNotNull();
        assertThat(bundle.getState()).isIn(Bundle.RESOLVED, Bundle.STARTING, Bundle.ACTIVE);
        assertThat(Platform.getBundle("org.eclipse.debug.ui")).as("debug UI present").isNotNull();
        assertThat(PlatformUiAccess.workbenchRunning()).isTrue();
    }

    /** Small indirection so the check reads as what it asks. */
    static final class PlatformUiAccess {
        static boolean workbenchRunning() {
            return org.eclipse.ui.PlatformUI.isWorkbenchRunning();
        }
    }
}
