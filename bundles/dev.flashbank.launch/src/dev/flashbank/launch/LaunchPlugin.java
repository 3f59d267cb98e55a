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

    /** The bundle context while the bundle is active, else {@code null}. */
    public static BundleContext context() {
        return context;
    }
}
