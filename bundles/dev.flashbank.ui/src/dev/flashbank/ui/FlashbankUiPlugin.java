package dev.flashbank.ui;

import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.osgi.framework.BundleContext;

/** Activator of the Flashbank UI bundle. */
public final class FlashbankUiPlugin extends AbstractUIPlugin {

    public static final String PLUGIN_ID = "dev.flashbank.ui";

    private static FlashbankUiPlugin instance;

    @Override
    public void start(BundleContext context) throws Exception {
        super.start(context);
        instance = this;
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        instance = null;
        super.stop(context);
    }

    public static FlashbankUiPlugin getDefault() {
        return instance;
    }
}
