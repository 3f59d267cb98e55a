package dev.flashbank.launch;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Activator of the headless launching bundle. */
public final class LaunchPlugin implements BundleActivator {

    public static final String PLUGIN_ID = "dev.flashbank.launch";

    private static volatile BundleContext context;

    @Override
    public void start(BundleContext bundleContext) {
        context = bundleContext;
    }

    @Override
    public void stop(BundleContext bundleContext) {
        context = null;
    }

    /** Logs an unexpected problem to the Eclipse error log. */
    public static void log(Throwable t) {
        org.eclipse.core.runtime.Platform.getLog(LaunchPlugin.class).log(
                new org.eclipse.core.runtime.Status(org.eclipse.core.runtime.IStatus.ERROR, PLUGIN_ID, t.toString(), t));
    }

    /** The bundle context while the bundle is active, else {@code null}. */
    public static BundleContext context() {
        return context;
    }
}
